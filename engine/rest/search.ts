import { invalidArgument } from '../runtime/errors.js';

/**
 * The search request subset of the v2 API: equality filters (plain value, $eq, $neq, $in,
 * $exists), sort by one or more fields, offset paging (from/limit) and cursor paging
 * (after/before). Searches of records held in memory; the indexed tables have their own
 * (indexed-search.ts) and share the paging.
 */
export interface SearchRequest {
  filter?: Record<string, unknown>;
  sort?: Array<{ field: string; order?: 'ASC' | 'DESC' | 'asc' | 'desc' }>;
  page?: { from?: number; limit?: number; after?: string; before?: string };
}

const DEFAULT_LIMIT = 100;

/** Filters compare keys and enums as text: keys arrive as strings, records hold numbers. */
function asText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function matchValue(actual: unknown, condition: unknown): boolean {
  if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
    const c = condition as Record<string, unknown>;
    if ('$eq' in c && !matchValue(actual, c.$eq)) return false;
    if ('$neq' in c && matchValue(actual, c.$neq)) return false;
    if ('$in' in c && !(Array.isArray(c.$in) && c.$in.some((v) => matchValue(actual, v)))) return false;
    if ('$exists' in c && (actual !== null && actual !== undefined) !== c.$exists) return false;
    return true;
  }
  if (Array.isArray(actual)) return actual.some((a) => asText(a) === asText(condition));
  return actual !== undefined && actual !== null && asText(actual) === asText(condition);
}

export function search<T extends object>(items: Iterable<T>, req: SearchRequest | undefined) {
  const filter = req?.filter ?? {};
  if (typeof filter !== 'object' || Array.isArray(filter)) throw invalidArgument('filter must be an object');
  let result = [...items].filter((item) =>
    Object.entries(filter).every(([field, condition]) => {
      if (condition === undefined) return true;
      return matchValue((item as Record<string, unknown>)[field], condition);
    }),
  );
  for (const s of [...(req?.sort ?? [])].reverse()) {
    const dir = String(s.order ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
    result = result.sort((a, b) => {
      const x = (a as Record<string, unknown>)[s.field];
      const y = (b as Record<string, unknown>)[s.field];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      // versions are numbers and keys digit strings; as text, version 9 would sort after 11
      const numeric =
        (typeof x === 'number' && typeof y === 'number') || (typeof x === 'string' && typeof y === 'string' && /^\d+$/.test(x) && /^\d+$/.test(y));
      return (numeric ? Number(x) - Number(y) : asText(x) < asText(y) ? -1 : 1) * dir;
    });
  }
  const { from, limit } = pageWindow(req?.page);
  const page = result.slice(from, from + limit);
  return { items: page, page: pageInfo(result.length, from, page.length) };
}

/**
 * Cursors are offsets, opaque to clients: standard base64 as the 8.8 contract's cursor pattern
 * requires.
 */
const cursorOf = (offset: number) => Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');

function offsetOf(cursor: unknown, name: string): number {
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(String(cursor), 'base64').toString('utf8')) as { offset?: unknown }).offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) throw invalidArgument(`page.${name} is not a cursor this engine gave out`);
  return offset;
}

/** The rows a page asks for: offset paging (from/limit) or cursor paging (after/before). */
export function pageWindow(page: SearchRequest['page']): { from: number; limit: number } {
  const limit = page?.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) throw invalidArgument('page.limit must be a non-negative integer');
  let from = page?.from ?? 0;
  if (page?.after !== undefined) from = offsetOf(page.after, 'after');
  if (page?.before !== undefined) from = Math.max(0, offsetOf(page.before, 'before') - limit);
  if (!Number.isInteger(from) || from < 0) throw invalidArgument('page.from must be a non-negative integer');
  return { from, limit };
}

/** A search answer's page: the cursors are left out when the page is empty, as a cluster does. */
export function pageInfo(totalItems: number, from: number, count: number) {
  return { totalItems, ...(count > 0 ? { startCursor: cursorOf(from), endCursor: cursorOf(from + count) } : {}) };
}
