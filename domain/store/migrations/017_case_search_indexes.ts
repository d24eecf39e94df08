import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * Indexes for the staff case search at a million cases (domain/store/repos/cases.ts search,
 * bench/inbox-search.ts), where the query plans scanned, each both across departments
 * (supervision) and within a clerk's departments, which come first:
 * - a case number's beginning (`case_number like 'SH20260115%'`): SQLite uses an index for a
 *   LIKE prefix only when the index compares without case, as its LIKE does; PostgreSQL only with
 *   the pattern operator class when the database's collation is not C.
 * - cases of some statuses received in a period, newest first: the status-and-due index found
 *   every completed case and filtered them by date one by one.
 * With department, status and period all in one index, SQLite picks it without statistics (the
 * store never runs ANALYZE) over the department-and-received index.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const prefix = db.getExecutor().adapter instanceof PostgresAdapter ? sql`case_number text_pattern_ops` : sql`case_number collate nocase`;
  await db.schema.createIndex('cases_number_prefix').on('cases').expression(prefix).execute();
  await db.schema.createIndex('cases_department_number_prefix').on('cases').expression(sql`department_code, ${prefix}`).execute();
  await db.schema.createIndex('cases_status_received').on('cases').columns(['status', 'received_at']).execute();
  await db.schema.createIndex('cases_department_status_received').on('cases').columns(['department_code', 'status', 'received_at']).execute();
}
