import { expect } from 'chai';
import { exponentialBackoff, type Store } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

const t0 = new Date('2026-11-26T03:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

describeEachDialect('domain/store outbox', ({ store, config, sandbox, dialect }) => {
  const enqueue = (s: Store, key: string, notBefore = t0) => s.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: `msg ${key}`, idempotencyKey: key, notBefore });

  it('should enqueue a message once per idempotency key', async () => {
    const first = await store().outbox.enqueue({ channel: 'email', recipient: 'a@example.cn', subject: '受理通知', body: 'one', idempotencyKey: 'k1', notBefore: t0 });
    const replay = await store().outbox.enqueue({ channel: 'sms', recipient: 'other', body: 'two', idempotencyKey: 'k1' });
    expect(replay).to.deep.equal(first);
    expect(first).to.include({ status: 'pending', attempts: 0, channel: 'email', subject: '受理通知' });
    expect(await store().outbox.list({ status: 'pending' })).to.have.length(1);
  });

  it('should claim due messages oldest first and hide them for the lease', async () => {
    // given two due messages and one not yet due
    await enqueue(store(), 'a');
    await enqueue(store(), 'b');
    await enqueue(store(), 'c', later(60_000));

    // when a sender claims with a 30 s lease
    const claimed = await store().outbox.claimDue(t0, 10, { leaseMs: 30_000 });

    // then it gets the due ones, each counted as an attempt
    expect(claimed.map((m) => m.idempotencyKey)).to.deep.equal(['a', 'b']);
    expect(claimed.map((m) => m.attempts)).to.deep.equal([1, 1]);
    // and nobody else gets them during the lease
    expect(await store().outbox.claimDue(later(29_999), 10, { leaseMs: 30_000 })).to.deep.equal([]);
    // but a sender that crashed loses them when the lease runs out (c is due by then too)
    const reclaimed = await store().outbox.claimDue(later(60_000), 1);
    expect(reclaimed.map((m) => [m.idempotencyKey, m.attempts])).to.deep.equal([['a', 2]]);
    expect(await store().outbox.claimDue(t0, 0)).to.deep.equal([]);
  });

  it('should never hand the same message to two concurrent claimers', async () => {
    // given 60 due messages and two app instances (on SQLite, parallel claims on one store)
    for (let i = 0; i < 60; i++) await enqueue(store(), `m${String(i).padStart(2, '0')}`);
    const claimers = dialect === 'postgres' ? [store(), await sandbox().open(config())] : [store(), store()];

    // when both claim in parallel, 7 at a time, until nothing is left
    const drain = async (s: Store) => {
      const mine: string[] = [];
      for (;;) {
        const batch = await s.outbox.claimDue(t0, 7);
        if (batch.length === 0) return mine;
        mine.push(...batch.map((m) => m.id));
      }
    };
    const [one, two] = await Promise.all(claimers.map(drain));

    // then every message went to exactly one claimer
    const all = [...one, ...two];
    expect(all).to.have.length(60);
    expect(new Set(all).size).to.equal(60);
  });

  it('should skip rows another transaction has locked (PostgreSQL SKIP LOCKED)', async function () {
    if (dialect !== 'postgres') this.skip();
    // given three due messages, the oldest locked by an open transaction of another instance
    const [a] = [await enqueue(store(), 'a'), await enqueue(store(), 'b'), await enqueue(store(), 'c')];
    const other = await sandbox().open(config());
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = other.transaction(async (tx) => {
      await tx.db.selectFrom('outbox').select('id').where('id', '=', a.id).forUpdate().execute();
      locked();
      await held;
    });
    await isLocked;

    // when a claimer runs meanwhile, it takes the others without waiting
    const claimed = await store().outbox.claimDue(t0, 10);
    release();
    await holder;

    // then
    expect(claimed.map((m) => m.idempotencyKey)).to.deep.equal(['b', 'c']);
  });

  it('should mark a message sent', async () => {
    const m = await enqueue(store(), 's');
    await store().outbox.claimDue(t0, 1);
    const sent = await store().outbox.markSent(m.id, later(1000));
    expect(sent).to.include({ status: 'sent', lastError: null });
    expect(sent.sentAt).to.deep.equal(later(1000));
    expect(await store().outbox.get(m.id)).to.deep.equal(sent);
    expect(await store().outbox.claimDue(later(3_600_000), 10)).to.deep.equal([]);
  });

  it('should retry a failed send with back-off and give up after the last attempt', async () => {
    // given a message and a back-off of 1 min, 2 min, then stop after 3 attempts
    const m = await enqueue(store(), 'f');
    const backoff = exponentialBackoff({ baseMs: 60_000, maxAttempts: 3 });

    // when the first attempt fails
    await store().outbox.claimDue(t0, 1);
    const retry = await store().outbox.markFailed(m.id, 'gateway timeout', backoff, t0);

    // then the next attempt is 1 min later
    expect(retry).to.include({ status: 'pending', attempts: 1, lastError: 'gateway timeout' });
    expect(retry.nextAttemptAt).to.deep.equal(later(60_000));
    expect(await store().outbox.claimDue(later(59_999), 1)).to.deep.equal([]);

    // when the second fails, the wait doubles; when the third fails, the message is failed
    await store().outbox.claimDue(later(60_000), 1);
    const second = await store().outbox.markFailed(m.id, 'again', backoff, later(60_000));
    expect(second.nextAttemptAt).to.deep.equal(later(180_000));
    await store().outbox.claimDue(later(180_000), 1);
    const failed = await store().outbox.markFailed(m.id, 'for good', backoff, later(180_000));
    expect(failed).to.include({ status: 'failed', attempts: 3, lastError: 'for good' });
    expect(await store().outbox.claimDue(later(86_400_000), 10)).to.deep.equal([]);
  });
});
