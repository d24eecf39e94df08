import { expect } from 'chai';
import type { Task } from '../../domain/store/index.js';
import { caseOf, startCase as startCaseFlow, type StartedCase } from '../support/case-flow.js';
import { startScenario, type OpenTask, type Scenario } from '../support/scenario.js';

/**
 * AB岗: the window post of 县市场监督管理局 (group window:SCJG) has the A holder 李岚 and the B
 * holders 王峰 (B1) and 赵敏 (B2). A promised case (SCJG-002 食品经营许可) opens its material check
 * in that group; the creating task listener assigns it by the holders' presence at that instant.
 * Monday 2 March 2026, 09:00 in Beijing.
 */
const START = '2026-03-02T01:00:00Z';
const A = 'scjg-li-lan';
const B1 = 'scjg-wang-feng';
const B2 = 'scjg-zhao-min';

async function staffThePost(h: Scenario, opts: { inactive?: string[] } = {}) {
  const people: Array<[string, string]> = [
    [A, '李岚'],
    [B1, '王峰'],
    [B2, '赵敏'],
  ];
  for (const [id, name] of people) {
    await h.store.staff.upsertStaff({ id, name, departmentCode: 'SCJG', roles: ['window-clerk'], phone: null, email: null, active: !opts.inactive?.includes(id) });
  }
  await h.store.staff.upsertPost({ code: 'SCJG-window', departmentCode: 'SCJG', name: '市场监管窗口受理岗', candidateGroup: 'window:SCJG' });
  await h.store.staff.setHolders('SCJG-window', [A, B1, B2]);
}

async function leave(h: Scenario, staffId: string, startsAt: string, endsAt: string, reason = '年休假') {
  await h.store.staff.addAbsence({ staffId, startsAt: new Date(startsAt), endsAt: new Date(endsAt), reason });
}

const startCase = (h: Scenario): Promise<StartedCase> =>
  startCaseFlow(h, 'promised-case', {
    itemCode: 'SCJG-002',
    applicant: { name: '陈晓', kind: 'person', idNumber: '530102199005021234', phone: '13900001111' },
    materials: ['application', 'business-license', 'layout', 'safety-rules', 'safety-manager'].map((code) => ({ code, provided: true })),
  });

/** the open task in the engine (its listeners done) and its record in the project's task store */
async function placed(h: Scenario, elementId: string, key: string): Promise<{ engine: OpenTask; stored: Task }> {
  const engine = await h.task(elementId, { processInstanceKey: key });
  const stored = await h.until(`task ${engine.userTaskKey} in the store`, async () => h.store.tasks.get(engine.userTaskKey));
  return { engine, stored };
}

