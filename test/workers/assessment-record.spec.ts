import { expect } from 'chai';
import type { Complaint } from '../../domain/store/index.js';
import { assessmentRecord } from '../../workers/assessment-record.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/assessment-record', () => {
  let h: WorkerHarness;
  let assess: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['assessment-record'] });
    await h.engine.deployFixtures('workers/assessment-record.bpmn');
    assess = assessmentRecord.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  const newComplaint = (): Promise<Complaint> =>
    h.store.complaints.create({
      channel: 'written',
      groundCategory: 3,
      groundItem: '3.3',
      complainant: { name: '李四', phone: '13912345678' },
      targetDepartmentCode: 'ZRZY',
      targetStaffId: 'sun-clerk',
      content: '收取登记费未开具正式票据',
    });

  it('should assess the window and the staff member of a verified complaint, from a diagram', async () => {
    const complaint = await newComplaint();

    await h.engine.client.createProcessInstanceWithResult({ processDefinitionId: 'fixture-assessment-record', variables: { complaintNumber: complaint.complaintNumber, verified: true } });

    const [assessment] = await h.store.complaints.assessments(complaint.id);
    expect(assessment).to.include({ departmentCode: 'ZRZY', staffId: 'sun-clerk' });
    expect(assessment.reason).to.contain(complaint.complaintNumber).and.to.contain('收费不开正式票据');
    expect((await h.store.complaints.get(complaint.id))!.verified).to.equal(true);
  });

  it('should assess nobody when the complaint was not verified', async () => {
    const complaint = await newComplaint();

    await assess(fakeJob({ type: 'assessment-record', variables: { complaintNumber: complaint.complaintNumber, verified: false } }));

    expect(await h.store.complaints.assessments(complaint.id)).to.deep.equal([]);
  });

  it('should assess a complaint once, even from a second job', async () => {
    const complaint = await newComplaint();
    const once = fakeJob({ type: 'assessment-record', variables: { complaintNumber: complaint.complaintNumber, verified: true } });

    await assess(once);
    await assess(once);
    await assess(fakeJob({ type: 'assessment-record', variables: { complaintNumber: complaint.complaintNumber, verified: true } }));

    expect(await h.store.complaints.assessments(complaint.id)).to.have.length(1);
    expect(await h.store.audit.forTarget('complaint', complaint.id)).to.have.length(1);
  });
});
