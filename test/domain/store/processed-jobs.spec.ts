import { expect } from 'chai';
import type { Store } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store processedJobs', ({ store, config, sandbox, dialect }) => {
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
});
