import { sql, type Kysely } from 'kysely';
import { fromIso, fromIsoOrNull, toIso } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, OutboxRow } from '../schema.js';
import { inTransaction } from '../transaction.js';

export type OutboxChannel = 'inapp' | 'email' | 'sms';
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** A message to deliver. Written in the same transaction as the change it reports, sent later. */
export interface OutboxMessage {
  id: string;
  channel: OutboxChannel;
  recipient: string;
  subject: string | null;
  body: string;
  noticeId: string | null;
  caseId: string | null;
  idempotencyKey: string;
  status: OutboxStatus;
  /** delivery attempts started, counted when a message is claimed */
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface NewOutboxMessage {
  channel: OutboxChannel;
  recipient: string;
  subject?: string | null;
  body: string;
  noticeId?: string | null;
  caseId?: string | null;
  idempotencyKey: string;
  /** not before this instant; now by default */
  notBefore?: Date;
}

/** Milliseconds to wait after the given number of failed attempts, or null to give up. */
export type Backoff = (attempts: number) => number | null;

/** Doubling delays from baseMs up to maxMs; after maxAttempts attempts the message is failed. */
export function exponentialBackoff({ baseMs = 30_000, maxMs = 3_600_000, maxAttempts = 8 } = {}): Backoff {
  return (attempts) => (attempts >= maxAttempts ? null : Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1)));
}

export interface ClaimOptions {
  /**
   * How long a claimed message stays hidden from other claimers. A sender that crashes before
   * markSent/markFailed loses the claim when the lease runs out and the message is sent again:
   * delivery is at least once, so leases should comfortably exceed a send's timeout.
   */
  leaseMs?: number;
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;

export function createOutboxRepo(db: Kysely<Database>, env: StoreEnv) {
  return {
    /** Idempotent on idempotencyKey: a replay returns the message first enqueued under it. */
    async enqueue(input: NewOutboxMessage): Promise<OutboxMessage> {
      const now = env.now();
      const row: OutboxRow = {
        id: env.newId(),
        channel: input.channel,
        recipient: input.recipient,
        subject: input.subject ?? null,
        body: input.body,
        notice_id: input.noticeId ?? null,
        case_id: input.caseId ?? null,
        idempotency_key: input.idempotencyKey,
        status: 'pending',
        attempts: 0,
        next_attempt_at: toIso(input.notBefore ?? now),
        last_error: null,
        created_at: toIso(now),
        sent_at: null,
      };
      const inserted = await db
        .insertInto('outbox')
        .values(row)
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      return toMessage(inserted ?? (await db.selectFrom('outbox').selectAll().where('idempotency_key', '=', input.idempotencyKey).executeTakeFirstOrThrow()));
    },

    /**
     * Claims up to `limit` pending messages due at `now`, longest due first, by pushing their next
     * attempt out by the lease and counting the attempt. One UPDATE ... RETURNING does it, so no
     * two claimers get the same message: on PostgreSQL the candidate rows are locked with
     * FOR UPDATE SKIP LOCKED (a concurrent claimer takes the next ones instead of waiting); on
     * SQLite the statement holds the write lock from its first read. Returned oldest first.
     */
    async claimDue(now: Date, limit: number, { leaseMs = 300_000 }: ClaimOptions = {}): Promise<OutboxMessage[]> {
      if (limit <= 0) return [];
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', toIso(now))
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit);
      const rows = await db
        .updateTable('outbox')
        .set({ attempts: sql<number>`attempts + 1`, next_attempt_at: toIso(new Date(now.getTime() + leaseMs)) })
        .where('id', 'in', env.kind === 'postgres' ? due.forUpdate().skipLocked() : due)
        .returningAll()
        .execute();
      return rows.map(toMessage).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1));
    },

    /** `body`: what to keep of the text once delivered (codes it carried masked), default unchanged */
    async markSent(id: string, at: Date = env.now(), body?: string): Promise<OutboxMessage> {
      const row = await db
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: toIso(at), last_error: null, ...(body !== undefined ? { body } : {}) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError('outbox message', id);
      return toMessage(row);
    },

    /** Schedules the next attempt by backoff(attempts so far), or marks the message failed when it says stop. */
    markFailed(id: string, error: string, backoff: Backoff, at: Date = env.now()): Promise<OutboxMessage> {
      return inTransaction(db, async (trx) => {
        const current = await trx.selectFrom('outbox').select('attempts').where('id', '=', id).executeTakeFirst();
        if (!current) throw new StoreNotFoundError('outbox message', id);
        const delay = backoff(current.attempts);
        const row = await trx
          .updateTable('outbox')
          .set(
            delay === null
              ? { status: 'failed', last_error: error }
              : { status: 'pending', last_error: error, next_attempt_at: toIso(new Date(at.getTime() + delay)) },
          )
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toMessage(row);
      });
    },

    async get(id: string): Promise<OutboxMessage | undefined> {
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toMessage(row);
    },

    /** What one recipient was sent on a channel, oldest first: e.g. the in-app messages to `case:<caseNumber>` an applicant reads online. */
    async forRecipient(recipient: string, channel: OutboxChannel): Promise<OutboxMessage[]> {
      const rows = await db.selectFrom('outbox').selectAll().where('recipient', '=', recipient).where('channel', '=', channel).orderBy('created_at').orderBy('id').execute();
      return rows.map(toMessage);
    },

    /** The in-app messages to any of these recipients, newest first, each with when this staff member read it (null: unread). */
    async inappFor(recipients: string[], staffId: string, limit: number): Promise<Array<OutboxMessage & { readAt: Date | null }>> {
      if (recipients.length === 0) return [];
      const rows = await db
        .selectFrom('outbox')
        .leftJoin('inapp_reads as r', (join) => join.onRef('r.message_id', '=', 'outbox.id').on('r.staff_id', '=', staffId))
        .selectAll('outbox')
        .select('r.read_at')
        .where('outbox.recipient', 'in', recipients)
        .where('outbox.channel', '=', 'inapp')
        .orderBy('outbox.created_at', 'desc')
        .orderBy('outbox.id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...toMessage(row), readAt: fromIsoOrNull(row.read_at) }));
    },

    /** Marks a message read by a staff member; reading it again keeps the first time. */
    async markRead(messageId: string, staffId: string, at: Date = env.now()): Promise<void> {
      await db.insertInto('inapp_reads').values({ message_id: messageId, staff_id: staffId, read_at: toIso(at) }).onConflict((oc) => oc.columns(['message_id', 'staff_id']).doNothing()).execute();
    },

    async list(filter: { status?: OutboxStatus; caseId?: string } = {}): Promise<OutboxMessage[]> {
      let q = db.selectFrom('outbox').selectAll();
      if (filter.status !== undefined) q = q.where('status', '=', filter.status);
      if (filter.caseId !== undefined) q = q.where('case_id', '=', filter.caseId);
      const rows = await q.orderBy('created_at').orderBy('id').execute();
      return rows.map(toMessage);
    },
  };
}

function toMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel as OutboxChannel,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    noticeId: row.notice_id,
    caseId: row.case_id,
    idempotencyKey: row.idempotency_key,
    status: row.status as OutboxStatus,
    attempts: row.attempts,
    nextAttemptAt: fromIso(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: fromIso(row.created_at),
    sentAt: fromIsoOrNull(row.sent_at),
  };
}
