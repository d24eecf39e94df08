import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs fn in a transaction, joining the caller's if there is one: repositories are handed either
 * the store's Kysely instance or a transaction's, and Kysely refuses nested transactions.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);
}
