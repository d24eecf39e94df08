import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { HeartbeatConfigError, liveWindowMs, readHeartbeatConfig, startHeartbeat } from '../../workers/heartbeat.js';
import { openTestStore, type TestStore } from '../support/test-store.js';

describe('workers/heartbeat', () => {
  let t: TestStore;
  let time: number;
  const clock = () => new Date(time);
  const errors: unknown[] = [];

  beforeEach(async () => {
    t = await openTestStore();
    time = Date.parse('2026-11-26T01:00:00Z');
    errors.length = 0;
  });
  afterEach(() => t.close());

  const start = (intervalMs = 20) =>
    startHeartbeat({
      heartbeats: t.store.workerHeartbeats,
      jobTypes: ['case-register', 'notice-issue'],
      clock,
      config: { intervalMs },
      onError: (error) => errors.push(error),
    });

  async function until(condition: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 100 && !(await condition()); i += 1) await sleep(10);
    expect(await condition(), 'condition within 1 s').to.equal(true);
  }

  it('should record the instance before it returns, refresh it every interval and remove it on stop', async () => {
    // when the heartbeat starts
    const heartbeat = await start();

    // then the instance is there at once, with this process's job types
    const [first] = await t.store.workerHeartbeats.listSeenSince(new Date(0));
    expect(first).to.deep.include({ instanceId: heartbeat.instanceId, pid: process.pid, jobTypes: ['case-register', 'notice-issue'] });
    expect(first.seenAt).to.deep.equal(clock());
    expect(heartbeat.instanceId).to.match(new RegExp(`^${first.host}:${process.pid}:[0-9a-f]{8}$`));

    // and when the clock moves on, the next beat records the new time
    time += 10_000;
    await until(async () => (await t.store.workerHeartbeats.listSeenSince(clock())).length === 1);

    // and when it stops, the instance is gone and stays gone
    await heartbeat.stop();
    time += 10_000;
    await sleep(60);
    expect(await t.store.workerHeartbeats.listSeenSince(new Date(0))).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('should forget instances silent for a week when it starts, and keep recent ones', async () => {
    const row = { host: 'h', pid: 1, jobTypes: [], startedAt: new Date(0) };
    await t.store.workerHeartbeats.record({ ...row, instanceId: 'crashed-long-ago', seenAt: new Date(time - 8 * 24 * 3600_000) });
    await t.store.workerHeartbeats.record({ ...row, instanceId: 'crashed-yesterday', seenAt: new Date(time - 24 * 3600_000) });

    const heartbeat = await start(60_000);

    const ids = (await t.store.workerHeartbeats.listSeenSince(new Date(0))).map((h) => h.instanceId);
    expect(ids).to.have.members(['crashed-yesterday', heartbeat.instanceId]);
    await heartbeat.stop();
  });

  it('should report a beat that fails and keep beating', async () => {
    // given a running heartbeat whose store then goes away
    const heartbeat = await start();
    await t.store.close();

    // when the next beats fail
    await until(() => Promise.resolve(errors.length >= 2));

    // then each failure is reported rather than thrown
    expect(errors[0]).to.be.instanceOf(Error);
    await heartbeat.stop().catch(() => {});
  });

  it('should read WORKER_HEARTBEAT_MS, 10 s by default, and count an instance live for three beats and at least 30 s', () => {
    expect(readHeartbeatConfig({})).to.deep.equal({ intervalMs: 10_000 });
    expect(readHeartbeatConfig({ WORKER_HEARTBEAT_MS: '20000' })).to.deep.equal({ intervalMs: 20_000 });
    expect(liveWindowMs({ intervalMs: 10_000 })).to.equal(30_000);
    expect(liveWindowMs({ intervalMs: 1_000 })).to.equal(30_000);
    expect(liveWindowMs({ intervalMs: 20_000 })).to.equal(60_000);
    for (const bad of ['0', '-5', '1.5', 'ten']) {
      expect(() => readHeartbeatConfig({ WORKER_HEARTBEAT_MS: bad }), bad)
        .to.throw(HeartbeatConfigError)
        .with.property('variable', 'WORKER_HEARTBEAT_MS');
    }
  });
});
