import { expect } from 'chai';
import type { Case } from '../../domain/store/index.js';
import { startScenario, type Scenario } from '../support/scenario.js';

/**
 * Wednesday 30 September 2026, 10:00 China time, the last working day before the National Day
 * holiday (1–7 October; Saturday 10 October is an adjusted working day). 15 working days from
 * here: 8, 9, 10, 12–16, 19–23, 26, 27 October → Tuesday 27 October, 17:30 China time.
 */
const START = '2026-09-30T02:00:00Z';
const RECTIFICATION_DUE = '2026-10-27T09:30:00.000Z';

describe('scenarios/evaluation', function () {
  this.timeout(60_000);
  let h: Scenario;

  afterEach(async () => {
    await h?.stop();
  });

  /** Runs an immediate case (即办件 个体工商户变更登记) through the window to completion; answers when the applicant is invited to rate. */
  async function completedCase(): Promise<{ key: string; theCase: Case }> {
    const pi = await h.engine.client.createProcessInstance({
      processDefinitionId: 'immediate-case',
      variables: {
        itemCode: 'SCJG-001',
        applicant: { name: '张三', kind: 'person', idNumber: '110101199003074514', phone: '13600001234' },
        materials: [
          { code: 'application', provided: true },
          { code: 'id-card', provided: true },
          { code: 'business-license', provided: true },
          { code: 'power-of-attorney', provided: true },
        ],
        channel: 'window',
      },
    });
    const key = String((pi as unknown as { processInstanceKey: string }).processInstanceKey);
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), {
      verifiedMaterials: ['application', 'id-card', 'business-license', 'power-of-attorney'],
      materialsComplete: true,
      fixedOnSpot: '',
    });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await h.complete(await h.task('handleOnTheSpot', { processInstanceKey: key }), { decision: 'approve', opinion: '材料齐全，准予变更登记。' });
    const caseNumber = String((await h.variables(key)).caseNumber);
    const theCase = await h.until('the invitation', async () => {
      const c = await h.store.cases.getByNumber(caseNumber);
      return c && (await h.store.cases.events(c.id)).some((e) => e.kind === 'evaluation-invited') && c;
    });
    return { key, theCase };
  }

  async function rate(caseNumber: string, rating: string, comment: string): Promise<void> {
    await h.engine.client.publishMessage({ name: 'evaluation-submitted', correlationKey: caseNumber, variables: { rating, comment }, timeToLive: 3_600_000 });
  }

  async function evaluationInstance(caseKey: string): Promise<string> {
    const found = await h.engine.client.searchProcessInstances({ filter: { parentProcessInstanceKey: caseKey } });
    const child = (found.items as unknown as Array<{ processInstanceKey: string; processDefinitionId: string }>).find((i) => i.processDefinitionId === 'evaluation');
    if (!child) throw new Error(`no evaluation instance under ${caseKey}`);
    return String(child.processInstanceKey);
  }

  it('should invite the applicant once the case is completed and keep one rating per case: a good rating creates no follow-up and a second rating changes nothing', async () => {
    h = await startScenario({ start: START });
    const { key, theCase } = await completedCase();
    expect(theCase.status).to.equal('completed');
    const invitations = (await h.store.outbox.list({ caseId: theCase.id })).filter((m) => m.channel === 'inapp' && m.subject?.startsWith('邀请你评价'));
    expect(invitations, 'invited once').to.have.length(1);
    expect(invitations[0].recipient).to.equal(`case:${theCase.caseNumber}`);
    expect(invitations[0].body).to.contain(theCase.caseNumber).and.contain('非常满意').and.contain('非常不满意');
    const evaluationKey = await evaluationInstance(key);

    await h.setTime('2026-09-30T06:00:00Z');
    await rate(theCase.caseNumber, 'satisfied', '办理很快');
    await h.ended(evaluationKey);
    await h.ended(key);

    await rate(theCase.caseNumber, 'very-dissatisfied', '改评差评');
    await new Promise((r) => setTimeout(r, 300)); // let a wrongly open subscription take it

    const evaluation = (await h.store.evaluations.get(theCase.id))!;
    expect(evaluation).to.deep.include({ level: 'satisfied', comment: '办理很快', rectificationDueAt: null, followUpState: null });
    expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'rated')).to.have.length(1);
    expect((await h.store.tasks.list()).filter((t) => t.elementId === 'followUpVisit'), 'no follow-up for a good rating').to.have.length(0);
    expect((await h.store.evaluations.listByFollowUp('pending'))).to.have.length(0);
  });

  it('should open a rectification due in 15 working days and a follow-up visit for the supervision section due at that date on a bad rating', async () => {
    h = await startScenario({ start: START });
    const { key, theCase } = await completedCase();
    const evaluationKey = await evaluationInstance(key);

    await rate(theCase.caseNumber, 'dissatisfied', '窗口人员态度冷淡');
    const visit = await h.task('followUpVisit', { processInstanceKey: evaluationKey });
    expect(visit.candidateGroups).to.deep.equal(['supervision']);
    expect(visit.dueDate).to.equal(RECTIFICATION_DUE);
    const recorded = (await h.store.tasks.get(visit.userTaskKey))!;
    expect(recorded.dueAt?.toISOString()).to.equal(RECTIFICATION_DUE);
    expect(recorded.caseId).to.equal(theCase.id);

    const evaluation = (await h.store.evaluations.get(theCase.id))!;
    expect(evaluation).to.deep.include({ level: 'dissatisfied', followUpState: 'pending' });
    expect(evaluation.rectificationDueAt?.toISOString()).to.equal(RECTIFICATION_DUE);
    expect((await h.variables(evaluationKey)).rectificationDueAt).to.equal(RECTIFICATION_DUE);

    // a second rating while the follow-up is open changes nothing
    await rate(theCase.caseNumber, 'very-satisfied', '改评好评');
    await new Promise((r) => setTimeout(r, 300));
    expect((await h.store.evaluations.get(theCase.id))!.level).to.equal('dissatisfied');
    expect((await h.store.tasks.list()).filter((t) => t.elementId === 'followUpVisit')).to.have.length(1);

    await h.setTime('2026-10-20T02:00:00Z');
    await h.complete(visit, { satisfaction: 'basically-satisfied', visitNotes: '回访申请人，窗口负责人已约谈当事人并整改。' });
    await h.ended(evaluationKey);
    await h.ended(key);
    expect((await h.store.evaluations.get(theCase.id))!.followUpState).to.equal('rectified');
    const visited = (await h.store.cases.events(theCase.id)).find((e) => e.kind === 'follow-up-visited');
    expect(visited?.detail).to.deep.include({ satisfaction: 'basically-satisfied' });
  });
});
