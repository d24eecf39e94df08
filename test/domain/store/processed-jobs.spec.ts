import { expect } from 'chai';
import type { Store, StoreTransaction } from '../../../domain/store/index.js';
import { shape, withStatements } from '../../support/statement-counter.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store processedJobs', ({ store, config, sandbox, dialect }) => {
  const audited = async (tx: StoreTransaction, targetId: string): Promise<void> => {
    await tx.audit.record({ actor: 'worker', action: 'notify', targetType: 'case', targetId });
  };

  /** A job's first statement that a second run would break on: a plain insert of a fixed primary key. */
  const uniqueWrite = (tx: StoreTransaction) => tx.db.insertInto('task_forms').values({ form_key: 'form-1', form_id: 'f', version: 1, schema: '{}' }).execute();

  /** Resolves once fn has been called; release() lets it return. */
  function gate() {
    let entered!: () => void;
    let release!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const open = new Promise<void>((resolve) => (release = resolve));
    return { inside, release, wait: () => (entered(), open) };
  }

  /** A second delivery that has not settled within the time: it is waiting for the first. */
  async function stillWaiting(delivery: Promise<unknown>, ms = 150): Promise<boolean> {
    const settled = await Promise.race([delivery.then(() => true, () => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);
    return !settled;
  }

  it('should run a job once and return the stored result on replay', async () => {
    // given a job handler that writes through its transaction
    let runs = 0;
    const handler = (s: Store) =>
      s.processedJobs.runOnce('job:42', 'send-receipt', async (tx) => {
        runs++;
        await tx.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: 'received', idempotencyKey: `sms:${runs}` });
        return { sentAt: new Date('2026-11-26T03:00:00Z'), count: runs };
      });

    // when the job is delivered three times
    const results = [await handler(store()), await handler(store()), await handler(store())];

    // then it ran once; every delivery gets the same (JSON) result
    expect(runs).to.equal(1);
    expect(results).to.deep.equal([{ sentAt: '2026-11-26T03:00:00.000Z', count: 1 }, { sentAt: '2026-11-26T03:00:00.000Z', count: 1 }, { sentAt: '2026-11-26T03:00:00.000Z', count: 1 }]);
    expect(await store().outbox.list()).to.have.length(1);
    const job = await store().processedJobs.get('job:42');
    expect(job).to.include({ jobType: 'send-receipt' });
    expect(job?.result).to.deep.equal({ sentAt: '2026-11-26T03:00:00.000Z', count: 1 });
  });

  it('should run a job once when deliveries arrive at the same time', async () => {
    // given two instances (SQLite: one store) and a handler that takes a while
    const stores = dialect === 'postgres' ? [store(), await sandbox().open(config())] : [store()];
    let runs = 0;

    // when ten deliveries of one job run concurrently
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        stores[i % stores.length].processedJobs.runOnce('job:7', 'notify', async (tx) => {
          runs++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          await tx.audit.record({ actor: 'worker', action: 'notify', targetType: 'case', targetId: 'c1' });
          return `run ${runs}`;
        }),
      ),
    );

    // then
    expect(runs).to.equal(1);
    expect(new Set(results)).to.deep.equal(new Set(['run 1']));
    expect(await store().audit.forTarget('case', 'c1')).to.have.length(1);
  });

  it('should keep nothing when the job fails, so the next delivery runs it', async () => {
    // given a first delivery that writes and then fails
    const failure = await store()
      .processedJobs.runOnce('job:9', 'notify', async (tx) => {
        await tx.audit.record({ actor: 'worker', action: 'notify', targetType: 'case', targetId: 'c9' });
        throw new Error('SMS gateway down');
      })
      .catch((e: unknown) => e);
    expect(failure).to.be.instanceOf(Error).with.property('message', 'SMS gateway down');
    expect(await store().processedJobs.get('job:9')).to.equal(undefined);
    expect(await store().audit.forTarget('case', 'c9')).to.deep.equal([]);

    // when it is delivered again
    const result = await store().processedJobs.runOnce('job:9', 'notify', () => Promise.resolve(undefined));

    // then it runs, and an undefined result is stored as null
    expect(result).to.equal(null);
    expect(await store().processedJobs.get('job:9')).to.include({ jobType: 'notify', result: null });
  });

  it("should join the caller's transaction", async () => {
    const outcome = await store()
      .transaction(async (tx) => {
        await tx.processedJobs.runOnce('job:11', 'register', () => Promise.resolve(1));
        throw new Error('later step failed');
      })
      .catch((e: unknown) => e);
    expect(outcome).to.be.instanceOf(Error);
    expect(await store().processedJobs.get('job:11')).to.equal(undefined);
  });

  it('should frame a job that returns nothing with BEGIN, the claim and COMMIT around its own statements', async () => {
    const { statements } = await withStatements(config(), () => store().processedJobs.runOnce('job:20', 'case-stage', (tx) => audited(tx, 'c20')));

    expect(statements.map(shape)).to.deep.equal(['begin', 'insert processed_jobs', 'insert audit_log', 'commit']);
    expect(await store().processedJobs.get('job:20')).to.include({ result: null });
  });

  it('should store a result with one update after the job', async () => {
    const { statements, result } = await withStatements(config(), () =>
      store().processedJobs.runOnce('job:21', 'case-complete', async (tx) => {
        await audited(tx, 'c21');
        return { onTime: true };
      }),
    );

    expect(result).to.deep.equal({ onTime: true });
    expect(statements.map(shape)).to.deep.equal(['begin', 'insert processed_jobs', 'insert audit_log', 'update processed_jobs', 'commit']);
    expect(await store().processedJobs.get('job:21')).to.deep.include({ result: { onTime: true } });
  });

  it('should replay with the claim and one read, without running the job', async () => {
    await store().processedJobs.runOnce('job:22', 'case-complete', () => Promise.resolve({ onTime: false }));
    let runs = 0;

    const { statements, result } = await withStatements(config(), () =>
      store().processedJobs.runOnce('job:22', 'case-complete', () => {
        runs++;
        return Promise.resolve({ onTime: true });
      }),
    );

    expect(runs).to.equal(0);
    expect(result).to.deep.equal({ onTime: false });
    expect(statements.map(shape)).to.deep.equal(['begin', 'insert processed_jobs', 'select processed_jobs', 'commit']);
  });

  it('should make a concurrent duplicate wait for the first and replay it, never reaching the job\'s own unique keys', async () => {
    // given a first delivery inside its job, after a write of a unique key
    const other = dialect === 'postgres' ? await sandbox().open(config()) : store();
    const first = gate();
    let runs = 0;
    const deliver = (s: Store, wait?: () => Promise<void>) =>
      s.processedJobs.runOnce('job:23', 'fee-assess', async (tx) => {
        runs++;
        await uniqueWrite(tx);
        await wait?.();
        return { run: runs };
      });
    const firstDelivery = deliver(store(), first.wait);
    await first.inside;

    // when the duplicate comes meanwhile (PostgreSQL: from another instance)
    const duplicate = deliver(other);

    // then it waits until the first commits, and answers with its result without running
    expect(await stillWaiting(duplicate), 'the duplicate waits for the first').to.equal(true);
    first.release();
    expect(await Promise.all([firstDelivery, duplicate])).to.deep.equal([{ run: 1 }, { run: 1 }]);
    expect(runs).to.equal(1);
  });

  it('should let a duplicate that waited run the job when the first one failed', async () => {
    const other = dialect === 'postgres' ? await sandbox().open(config()) : store();
    const first = gate();
    const failing = store()
      .processedJobs.runOnce('job:24', 'notify', async (tx) => {
        await uniqueWrite(tx);
        await first.wait();
        throw new Error('SMS gateway down');
      })
      .catch((e: unknown) => e);
    await first.inside;

    const duplicate = other.processedJobs.runOnce('job:24', 'notify', async (tx) => {
      await uniqueWrite(tx);
      return 'second';
    });
    expect(await stillWaiting(duplicate)).to.equal(true);
    first.release();

    expect(await failing).to.be.instanceOf(Error);
    expect(await duplicate).to.equal('second');
    expect(await store().processedJobs.get('job:24')).to.include({ result: 'second' });
  });

  describe('decideOnce', () => {
    it('should store the decided result with the claim, then apply the writes, in BEGIN, claim and COMMIT around them', async () => {
      const { statements, result } = await withStatements(config(), () =>
        store().processedJobs.decideOnce('job:30', 'user-task-creating', async (tx) => {
          const earlier = await tx.audit.forTarget('case', 'c30');
          return { result: { assignee: `clerk-${earlier.length}` }, apply: () => audited(tx, 'c30') };
        }),
      );

      expect(result).to.deep.equal({ assignee: 'clerk-0' });
      expect(statements.map(shape)).to.deep.equal(['begin', 'select audit_log', 'insert processed_jobs', 'insert audit_log', 'commit']);
      expect(await store().processedJobs.get('job:30')).to.deep.include({ jobType: 'user-task-creating', result: { assignee: 'clerk-0' } });
    });

    it('should answer a replay with the stored result and apply nothing', async () => {
      const decide = (tx: StoreTransaction) =>
        tx.audit.forTarget('case', 'c31').then((earlier) => ({ result: `seen ${earlier.length}`, apply: () => audited(tx, 'c31') }));
      await store().processedJobs.decideOnce('job:31', 'notify', decide);

      const replayed = await store().processedJobs.decideOnce('job:31', 'notify', decide);

      expect(replayed).to.equal('seen 0');
      expect(await store().audit.forTarget('case', 'c31')).to.have.length(1);
    });

    it('should make a concurrent duplicate wait at the claim and apply nothing', async () => {
      const other = dialect === 'postgres' ? await sandbox().open(config()) : store();
      const first = gate();
      let applied = 0;
      const deliver = (s: Store, name: string, wait?: () => Promise<void>) =>
        s.processedJobs.decideOnce('job:32', 'user-task-creating', (tx) =>
          Promise.resolve({
            result: name,
            apply: async () => {
              applied++;
              await uniqueWrite(tx);
              await wait?.();
            },
          }),
        );
      const firstDelivery = deliver(store(), 'first', first.wait);
      await first.inside;

      const duplicate = deliver(other, 'second');
      expect(await stillWaiting(duplicate)).to.equal(true);
      first.release();

      expect(await Promise.all([firstDelivery, duplicate])).to.deep.equal(['first', 'first']);
      expect(applied).to.equal(1);
    });

    it('should keep nothing, the claim included, when applying fails', async () => {
      const failure = await store()
        .processedJobs.decideOnce('job:33', 'notify', (tx) =>
          Promise.resolve({
            result: 1,
            apply: async () => {
              await audited(tx, 'c33');
              throw new Error('constraint');
            },
          }),
        )
        .catch((e: unknown) => e);

      expect(failure).to.be.instanceOf(Error);
      expect(await store().processedJobs.get('job:33')).to.equal(undefined);
      expect(await store().audit.forTarget('case', 'c33')).to.deep.equal([]);
    });
  });
});
