import { expect } from 'chai';
import { applicant, describeEachDialect, openMigratedUpTo } from '../../support/store.js';

describeEachDialect('domain/store notices', ({ store }) => {
  it('should issue a notice once per idempotency key, numbering without gaps', async () => {
    // given a case
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    const at = new Date('2026-11-26T03:00:00Z');
    const notice = (key: string) => ({
      caseId: c.id,
      kind: 'supplement',
      numberPrefix: 'BZ',
      title: '补齐申请材料通知书',
      html: '<p>请补齐</p>',
      data: { missing: ['id-card', 'photo'] },
      idempotencyKey: key,
      at,
    });

    // when one notice is issued twice, then another
    const first = await store().notices.issue(notice('supplement:1'));
    const replay = await store().notices.issue(notice('supplement:1'));
    const second = await store().notices.issue(notice('supplement:2'));

    // then the replay is the first notice, and the numbers run on
    expect(replay).to.deep.equal(first);
    expect(first.number).to.equal('BZ20261126-0001');
    expect(second.number).to.equal('BZ20261126-0002');
    expect(first.data).to.deep.equal({ missing: ['id-card', 'photo'] });
    expect(await store().notices.getByNumber('BZ20261126-0002')).to.deep.equal(second);
    expect(await store().notices.get(first.id)).to.deep.equal(first);
    expect((await store().notices.listForCase(c.id)).map((n) => n.id)).to.deep.equal([first.id, second.id]);
  });

  it('should give one notice to concurrent first issues of the same key', async () => {
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    const issued = await Promise.all(
      Array.from({ length: 5 }, () => store().notices.issue({ caseId: c.id, kind: 'refusal', numberPrefix: 'BY', title: '不予受理通知书', html: '', idempotencyKey: 'refusal:1' })),
    );
    expect(new Set(issued.map((n) => n.id)).size).to.equal(1);
    expect(await store().notices.listForCase(c.id)).to.have.length(1);
  });
});

describeEachDialect('domain/store notices for complaints', ({ store }) => {
  const complaint = () =>
    store().complaints.create({ channel: 'written', groundCategory: 1, complainant: { name: '李四', phone: '13900000000' }, content: '材料没有一次性告知' });

  it('should issue a notice for a complaint and list it with the complaint only', async () => {
    // given a complaint and a case
    const t = await complaint();
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });

    // when a written reply is issued for the complaint, rendered with its own number
    const reply = await store().notices.issue({
      complaintId: t.id,
      kind: 'complaint-reply',
      numberPrefix: 'TD',
      render: (number) => ({ title: '投诉答复书', html: `<p>${number}</p>` }),
      idempotencyKey: 'complaint-reply:1',
      at: new Date('2026-11-26T03:00:00Z'),
    });

    // then it belongs to the complaint, shows its number, and is not among the case's notices
    expect(reply).to.include({ complaintId: t.id, caseId: null, number: 'TD20261126-0001', html: '<p>TD20261126-0001</p>' });
    expect((await store().notices.listForComplaint(t.id)).map((n) => n.id)).to.deep.equal([reply.id]);
    expect(await store().notices.listForCase(c.id)).to.deep.equal([]);
  });

  it('should refuse a notice for both a case and a complaint, or for neither', async () => {
    const t = await complaint();
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    const base = { kind: 'complaint-reply', numberPrefix: 'TD', title: 't', html: 'h', idempotencyKey: 'k' };

    // the repository refuses both and neither before drawing a number
    for (const subject of [{ caseId: c.id, complaintId: t.id }, {}]) {
      const error = await store()
        .notices.issue({ ...base, ...subject })
        .catch((e: unknown) => e);
      expect(error).to.be.instanceOf(TypeError);
    }
    // and the database itself refuses a row with both
    const row = { id: 'n1', case_id: c.id, complaint_id: t.id, kind: 'x', number: 'X1', title: 't', html: 'h', data: '{}', idempotency_key: 'k1', created_at: new Date().toISOString() };
    const refused = await store()
      .db.insertInto('notices')
      .values(row)
      .execute()
      .catch((e: unknown) => e);
    expect(refused).to.be.instanceOf(Error);
    expect(await store().db.selectFrom('counters').selectAll().where('name', 'like', 'TD:%').execute()).to.deep.equal([]);
  });
});

describeEachDialect('domain/store migration 002_complaint_notices', ({ dialect, sandbox }) => {
  it('should keep the notices issued before it and the outbox messages that point at them', async () => {
    // given a store at migration 001 with a notice that an outbox message refers to
    const config = sandbox().config();
    const old = await openMigratedUpTo(config, '001_initial');
    const at = '2026-11-26T03:00:00.000Z';
    await old.db
      .insertInto('cases')
      .values({
        id: 'c1', case_number: 'SH20261126-0001', item_code: 'MZ-001', case_type: 'promised', department_code: 'MZ', status: 'registered',
        applicant_name: '张三', applicant_kind: 'person', received_at: at, suspended_working_days: 0, extension_days: 0, created_at: at, updated_at: at,
      })
      .execute();
    await old.db
      .insertInto('notices')
      .values({ id: 'n1', case_id: 'c1', kind: 'supplement', number: 'BZ20261126-0001', title: '补齐申请材料通知书', html: '<p>旧</p>', data: '{}', idempotency_key: 'old:1', created_at: at })
      .execute();
    await old.db
      .insertInto('outbox')
      .values({ id: 'o1', channel: 'inapp', recipient: 'case:SH20261126-0001', body: '请补齐', notice_id: 'n1', case_id: 'c1', idempotency_key: 'old:1:inapp', status: 'pending', attempts: 0, next_attempt_at: at, created_at: at })
      .execute();
    await old.close();

    // when the store is opened (and so migrated to the latest)
    const s = await sandbox().open(config);

    // then the notice and its outbox link survive, and the foreign key still holds
    expect(await s.notices.getByNumber('BZ20261126-0001')).to.include({ id: 'n1', caseId: 'c1', complaintId: null, html: '<p>旧</p>' });
    expect(await s.outbox.get('o1')).to.include({ noticeId: 'n1' });
    const dangling = await s.outbox
      .enqueue({ channel: 'inapp', recipient: 'x', body: 'x', noticeId: 'no-such-notice', idempotencyKey: 'dangling' })
      .catch((e: unknown) => e);
    expect(dangling, dialect).to.be.instanceOf(Error);
  });
});
