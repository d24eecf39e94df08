import type { Kysely } from 'kysely';
import { fromIso, fromIsoOrNull, toIso } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, SupervisionRecordRow } from '../schema.js';

/** 电子监察: 预警 warning, 黄牌 yellow card, 红牌 red card, 督查建议 recommendation */
export type SupervisionKind = 'warning' | 'yellow-card' | 'red-card' | 'recommendation';

export interface SupervisionRecord {
  id: string;
  caseId: string;
  /** the overdue step, when the record is about one step rather than the whole case */
  userTaskKey: string | null;
  kind: SupervisionKind;
  reason: string;
  idempotencyKey: string;
  createdAt: Date;
  resolvedAt: Date | null;
}

export interface NewSupervisionRecord {
  caseId: string;
  userTaskKey?: string | null;
  kind: SupervisionKind;
  reason: string;
  idempotencyKey: string;
  at?: Date;
}

export type SupervisionRepo = ReturnType<typeof createSupervisionRepo>;

export function createSupervisionRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    /** Idempotent on idempotencyKey (a timer's job may fire twice): a replay returns the first record. */
    async record(input: NewSupervisionRecord): Promise<SupervisionRecord> {
      const row: SupervisionRecordRow = {
        id: env.newId(),
        case_id: input.caseId,
        user_task_key: input.userTaskKey ?? null,
        kind: input.kind,
        reason: input.reason,
        idempotency_key: input.idempotencyKey,
        created_at: toIso(input.at ?? env.now()),
        resolved_at: null,
      };
      const inserted = await db
        .insertInto('supervision_records')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return toSupervisionRecord(
        inserted ?? (await db.selectFrom('supervision_records').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()),
      );
    },

    /** Marks a record resolved; resolving again keeps the first resolution time. */
    async resolve(id: string, at: Date = env.now()): Promise<SupervisionRecord> {
      await db.updateTable('supervision_records').set({ resolved_at: toIso(at) }).where('id', '=', id).where('resolved_at', 'is', null).execute();
      const row = await db.selectFrom('supervision_records').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) throw new StoreNotFoundError('supervision record', id);
      return toSupervisionRecord(row);
    },

    async listForCase(caseId: string): Promise<SupervisionRecord[]> {
      const rows = await db.selectFrom('supervision_records').selectAll().where('case_id', '=', caseId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSupervisionRecord);
    },

    /** Unresolved records, oldest first. */
    async listOpen(filter: { kind?: SupervisionKind } = {}): Promise<SupervisionRecord[]> {
      let q = db.selectFrom('supervision_records').selectAll().where('resolved_at', 'is', null);
      if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toSupervisionRecord);
    },
  };
}

/** A supervision_records row as the domain sees it; for the reports' queries as well. */
export function toSupervisionRecord(row: SupervisionRecordRow): SupervisionRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    userTaskKey: row.user_task_key,
    kind: row.kind as SupervisionKind,
    reason: row.reason,
    idempotencyKey: row.idempotency_key,
    createdAt: fromIso(row.created_at),
    resolvedAt: fromIsoOrNull(row.resolved_at),
  };
}
