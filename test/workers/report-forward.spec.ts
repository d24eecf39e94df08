import { expect } from 'chai';
import { reportForward } from '../../workers/report-forward.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/report-forward', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['report-forward', 'notice-issue'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/report-forward.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  const reportedCase = () => h.store.cases.create({ itemCode: 'MZ-002', caseType: 'reported', departmentCode: 'MZ', applicant, actor: 'test' });

  it('should record the forwarding and tell the applicant in writing, through a diagram', async () => {
    const c = await reportedCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({
      processDefinitionId: 'fixture-report-forward',
      variables: { caseNumber: c.caseNumber },
      requestTimeout: 15_000,
    });

    expect(variables.forwardedAt).to.equal('2026-10-09T02:00:00.000Z');
    expect(variables.noticeNumber).to.match(/^SB20261009-/);
    const stored = (await h.store.cases.get(c.id))!;
    // the window stays responsible: the case is still open
    expect(stored).to.include({ stage: '已上报上级机关', status: 'registered', completedAt: null });
    expect((await h.store.cases.events(c.id)).map((e) => e.kind)).to.deep.equal(['registered', 'forwarded', 'notice-issued']);
    const notice = (await h.store.notices.getByNumber(variables.noticeNumber as string))!;
    expect(notice.html).to.contain('已于2026年10月9日上报').and.contain('本窗口继续负责跟踪办理');
  });

  it('should answer a redelivery with the first forwarding time', async () => {
    const c = await reportedCase();
    const handler = reportForward.create(h.deps);
    const job = fakeJob({ type: 'report-forward', variables: { caseNumber: c.caseNumber } });
    const first = await handler(job);
    await h.setTime('2026-10-10T02:00:00Z');

    expect(await handler(job)).to.deep.equal(first);
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'forwarded')).to.have.length(1);
  });
});
