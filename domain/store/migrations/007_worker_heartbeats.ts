import type { Kysely } from 'kysely';

/*
 * One row per running app instance, refreshed while its job workers poll, so `npm run doctor`
 * can tell whether some instance serves each job type. A crashed instance's row is not removed;
 * it simply stops being refreshed, hence the index on seen_at.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('worker_heartbeats')
    // host:pid:random, so a restarted process with a reused pid is a new instance
    .addColumn('instance_id', 'text', (c) => c.primaryKey())
    .addColumn('host', 'text', (c) => c.notNull())
    .addColumn('pid', 'integer', (c) => c.notNull())
    .addColumn('job_types', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('worker_heartbeats_seen').on('worker_heartbeats').column('seen_at').execute();
}
