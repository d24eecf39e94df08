import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { contains } from './like.js';

/**
 * `name like '%text%'` on the applicant's name (wildcards in the text taken literally), served by
 * the name grams (migration 020): only the cases whose name has the text's first pair of
 * characters (or its one character) are read, and LIKE decides on those, as it did on every row.
 * `caseId` and `name` are the cases table's id and applicant_name as the query names them.
 */
export function applicantNameContains(caseId: string, name: string, text: string): RawBuilder<SqlBool> {
  const gram = [...text].slice(0, 2).join('');
  // an empty text matches every name, as LIKE '%%' does
  if (gram === '') return contains(name, text);
  return sql<SqlBool>`(${sql.ref(caseId)} in (select g.case_id from case_name_grams g where g.gram = lower(${gram})) and ${contains(name, text)})`;
}
