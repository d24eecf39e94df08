import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool, type Updateable } from 'kysely';
import type { CaseType } from '../../catalogue/types.js';
import { fromIso, fromIsoOrNull, fromBool01OrNull, fromJson, toBool01, toBool01OrNull, toIso, toIsoOrNull, toJson } from '../codec.js';
import { causedBy, type Cause } from '../cause.js';
import { startsWith } from '../like.js';
import { applicantNameGrams } from '../name-search.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import { allocateDailyNumber } from '../numbering.js';
import type { CaseEventRow, CaseFeeRow, CaseRow, Database } from '../schema.js';
import { inTransaction } from '../transaction.js';

/** Case numbers read SH + the China day of receipt + a per-day sequence: SH20261126-0001. */
const CASE_NUMBER_PREFIX = 'SH';

export const CASE_STATUSES = ['registered', 'accepted', 'supplementing', 'refused', 'in_review', 'completed', 'withdrawn', 'rejected'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** Statuses that end a case (办结, 不予受理, 撤回, 退回): nothing moves it on or resumes its clock any more. */
export const FINISHED_CASE_STATUSES: readonly CaseStatus[] = ['completed', 'refused', 'withdrawn', 'rejected'];

export function isFinishedCaseStatus(status: CaseStatus): boolean {
  return FINISHED_CASE_STATUSES.includes(status);
}

/** Every status but the finished ones, in CASE_STATUSES order. */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((status) => !isFinishedCaseStatus(status));
export type ApplicantKind = 'person' | 'company' | 'organisation';

export interface Applicant {
  kind: ApplicantKind;
  name: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
  /** a company's or organisation's contact person, when it gave one */
  contact?: string;
}

/** A case (办件): one application for one catalogue item, from receipt to result. */
export interface Case {
  id: string;
  caseNumber: string;
  /** hash of the code the applicant uses with the case number for the public lookup */
  verificationHash: string | null;
  processInstanceKey: string | null;
  itemCode: string;
  /** the catalogue version of the item the case was registered under (null: registered without a published item) */
  itemVersion: number | null;
  caseType: CaseType;
  departmentCode: string;
  /** where the procedure is (its current step), for display */
  stage: string | null;
  status: CaseStatus;
  applicant: Applicant;
  receivedAt: Date;
  acceptedAt: Date | null;
  dueAt: Date | null;
  warnAt: Date | null;
  /** set while a supplement notice is open: the clock is suspended */
  suspendedSince: Date | null;
  suspendedWorkingDays: number;
  extensionDays: number;
  /** e.g. 'unknown-year:2027' when the deadline fell in a year the calendar has no schedule for */
  calendarFlag: string | null;
  completedAt: Date | null;
  onTime: boolean | null;
  result: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCase {
  itemCode: string;
  /** the item version the case is registered under; by default the one published as the case is written */
  itemVersion?: number;
  caseType: CaseType;
  departmentCode: string;
  applicant: Applicant;
  /** who registered it, for the first timeline event */
  actor: string;
  receivedAt?: Date;
  status?: CaseStatus;
  stage?: string | null;
  verificationHash?: string | null;
  processInstanceKey?: string | null;
  /** the web app's registration request (unique): a repeated request finds this case by it */
  registrationKey?: string | null;
}

export type CasePatch = Partial<
  Pick<
    Case,
    | 'verificationHash'
    | 'processInstanceKey'
    | 'stage'
    | 'status'
    | 'acceptedAt'
    | 'dueAt'
    | 'warnAt'
    | 'suspendedSince'
    | 'suspendedWorkingDays'
    | 'extensionDays'
    | 'calendarFlag'
    | 'completedAt'
    | 'onTime'
    | 'result'
  >
>;

export interface CaseFilter {
  status?: CaseStatus | readonly CaseStatus[];
  departmentCode?: string;
  /** cases whose due time is before this instant (open cases for supervision) */
  dueBefore?: Date;
  receivedFrom?: Date;
  receivedBefore?: Date;
  limit?: number;
}

/** A staff search across cases (办件查询): every given condition must hold. */
/**
 * How far a case search counts its matches. Counting all 1,000,000 cases of a county's archive
 * for an unfiltered search costs more than the page itself, and nobody pages that far: the clerk
 * narrows the search instead (search engines stop at a similar bound).
 */
export const CASE_SEARCH_COUNT_CAP = 10_000;

export interface CaseSearchResult {
  cases: Case[];
  /** the matches, at most CASE_SEARCH_COUNT_CAP */
  total: number;
  /** there are more matches than total */
  moreThanTotal: boolean;
}

export interface CaseSearch {
  /** the case number's beginning, e.g. SH20261126 */
  numberPrefix?: string;
  /** part of the applicant's name */
  applicant?: string;
  itemCode?: string;
  /** one department, or any of several (a user's scope) */
  departmentCodes?: readonly string[];
  statuses?: readonly CaseStatus[];
  receivedFrom?: Date;
  receivedBefore?: Date;
  limit: number;
  offset?: number;
}

/** One entry of a case's timeline. */
export interface CaseEvent {
  id: string;
  caseId: string;
  at: Date;
  kind: string;
  /** a user name, or `worker:<job type>` for a job worker */
  actor: string;
  detail: unknown;
  /** what led a job worker to act: the person or event behind it (null for a person's own act) */
  cause: Cause | null;
}

export interface NewCaseEvent {
  kind: string;
  actor: string;
  detail?: unknown;
  at?: Date;
  cause?: Cause | null;
}

export interface CaseFee {
  id: string;
  caseId: string;
  feeCode: string;
  amountFen: number;
  waived: boolean;
  waivedBy: string | null;
  waiverReason: string | null;
  receiptNumber: string | null;
  idempotencyKey: string;
  createdAt: Date;
}

export interface NewCaseFee {
  caseId: string;
  feeCode: string;
  amountFen: number;
  /** both required to waive: the store refuses a waiver without who and why */
  waiver?: { by: string; reason: string };
  idempotencyKey: string;
  at?: Date;
}

export type CasesRepo = ReturnType<typeof createCasesRepo>;

export function createCasesRepo(db: Kysely<Database>, env: StoreEnv) {
  /**
   * One page of a search's cases, in its order, and its matches counted up to CASE_SEARCH_COUNT_CAP
   * with `counted`: the same search, or one that reads less and finds as many.
   */
  const pageAndCount = async <DB, TB extends keyof DB, CDB, CTB extends keyof CDB>(
    page: SelectQueryBuilder<DB, TB, CaseRow>,
    counted: SelectQueryBuilder<CDB, CTB, object>,
    filter: CaseSearch,
  ): Promise<CaseSearchResult> => {
    const [rows, count] = await Promise.all([
      page.limit(filter.limit).offset(filter.offset ?? 0).execute(),
      db
        .selectFrom(counted.select(sql<number>`1`.as('one')).limit(CASE_SEARCH_COUNT_CAP + 1).as('capped'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    const n = Number(count.n);
    return { cases: rows.map(toCase), total: Math.min(n, CASE_SEARCH_COUNT_CAP), moreThanTotal: n > CASE_SEARCH_COUNT_CAP };
  };

  return {
    /** Registers a case with a fresh number and its first timeline event ('registered'), atomically. */
    create(input: NewCase): Promise<Case> {
      return inTransaction(db, async (trx) => {
        const now = env.now();
        const receivedAt = input.receivedAt ?? now;
        const row: CaseRow = {
          id: env.newId(),
          case_number: await allocateDailyNumber(trx, CASE_NUMBER_PREFIX, receivedAt),
          verification_hash: input.verificationHash ?? null,
          process_instance_key: input.processInstanceKey ?? null,
          item_code: input.itemCode,
          item_version: input.itemVersion ?? (await publishedVersion(trx, input.itemCode)),
          case_type: input.caseType,
          department_code: input.departmentCode,
          stage: input.stage ?? null,
          status: input.status ?? 'registered',
          applicant_name: input.applicant.name,
          applicant_id_number: input.applicant.idNumber,
          applicant_phone: input.applicant.phone,
          applicant_email: input.applicant.email,
          applicant_kind: input.applicant.kind,
          applicant_contact: input.applicant.contact ?? null,
          registration_key: input.registrationKey ?? null,
          received_at: toIso(receivedAt),
          accepted_at: null,
          due_at: null,
          warn_at: null,
          suspended_since: null,
          suspended_working_days: 0,
          extension_days: 0,
          calendar_flag: null,
          completed_at: null,
          on_time: null,
          result: null,
          created_at: toIso(now),
          updated_at: toIso(now),
        };
        await trx.insertInto('cases').values(row).execute();
        await insertEvent(trx, env, row.id, { kind: 'registered', actor: input.actor, at: receivedAt });
        return toCase(row);
      });
    },

    async get(id: string): Promise<Case | undefined> {
      const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toCase(row);
    },

    async getByNumber(caseNumber: string): Promise<Case | undefined> {
      const row = await db.selectFrom('cases').selectAll().where('case_number', '=', caseNumber).executeTakeFirst();
      return row && toCase(row);
    },

    async getByRegistrationKey(registrationKey: string): Promise<Case | undefined> {
      const row = await db.selectFrom('cases').selectAll().where('registration_key', '=', registrationKey).executeTakeFirst();
      return row && toCase(row);
    },

    async getByProcessInstanceKey(key: string): Promise<Case | undefined> {
      const row = await db.selectFrom('cases').selectAll().where('process_instance_key', '=', key).executeTakeFirst();
      return row && toCase(row);
    },

    /** Changes the given fields and updated_at; throws StoreNotFoundError for an unknown id. */
    async update(id: string, patch: CasePatch): Promise<Case> {
      const row = await db
        .updateTable('cases')
        .set({ ...toPatchRow(patch), updated_at: toIso(env.now()) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError('case', id);
      return toCase(row);
    },

    /**
     * Records the process instance of a case that has none yet, and returns the case as it then
     * is: linking again, or after someone else linked it, changes nothing, so the caller compares.
     */
    async linkProcessInstance(id: string, processInstanceKey: string): Promise<Case> {
      await db
        .updateTable('cases')
        .set({ process_instance_key: processInstanceKey, updated_at: toIso(env.now()) })
        .where('id', '=', id)
        .where('process_instance_key', 'is', null)
        .execute();
      const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new StoreNotFoundError('case', id);
      return toCase(row);
    },

    async list(filter: CaseFilter = {}): Promise<Case[]> {
      let q = db.selectFrom('cases').selectAll();
      if (filter.status !== undefined) {
        const statuses = typeof filter.status === 'string' ? [filter.status] : filter.status;
        if (statuses.length === 0) return [];
        q = q.where('status', 'in', statuses);
      }
      if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
      if (filter.dueBefore !== undefined) q = q.where('due_at', '<', toIso(filter.dueBefore));
      if (filter.receivedFrom !== undefined) q = q.where('received_at', '>=', toIso(filter.receivedFrom));
      if (filter.receivedBefore !== undefined) q = q.where('received_at', '<', toIso(filter.receivedBefore));
      if (filter.limit !== undefined) q = q.limit(filter.limit);
      const rows = await q.orderBy('received_at').orderBy('id').execute();
      return rows.map(toCase);
    },

    /**
     * The cases the search finds, newest first: one page of them and how many there are, counted
     * up to CASE_SEARCH_COUNT_CAP (moreThanTotal when there are more).
     */
    async search(filter: CaseSearch): Promise<CaseSearchResult> {
      if (filter.departmentCodes?.length === 0 || filter.statuses?.length === 0) return { cases: [], total: 0, moreThanTotal: false };
      const ofTheCase = (eb: ExpressionBuilder<Database, 'cases'>) => {
        const all: Expression<SqlBool>[] = [];
        if (filter.numberPrefix !== undefined) all.push(startsWith('cases.case_number', filter.numberPrefix));
        if (filter.itemCode !== undefined) all.push(eb('cases.item_code', '=', filter.itemCode));
        if (filter.statuses !== undefined) all.push(eb('cases.status', 'in', filter.statuses));
        return eb.and(all);
      };
      const anyOfTheCase = filter.numberPrefix !== undefined || filter.itemCode !== undefined || filter.statuses !== undefined;
      const from = filter.receivedFrom === undefined ? undefined : toIso(filter.receivedFrom);
      const before = filter.receivedBefore === undefined ? undefined : toIso(filter.receivedBefore);
      // an empty name matches every case, as LIKE '%%' does
      if (filter.applicant === undefined || filter.applicant === '') {
        let q = db.selectFrom('cases');
        if (anyOfTheCase) q = q.where(ofTheCase);
        if (filter.departmentCodes !== undefined) q = q.where('cases.department_code', 'in', filter.departmentCodes);
        if (from !== undefined) q = q.where('cases.received_at', '>=', from);
        if (before !== undefined) q = q.where('cases.received_at', '<', before);
        return pageAndCount(q.selectAll('cases').orderBy('cases.received_at', 'desc').orderBy('cases.id', 'desc'), q, filter);
      }
      // the department and the period are the grams' own: their index serves them, in order. The
      // grams come first in the join, whatever SQLite's statistics say: it keeps the left table of
      // a CROSS JOIN outside; PostgreSQL plans it as any join
      const named = applicantNameGrams(db, filter.applicant);
      let grams = named.grams;
      if (filter.departmentCodes !== undefined) grams = grams.where('g.department_code', 'in', filter.departmentCodes);
      if (from !== undefined) grams = grams.where('g.received_at', '>=', from);
      if (before !== undefined) grams = grams.where('g.received_at', '<', before);
      let matching = grams.crossJoin('cases').whereRef('cases.id', '=', 'g.case_id');
      if (named.nameCheck !== undefined) matching = matching.where(named.nameCheck);
      if (anyOfTheCase) matching = matching.where(ofTheCase);
      const page = matching.selectAll('cases').orderBy('g.received_at', 'desc').orderBy('g.case_id', 'desc');
      return pageAndCount(page, named.nameCheck === undefined && !anyOfTheCase ? grams : matching, filter);
    },

    appendEvent(caseId: string, event: NewCaseEvent): Promise<CaseEvent> {
      return insertEvent(db, env, caseId, event);
    },

    /** The timeline, oldest first; events in the same millisecond keep the order they were written in. */
    async events(caseId: string): Promise<CaseEvent[]> {
      const rows = await db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('at').orderBy('id').execute();
      return rows.map(toEvent);
    },

    /** Idempotent on idempotencyKey: a replay returns the fee first recorded under that key. */
    async addFee(input: NewCaseFee): Promise<CaseFee> {
      const row: CaseFeeRow = {
        id: env.newId(),
        case_id: input.caseId,
        fee_code: input.feeCode,
        amount_fen: input.amountFen,
        waived: toBool01(input.waiver !== undefined),
        waived_by: input.waiver?.by ?? null,
        waiver_reason: input.waiver?.reason ?? null,
        receipt_number: null,
        idempotency_key: input.idempotencyKey,
        created_at: toIso(input.at ?? env.now()),
      };
      const inserted = await db
        .insertInto('case_fees')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return toFee(inserted ?? (await db.selectFrom('case_fees').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()));
    },

    /** Records the official receipt (正式票据) that the rules require for every fee collected. */
    async setReceipt(feeId: string, receiptNumber: string): Promise<CaseFee> {
      const row = await db.updateTable('case_fees').set({ receipt_number: receiptNumber }).where('id', '=', feeId).returningAll().executeTakeFirst();
      if (!row) throw new StoreNotFoundError('case fee', feeId);
      return toFee(row);
    },

    async fees(caseId: string): Promise<CaseFee[]> {
      const rows = await db.selectFrom('case_fees').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toFee);
    },
  };
}

async function insertEvent(db: Kysely<Database>, env: StoreEnv, caseId: string, event: NewCaseEvent): Promise<CaseEvent> {
  const row: CaseEventRow = {
    id: env.newId(),
    case_id: caseId,
    at: toIso(event.at ?? env.now()),
    kind: event.kind,
    actor: event.actor,
    detail: toJson(event.detail ?? {}),
    cause: event.cause ? toJson(event.cause) : null,
    caused_by: causedBy(event.cause),
  };
  await db.insertInto('case_events').values(row).execute();
  return toEvent(row);
}

async function publishedVersion(db: Kysely<Database>, itemCode: string): Promise<number | null> {
  const row = await db.selectFrom('catalogue_items').select('item_version').where('code', '=', itemCode).executeTakeFirst();
  return row?.item_version ?? null;
}

/** A cases row as the domain sees it; for repositories that join cases to other tables. */
export function toCase(row: CaseRow): Case {
  return {
    id: row.id,
    caseNumber: row.case_number,
    verificationHash: row.verification_hash,
    processInstanceKey: row.process_instance_key,
    itemCode: row.item_code,
    itemVersion: row.item_version,
    caseType: row.case_type as CaseType,
    departmentCode: row.department_code,
    stage: row.stage,
    status: row.status as CaseStatus,
    applicant: {
      kind: row.applicant_kind as ApplicantKind,
      name: row.applicant_name,
      idNumber: row.applicant_id_number,
      phone: row.applicant_phone,
      email: row.applicant_email,
      ...(row.applicant_contact === null ? {} : { contact: row.applicant_contact }),
    },
    receivedAt: fromIso(row.received_at),
    acceptedAt: fromIsoOrNull(row.accepted_at),
    dueAt: fromIsoOrNull(row.due_at),
    warnAt: fromIsoOrNull(row.warn_at),
    suspendedSince: fromIsoOrNull(row.suspended_since),
    suspendedWorkingDays: row.suspended_working_days,
    extensionDays: row.extension_days,
    calendarFlag: row.calendar_flag,
    completedAt: fromIsoOrNull(row.completed_at),
    onTime: fromBool01OrNull(row.on_time),
    result: row.result,
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

/** Only the keys present in the patch are written, so `{ dueAt: null }` clears and `{}` touches nothing. */
function toPatchRow(patch: CasePatch): Updateable<CaseRow> {
  const row: Updateable<CaseRow> = {};
  if ('verificationHash' in patch) row.verification_hash = patch.verificationHash ?? null;
  if ('processInstanceKey' in patch) row.process_instance_key = patch.processInstanceKey ?? null;
  if ('stage' in patch) row.stage = patch.stage ?? null;
  if (patch.status !== undefined) row.status = patch.status;
  if ('acceptedAt' in patch) row.accepted_at = toIsoOrNull(patch.acceptedAt);
  if ('dueAt' in patch) row.due_at = toIsoOrNull(patch.dueAt);
  if ('warnAt' in patch) row.warn_at = toIsoOrNull(patch.warnAt);
  if ('suspendedSince' in patch) row.suspended_since = toIsoOrNull(patch.suspendedSince);
  if (patch.suspendedWorkingDays !== undefined) row.suspended_working_days = patch.suspendedWorkingDays;
  if (patch.extensionDays !== undefined) row.extension_days = patch.extensionDays;
  if ('calendarFlag' in patch) row.calendar_flag = patch.calendarFlag ?? null;
  if ('completedAt' in patch) row.completed_at = toIsoOrNull(patch.completedAt);
  if ('onTime' in patch) row.on_time = toBool01OrNull(patch.onTime);
  if ('result' in patch) row.result = patch.result ?? null;
  return row;
}

function toEvent(row: CaseEventRow): CaseEvent {
  return { id: row.id, caseId: row.case_id, at: fromIso(row.at), kind: row.kind, actor: row.actor, detail: fromJson(row.detail), cause: row.cause === null ? null : fromJson<Cause>(row.cause) };
}

function toFee(row: CaseFeeRow): CaseFee {
  return {
    id: row.id,
    caseId: row.case_id,
    feeCode: row.fee_code,
    amountFen: row.amount_fen,
    waived: row.waived === 1,
    waivedBy: row.waived_by,
    waiverReason: row.waiver_reason,
    receiptNumber: row.receipt_number,
    idempotencyKey: row.idempotency_key,
    createdAt: fromIso(row.created_at),
  };
}
