import type { Kysely } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { CaseSupplementRow, Database, SupplementFileRow } from '../schema.js';
import { inTransaction } from '../transaction.js';

/**
 * Supplements (补正材料) answering a supplement notice, and the files uploaded with them. One
 * per notice: the first one recorded stands, and a later one finds it instead of being added.
 */

export const SUPPLEMENT_CHANNELS = ['online', 'window'] as const;
export type SupplementChannel = (typeof SUPPLEMENT_CHANNELS)[number];

/** How a material was handed in at the window. */
export const RECEIVED_FORMS = ['original', 'copy', 'original-and-copy'] as const;
export type ReceivedForm = (typeof RECEIVED_FORMS)[number];

/** The actor of an online supplement: the applicant, who has no account. */
export const APPLICANT_ACTOR = 'applicant';

export interface SuppliedMaterial {
  code: string;
  /** the name printed on the notice */
  name: string;
  /** the applicant's statement (补正说明), or the clerk's note at the window */
  declaration: string | null;
  /** at the window: original, copy or both; online: null */
  received: ReceivedForm | null;
}

export interface CaseSupplement {
  id: string;
  caseId: string;
  noticeId: string;
  channel: SupplementChannel;
  /** the clerk's username, or APPLICANT_ACTOR */
  actor: string;
  idempotencyKey: string;
  materials: SuppliedMaterial[];
  createdAt: Date;
}

/** A file's description; its bytes are read only by fileContent. */
export interface SupplementFile {
  id: string;
  supplementId: string;
  materialCode: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  scanStatus: string;
  scanner: string | null;
  createdAt: Date;
}

export interface NewSupplementFile {
  materialCode: string;
  fileName: string;
  contentType: string;
  sha256: string;
  scanStatus: string;
  scanner: string | null;
  content: Uint8Array;
}

export interface NewSupplement {
  caseId: string;
  noticeId: string;
  channel: SupplementChannel;
  actor: string;
  idempotencyKey: string;
  materials: SuppliedMaterial[];
  files: NewSupplementFile[];
  at?: Date;
}

export type SupplementsRepo = ReturnType<typeof createSupplementsRepo>;

const FILE_COLUMNS = ['id', 'supplement_id', 'material_code', 'file_name', 'content_type', 'size', 'sha256', 'scan_status', 'scanner', 'created_at'] as const;

export function createSupplementsRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    /**
     * Records the supplement and its files, unless the notice already has one: then nothing is
     * written and the one recorded first comes back with `created: false`. Two racing records
     * for one notice meet at its unique key, so exactly one is created.
     */
    record(input: NewSupplement): Promise<{ supplement: CaseSupplement; created: boolean }> {
      return inTransaction(db, async (trx) => {
        const at = toIso(input.at ?? env.now());
        const row: CaseSupplementRow = {
          id: env.newId(),
          case_id: input.caseId,
          notice_id: input.noticeId,
          channel: input.channel,
          actor: input.actor,
          idempotency_key: input.idempotencyKey,
          materials: toJson(input.materials),
          created_at: at,
        };
        const inserted = await trx
          .insertInto('case_supplements')
          .values(row)
          .onConflict((oc) => oc.column('notice_id').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) {
          const first = await trx.selectFrom('case_supplements').selectAll().where('notice_id', '=', input.noticeId).executeTakeFirstOrThrow();
          return { supplement: toSupplement(first), created: false };
        }
        for (const file of input.files) {
          await trx
            .insertInto('supplement_files')
            .values({
              id: env.newId(),
              supplement_id: inserted.id,
              material_code: file.materialCode,
              file_name: file.fileName,
              content_type: file.contentType,
              size: file.content.byteLength,
              sha256: file.sha256,
              scan_status: file.scanStatus,
              scanner: file.scanner,
              content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
              created_at: at,
            })
            .execute();
        }
        return { supplement: toSupplement(inserted), created: true };
      });
    },

    async forNotice(noticeId: string): Promise<CaseSupplement | undefined> {
      const row = await db.selectFrom('case_supplements').selectAll().where('notice_id', '=', noticeId).executeTakeFirst();
      return row && toSupplement(row);
    },

    async listForCase(caseId: string): Promise<CaseSupplement[]> {
      const rows = await db.selectFrom('case_supplements').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSupplement);
    },

    /** The files of the supplements, without their bytes, in upload order. */
    async files(supplementIds: string[]): Promise<SupplementFile[]> {
      if (supplementIds.length === 0) return [];
      const rows = await db.selectFrom('supplement_files').select(FILE_COLUMNS).where('supplement_id', 'in', supplementIds).orderBy('id').execute();
      return rows.map(toFile);
    },

    /** One file with its bytes and the case it belongs to. */
    async fileContent(id: string): Promise<{ file: SupplementFile; caseId: string; content: Buffer } | undefined> {
      const row = await db
        .selectFrom('supplement_files')
        .innerJoin('case_supplements', 'case_supplements.id', 'supplement_files.supplement_id')
        .selectAll('supplement_files')
        .select('case_supplements.case_id')
        .where('supplement_files.id', '=', id)
        .executeTakeFirst();
      return row && { file: toFile(row), caseId: row.case_id, content: Buffer.from(row.content) };
    },
  };
}

function toSupplement(row: CaseSupplementRow): CaseSupplement {
  return {
    id: row.id,
    caseId: row.case_id,
    noticeId: row.notice_id,
    channel: row.channel as SupplementChannel,
    actor: row.actor,
    idempotencyKey: row.idempotency_key,
    materials: fromJson<SuppliedMaterial[]>(row.materials),
    createdAt: fromIso(row.created_at),
  };
}

function toFile(row: Omit<SupplementFileRow, 'content'>): SupplementFile {
  return {
    id: row.id,
    supplementId: row.supplement_id,
    materialCode: row.material_code,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    scanStatus: row.scan_status,
    scanner: row.scanner,
    createdAt: fromIso(row.created_at),
  };
}
