import { sql, type Kysely } from 'kysely';

/*
 * What `npm start` deployed from processes/ and forms/ (docs/decisions/0010): one row per
 * resource and engine key, with the SHA-256 of the file it came from. The next start compares
 * the file with the latest row to tell an edited file from one it deployed already, and the
 * doctor tells a version start deployed from one the designer deployed.
 * - kind 'bpmn' rows are per process id (a diagram may define several processes), 'form' rows
 *   per form id; engine_key is the process definition key or form key, engine_version the
 *   engine's version number of it.
 * - Two instances starting at once deploy the same file and get the same key: the second
 *   write meets the first row and only moves deployed_at on.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('start_deployments')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bpmn', 'form')`))
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('engine_key', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('deployed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('start_deployments_pk', ['kind', 'resource_id', 'engine_key'])
    .execute();
}
