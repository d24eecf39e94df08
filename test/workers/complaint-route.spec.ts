import { expect } from 'chai';
import type { Complaint, ComplaintChannel } from '../../domain/store/index.js';
import { complaintRoute, DISCIPLINE_BODY } from '../../workers/complaint-route.js';
import { InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

// registered Monday 1 June 2026, 10:00 China time
const MONDAY = '2026-06-01T02:00:00Z';

describe('workers/complaint-route', () => {
  let h: WorkerHarness;
  let route: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['complaint-route'], start: MONDAY });
    await h.engine.deployFixtures('workers/complaint-route.bpmn');
    route = complaintRoute.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  beforeEach(async () => {
    await h.setTime(MONDAY);
  });

  const newComplaint = (channel: ComplaintChannel = 'written'): Promise<Complaint> =>
    h.store.complaints.create({ channel, groundCategory: 2, groundItem: '2.3', complainant: { name: '李四', phone: '13912345678' }, targetDepartmentCode: 'GA', content: '承诺件超时未办结' });

  it('should set the opinion limit (2 working days) and the reply limit (5) of an agency complaint, from a diagram', async () => {
    const complaint = await newComplaint();
    // triaged the next day: the limits still count from acceptance
    await h.setTime('2026-06-02T02:00:00Z');

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-complaint-route',
      variables: { complaintNumber: complaint.complaintNumber, route: 'agency' },
    });

    expect(variables).to.include({ opinionDueAt: '2026-06-03T09:30:00.000Z', replyDueAt: '2026-06-08T09:30:00.000Z' });
    const stored = (await h.store.complaints.get(complaint.id))!;
    expect(stored).to.include({ route: 'agency', status: 'routed' });
    expect(stored.opinionDueAt?.toISOString()).to.equal('2026-06-03T09:30:00.000Z');
    expect(stored.replyDueAt?.toISOString()).to.equal('2026-06-08T09:30:00.000Z');
  });

  it('should set only the reply limit on the center route', async () => {
    const complaint = await newComplaint('oral');

    expect(await route(fakeJob({ type: 'complaint-route', variables: { complaintNumber: complaint.complaintNumber, route: 'center' } }))).to.deep.equal({
      replyDueAt: '2026-06-08T09:30:00.000Z',
    });
    expect((await h.store.complaints.get(complaint.id))!.opinionDueAt).to.equal(null);
  });

  it('should mark an integrity complaint transferred to discipline inspection', async () => {
    const complaint = await newComplaint();

    await route(fakeJob({ type: 'complaint-route', variables: { complaintNumber: complaint.complaintNumber, route: 'discipline', triageNote: '涉及吃拿卡要' } }));

    expect(await h.store.complaints.get(complaint.id)).to.include({ route: 'discipline', agency: DISCIPLINE_BODY });
    const [audit] = await h.store.audit.forTarget('complaint', complaint.id);
    expect(audit.action).to.equal('complaint-transferred');
    expect(audit.detail).to.deep.include({ transferredTo: DISCIPLINE_BODY, triageNote: '涉及吃拿卡要' });
  });

  it('should refuse any other route for an integrity complaint and change nothing', async () => {
    const complaint = await h.store.complaints.create({ channel: 'written', groundCategory: 4, groundItem: '4.2', complainant: { name: '李四', phone: '13912345678' }, targetDepartmentCode: 'ZRZY', content: '窗口人员吃拿卡要' });

    const error = await route(fakeJob({ type: 'complaint-route', variables: { complaintNumber: complaint.complaintNumber, route: 'agency' } })).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as InvalidJobInput).variable).to.equal('route');
    expect((await h.store.complaints.get(complaint.id))!).to.include({ route: null, status: 'registered' });
    expect(await h.store.audit.forTarget('complaint', complaint.id)).to.deep.equal([]);
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const complaint = await newComplaint();
    const once = fakeJob({ type: 'complaint-route', variables: { complaintNumber: complaint.complaintNumber, route: 'agency' } });

    const first = await route(once);
    expect(await route(once)).to.deep.equal(first);

    expect(await h.store.audit.forTarget('complaint', complaint.id)).to.have.length(1);
  });

  it('should refuse a route the contract does not know, naming the variable', async () => {
    const complaint = await newComplaint();

    const error = await route(fakeJob({ type: 'complaint-route', variables: { complaintNumber: complaint.complaintNumber, route: 'ignore' } })).catch((e: unknown) => e);

    expect((error as InvalidJobInput).variable).to.equal('route');
  });
});
