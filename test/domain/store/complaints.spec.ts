import { expect } from 'chai';
import { StoreNotFoundError, type NewComplaint } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

const newComplaint = (overrides: Partial<NewComplaint> = {}): NewComplaint => ({
  channel: 'written',
  groundCategory: 1,
  groundItem: '1.3',
  complainant: { name: '李四', phone: '13900000000' },
  targetDepartmentCode: 'MZ',
  caseNumber: 'SH20261126-0001',
  content: '材料没有一次性告知，跑了三趟',
  at: new Date('2026-11-26T06:00:00Z'),
  ...overrides,
});

describeEachDialect('domain/store complaints', ({ store }) => {
  it('should register complaints under daily numbers and follow them to a reply', async () => {
    // given
    const first = await store().complaints.create(newComplaint());
    const second = await store().complaints.create(newComplaint({ channel: 'oral', isMajor: true }));
    expect([first.complaintNumber, second.complaintNumber]).to.deep.equal(['TS20261126-0001', 'TS20261126-0002']);
    expect(first).to.include({ status: 'registered', isMajor: false, route: null, verified: null, satisfaction: null });
    expect(first.complainant).to.deep.equal({ name: '李四', phone: '13900000000', email: null });

    // when it is routed, replied to and verified
    await store().complaints.update(first.id, { status: 'routed', route: 'center', replyDueAt: new Date('2026-12-03T09:00:00Z') });
    const replied = await store().complaints.update(first.id, {
      status: 'replied',
      replyKind: 'written',
      replyText: '经核实，情况属实',
      repliedAt: new Date('2026-12-01T02:00:00Z'),
      verified: true,
      satisfaction: 'satisfied',
    });

    // then
    expect(replied).to.include({ status: 'replied', route: 'center', replyKind: 'written', verified: true, satisfaction: 'satisfied' });
    expect(replied.replyDueAt).to.deep.equal(new Date('2026-12-03T09:00:00Z'));
    expect(await store().complaints.getByNumber('TS20261126-0001')).to.deep.equal(replied);
    expect(await store().complaints.get(first.id)).to.deep.equal(replied);
    expect((await store().complaints.list({ caseNumber: 'SH20261126-0001' })).map((c) => c.id)).to.deep.equal([first.id, second.id]);
    expect((await store().complaints.list({ status: 'routed' })).length).to.equal(0);
  });

  it('should list complaints whose promised reply is due', async () => {
    const a = await store().complaints.create(newComplaint());
    const b = await store().complaints.create(newComplaint());
    await store().complaints.update(a.id, { status: 'accepted', replyDueAt: new Date('2026-12-01T09:00:00Z') });
    await store().complaints.update(b.id, { status: 'accepted', replyDueAt: new Date('2026-12-09T09:00:00Z') });
    const due = await store().complaints.list({ status: 'accepted', replyDueBefore: new Date('2026-12-02T00:00:00Z') });
    expect(due.map((c) => c.id)).to.deep.equal([a.id]);
  });

  it('should record an assessment once per idempotency key', async () => {
    const c = await store().complaints.create(newComplaint());
    const first = await store().complaints.recordAssessment({ complaintId: c.id, departmentCode: 'MZ', staffId: 'wang', reason: '未一次性告知', idempotencyKey: 'assess:1' });
    const replay = await store().complaints.recordAssessment({ complaintId: c.id, departmentCode: 'GA', reason: 'other', idempotencyKey: 'assess:1' });
    expect(replay).to.deep.equal(first);
    expect(await store().complaints.assessments(c.id)).to.deep.equal([first]);
  });

  it('should refuse a ground category outside 1-5 and an unknown complaint', async () => {
    const outcome = await store()
      .complaints.create(newComplaint({ groundCategory: 6 as never }))
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(outcome).to.equal('refused');
    expect(await store().complaints.update('nope', { status: 'closed' }).catch((e: unknown) => e)).to.be.instanceOf(StoreNotFoundError);
  });
});
