import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs fn in a transaction, joining the caller's if there is one: repositories are handed either
 * the store's Kysely instance or a transaction's, and Kysely refuses nested transactions.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}

/**
 * Runs fn in a transaction that holds the named lock until it ends, so that a check and the
 * writes depending on it (seed the catalogue if it is empty) run once even when several app
 * instances do them at the same moment: the second waits, then sees the first one's rows.
 * PostgreSQL: a transaction-scoped advisory lock on the schema and the name, so stores in other
 * schemas of the database are not held up. SQLite: every transaction of the store takes the
 * database's write lock when it begins (BEGIN IMMEDIATE), which serialises them already.
 */
export function inExclusiveTransaction<T>(db: Kysely<Database>, kind: 'sqlite' | 'postgres', lock: string, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${lockKey(lock)})`.execute(trx);
    return fn(trx);
  });
}

/**
 * Holds the named lock until the transaction ends beside any other shared holders, waiting for an
 * exclusive holder (inExclusiveTransaction) to end first: for work that must not interleave with
 * an exclusive change it reads, though it may with itself (deadlines counted while an
 * administrator enters a year's holidays and recounts the open cases). SQLite: nothing to take,
 * its transactions are serialised already.
 */
export async function holdSharedLock(trx: Transaction<Database>, kind: 'sqlite' | 'postgres', lock: string): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock_shared(${lockKey(lock)})`.execute(trx);
}

const lockKey = (lock: string) => sql`hashtextextended(current_schema() || ':' || ${lock}, 0)`;
