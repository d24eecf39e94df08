import type Database from 'better-sqlite3';
import { invalidArgument } from '../runtime/errors.js';
import { pageInfo, pageWindow, type SearchRequest } from './search.js';

/**
 * Searches on the engine's indexed tables (engine/store/search-index.ts) with the v2 API's
 * filter operators, sorting and paging, translated to one SQL query. A field's kind says how a
 * filter value is read: keys travel as digit strings, dates as ISO 8601, booleans as 0/1.
 */

/** `textList`: a JSON array of texts in one column; a filter matches when an element does. */
export type FieldKind = 'key' | 'text' | 'int' | 'date' | 'bool' | 'textList';

export interface IndexedField {
  /** a column, or an SQL expression over the table's columns */
  sql: string;
  kind: FieldKind;
}

export interface IndexedSearchSpec<Row, Dto> {
  table: string;
  /** what the answer calls these rows, for error messages */
  what: string;
  fields: Record<string, IndexedField>;
  /** the unique column the order falls back to, so pages never overlap */
  keyColumn: string;
  dto(row: Row): Dto;
  /** a condition every row must meet, e.g. the scopes of one user task */
  where?: { sql: string; params: unknown[] };
}

const OPERATORS = new Set(['$eq', '$neq', '$exists', '$in', '$notIn', '$like', '$gt', '$gte', '$lt', '$lte']);

function sqlValue(field: string, f: IndexedField, v: unknown): unknown {
  switch (f.kind) {
    case 'key': {
      const text = typeof v === 'number' ? String(v) : v;
      if (typeof text !== 'string' || !/^\d{1,16}$/.test(text)) throw invalidArgument(`Expected filter.${field} to be a numeric key, but was ${JSON.stringify(v)}`);
      return Number(text);
    }
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw invalidArgument(`Expected filter.${field} to be an integer, but was ${JSON.stringify(v)}`);
      return v;
    case 'date': {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN;
      if (Number.isNaN(ms)) throw invalidArgument(`Expected filter.${field} to be an ISO 8601 date-time, but was ${JSON.stringify(v)}`);
      return ms;
    }
    case 'bool':
      if (typeof v !== 'boolean') throw invalidArgument(`Expected filter.${field} to be a boolean, but was ${JSON.stringify(v)}`);
      return v ? 1 : 0;
    case 'text':
    case 'textList':
      if (typeof v !== 'string') throw invalidArgument(`Expected filter.${field} to be a string, but was ${JSON.stringify(v)}`);
      return v;
  }
}

/** `$like` wildcards are * and ?; SQL's own % and _ are taken literally. */
function likePattern(pattern: string): string {
  return pattern.replace(/[\\%_]/g, (c) => '\\' + c).replace(/\*/g, '%').replace(/\?/g, '_');
}

function listOf(field: string, op: string, v: unknown): unknown[] {
  if (!Array.isArray(v)) throw invalidArgument(`Expected filter.${field}.${op} to be an array`);
  return v;
}

function condition(field: string, f: IndexedField, c: unknown, params: unknown[]): string[] {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) {
    params.push(sqlValue(field, f, c));
    return [`${f.sql} = ?`];
  }
  const clauses: string[] = [];
  for (const [op, v] of Object.entries(c as Record<string, unknown>)) {
    if (!OPERATORS.has(op)) throw invalidArgument(`Unknown filter operator '${op}' in filter.${field}`);
    if (v === undefined) continue;
    if (op === '$exists') {
      if (typeof v !== 'boolean') throw invalidArgument(`Expected filter.${field}.$exists to be a boolean`);
      clauses.push(`${f.sql} IS ${v ? 'NOT ' : ''}NULL`);
    } else if (op === '$in' || op === '$notIn') {
      const values = listOf(field, op, v).map((x) => sqlValue(field, f, x));
      if (values.length === 0) {
        clauses.push(op === '$in' ? '0' : '1');
        continue;
      }
      params.push(...values);
      const list = `(${values.map(() => '?').join(', ')})`;
      clauses.push(op === '$in' ? `${f.sql} IN ${list}` : `(${f.sql} IS NULL OR ${f.sql} NOT IN ${list})`);
    } else if (op === '$like') {
      if (f.kind !== 'text' || typeof v !== 'string') throw invalidArgument(`Expected filter.${field}.$like to be a text pattern on a text field`);
      params.push(likePattern(v));
      clauses.push(`${f.sql} LIKE ? ESCAPE '\\'`);
    } else if (op === '$neq') {
      params.push(sqlValue(field, f, v));
      clauses.push(`(${f.sql} IS NULL OR ${f.sql} <> ?)`);
    } else {
      params.push(sqlValue(field, f, v));
      clauses.push(`${f.sql} ${({ $eq: '=', $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' } as Record<string, string>)[op]} ?`);
    }
  }
  return clauses;
}

