import type { Kysely, Transaction } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { Database } from '../schema.js';
import { inTransaction } from '../transaction.js';

export interface ProcessedJob {
  idempotencyKey: string;
  jobType: string;
  result: unknown;
  processedAt: Date;
}

export type ProcessedJobsRepo<Tx> = ReturnType<typeof createProcessedJobsRepo<Tx>>;

/**
 * Exactly-once effects for at-least-once jobs. `scope` turns the transaction into whatever fn
 * works with (the store hands it every repository bound to that transaction).
 */
export function createProcessedJobsRepo<Tx>(db: Kysely<Database>, env: StoreEnv, scope: (trx: Transaction<Database>) => Tx) {
  return {
    /**
     * Runs fn once per idempotency key, in one transaction with the record that it ran, and
     * returns its result; a replay returns the stored result without running fn. The key is
     * claimed before fn runs, so a concurrent second call waits for the first (PostgreSQL blocks
     * on the uncommitted key, SQLite serialises transactions) and then replays it; if fn throws,
     * nothing is kept and the next delivery runs it again.
     *
     * The result is stored as JSON and handed back as it will be on replay: a Date becomes its
     * ISO string, undefined becomes null. Only database writes made through the given
     * transaction are covered; other side effects belong in the outbox.
     */
    runOnce<T>(idempotencyKey: string, jobType: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
      return inTransaction(db, async (trx) => {
        const claimed = await trx
          .insertInto('processed_jobs')
          .values({ idempotency_key: idempotencyKey, job_type: jobType, result: null, processed_at: toIso(env.now()) })
          .onConflict((oc) => oc.column('idempotency_key').doNothing())
          .returning('idempotency_key')
          .executeTakeFirst();
        if (!claimed) {
          const done = await trx.selectFrom('processed_jobs').select('result').where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
          return fromJson<T>(done.result ?? 'null');
        }
        const result = toJson(await fn(scope(trx)));
        await trx.updateTable('processed_jobs').set({ result }).where('idempotency_key', '=', idempotencyKey).execute();
        return fromJson<T>(result);
      });
    },

    async get(idempotencyKey: string): Promise<ProcessedJob | undefined> {
      const row = await db.selectFrom('processed_jobs').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      return (
        row && {
          idempotencyKey: row.idempotency_key,
          jobType: row.job_type,
          result: fromJson(row.result ?? 'null'),
          processedAt: fromIso(row.processed_at),
        }
      );
    },
  };
}
