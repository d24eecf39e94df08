import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import { chinaDay } from '../calendar/china-time.js';

/**
 * The next value of a named sequence, in one statement: an insert that turns into an increment
 * when the name exists. The row stays locked until the surrounding transaction ends, so
 * concurrent allocations on PostgreSQL queue behind each other and one rolled back leaves no gap;
 * SQLite serialises writers anyway.
 */
async function nextCounterValue(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** PREFIX + YYYYMMDD + '-' + a per-day sequence of at least four digits, e.g. SH20261126-0001. */
export async function allocateDailyNumber(db: Kysely<Database>, prefix: string, at: Date): Promise<string> {
  const day = chinaDay(at).replaceAll('-', '');
  const n = await nextCounterValue(db, `${prefix}:${day}`);
  return `${prefix}${day}-${String(n).padStart(4, '0')}`;
}
