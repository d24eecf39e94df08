import { expect } from 'chai';
import type { WorkerHeartbeat } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store worker heartbeats', ({ store }) => {
  const t = (seconds: number) => new Date(Date.UTC(2026, 10, 26, 1, 0, seconds));
  const beat = (instanceId: string, seenAt: Date, overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat => ({
    instanceId,
    host: 'hall-1',
    pid: 4242,
    jobTypes: ['case-register', 'notice-issue'],
    startedAt: t(0),
    seenAt,
    ...overrides,
  });

  it('should create an instance on its first beat and refresh it on the next', async () => {
    // given an instance that beat at second 0
    await store().workerHeartbeats.record(beat('hall-1:4242:a', t(0)));

    // when it beats again at second 10, now with one more job type
    await store().workerHeartbeats.record(beat('hall-1:4242:a', t(10), { jobTypes: ['case-register', 'notice-issue', 'fee-assess'] }));

    // then there is one row, started at 0, seen at 10, with the new job types
    expect(await store().workerHeartbeats.listSeenSince(t(0))).to.deep.equal([
      beat('hall-1:4242:a', t(10), { jobTypes: ['case-register', 'notice-issue', 'fee-assess'] }),
    ]);
  });

  it('should list only the instances seen at or after the given time', async () => {
    // given a crashed instance last seen at second 5 and two live ones
    await store().workerHeartbeats.record(beat('hall-1:1:crashed', t(5), { pid: 1 }));
    await store().workerHeartbeats.record(beat('hall-2:2:live', t(40), { host: 'hall-2', pid: 2, startedAt: t(20) }));
    await store().workerHeartbeats.record(beat('hall-1:3:live', t(30), { pid: 3, startedAt: t(10) }));

    // when listing what was seen in the 30 s before second 60
    const live = await store().workerHeartbeats.listSeenSince(t(30));

    // then the crashed one is left out and the live ones come oldest first
    expect(live.map((h) => h.instanceId)).to.deep.equal(['hall-1:3:live', 'hall-2:2:live']);
    expect(live[1]).to.deep.equal(beat('hall-2:2:live', t(40), { host: 'hall-2', pid: 2, startedAt: t(20) }));
  });

  it('should remove an instance that stops, and forget long-silent ones', async () => {
    await store().workerHeartbeats.record(beat('a', t(50)));
    await store().workerHeartbeats.record(beat('old', t(1)));
    await store().workerHeartbeats.record(beat('older', t(0)));

    expect(await store().workerHeartbeats.remove('a')).to.equal(true);
    expect(await store().workerHeartbeats.remove('a')).to.equal(false);
    expect(await store().workerHeartbeats.removeSeenBefore(t(2))).to.equal(2);
    expect(await store().workerHeartbeats.listSeenSince(t(0))).to.deep.equal([]);
  });
});
