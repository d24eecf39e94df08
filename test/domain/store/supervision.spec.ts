import { expect } from 'chai';
import { applicant, describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store supervision', ({ store }) => {
  it('should record a card once per idempotency key and resolve it once', async () => {
    // given an overdue case
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });

    // when the overdue timer's job fires twice, and a warning was given earlier
    const warning = await store().supervision.record({ caseId: c.id, kind: 'warning', reason: '距办结时限1个工作日', idempotencyKey: `warn:${c.id}`, at: new Date('2026-12-01T01:00:00Z') });
    const card = await store().supervision.record({ caseId: c.id, userTaskKey: '2251799813685300', kind: 'yellow-card', reason: '超期未办结', idempotencyKey: `overdue:${c.id}`, at: new Date('2026-12-02T01:00:00Z') });
    const replay = await store().supervision.record({ caseId: c.id, kind: 'red-card', reason: 'x', idempotencyKey: `overdue:${c.id}` });

    // then
    expect(replay).to.deep.equal(card);
    expect(card).to.include({ kind: 'yellow-card', userTaskKey: '2251799813685300', resolvedAt: null });
    expect((await store().supervision.listOpen({ kind: 'yellow-card' })).map((r) => r.id)).to.deep.equal([card.id]);
    const resolvedAt = new Date('2026-12-03T01:00:00Z');
    const resolved = await store().supervision.resolve(card.id, resolvedAt);
    expect(resolved.resolvedAt).to.deep.equal(resolvedAt);
    expect((await store().supervision.resolve(card.id, new Date('2026-12-09T01:00:00Z'))).resolvedAt).to.deep.equal(resolvedAt);
    expect((await store().supervision.listOpen()).map((r) => r.id)).to.deep.equal([warning.id]);
    expect((await store().supervision.listForCase(c.id)).map((r) => r.kind)).to.deep.equal(['warning', 'yellow-card']);
  });
});
