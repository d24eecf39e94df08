import { PostgresAdapter, sql, type Kysely } from 'kysely';

/*
 * An index for the applicant-name search (`applicant_name like '%王芳%'`, domain/store/name-search.ts):
 * each case's name as its single characters and pairs of adjacent characters, lowercased, one row
 * each. Chinese names are two to four characters and a clerk types one or two of them, which a
 * B-tree cannot serve (the text is inside the name) and trigram indexes (pg_trgm, FTS5's trigram
 * tokenizer) do not either (three characters at least). The search looks up the first pair (or the
 * one character) and checks the name with LIKE on those cases only: at 1,000,000 cases it scanned
 * every row. Triggers keep the grams with the names, whoever writes a case (the store, a restore,
 * a benchmark's bulk insert). Names are at most 100 characters (domain/applicants/applicant.ts);
 * SQLite's triggers take the first 256.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table case_name_grams (gram text not null, case_id text not null, primary key (gram, case_id))`.execute(db);
  await db.schema.createIndex('case_name_grams_case').on('case_name_grams').column('case_id').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create function case_name_grams_sync() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') then
          delete from case_name_grams where case_id = old.id;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into case_name_grams (gram, case_id)
            select lower(substr(new.applicant_name, n, 1)), new.id from generate_series(1, char_length(new.applicant_name)) n
            union
            select lower(substr(new.applicant_name, n, 2)), new.id from generate_series(1, char_length(new.applicant_name) - 1) n
          on conflict do nothing;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger cases_name_grams after insert or delete or update of applicant_name on cases for each row execute function case_name_grams_sync()`.execute(db);
    await sql`insert into case_name_grams (gram, case_id)
      select lower(substr(c.applicant_name, n, 1)), c.id from cases c, generate_series(1, char_length(c.applicant_name)) n
      union
      select lower(substr(c.applicant_name, n, 2)), c.id from cases c, generate_series(1, char_length(c.applicant_name) - 1) n`.execute(db);
    return;
  }
  // the positions 1–256 as a JSON array: SQLite's triggers cannot count with a recursive query
  const positions = `json_each('${JSON.stringify(Array.from({ length: 256 }, (_, i) => i + 1))}')`;
  const gramsOf = (name: string, id: string) =>
    sql.raw(`select lower(substr(${name}, p.value, 1)), ${id} from ${positions} p where p.value <= length(${name})
      union select lower(substr(${name}, p.value, 2)), ${id} from ${positions} p where p.value < length(${name})`);
  await sql`create trigger cases_name_grams_insert after insert on cases begin
    insert or ignore into case_name_grams (gram, case_id) ${gramsOf('new.applicant_name', 'new.id')};
  end`.execute(db);
  await sql`create trigger cases_name_grams_update after update of applicant_name on cases begin
    delete from case_name_grams where case_id = old.id;
    insert or ignore into case_name_grams (gram, case_id) ${gramsOf('new.applicant_name', 'new.id')};
  end`.execute(db);
  await sql`create trigger cases_name_grams_delete after delete on cases begin
    delete from case_name_grams where case_id = old.id;
  end`.execute(db);
  await sql`insert or ignore into case_name_grams (gram, case_id)
    select lower(substr(c.applicant_name, p.value, 1)), c.id from cases c join ${sql.raw(positions)} p on p.value <= length(c.applicant_name)
    union all
    select lower(substr(c.applicant_name, p.value, 2)), c.id from cases c join ${sql.raw(positions)} p on p.value < length(c.applicant_name)`.execute(db);
}