/** A filter on a list column: each condition holds for some element (for $neq and $notIn: for none). */
function listCondition(field: string, f: IndexedField, c: unknown, params: unknown[]): string[] {
  const element: IndexedField = { sql: 'value', kind: 'text' };
  const some = (clause: string) => `EXISTS (SELECT 1 FROM json_each(${f.sql}) WHERE ${clause})`;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) return condition(field, element, c, params).map(some);
  const clauses: string[] = [];
  for (const [op, v] of Object.entries(c as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (op === '$exists') {
      if (typeof v !== 'boolean') throw invalidArgument(`Expected filter.${field}.$exists to be a boolean`);
      clauses.push(`json_array_length(${f.sql}) ${v ? '>' : '='} 0`);
    } else if (op === '$neq' || op === '$notIn') {
      clauses.push(...condition(field, element, { [op === '$neq' ? '$eq' : '$in']: v }, params).map((clause) => `NOT ${some(clause)}`));
    } else {
      clauses.push(...condition(field, element, { [op]: v }, params).map(some));
    }
  }
  return clauses;
}

/** The WHERE clause of a search's filter, with its parameters. */
function whereOf<Row, Dto>(spec: IndexedSearchSpec<Row, Dto>, filter: unknown): { where: string; params: unknown[] } {
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) throw invalidArgument('filter must be an object');
  const clauses: string[] = spec.where ? [spec.where.sql] : [];
  const params: unknown[] = spec.where ? [...spec.where.params] : [];
  for (const [field, c] of Object.entries(filter)) {
    if (c === undefined || c === null) continue;
    const f = spec.fields[field];
    if (!f) throw invalidArgument(`Unknown filter field '${field}' for ${spec.what}; known fields: ${Object.keys(spec.fields).join(', ')}`);
    clauses.push(...(f.kind === 'textList' ? listCondition : condition)(field, f, c, params));
  }
  return { where: clauses.length > 0 ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

/** The keys of every row a filter matches, in key order: what a batch operation acts on. */
export function indexedKeys<Row, Dto>(db: Database.Database, spec: IndexedSearchSpec<Row, Dto>, filter: unknown): number[] {
  const { where, params } = whereOf(spec, filter ?? {});
  return (db.prepare(`SELECT ${spec.keyColumn} AS key FROM ${spec.table}${where} ORDER BY ${spec.keyColumn}`).all(...params) as Array<{ key: number }>).map((r) => r.key);
}

export function indexedSearch<Row, Dto>(db: Database.Database, spec: IndexedSearchSpec<Row, Dto>, req: SearchRequest | undefined) {
  const { where, params } = whereOf(spec, req?.filter ?? {});

  if (req?.sort !== undefined && !Array.isArray(req.sort)) throw invalidArgument('sort must be an array');
  const order = (req?.sort ?? []).map((s) => {
    const f = spec.fields[s?.field];
    if (!f) throw invalidArgument(`Unknown sort field '${String(s?.field)}' for ${spec.what}`);
    const dir = String(s.order ?? 'ASC').toUpperCase();
    if (dir !== 'ASC' && dir !== 'DESC') throw invalidArgument(`Expected sort order ASC or DESC, but was '${String(s.order)}'`);
    return `${f.sql} ${dir} NULLS LAST`;
  });
  order.push(`${spec.keyColumn} ASC`);

  const { from, limit } = pageWindow(req?.page);

  const total = (db.prepare(`SELECT COUNT(*) AS n FROM ${spec.table}${where}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT * FROM ${spec.table}${where} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`).all(...params, limit, from) as Row[];
  return { items: rows.map((r) => spec.dto(r)), page: pageInfo(total, from, rows.length) };
}

/** One row by its key, or undefined. */
export function indexedRow<Row, Dto>(db: Database.Database, spec: IndexedSearchSpec<Row, Dto>, key: number): Row | undefined {
  return db.prepare(`SELECT * FROM ${spec.table} WHERE ${spec.keyColumn} = ?`).get(key) as Row | undefined;
}

/** One row by its key in its response shape, or undefined. */
export function indexedGet<Row, Dto>(db: Database.Database, spec: IndexedSearchSpec<Row, Dto>, key: number): Dto | undefined {
  const row = indexedRow(db, spec, key);
  return row === undefined ? undefined : spec.dto(row);
}
