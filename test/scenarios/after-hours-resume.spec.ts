import { expect } from 'chai';
import { completeTask, startInboxHarness, type InboxHarness } from '../support/inbox.js';

/**
 * The higher level's time is not counted (上报件): the clock stops when the county forwards and
 * restarts when the decision arrives. One that arrives after 17:30 is worked on the next working
 * day, which counts as waited too. ZRZY-002 accepted Monday 2 March 2026, 09:00 in Beijing, to be
 * forwarded by Thursday 5 March, 17:30; forwarded that Thursday at 17:00; the decision arrives on
 * Monday 23 March at 18:00. Waited: 6, 9–13, 16–20, 23 and 24 March (13 working days), so the
 * deadline is Tuesday 24 March, 17:30, and the case completed on Monday evening is on time.
 */
const MONDAY = '2026-03-02T01:00:00Z';
const MATERIALS = ['request', 'conversion-plan', 'farmland-plan', 'planning-map'];

describe('scenarios/after-hours-resume', function () {
  this.timeout(90_000);
  let h: InboxHarness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });

  it('should count the next working day as waited when the higher level’s decision arrives after office hours, and complete the case on time', async () => {
    h = await startInboxHarness({ start: MONDAY });
    const { caseNumber, processInstanceKey } = await h.startCase('reported-case', 'ZRZY-002', MATERIALS, {
      name: '县工业园区管理委员会',
      kind: 'organisation',
      creditCode: '11530000MB0122456X',
      phone: '13700002222',
    });
    const clerk = await h.as('zrzy-clerk-a');
    await completeTask(clerk, (await h.storeTask('materialCheck', processInstanceKey)).userTaskKey, { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' });
    await completeTask(clerk, (await h.storeTask('acceptanceDecision', processInstanceKey)).userTaskKey, { accepted: true });
    const preliminary = await h.storeTask('preliminaryOpinion', processInstanceKey);

    await h.setTime('2026-03-05T09:00:00Z');
    await completeTask(await h.as('zrzy-clerk-a'), preliminary.userTaskKey, { decision: 'approve', opinion: '同意上报' });
    await h.until('the clock stopped at the forward', async () => (await h!.store.cases.getByNumber(caseNumber))?.suspendedSince ?? undefined);

    await h.setTime('2026-03-23T10:00:00Z');
    await h.engine.client.publishMessage({ name: 'higher-level-decision', correlationKey: caseNumber, timeToLive: 3_600_000, variables: { decision: 'approve', opinion: '同意' } });
    const done = await h.until('the case completed', async () => {
      const c = (await h!.store.cases.getByNumber(caseNumber))!;
      return c.status === 'completed' && c;
    });
    expect(done.suspendedWorkingDays).to.equal(13);
    expect(done.dueAt!.toISOString()).to.equal('2026-03-24T09:30:00.000Z');
    expect(done.onTime).to.equal(true);
    const [resumed] = (await h.store.cases.events(done.id)).filter((e) => e.kind === 'clock-resumed');
    expect(resumed.detail).to.deep.include({ workingDays: 13, previousDueAt: '2026-03-05T09:30:00.000Z', dueAt: '2026-03-24T09:30:00.000Z' });
    expect((await h.store.supervision.listForCase(done.id)).filter((r) => r.kind === 'yellow-card' || r.kind === 'red-card')).to.deep.equal([]);
  });
});