describe('scenarios/ab-posts', function () {
  this.timeout(60_000);
  let h: Scenario | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should give the material check to the A holder when A is present', async () => {
    h = await startScenario({ start: START });
    await staffThePost(h);
    // a past leave and a future one do not make A absent now
    await leave(h, A, '2026-02-23T00:00:00Z', '2026-02-27T10:00:00Z');
    await leave(h, A, '2026-03-05T00:00:00Z', '2026-03-06T10:00:00Z');
    const { key, caseNumber } = await startCase(h);

    const { engine, stored } = await placed(h, 'materialCheck', key);
    expect(engine.assignee).to.equal(A);
    expect(stored.assignee).to.equal(A);
    expect(stored.coveringFor).to.equal(null);
    expect(stored.candidateGroups).to.deep.equal(['window:SCJG']);
    expect(await h.store.supervision.listForCase((await caseOf(h, caseNumber)).id)).to.deep.equal([]);
  });

  it('should give the material check to the first present B holder, covering for A, while A is on leave, and back to A once A returns', async () => {
    h = await startScenario({ start: START });
    await staffThePost(h);
    await leave(h, A, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '病假');
    const { key } = await startCase(h);

    const check = await placed(h, 'materialCheck', key);
    expect(check.engine.assignee).to.equal(B1);
    expect(check.stored.assignee).to.equal(B1);
    expect(check.stored.coveringFor).to.equal(A);

    // A is back the next morning: the next task of the post is A's again
    await h.setTime('2026-03-03T01:00:00Z');
    await h.complete(check.engine, { verifiedMaterials: ['application', 'business-license', 'layout', 'safety-rules', 'safety-manager'], materialsComplete: true, fixedOnSpot: '' });
    const decision = await placed(h, 'acceptanceDecision', key);
    expect(decision.engine.assignee).to.equal(A);
    expect(decision.stored.assignee).to.equal(A);
    expect(decision.stored.coveringFor).to.equal(null);
    // the first task keeps who did it and for whom
    const done = await h.until('the material check completed', async () => {
      const t = await h!.store.tasks.get(check.engine.userTaskKey);
      return t?.state === 'completed' && t;
    });
    expect([done.assignee, done.coveringFor]).to.deep.equal([B1, A]);
  });

  it('should give the material check to B2, covering for A, when A and B1 are both away', async () => {
    h = await startScenario({ start: START });
    await staffThePost(h);
    await leave(h, A, '2026-03-01T16:00:00Z', '2026-03-06T10:00:00Z');
    await leave(h, B1, '2026-03-02T00:30:00Z', '2026-03-02T04:00:00Z', '外出办事');
    const { key } = await startCase(h);

    const { engine, stored } = await placed(h, 'materialCheck', key);
    expect(engine.assignee).to.equal(B2);
    expect(stored.assignee).to.equal(B2);
    expect(stored.coveringFor).to.equal(A);
  });

  it('should pass over a holder who is no longer active like an absent one', async () => {
    h = await startScenario({ start: START });
    await staffThePost(h, { inactive: [B1] });
    await leave(h, A, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z');
    const { key } = await startCase(h);

    const { engine, stored } = await placed(h, 'materialCheck', key);
    expect([engine.assignee, stored.assignee, stored.coveringFor]).to.deep.equal([B2, B2, A]);
  });

  it('should leave the task unassigned in the group queue and recommend staffing it to supervision when every holder is away, never assigning an absent person', async () => {
    h = await startScenario({ start: START });
    await staffThePost(h);
    for (const id of [A, B1, B2]) await leave(h, id, '2026-03-02T00:00:00Z', '2026-03-02T10:00:00Z', '集中培训');
    const { key, caseNumber } = await startCase(h);

    const { engine, stored } = await placed(h, 'materialCheck', key);
    expect(engine.assignee ?? null).to.equal(null);
    expect(engine.candidateGroups).to.deep.equal(['window:SCJG']);
    expect(stored.assignee).to.equal(null);
    expect(stored.coveringFor).to.equal(null);
    const queue = await h.store.tasks.list({ candidateGroup: 'window:SCJG', state: 'created' });
    expect(queue.map((t) => t.userTaskKey)).to.include(engine.userTaskKey);

    const theCase = await caseOf(h, caseNumber);
    const [recommendation, ...more] = await h.store.supervision.listForCase(theCase.id);
    expect(more).to.deep.equal([]);
    expect(recommendation.kind).to.equal('recommendation');
    expect(recommendation.userTaskKey).to.equal(engine.userTaskKey);
    expect(recommendation.reason).to.include('市场监管窗口受理岗').and.include('均不在岗').and.include(caseNumber);
    const messages = (await h.store.outbox.list({ caseId: theCase.id })).filter((m) => m.recipient === 'group:supervision');
    expect(messages).to.have.length(1);
    expect(messages[0].subject).to.equal('督查建议：岗位无人在岗');

    // nobody absent is ever put on it: the first holder back claims it from the queue
    const everyone = await h.store.tasks.list({ processInstanceKey: key });
    for (const t of everyone) expect([A, B1, B2]).to.not.include(t.assignee);
  });
});
