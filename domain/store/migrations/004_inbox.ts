import type { Kysely } from 'kysely';

/*
 * What the clerk inbox keeps besides the tasks themselves: a form being filled in, per user and
 * task (restored when the clerk comes back, deleted when the task is completed), and the filters
 * a window saves for everyone in its department. Also an index for the inbox's live feed, which
 * asks for tasks created since the last one it sent. Kysely<any> for the reason given in
 * 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('task_drafts')
    .addColumn('user_task_key', 'text', (c) => c.notNull().references('tasks.user_task_key').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull().references('users.username').onDelete('cascade'))
    // the form's values as the clerk left them (JSON); never process variables until completion
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_drafts_pk', ['user_task_key', 'username'])
    .execute();
  await db.schema.createIndex('task_drafts_username').on('task_drafts').column('username').execute();

  await db.schema
    .createTable('saved_filters')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // shared by the window: everyone of the department sees the department's filters
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    // a username, kept as text: a filter outlives the account that saved it
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('saved_filters_department_name', ['department_code', 'name'])
    .execute();

  await db.schema.createIndex('tasks_created').on('tasks').columns(['created_at', 'user_task_key']).execute();
}
