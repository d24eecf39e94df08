import { expect } from 'chai';
import { caseOf } from '../support/case-flow.js';
import { startScenario, type Scenario } from '../support/scenario.js';
import { spawnWorkers, type WorkerProcess } from '../support/worker-process.js';

/**
 * A notice-issue worker dies after its notice is committed but before the engine hears of it.
 *
 * How the window is made deterministic: every worker except notice-issue runs in this process;
 * notice-issue runs in a real child process (test/support/worker-process-main.ts) started with
 * the test hook HOLD_AFTER_COMMIT=notice-issue. There the real notice-issue handler runs to the
 * end — its transaction (notice, timeline event, outbox rows, processed-job key) is committed
 * when it returns — and then the job is never answered: the child prints HELD and waits. The
 * test sees the notice row in the store, then kills the child with SIGKILL, so the completion
 * never reaches the engine, exactly as in a crash between commit and completion. No sleep and no
 * race decides where the crash falls. The engine then times the job out on its own clock (the
 * worker's 60 s job timeout, passed by moving the pinned clock two minutes) and hands it to a
 * fresh worker process, whose handler finds the element instance's key already processed.
 *
 * SCJG-002 食品经营许可 (promised case), the notice being the acceptance notice 受理通知书.
 */
const START = '2026-03-02T01:00:00Z';
const MATERIALS = ['application', 'business-license', 'layout', 'safety-rules', 'safety-manager'];

/** the engine's record of one job: who holds it and in what state */
async function jobOf(h: Scenario, jobKey: string): Promise<{ state: string; worker: string; deadline: string | null } | undefined> {
  const found = await fetch(`${h.engine.url}/v2/jobs/search`, {
    method: 'POST',
    headers: { ...h.engine.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ filter: { jobKey } }),
  }).then((r) => r.json() as Promise<{ items: Array<{ state: string; worker: string; deadline: string | null }> }>);
  return found.items[0];
}

describe('scenarios/worker-crash', function () {
  this.timeout(90_000);
  let h: Scenario | undefined;
  const children: WorkerProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await child.kill();
    await h?.stop();
    h = undefined;
  });

  it('should issue exactly one notice and one set of outbox rows when the notice worker is killed after committing and the job is redelivered to a fresh worker', async () => {
    h = await startScenario({ start: START, except: ['notice-issue'] });
    const crashing = await spawnWorkers({
      engine: h.engine,
      store: h.storeConfig,
      clock: h.now(),
      types: ['notice-issue'],
      holdAfterCommit: 'notice-issue',
      notifyChannels: ['sms', 'email'],
    });
    children.push(crashing);

    const created = await h.engine.client.createProcessInstance({
      processDefinitionId: 'promised-case',
      variables: {
        itemCode: 'SCJG-002',
        applicant: { name: '周宁', kind: 'person', idNumber: '530102198805022345', phone: '13600003333', email: 'zhouning@example.cn' },
        materials: MATERIALS.map((code) => ({ code, provided: true })),
        channel: 'window',
      },
    });
    const key = String((created as unknown as { processInstanceKey: string }).processInstanceKey);
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });

    // the child committed the acceptance notice and holds the job
    const held = await crashing.line('HELD');
    const [, jobKey, elementInstanceKey] = held.split(' ');
    const caseNumber = String((await h.variables(key)).caseNumber);
    const theCase = await caseOf(h, caseNumber);
    const [notice] = await h.until('the notice row', async () => {
      const found = await h!.store.notices.listForCase(theCase.id);
      return found.length > 0 && found;
    });
    expect(notice.kind).to.equal('acceptance');
    expect(notice.idempotencyKey).to.equal(`notice-issue:${elementInstanceKey}`);

    // crash: SIGKILL before the completion reaches the engine
    expect(await crashing.kill()).to.deep.equal({ code: null, signal: 'SIGKILL' });
    expect(h.log.some((l) => l.message === 'notice issued'), 'no notice from the in-process workers').to.equal(false);
    const outboxBefore = await h.store.outbox.list({ caseId: theCase.id });
    const noticeRows = outboxBefore.filter((r) => r.noticeId === notice.id);
    expect(noticeRows.map((r) => r.channel).sort()).to.deep.equal(['email', 'inapp', 'sms']);
    // the process has not moved on: the engine still counts the job as taken by the dead worker
    expect((await h.variables(key)).noticeNumber).to.equal(undefined);
    const taken = await jobOf(h, jobKey);
    expect(taken).to.include({ state: 'CREATED', worker: `service-hall-${crashing.pid}` });
    expect(taken?.deadline).to.equal(new Date(h.now().getTime() + 60_000).toISOString());

    // the job times out on the engine's clock and a fresh worker takes it
    await h.setTime(new Date(h.now().getTime() + 2 * 60_000));
    const fresh = await spawnWorkers({
      engine: h.engine,
      store: h.storeConfig,
      clock: h.now(),
      types: ['notice-issue'],
      notifyChannels: ['sms', 'email'],
    });
    children.push(fresh);

    // the process continued past the notice, with the number first issued
    const review = await h.task('departmentReview', { processInstanceKey: key, timeoutMs: 20_000 });
    expect(review.candidateGroups).to.deep.equal(['review:SCJG']);
    expect((await h.variables(key)).noticeNumber).to.equal(notice.number);

    // exactly one notice and one set of outbox rows for the element instance
    const notices = await h.store.notices.listForCase(theCase.id);
    expect(notices.map((n) => n.number)).to.deep.equal([notice.number]);
    const outboxAfter = await h.store.outbox.list({ caseId: theCase.id });
    expect(outboxAfter.map((r) => r.id).sort()).to.deep.equal(outboxBefore.map((r) => r.id).sort());
    expect(outboxAfter.filter((r) => r.idempotencyKey.includes(`notice-issue:${elementInstanceKey}`))).to.have.length(3);
    const issuedEvents = (await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'notice-issued');
    expect(issuedEvents).to.have.length(1);
    const processed = await h.store.processedJobs.get(`notice-issue:${elementInstanceKey}`);
    expect(processed?.result).to.deep.equal({ noticeNumber: notice.number });
    // the job is done and only the fresh process, the one notice-issue worker left, can have
    // completed it: by replaying the stored result, not issuing
    expect(await jobOf(h, jobKey)).to.include({ state: 'COMPLETED', worker: `service-hall-${fresh.pid}` });
    expect(crashing.stderr()).to.include('notice issued');
    expect(fresh.stderr()).to.not.include('notice issued');
  });
});
