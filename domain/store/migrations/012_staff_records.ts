import type { Kysely } from 'kysely';

/*
 * Staff records (issue 9, journey 6): what a clerk submitted when completing a task, and who
 * caused each timeline event and audit entry.
 * - tasks.completed_by, submission: the staff member who completed the task through the inbox
 *   and what was submitted with the variables the form read (JSON); form_key names the form
 *   in task_forms, kept once per deployed form (a deployed form never changes), so the task
 *   can be shown read-only as it was submitted whatever the engine still holds.
 * - case_events / audit_log .cause (JSON) and caused_by (a staff id): the person or system job
 *   whose action led to the row, when the actor is a job worker (docs/procedures.md, actedBy).
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('task_forms')
    .addColumn('form_key', 'text', (c) => c.primaryKey())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer')
    .addColumn('schema', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('tasks').addColumn('completed_by', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('form_key', 'text').execute();
  await db.schema.alterTable('tasks').addColumn('submission', 'text').execute();
  await db.schema.alterTable('case_events').addColumn('cause', 'text').execute();
  await db.schema.alterTable('case_events').addColumn('caused_by', 'text').execute();
  await db.schema.createIndex('case_events_caused_by').on('case_events').column('caused_by').execute();
  await db.schema.alterTable('audit_log').addColumn('cause', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('caused_by', 'text').execute();
  await db.schema.createIndex('audit_log_caused_by').on('audit_log').column('caused_by').execute();
}
