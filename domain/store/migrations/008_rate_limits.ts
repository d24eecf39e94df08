import type { Kysely } from 'kysely';

/*
 * Rate-limit windows shared by every app instance on one database (web/rate-limit.ts): one row
 * per limiter and client key, with the hits counted in the current window and when it ends.
 * Rows of ended windows are deleted by the instances now and then, by reset_at.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
}
