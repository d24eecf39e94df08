import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * The name grams (020) carry their case's department and receipt time, so a staff search by name
 * within a department, newest first (domain/store/name-search.ts), is one range of the index in the
 * order it shows: (gram, department, received) for a clerk's department, (gram, received) across
 * all of them for supervision. With (gram, case) alone, at 1,000,000 cases, every case having the
 * name's first pair (1,800 for 王芳) was read from the cases table to be filtered by department and
 * sorted, for twenty of them. The table is made anew from the old one joined with the cases (quicker
 * than updating its rows in place, and SQLite then keeps it as the clerk's index itself, without
 * rowid); the triggers follow a change of name, department or receipt time, whoever writes a case.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  if (postgres) await sql`drop trigger cases_name_grams on cases`.execute(db);
  else for (const name of ['insert', 'update', 'delete']) await sql`drop trigger ${sql.raw(`cases_name_grams_${name}`)}`.execute(db);

  await sql`create table case_name_grams_023 (
    gram text not null, department_code text not null, received_at text not null, case_id text not null,
    primary key (gram, department_code, received_at, case_id)
  ) ${sql.raw(postgres ? '' : 'without rowid')}`.execute(db);
  // in the key's order: SQLite then appends to its table instead of inserting all over it
  await sql`insert into case_name_grams_023 (gram, department_code, received_at, case_id)
    select g.gram, c.department_code, c.received_at, g.case_id from case_name_grams g join cases c on c.id = g.case_id
    ${sql.raw(postgres ? '' : 'order by 1, 2, 3, 4')}`.execute(db);
  await db.schema.dropTable('case_name_grams').execute();
  await db.schema.alterTable('case_name_grams_023').renameTo('case_name_grams').execute();
  if (postgres) await sql`alter table case_name_grams rename constraint case_name_grams_023_pkey to case_name_grams_pkey`.execute(db);
  await db.schema.createIndex('case_name_grams_received').on('case_name_grams').columns(['gram', 'received_at', 'case_id']).execute();
  await db.schema.createIndex('case_name_grams_case').on('case_name_grams').column('case_id').execute();

  if (postgres) {
    await sql`create or replace function case_name_grams_sync() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delete from case_name_grams where case_id = old.id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into case_name_grams (gram, department_code, received_at, case_id)
            select lower(substr(new.applicant_name, n, 1)), new.department_code, new.received_at, new.id from generate_series(1, char_length(new.applicant_name)) n
            union
            select lower(substr(new.applicant_name, n, 2)), new.department_code, new.received_at, new.id from generate_series(1, char_length(new.applicant_name) - 1) n
          on conflict do nothing;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger cases_name_grams after insert or delete or update of applicant_name, department_code, received_at on cases
      for each row execute function case_name_grams_sync()`.execute(db);
    return;
  }
  // the positions 1–256 as a JSON array: SQLite's triggers cannot count with a recursive query
  const positions = `json_each('${JSON.stringify(Array.from({ length: 256 }, (_, i) => i + 1))}')`;
  const grams = sql.raw(`insert or ignore into case_name_grams (gram, department_code, received_at, case_id)
    select lower(substr(new.applicant_name, p.value, 1)), new.department_code, new.received_at, new.id from ${positions} p where p.value <= length(new.applicant_name)
    union select lower(substr(new.applicant_name, p.value, 2)), new.department_code, new.received_at, new.id from ${positions} p where p.value < length(new.applicant_name)`);
  await sql`create trigger cases_name_grams_insert after insert on cases begin ${grams}; end`.execute(db);
  await sql`create trigger cases_name_grams_update after update of applicant_name, department_code, received_at on cases begin
    delete from case_name_grams where case_id = old.id;
    ${grams};
  end`.execute(db);
  await sql`create trigger cases_name_grams_delete after delete on cases begin
    delete from case_name_grams where case_id = old.id;
  end`.execute(db);
}
