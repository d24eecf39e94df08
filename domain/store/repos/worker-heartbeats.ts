import type { Kysely } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { Database, WorkerHeartbeatRow } from '../schema.js';

/** That one app instance's job workers were polling at `seenAt`. */
export interface WorkerHeartbeat {
  /** host:pid:random, unique per process start */
  instanceId: string;
  host: string;
  pid: number;
  jobTypes: string[];
  startedAt: Date;
  seenAt: Date;
}

export type WorkerHeartbeatsRepo = ReturnType<typeof createWorkerHeartbeatsRepo>;

/**
 * The caller gives every instant: liveness is judged by the beating instance's clock when
 * written and by the reader's when read, as with sessions.
 */
export function createWorkerHeartbeatsRepo(db: Kysely<Database>) {
  return {
    /** Creates the instance's row on its first beat and refreshes seen_at (and its job types) after. */
    async record(beat: WorkerHeartbeat): Promise<void> {
      const row = toRow(beat);
      await db
        .insertInto('worker_heartbeats')
        .values(row)
        .onConflict((oc) => oc.column('instance_id').doUpdateSet({ job_types: row.job_types, seen_at: row.seen_at }))
        .execute();
    },

    async remove(instanceId: string): Promise<boolean> {
      const result = await db.deleteFrom('worker_heartbeats').where('instance_id', '=', instanceId).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** The instances that beat at or after `since`, oldest first. */
    async listSeenSince(since: Date): Promise<WorkerHeartbeat[]> {
      const rows = await db
        .selectFrom('worker_heartbeats')
        .selectAll()
        .where('seen_at', '>=', toIso(since))
        .orderBy('started_at')
        .orderBy('instance_id')
        .execute();
      return rows.map(toHeartbeat);
    },

    /** Forgets instances silent since before `before` (crashed ones never remove their row); returns how many. */
    async removeSeenBefore(before: Date): Promise<number> {
      const result = await db.deleteFrom('worker_heartbeats').where('seen_at', '<', toIso(before)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

function toRow(h: WorkerHeartbeat): WorkerHeartbeatRow {
  return {
    instance_id: h.instanceId,
    host: h.host,
    pid: h.pid,
    job_types: toJson(h.jobTypes),
    started_at: toIso(h.startedAt),
    seen_at: toIso(h.seenAt),
  };
}

function toHeartbeat(row: WorkerHeartbeatRow): WorkerHeartbeat {
  return {
    instanceId: row.instance_id,
    host: row.host,
    pid: row.pid,
    jobTypes: fromJson<string[]>(row.job_types),
    startedAt: fromIso(row.started_at),
    seenAt: fromIso(row.seen_at),
  };
}
