import { expect } from 'chai';
import { evaluationInvite } from '../../workers/evaluation-invite.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/evaluation-invite', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['evaluation-invite'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/evaluation-invite.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  it('should invite the applicant to rate the case through the outbox, through a diagram', async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });

    await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({ processDefinitionId: 'fixture-evaluation-invite', variables: { caseNumber: c.caseNumber }, requestTimeout: 15_000 });

    const [message, ...others] = await h.store.outbox.list({ caseId: c.id });
    expect(others).to.deep.equal([]);
    expect(message).to.include({ channel: 'inapp', recipient: `case:${c.caseNumber}`, subject: `邀请你评价本次服务（${c.caseNumber}）` });
    expect(message.body).to.contain('非常满意、满意、基本满意、不满意、非常不满意');
    expect((await h.store.cases.events(c.id)).map((e) => e.kind)).to.deep.equal(['registered', 'evaluation-invited']);
  });

  it('should invite once per case, however often it is asked', async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });
    const handler = evaluationInvite.create({ ...h.deps, notifyChannels: ['sms'] });
    const job = fakeJob({ type: 'evaluation-invite', variables: { caseNumber: c.caseNumber } });

    await handler(job);
    await handler(job);
    await handler(fakeJob({ type: 'evaluation-invite', variables: { caseNumber: c.caseNumber } }));

    const messages = await h.store.outbox.list({ caseId: c.id });
    expect(messages.map((m) => [m.channel, m.recipient])).to.deep.equal([
      ['inapp', `case:${c.caseNumber}`],
      ['sms', applicant.phone],
    ]);
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'evaluation-invited')).to.have.length(1);
  });
});
