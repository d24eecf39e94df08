import type { Kysely } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { allocateDailyNumber } from '../numbering.js';
import type { Database, NoticeRow } from '../schema.js';
import { inTransaction } from '../transaction.js';

/**
 * A written notice (补齐申请材料通知书, 不予受理通知书, 投诉答复 ...), kept as issued. It belongs to
 * a case or, for the complaint office's written replies, to a complaint: exactly one of the two.
 */
export interface Notice {
  id: string;
  caseId: string | null;
  complaintId: string | null;
  kind: string;
  /** e.g. BZ20261126-0003: the prefix names the kind of notice, the day is the China day of issue */
  number: string;
  title: string;
  html: string;
  data: unknown;
  idempotencyKey: string;
  createdAt: Date;
}

/** What a notice says; `render` gets the number drawn for it, since a printed notice shows its own number. */
export type NoticeContent = { title: string; html: string } | { render(number: string): { title: string; html: string } };

export type NewNotice = NoticeContent & {
  /** exactly one of caseId and complaintId */
  caseId?: string | null;
  complaintId?: string | null;
  kind: string;
  /** letters that start the notice number; each prefix has its own daily sequence */
  numberPrefix: string;
  data?: unknown;
  idempotencyKey: string;
  at?: Date;
};

export type NoticesRepo = ReturnType<typeof createNoticesRepo>;

export function createNoticesRepo(db: Kysely<Database>, env: StoreEnv) {
  const byKey = (key: string) => db.selectFrom('notices').selectAll().where('idempotency_key', '=', key).executeTakeFirst();

  return {
    /**
     * Issues a notice once per idempotency key; a replay returns the notice first issued, with
     * its number. Replays are answered before a number is drawn, so they leave no gap in the
     * numbering; only two first issues racing on one key can waste a number.
     */
    async issue(input: NewNotice): Promise<Notice> {
      const caseId = input.caseId ?? null;
      const complaintId = input.complaintId ?? null;
      if ((caseId === null) === (complaintId === null)) {
        throw new TypeError(`notice ${input.idempotencyKey}: give exactly one of caseId and complaintId`);
      }
      const existing = await byKey(input.idempotencyKey);
      if (existing) return toNotice(existing);
      return inTransaction(db, async (trx) => {
        const at = input.at ?? env.now();
        const number = await allocateDailyNumber(trx, input.numberPrefix, at);
        const { title, html } = 'render' in input ? input.render(number) : input;
        const row: NoticeRow = {
          id: env.newId(),
          case_id: caseId,
          complaint_id: complaintId,
          kind: input.kind,
          number,
          title,
          html,
          data: toJson(input.data ?? {}),
          idempotency_key: input.idempotencyKey,
          created_at: toIso(at),
        };
        const inserted = await trx
          .insertInto('notices')
          .values(row)
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returningAll()
          .executeTakeFirst();
        return toNotice(inserted ?? (await trx.selectFrom('notices').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()));
      });
    },

    async get(id: string): Promise<Notice | undefined> {
      const row = await db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toNotice(row);
    },

    async getByNumber(number: string): Promise<Notice | undefined> {
      const row = await db.selectFrom('notices').selectAll().where('number', '=', number).executeTakeFirst();
      return row && toNotice(row);
    },

    async listForCase(caseId: string): Promise<Notice[]> {
      const rows = await db.selectFrom('notices').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toNotice);
    },

    async listForComplaint(complaintId: string): Promise<Notice[]> {
      const rows = await db.selectFrom('notices').selectAll().where('complaint_id', '=', complaintId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toNotice);
    },
  };
}

function toNotice(row: NoticeRow): Notice {
  return {
    id: row.id,
    caseId: row.case_id,
    complaintId: row.complaint_id,
    kind: row.kind,
    number: row.number,
    title: row.title,
    html: row.html,
    data: fromJson(row.data),
    idempotencyKey: row.idempotency_key,
    createdAt: fromIso(row.created_at),
  };
}
