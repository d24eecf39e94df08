import type { Kysely, Updateable } from 'kysely';
import { fromBool01OrNull, fromIso, fromIsoOrNull, toBool01, toBool01OrNull, toIso, toIsoOrNull } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import { allocateDailyNumber } from '../numbering.js';
import type { AssessmentRow, ComplaintRow, Database } from '../schema.js';
import { inTransaction } from '../transaction.js';
import type { EvaluationLevel } from './evaluations.js';

/** Complaint numbers read TS (投诉) + the China day of intake + a per-day sequence: TS20261126-0001. */
const COMPLAINT_NUMBER_PREFIX = 'TS';

export type ComplaintChannel = 'oral' | 'written' | 'phone' | 'online';
/** 第二条: 1 poor service, 2 rule breaking, 3 fees, 4 integrity, 5 other */
export type GroundCategory = 1 | 2 | 3 | 4 | 5;
/** 第五条: on the spot, the center's section, an agency, several agencies / major (joint), discipline inspection */
export type ComplaintRoute = 'on-the-spot' | 'center' | 'agency' | 'joint' | 'discipline';
/** The complaint procedure moves these; the store only records them. */
export type ComplaintStatus = 'registered' | 'accepted' | 'routed' | 'awaiting-reply' | 'replied' | 'closed' | 'withdrawn';
export type ReplyKind = 'oral' | 'written';

export interface Complaint {
  id: string;
  complaintNumber: string;
  verificationHash: string | null;
  processInstanceKey: string | null;
  channel: ComplaintChannel;
  groundCategory: GroundCategory;
  /** the item within the category, e.g. '1.3' for "did not tell all materials at once" */
  groundItem: string | null;
  /** a major matter must be made in writing and is led by the management committee */
  isMajor: boolean;
  complainant: { name: string; phone: string | null; email: string | null };
  targetDepartmentCode: string | null;
  targetStaffId: string | null;
  caseNumber: string | null;
  content: string;
  route: ComplaintRoute | null;
  /** the agency handling it, on the agency route */
  agency: string | null;
  /** the office's opinion is due within 2 working days of acceptance on the agency route */
  opinionDueAt: Date | null;
  /** the promised reply, within 5 working days */
  replyDueAt: Date | null;
  status: ComplaintStatus;
  replyKind: ReplyKind | null;
  replyText: string | null;
  repliedAt: Date | null;
  verified: boolean | null;
  satisfaction: EvaluationLevel | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewComplaint {
  channel: ComplaintChannel;
  groundCategory: GroundCategory;
  groundItem?: string | null;
  isMajor?: boolean;
  complainant: { name: string; phone?: string | null; email?: string | null };
  targetDepartmentCode?: string | null;
  targetStaffId?: string | null;
  caseNumber?: string | null;
  content: string;
  verificationHash?: string | null;
  processInstanceKey?: string | null;
  replyDueAt?: Date | null;
  status?: ComplaintStatus;
  at?: Date;
}

export type ComplaintPatch = Partial<
  Pick<
    Complaint,
    | 'verificationHash'
    | 'processInstanceKey'
    | 'groundCategory'
    | 'groundItem'
    | 'isMajor'
    | 'targetDepartmentCode'
    | 'targetStaffId'
    | 'route'
    | 'agency'
    | 'opinionDueAt'
    | 'replyDueAt'
    | 'status'
    | 'replyKind'
    | 'replyText'
    | 'repliedAt'
    | 'verified'
    | 'satisfaction'
  >
>;

/** A finding against a window or a staff member after a verified complaint (考核). */
export interface Assessment {
  id: string;
  complaintId: string;
  departmentCode: string;
  staffId: string | null;
  reason: string;
  idempotencyKey: string;
  createdAt: Date;
}

export interface NewAssessment {
  complaintId: string;
  departmentCode: string;
  staffId?: string | null;
  reason: string;
  idempotencyKey: string;
  at?: Date;
}

export type ComplaintsRepo = ReturnType<typeof createComplaintsRepo>;

export function createComplaintsRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    /** Registers a complaint under a fresh number, atomically (a failed insert leaves no gap in the numbering). */
    create(input: NewComplaint): Promise<Complaint> {
      return inTransaction(db, async (trx) => {
        const at = input.at ?? env.now();
        const row: ComplaintRow = {
          id: env.newId(),
          complaint_number: await allocateDailyNumber(trx, COMPLAINT_NUMBER_PREFIX, at),
          verification_hash: input.verificationHash ?? null,
          process_instance_key: input.processInstanceKey ?? null,
          channel: input.channel,
          ground_category: input.groundCategory,
          ground_item: input.groundItem ?? null,
          is_major: toBool01(input.isMajor ?? false),
          complainant_name: input.complainant.name,
          complainant_phone: input.complainant.phone ?? null,
          complainant_email: input.complainant.email ?? null,
          target_department_code: input.targetDepartmentCode ?? null,
          target_staff_id: input.targetStaffId ?? null,
          case_number: input.caseNumber ?? null,
          content: input.content,
          route: null,
          agency: null,
          opinion_due_at: null,
          reply_due_at: toIsoOrNull(input.replyDueAt),
          status: input.status ?? 'registered',
          reply_kind: null,
          reply_text: null,
          replied_at: null,
          verified: null,
          satisfaction: null,
          created_at: toIso(at),
          updated_at: toIso(at),
        };
        await trx.insertInto('complaints').values(row).execute();
        return toComplaint(row);
      });
    },

    async get(id: string): Promise<Complaint | undefined> {
      const row = await db.selectFrom('complaints').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toComplaint(row);
    },

