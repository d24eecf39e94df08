import type { Kysely, Transaction } from 'kysely';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { Database } from '../schema.js';
import { holdSharedLock, inTransaction } from '../transaction.js';

export interface ProcessedJob {
  idempotencyKey: string;
  jobType: string;
  result: unknown;
  processedAt: Date;
}

/** What a claim without a result stores, and a fn returning nothing leaves: read back as null. */
const NO_RESULT = 'null';

/** What decideOnce's `decide` settled on: the job's result, and the writes that go with it. */
export interface Decision<T> {
  result: T;
  apply?: () => Promise<void> | void;
}

export interface JobFrameOptions {
  /** a lock (holdSharedLock) held from the transaction's start, before anything is read */
  sharedLock?: string;
}

export type ProcessedJobsRepo<Tx> = ReturnType<typeof createProcessedJobsRepo<Tx>>;

/**
 * Exactly-once effects for at-least-once jobs. `scope` turns the transaction into whatever fn
 * works with (the store hands it every repository bound to that transaction).
 */
export function createProcessedJobsRepo<Tx>(db: Kysely<Database>, env: StoreEnv, scope: (trx: Transaction<Database>) => Tx) {
  /**
   * Records that the key ran, with its result if known; false when it ran already, or when a
   * concurrent transaction that claimed it first committed (PostgreSQL makes this insert wait for
   * that transaction's end; SQLite runs one transaction at a time).
   */
  async function claim(trx: Transaction<Database>, idempotencyKey: string, jobType: string, result: string | null): Promise<boolean> {
    const claimed = await trx
      .insertInto('processed_jobs')
      .values({ idempotency_key: idempotencyKey, job_type: jobType, result, processed_at: toIso(env.now()) })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .executeTakeFirst();
    return claimed !== undefined;
  }

  /** The result stored when the key ran; read after a failed claim, so in a snapshot that sees it (read committed). */
  async function stored<T>(trx: Transaction<Database>, idempotencyKey: string): Promise<T> {
    const done = await trx.selectFrom('processed_jobs').select('result').where('idempotency_key', '=', idempotencyKey).executeTakeFirstOrThrow();
    return fromJson<T>(done.result ?? NO_RESULT);
  }

  return {
    /**
     * Runs fn once per idempotency key, in one transaction with the record that it ran, and
     * returns its result; a replay returns the stored result without running fn. The key is
     * claimed before fn runs, so a concurrent second call waits for the first (PostgreSQL blocks
     * on the uncommitted key, SQLite serialises transactions) and then replays it; if fn throws,
     * nothing is kept and the next delivery runs it again.
     *
     * The claim is the replay check as well and stores no result, so a fn that returns nothing
     * costs BEGIN, claim and COMMIT around its own statements; a result costs one update more
     * (see decideOnce for a result known before the writes). Claiming after fn instead, with
     * its result, would save nothing: a replay must be told apart before fn runs, which takes
     * a read in the claim's place; and concurrent deliveries would both run fn, the later one
     * waiting on and then failing over fn's own unique keys rather than replaying.
     *
     * The result is stored as JSON and handed back as it will be on replay: a Date becomes its
     * ISO string, undefined becomes null. Only database writes made through the given
     * transaction are covered; other side effects belong in the outbox.
     */
    runOnce<T>(idempotencyKey: string, jobType: string, fn: (tx: Tx) => Promise<T>, options: JobFrameOptions = {}): Promise<T> {
      return inTransaction(db, async (trx) => {
        if (options.sharedLock !== undefined) await holdSharedLock(trx, env.kind, options.sharedLock);
        if (!(await claim(trx, idempotencyKey, jobType, null))) return stored<T>(trx, idempotencyKey);
        const result = toJson(await fn(scope(trx)));
        if (result !== NO_RESULT) await trx.updateTable('processed_jobs').set({ result }).where('idempotency_key', '=', idempotencyKey).execute();
        return fromJson<T>(result);
      });
    },

    /**
     * runOnce for a job whose result follows from reads alone: `decide` reads, settles the
     * result and hands back the writes (`apply`), and the claim between them stores the result,
     * so the frame is BEGIN, claim and COMMIT whatever the result. A replay, or a concurrent
     * delivery that claims second (it waits for the first to end), runs decide's reads, then
     * returns the stored result without applying anything. decide must not write: its writes
     * would not be covered by the claim.
     */
    decideOnce<T>(idempotencyKey: string, jobType: string, decide: (tx: Tx) => Promise<Decision<T>>, options: JobFrameOptions = {}): Promise<T> {
      return inTransaction(db, async (trx) => {
        if (options.sharedLock !== undefined) await holdSharedLock(trx, env.kind, options.sharedLock);
        const { result, apply } = await decide(scope(trx));
        const json = toJson(result);
        if (!(await claim(trx, idempotencyKey, jobType, json))) return stored<T>(trx, idempotencyKey);
        await apply?.();
        return fromJson<T>(json);
      });
    },

    async get(idempotencyKey: string): Promise<ProcessedJob | undefined> {
      const row = await db.selectFrom('processed_jobs').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
      return (
        row && {
          idempotencyKey: row.idempotency_key,
          jobType: row.job_type,
          result: fromJson(row.result ?? NO_RESULT),
          processedAt: fromIso(row.processed_at),
        }
      );
    },
  };
}
