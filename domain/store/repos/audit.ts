import type { Kysely } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import { causedBy, type Cause } from '../cause.js';
import { redactDeep } from '../../../shared/redact.js';
import type { StoreEnv } from '../env.js';
import type { AuditLogRow, Database } from '../schema.js';

/** Who did what to which record, and when. Append-only. */
export interface AuditEntry {
  id: string;
  at: Date;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  detail: unknown;
  /** what led a job worker to act: the person or event behind it (null for a person's own act) */
  cause: Cause | null;
}

export interface NewAuditEntry {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  detail?: unknown;
  at?: Date;
  cause?: Cause | null;
}

/** Every given field narrows the search; [from, to) on `at`. */
export interface AuditQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;

export function createAuditRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    async record(entry: NewAuditEntry): Promise<AuditEntry> {
      const row: AuditLogRow = {
        id: env.newId(),
        at: toIso(entry.at ?? env.now()),
        actor: entry.actor,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        // one redaction for every writer (web, workers, scripts): ID and phone numbers never stored in clear
        detail: toJson(redactDeep(entry.detail ?? {})),
        cause: entry.cause ? toJson(entry.cause) : null,
        caused_by: causedBy(entry.cause),
      };
      await db.insertInto('audit_log').values(row).execute();
      return toEntry(row);
    },

    /** A record's history, oldest first. */
    async forTarget(targetType: string, targetId: string): Promise<AuditEntry[]> {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('target_type', '=', targetType)
        .where('target_id', '=', targetId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(toEntry);
    },

    /** What an actor did in [from, to), oldest first. */
    async byActor(actor: string, range: { from?: Date; to?: Date } = {}): Promise<AuditEntry[]> {
      let q = db.selectFrom('audit_log').selectAll().where('actor', '=', actor);
      if (range.from !== undefined) q = q.where('at', '>=', toIso(range.from));
      if (range.to !== undefined) q = q.where('at', '<', toIso(range.to));
      const rows = await q.orderBy('at').orderBy('id').execute();
      return rows.map(toEntry);
    },

    /** One page of the matching entries, newest first, and how many match in all. */
    async search(query: AuditQuery): Promise<{ entries: AuditEntry[]; total: number }> {
      let q = db.selectFrom('audit_log');
      // a person's entries include what job workers did because of them
      const actor = query.actor;
      if (actor !== undefined) q = q.where((eb) => eb.or([eb('actor', '=', actor), eb('caused_by', '=', actor)]));
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.targetType !== undefined) q = q.where('target_type', '=', query.targetType);
      if (query.targetId !== undefined) q = q.where('target_id', '=', query.targetId);
      if (query.from !== undefined) q = q.where('at', '>=', toIso(query.from));
      if (query.to !== undefined) q = q.where('at', '<', toIso(query.to));
      const [rows, { n }] = await Promise.all([
        q.selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
        q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { entries: rows.map(toEntry), total: Number(n) };
    },
  };
}

function toEntry(row: AuditLogRow): AuditEntry {
  return {
    id: row.id,
    at: fromIso(row.at),
    actor: row.actor,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: fromJson(row.detail),
    cause: row.cause === null ? null : fromJson<Cause>(row.cause),
  };
}
