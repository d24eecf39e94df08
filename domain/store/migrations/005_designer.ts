import { sql, type Kysely } from 'kysely';

/*
 * The process designer's drafts: every save of a BPMN diagram or a form is a new numbered version
 * of that resource, kept whole (a diagram is tens of kilobytes; the history is what a designer
 * diffs and rolls back to). `deployed_version_key` is the engine's key of what a version became
 * when it was deployed (process definition key or form key), null for a draft never deployed.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('design_versions')
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bpmn', 'form')`))
    // the process id (the diagram's file name) or the form id
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('deployed_version_key', 'text')
    .addColumn('deployed_at', 'text')
    // two designers saving at once: the second insert of the same number fails instead of overwriting
    .addPrimaryKeyConstraint('design_versions_pk', ['kind', 'resource_id', 'version'])
    .execute();
}
