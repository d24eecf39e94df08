import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Escapes LIKE's wildcards, so a name with % or _ is searched for as written (ESCAPE '\'). */
const likeText = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** `column like 'text%'`: the values that start with the text, wildcards in it taken literally. */
export const startsWith = (column: string, text: string): RawBuilder<SqlBool> => sql<SqlBool>`${sql.ref(column)} like ${likeText(text) + '%'} escape '\\'`;

/** `column like '%text%'`: the values that contain the text, wildcards in it taken literally. */
export const contains = (column: string, text: string): RawBuilder<SqlBool> => sql<SqlBool>`${sql.ref(column)} like ${'%' + likeText(text) + '%'} escape '\\'`;
