import { expect } from 'chai';
import { applicant, describeEachDialect } from '../../support/store.js';

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
