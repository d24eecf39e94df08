import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * The inbox asks for the open tasks offered to a clerk's groups. task_candidate_groups held only
 * (task, group), so that question had to visit every open task of every department and look up its
 * groups: at 1,000,000 cases (20,000 open tasks) the first inbox page took 150–230 ms. Each group row
 * now carries its task's state, indexed with the group, so the rows of one group's open tasks are
 * one index range. Triggers keep the copy with the task whoever writes it (the store, a restore, a
 * benchmark's bulk insert); groups are written once, when the task is recorded.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('task_candidate_groups').addColumn('task_state', 'text', (c) => c.notNull().defaultTo('created')).execute();
  await sql`update task_candidate_groups set task_state = (select t.state from tasks t where t.user_task_key = task_candidate_groups.user_task_key)`.execute(db);
  await db.schema.createIndex('task_candidate_groups_group_state').on('task_candidate_groups').columns(['candidate_group', 'task_state', 'user_task_key']).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function task_candidate_groups_state_of_task() returns trigger language plpgsql as $$
      begin
        new.task_state := coalesce((select t.state from tasks t where t.user_task_key = new.user_task_key), new.task_state);
        return new;
      end $$`.execute(db);
    await sql`create trigger task_candidate_groups_state before insert on task_candidate_groups for each row execute function task_candidate_groups_state_of_task()`.execute(db);
    await sql`create function tasks_state_to_groups() returns trigger language plpgsql as $$
      begin
        update task_candidate_groups set task_state = new.state where user_task_key = new.user_task_key;
        return null;
      end $$`.execute(db);
    await sql`create trigger tasks_state_groups after update of state on tasks for each row when (old.state is distinct from new.state) execute function tasks_state_to_groups()`.execute(db);
    return;
  }
  await sql`create trigger task_candidate_groups_state after insert on task_candidate_groups begin
    update task_candidate_groups set task_state = (select t.state from tasks t where t.user_task_key = new.user_task_key)
      where user_task_key = new.user_task_key and candidate_group = new.candidate_group
        and exists (select 1 from tasks t where t.user_task_key = new.user_task_key and t.state <> new.task_state);
  end`.execute(db);
  await sql`create trigger tasks_state_groups after update of state on tasks when old.state is not new.state begin
    update task_candidate_groups set task_state = new.state where user_task_key = new.user_task_key;
  end`.execute(db);
}
