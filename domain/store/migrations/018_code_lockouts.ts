import type { Kysely } from 'kysely';

/*
 * Failed 查询码 tries per case or complaint number (web/lookup-lockout.ts), shared by every app
 * instance on one database: the failures since the last lockout, how many lockouts so far (the
 * next one lasts longer), until when look-ups of the number are refused, and the last failure,
 * by which quiet rows are forgotten. Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('code_lockouts')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('lockouts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('code_lockouts_last_failure_at').on('code_lockouts').column('last_failure_at').execute();
}
