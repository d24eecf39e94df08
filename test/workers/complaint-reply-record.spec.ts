import { expect } from 'chai';
import type { Complaint, ComplaintChannel } from '../../domain/store/index.js';
import { complaintReplyRecord } from '../../workers/complaint-reply-record.js';
import { BusinessOutcome } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';

describe('workers/complaint-reply-record', () => {
  let h: WorkerHarness;
  let record: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['complaint-reply-record'], start: MONDAY });
    await h.engine.deployFixtures('workers/complaint-reply-record.bpmn');
    record = complaintReplyRecord.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  const newComplaint = (channel: ComplaintChannel): Promise<Complaint> =>
    h.store.complaints.create({ channel, groundCategory: 1, groundItem: '1.1', complainant: { name: '李四', phone: '13912345678' }, targetDepartmentCode: 'GA', content: '窗口人员态度粗暴' });

  it('should record the written reply to a written complaint, from a diagram', async () => {
    const complaint = await newComplaint('written');

    await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-complaint-reply-record',
      variables: { complaintNumber: complaint.complaintNumber, replyKind: 'written', replyText: '经查属实，已对当事人批评教育。', verified: true },
    });

    const stored = (await h.store.complaints.get(complaint.id))!;
    expect(stored).to.include({ status: 'replied', replyKind: 'written', replyText: '经查属实，已对当事人批评教育。', verified: true });
    expect(stored.repliedAt?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
  });

  it('should refuse an oral reply to a written complaint with WRITTEN_REPLY_REQUIRED, from a diagram', async () => {
    const complaint = await newComplaint('online');

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-complaint-reply-record',
      variables: { complaintNumber: complaint.complaintNumber, replyKind: 'oral', replyText: '已电话说明。', verified: false },
    });

    expect(variables).to.include({ writtenReplyRequired: true });
    expect((await h.store.complaints.get(complaint.id))!.status).to.equal('registered');
  });

  it('should record an oral reply to an oral complaint at the time it was given', async () => {
    const complaint = await newComplaint('phone');

    await record(fakeJob({ type: 'complaint-reply-record', variables: { complaintNumber: complaint.complaintNumber, replyKind: 'oral', replyText: '当场解释了补正要求并致歉。', oralReplyAt: '2026-06-01T01:30:00Z', verified: false } }));

    const stored = (await h.store.complaints.get(complaint.id))!;
    expect(stored).to.include({ replyKind: 'oral', verified: false });
    expect(stored.repliedAt?.toISOString()).to.equal('2026-06-01T01:30:00.000Z');
  });

  it("should record the copy of an agency's direct reply without a reply kind, and the agency", async () => {
    const complaint = await newComplaint('written');

    await record(fakeJob({ type: 'complaint-reply-record', headers: { by: 'agency' }, variables: { complaintNumber: complaint.complaintNumber, replyText: '县公安局已答复投诉人。', verified: true, handlingAgency: '县公安局' } }));

    expect(await h.store.complaints.get(complaint.id)).to.include({ status: 'replied', replyKind: null, replyText: '县公安局已答复投诉人。', verified: true, agency: '县公安局' });
    const [audit] = await h.store.audit.forTarget('complaint', complaint.id);
    expect(audit.action).to.equal('complaint-agency-reply-recorded');
    expect(audit.detail).to.include({ by: 'agency', agency: '县公安局' });
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const complaint = await newComplaint('written');
    const once = fakeJob({ type: 'complaint-reply-record', variables: { complaintNumber: complaint.complaintNumber, replyKind: 'written', replyText: '答复。', verified: false } });

    await record(once);
    await h.setTime('2026-06-02T02:00:00Z');
    await record(once);

    expect((await h.store.complaints.get(complaint.id))!.repliedAt?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
    expect(await h.store.audit.forTarget('complaint', complaint.id)).to.have.length(1);
    await h.setTime(MONDAY);
  });

  it('should say which complaint needs a written reply', async () => {
    const complaint = await newComplaint('written');

    const error = await record(fakeJob({ type: 'complaint-reply-record', variables: { complaintNumber: complaint.complaintNumber, replyKind: 'oral', replyText: '口头答复。' } })).catch((e: unknown) => e);

    expect((error as BusinessOutcome).errorCode).to.equal('WRITTEN_REPLY_REQUIRED');
    expect((error as Error).message).to.contain(complaint.complaintNumber);
  });
});
