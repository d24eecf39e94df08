import { expect } from 'chai';
import { applicant, describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store evaluations', ({ store }) => {
  it('should keep one rating per case and track the follow-up of a bad one', async () => {
    // given a completed case
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });

    // when the applicant rates it twice
    const due = new Date('2026-12-17T09:00:00Z');
    const first = await store().evaluations.rate({ caseId: c.id, level: 'dissatisfied', comment: '等太久', rectificationDueAt: due, followUpState: 'pending' });
    const second = await store().evaluations.rate({ caseId: c.id, level: 'very-satisfied' });

    // then the first rating stands
    expect(second).to.deep.equal(first);
    expect(first).to.include({ level: 'dissatisfied', followUpState: 'pending' });
    expect((await store().evaluations.listByFollowUp('pending')).map((e) => e.caseId)).to.deep.equal([c.id]);

    // and the follow-up moves on
    const visited = await store().evaluations.setFollowUp(c.id, 'visited');
    expect(visited.rectificationDueAt).to.deep.equal(due);
    expect((await store().evaluations.setFollowUp(c.id, 'rectified', null)).rectificationDueAt).to.equal(null);
    expect(await store().evaluations.get(c.id)).to.include({ followUpState: 'rectified' });
  });

  it('should refuse a level outside the five', async () => {
    const c = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    const outcome = await store()
      .evaluations.rate({ caseId: c.id, level: 'meh' as never })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(outcome).to.equal('refused');
  });
});
