import { expect } from 'chai';
import { InvalidJobInput } from '../../workers/errors.js';
import { followUpRecord } from '../../workers/follow-up-record.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const NOW = '2026-10-20T02:00:00Z';

describe('workers/follow-up-record', () => {
  let h: WorkerHarness;
  let record: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['follow-up-record'], start: NOW });
    await h.engine.deployFixtures('workers/follow-up-record.bpmn');
    record = followUpRecord.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  const newComplaint = () =>
    h.store.complaints.create({ channel: 'oral', groundCategory: 1, groundItem: '1.1', complainant: { name: '李四', phone: '13912345678' }, targetDepartmentCode: 'GA', content: '窗口人员态度生硬' });

  it("should keep the complainant's satisfaction and close the complaint, from a diagram", async () => {
    const complaint = await newComplaint();

    await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-follow-up-record',
      variables: { complaintNumber: complaint.complaintNumber, satisfaction: 'satisfied', visitNotes: '电话回访，投诉人表示满意。' },
    });

    expect(await h.store.complaints.get(complaint.id)).to.include({ satisfaction: 'satisfied', status: 'closed' });
    const [audit] = await h.store.audit.forTarget('complaint', complaint.id);
    expect(audit).to.deep.include({ action: 'complaint-follow-up-recorded', detail: { satisfaction: 'satisfied', visitNotes: '电话回访，投诉人表示满意。' } });
  });

  it("should mark a bad rating rectified and put the visit on the case's timeline", async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });
    await h.store.evaluations.rate({ caseId: c.id, level: 'dissatisfied', rectificationDueAt: new Date('2026-10-27T09:30:00Z'), followUpState: 'pending' });
    const job = fakeJob({ type: 'follow-up-record', headers: { subject: 'evaluation' }, variables: { caseNumber: c.caseNumber, satisfaction: 'basically-satisfied', visitNotes: '已约谈窗口人员并整改。' } });

    await record(job);
    await record(job);

    expect(await h.store.evaluations.get(c.id)).to.deep.include({ level: 'dissatisfied', followUpState: 'rectified' });
    const visits = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'follow-up-visited');
    expect(visits, 'once, however often the job comes').to.have.length(1);
    expect(visits[0].detail).to.deep.equal({ satisfaction: 'basically-satisfied', visitNotes: '已约谈窗口人员并整改。' });
  });

  it('should refuse a case without a rating, an unknown subject and an unknown satisfaction, naming what is wrong', async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });
    const variables = { caseNumber: c.caseNumber, satisfaction: 'satisfied', visitNotes: '回访。' };

    const fails = async (job: ReturnType<typeof fakeJob>) => {
      try {
        await record(job);
      } catch (e) {
        return e;
      }
      throw new Error('expected the job to fail');
    };
    expect(await fails(fakeJob({ type: 'follow-up-record', headers: { subject: 'evaluation' }, variables }))).to.be.instanceOf(InvalidJobInput).and.have.property('message').that.contains('no rating');
    expect(await fails(fakeJob({ type: 'follow-up-record', headers: { subject: 'case' }, variables }))).to.be.instanceOf(InvalidJobInput).and.have.property('message').that.contains('subject');
    expect(await fails(fakeJob({ type: 'follow-up-record', headers: { subject: 'evaluation' }, variables: { ...variables, satisfaction: 'ok' } }))).to.be.instanceOf(InvalidJobInput).and.have.property('message').that.contains('satisfaction');
  });
});
