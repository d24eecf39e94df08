import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { contains } from './like.js';
import type { Database } from './schema.js';

/** Han characters have no case: a lowercased gram of them is the text as typed. */
const CASELESS = /^\p{Script=Han}+$/u;

/**
 * The name grams (migrations 020, 023) that list the cases whose applicant's name may contain a
 * text: those having the text's first pair of characters (or its one character), each row with the
 * case's department and receipt time, so a search within departments, newest first, reads them in
 * the order it shows and stops at its page. `nameCheck` (`name like '%text%'`, wildcards taken
 * literally, on `cases.applicant_name`) decides on the cases read; it is undefined when the text is
 * that one Han gram, which every case listed has: then counting them reads the grams alone.
 * `g` names the grams.
 */
export function applicantNameGrams(db: Kysely<Database>, text: string): { grams: ReturnType<typeof gramsOf>; nameCheck: RawBuilder<SqlBool> | undefined } {
  const characters = [...text];
  // lowered by the database, as the triggers lowered the names (SQLite's lower() changes ASCII only)
  const grams = gramsOf(db, sql<string>`lower(${characters.slice(0, 2).join('')})`);
  return { grams, nameCheck: characters.length <= 2 && CASELESS.test(text) ? undefined : contains('cases.applicant_name', text) };
}

const gramsOf = (db: Kysely<Database>, gram: RawBuilder<string>) => db.selectFrom('case_name_grams as g').where('g.gram', '=', gram);