    async getByNumber(complaintNumber: string): Promise<Complaint | undefined> {
      const row = await db.selectFrom('complaints').selectAll().where('complaint_number', '=', complaintNumber).executeTakeFirst();
      return row && toComplaint(row);
    },

    /** The complaint registered by a complaint process instance (complaint-register stores the key). */
    async getByProcessInstanceKey(key: string): Promise<Complaint | undefined> {
      const row = await db.selectFrom('complaints').selectAll().where('process_instance_key', '=', key).executeTakeFirst();
      return row && toComplaint(row);
    },

    /** Changes the given fields and updated_at; throws StoreNotFoundError for an unknown id. */
    async update(id: string, patch: ComplaintPatch): Promise<Complaint> {
      const row = await db
        .updateTable('complaints')
        .set({ ...toPatchRow(patch), updated_at: toIso(env.now()) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError('complaint', id);
      return toComplaint(row);
    },

    async list(filter: { status?: ComplaintStatus; targetDepartmentCode?: string; replyDueBefore?: Date; caseNumber?: string } = {}): Promise<Complaint[]> {
      let q = db.selectFrom('complaints').selectAll();
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.targetDepartmentCode !== undefined) q = q.where('target_department_code', '=', filter.targetDepartmentCode);
      if (filter.replyDueBefore !== undefined) q = q.where('reply_due_at', '<', toIso(filter.replyDueBefore));
      if (filter.caseNumber !== undefined) q = q.where('case_number', '=', filter.caseNumber);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toComplaint);
    },

    /** Idempotent on idempotencyKey: a replay returns the assessment first recorded. */
    async recordAssessment(input: NewAssessment): Promise<Assessment> {
      const row: AssessmentRow = {
        id: env.newId(),
        complaint_id: input.complaintId,
        department_code: input.departmentCode,
        staff_id: input.staffId ?? null,
        reason: input.reason,
        created_at: toIso(input.at ?? env.now()),
        idempotency_key: input.idempotencyKey,
      };
      const inserted = await db
        .insertInto('assessments')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return toAssessment(inserted ?? (await db.selectFrom('assessments').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()));
    },

    async assessments(complaintId: string): Promise<Assessment[]> {
      const rows = await db.selectFrom('assessments').selectAll().where('complaint_id', '=', complaintId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toAssessment);
    },
  };
}

function toComplaint(row: ComplaintRow): Complaint {
  return {
    id: row.id,
    complaintNumber: row.complaint_number,
    verificationHash: row.verification_hash,
    processInstanceKey: row.process_instance_key,
    channel: row.channel as ComplaintChannel,
    groundCategory: row.ground_category as GroundCategory,
    groundItem: row.ground_item,
    isMajor: row.is_major === 1,
    complainant: { name: row.complainant_name, phone: row.complainant_phone, email: row.complainant_email },
    targetDepartmentCode: row.target_department_code,
    targetStaffId: row.target_staff_id,
    caseNumber: row.case_number,
    content: row.content,
    route: row.route as ComplaintRoute | null,
    agency: row.agency,
    opinionDueAt: fromIsoOrNull(row.opinion_due_at),
    replyDueAt: fromIsoOrNull(row.reply_due_at),
    status: row.status as ComplaintStatus,
    replyKind: row.reply_kind as ReplyKind | null,
    replyText: row.reply_text,
    repliedAt: fromIsoOrNull(row.replied_at),
    verified: fromBool01OrNull(row.verified),
    satisfaction: row.satisfaction as EvaluationLevel | null,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

/** Only the keys present in the patch are written, so `{ route: null }` clears and `{}` touches nothing. */
function toPatchRow(patch: ComplaintPatch): Updateable<ComplaintRow> {
  const row: Updateable<ComplaintRow> = {};
  if ('verificationHash' in patch) row.verification_hash = patch.verificationHash ?? null;
  if ('processInstanceKey' in patch) row.process_instance_key = patch.processInstanceKey ?? null;
  if (patch.groundCategory !== undefined) row.ground_category = patch.groundCategory;
  if ('groundItem' in patch) row.ground_item = patch.groundItem ?? null;
  if (patch.isMajor !== undefined) row.is_major = toBool01(patch.isMajor);
  if ('targetDepartmentCode' in patch) row.target_department_code = patch.targetDepartmentCode ?? null;
  if ('targetStaffId' in patch) row.target_staff_id = patch.targetStaffId ?? null;
  if ('route' in patch) row.route = patch.route ?? null;
  if ('agency' in patch) row.agency = patch.agency ?? null;
  if ('opinionDueAt' in patch) row.opinion_due_at = toIsoOrNull(patch.opinionDueAt);
  if ('replyDueAt' in patch) row.reply_due_at = toIsoOrNull(patch.replyDueAt);
  if (patch.status !== undefined) row.status = patch.status;
  if ('replyKind' in patch) row.reply_kind = patch.replyKind ?? null;
  if ('replyText' in patch) row.reply_text = patch.replyText ?? null;
  if ('repliedAt' in patch) row.replied_at = toIsoOrNull(patch.repliedAt);
  if ('verified' in patch) row.verified = toBool01OrNull(patch.verified);
  if ('satisfaction' in patch) row.satisfaction = patch.satisfaction ?? null;
  return row;
}

function toAssessment(row: AssessmentRow): Assessment {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    departmentCode: row.department_code,
    staffId: row.staff_id,
    reason: row.reason,
    idempotencyKey: row.idempotency_key,
    createdAt: fromIso(row.created_at),
  };
}
