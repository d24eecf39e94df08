import { sql, type Kysely } from 'kysely';

/*
 * Kysely<any>, not Kysely<Database>: a migration describes the schema as it was when written, and
 * must keep compiling after the Database interface moves on.
 *
 * Only types and constraints that mean the same on SQLite and PostgreSQL (see schema.ts). Check
 * constraints are kept to closed sets (booleans, the five evaluation levels, the five complaint
 * grounds): SQLite cannot alter a constraint without rebuilding the table, so statuses and kinds
 * that procedures will extend are checked by the repositories' types instead.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const bool = (column: string) => sql`${sql.ref(column)} in (0, 1)`;

  // Human-readable numbers (SH20261126-0001) come from named sequences incremented in place, so
  // two allocations can never read the same value.
  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('departments')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('catalogue_items')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('department_code', 'text', (c) => c.notNull().references('departments.code'))
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('catalogue_items_department').on('catalogue_items').column('department_code').execute();

  await db.schema
    .createTable('calendar_overrides')
    .addColumn('date', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('workday', 'holiday')`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('calendar_years')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('package', 'admin')`))
    .addColumn('note', 'text')
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('email', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().check(bool('active')))
    .execute();
  await db.schema.createIndex('staff_department').on('staff').column('department_code').execute();

  await db.schema
    .createTable('posts')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('candidate_group', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_candidate_group').on('posts').column('candidate_group').execute();

  await db.schema
    .createTable('post_holders')
    .addColumn('post_code', 'text', (c) => c.notNull().references('posts.code').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('rank', 'integer', (c) => c.notNull().check(sql`rank >= 0`))
    .addPrimaryKeyConstraint('post_holders_pk', ['post_code', 'staff_id'])
    // one A holder and one holder per B position, so "who covers" is never ambiguous
    .addUniqueConstraint('post_holders_rank', ['post_code', 'rank'])
    .execute();
  await db.schema.createIndex('post_holders_staff').on('post_holders').column('staff_id').execute();

  await db.schema
    .createTable('absences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'text', (c) => c.notNull().references('staff.id'))
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addCheckConstraint('absences_period', sql`ends_at > starts_at`)
    .execute();
  await db.schema.createIndex('absences_staff_period').on('absences').columns(['staff_id', 'starts_at', 'ends_at']).execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_number', 'text', (c) => c.notNull().unique())
    .addColumn('verification_hash', 'text')
    .addColumn('process_instance_key', 'text')
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('case_type', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('stage', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applicant_name', 'text', (c) => c.notNull())
    .addColumn('applicant_id_number', 'text')
    .addColumn('applicant_phone', 'text')
    .addColumn('applicant_email', 'text')
    .addColumn('applicant_kind', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('due_at', 'text')
    .addColumn('warn_at', 'text')
    .addColumn('suspended_since', 'text')
    .addColumn('suspended_working_days', 'integer', (c) => c.notNull())
    .addColumn('extension_days', 'integer', (c) => c.notNull())
    .addColumn('calendar_flag', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('on_time', 'integer', (c) => c.check(bool('on_time')))
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cases_status_due').on('cases').columns(['status', 'due_at']).execute();
  await db.schema.createIndex('cases_department_received').on('cases').columns(['department_code', 'received_at']).execute();
  await db.schema.createIndex('cases_received').on('cases').column('received_at').execute();
  await db.schema.createIndex('cases_process_instance').on('cases').column('process_instance_key').execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').columns(['case_id', 'at']).execute();

  await db.schema
    .createTable('case_fees')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('fee_code', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull().check(sql`amount_fen >= 0`))
    .addColumn('waived', 'integer', (c) => c.notNull().check(bool('waived')))
    .addColumn('waived_by', 'text')
    .addColumn('waiver_reason', 'text')
    .addColumn('receipt_number', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // an unauthorised waiver is a complaint ground (三): a waiver always names who and why
    .addCheckConstraint('case_fees_waiver', sql`waived = 0 or (waived_by is not null and waiver_reason is not null)`)
    .execute();
  await db.schema.createIndex('case_fees_case').on('case_fees').column('case_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('user_task_key', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text')
    .addColumn('process_instance_key', 'text', (c) => c.notNull())
    .addColumn('element_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('candidate_groups', 'text', (c) => c.notNull())
    .addColumn('department_code', 'text')
    .addColumn('assignee', 'text')
    .addColumn('covering_for', 'text')
    .addColumn('due_at', 'text')
    .addColumn('form_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('tasks_state_assignee').on('tasks').columns(['state', 'assignee']).execute();
  await db.schema.createIndex('tasks_state_department').on('tasks').columns(['state', 'department_code']).execute();
  await db.schema.createIndex('tasks_state_due').on('tasks').columns(['state', 'due_at']).execute();
  await db.schema.createIndex('tasks_case').on('tasks').column('case_id').execute();
  await db.schema.createIndex('tasks_process_instance').on('tasks').column('process_instance_key').execute();

  await db.schema
    .createTable('task_candidate_groups')
    .addColumn('user_task_key', 'text', (c) => c.notNull().references('tasks.user_task_key').onDelete('cascade'))
    .addColumn('candidate_group', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_candidate_groups_pk', ['user_task_key', 'candidate_group'])
    .execute();
  await db.schema.createIndex('task_candidate_groups_group').on('task_candidate_groups').columns(['candidate_group', 'user_task_key']).execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notices_case').on('notices').column('case_id').execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text', (c) => c.references('notices.id'))
    .addColumn('case_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_case').on('outbox').column('case_id').execute();

  await db.schema
    .createTable('supervision_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('user_task_key', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('supervision_records_case').on('supervision_records').column('case_id').execute();
  await db.schema.createIndex('supervision_records_kind_created').on('supervision_records').columns(['kind', 'created_at']).execute();

  await db.schema
    .createTable('complaints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_number', 'text', (c) => c.notNull().unique())
    .addColumn('verification_hash', 'text')
    .addColumn('process_instance_key', 'text')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('ground_category', 'integer', (c) => c.notNull().check(sql`ground_category between 1 and 5`))
    .addColumn('ground_item', 'text')
    .addColumn('is_major', 'integer', (c) => c.notNull().check(bool('is_major')))
    .addColumn('complainant_name', 'text', (c) => c.notNull())
    .addColumn('complainant_phone', 'text')
    .addColumn('complainant_email', 'text')
    .addColumn('target_department_code', 'text')
    .addColumn('target_staff_id', 'text')
    .addColumn('case_number', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('route', 'text')
    .addColumn('agency', 'text')
    .addColumn('opinion_due_at', 'text')
    .addColumn('reply_due_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reply_kind', 'text')
    .addColumn('reply_text', 'text')
    .addColumn('replied_at', 'text')
    .addColumn('verified', 'integer', (c) => c.check(bool('verified')))
    .addColumn('satisfaction', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('complaints_status_reply_due').on('complaints').columns(['status', 'reply_due_at']).execute();
  await db.schema.createIndex('complaints_target_department').on('complaints').columns(['target_department_code', 'created_at']).execute();
  await db.schema.createIndex('complaints_case_number').on('complaints').column('case_number').execute();

  await db.schema
    .createTable('evaluations')
    .addColumn('case_id', 'text', (c) => c.primaryKey().references('cases.id'))
    .addColumn('level', 'text', (c) =>
      c.notNull().check(sql`level in ('very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied')`),
    )
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('rectification_due_at', 'text')
    .addColumn('follow_up_state', 'text')
    .execute();
  await db.schema.createIndex('evaluations_follow_up').on('evaluations').columns(['follow_up_state', 'rectification_due_at']).execute();

  await db.schema
    .createTable('assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
    .addColumn('department_code', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .execute();
  await db.schema.createIndex('assessments_complaint').on('assessments').column('complaint_id').execute();
  await db.schema.createIndex('assessments_department').on('assessments').columns(['department_code', 'created_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_type', 'target_id', 'at']).execute();
  await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor', 'at']).execute();

  await db.schema
    .createTable('processed_jobs')
    .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
    .addColumn('job_type', 'text', (c) => c.notNull())
    .addColumn('result', 'text')
    .addColumn('processed_at', 'text', (c) => c.notNull())
    .execute();
}
