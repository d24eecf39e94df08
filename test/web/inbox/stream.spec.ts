import { expect } from 'chai';
import { createWebApp } from '../../../web/app.js';
import { createLogger } from '../../../web/log.js';
import { startWebServer, type RunningWebServer } from '../../../web/server.js';
import { sdkClient } from '../../support/engine.js';
import { openEventStream, type EventStream } from '../../support/sse.js';
import { until as poll } from '../../support/until.js';
import { startWebHarness, type WebHarness } from '../../support/web.js';

const until = <T>(what: string, fn: () => T | undefined | false) => poll(what, fn, { timeoutMs: 5_000 });

/**
 * The inbox feed across app instances on one store, the way a load balancer without sticky
 * sessions deals them out: a browser whose instance went away reconnects to another one.
 */
describe('web/inbox stream', function () {
  this.timeout(30_000);
  let web: WebHarness;
  let other: RunningWebServer;
  const streams: EventStream[] = [];
  beforeEach(async () => {
    web = await startWebHarness();
    other = await startWebServer(
      createWebApp({ store: web.store, camunda: sdkClient('http://127.0.0.1:9'), config: web.config, clock: () => web.now(), log: createLogger(() => {}) }),
      0,
      '127.0.0.1',
    );
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    await other.close();
    await web.stop();
  });

  /** a task for the 民政局 window, recorded as the creating listener's worker records it */
  const offer = (userTaskKey: string, secondsFromNow: number) =>
    web.store.tasks.record({
      userTaskKey,
      processInstanceKey: '2251799813685000',
      elementId: 'materialCheck',
      name: '材料审查',
      candidateGroups: ['window:MZ'],
      departmentCode: 'MZ',
      createdAt: new Date(web.now().getTime() + secondsFromNow * 1000),
    });
  const taskIds = (stream: EventStream) => stream.events.filter((e) => e.event === 'task').map((e) => e.id);

  it('should resume after the last task a reconnecting browser got, on another instance, and send what it missed once', async () => {
    // given a clerk whose feed on the first instance delivered a task
    const clerk = web.client();
    expect((await clerk.login('mz-clerk-a')).status).to.equal(201);
    const first = await openEventStream(clerk, '/api/tasks/stream');
    streams.push(first);
    await until('the ready event', () => first.events.some((e) => e.event === 'ready'));
    await offer('2251799813685101', 1);
    await until('the first task', () => taskIds(first).length === 1);

    // when that instance goes away, a task arrives meanwhile, and the browser reconnects to the other instance
    await first.close();
    await offer('2251799813685102', 2);
    const resumed = await openEventStream(clerk, '/api/tasks/stream', { baseUrl: other.url, lastEventId: '2251799813685101' });
    streams.push(resumed);

    // then the task it missed arrives there, and the one it had does not come again
    expect(resumed.status).to.equal(200);
    await until('the missed task', () => taskIds(resumed).length === 1);
    await offer('2251799813685103', 3);
    await until('the next task', () => taskIds(resumed).length === 2);
    expect(taskIds(resumed)).to.deep.equal(['2251799813685102', '2251799813685103']);
  });

  it('should start after the tasks that exist when a page opens the feed', async () => {
    const clerk = web.client();
    await clerk.login('mz-clerk-a');
    await offer('2251799813685201', 1);

    const fresh = await openEventStream(clerk, '/api/tasks/stream', { baseUrl: other.url });
    streams.push(fresh);
    await until('the ready event', () => fresh.events.some((e) => e.event === 'ready'));
    await offer('2251799813685202', 2);

    await until('the new task', () => taskIds(fresh).length === 1);
    expect(taskIds(fresh)).to.deep.equal(['2251799813685202']);
  });
});
