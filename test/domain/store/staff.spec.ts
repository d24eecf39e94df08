import { expect } from 'chai';
import type { Staff } from '../../../domain/store/index.js';
import { withStatements } from '../../support/statement-counter.js';
import { describeEachDialect } from '../../support/store.js';

const person = (id: string, overrides: Partial<Staff> = {}): Staff => ({
  id,
  name: id,
  departmentCode: 'MZ',
  roles: ['window-clerk'],
  phone: null,
  email: null,
  active: true,
  ...overrides,
});

describeEachDialect('domain/store staff', ({ store, config }) => {
  beforeEach(async () => {
    for (const id of ['wang', 'li', 'zhao', 'qian']) await store().staff.upsertStaff(person(id));
    await store().staff.upsertPost({ code: 'mz-accept', departmentCode: 'MZ', name: '民政受理岗', candidateGroup: 'mz-window' });
  });

  it('should list the holders of a post, A first then B in order', async () => {
    // when B holders are given in order after A
    await store().staff.setHolders('mz-accept', ['li', 'zhao', 'wang']);

    // then
    const holders = await store().staff.holders('mz-accept');
    expect(holders.map((h) => [h.rank, h.staff.id])).to.deep.equal([
      [0, 'li'],
      [1, 'zhao'],
      [2, 'wang'],
    ]);
    expect(holders[0].staff).to.deep.equal(person('li'));
    expect(await store().staff.postsHeldBy('zhao')).to.deep.equal([{ post: await store().staff.getPost('mz-accept'), rank: 1 }]);

    // and replacing the holders reorders them
    await store().staff.setHolders('mz-accept', ['zhao', 'li']);
    expect((await store().staff.holders('mz-accept')).map((h) => h.staff.id)).to.deep.equal(['zhao', 'li']);
  });

  it('should find absences covering an instant', async () => {
    // given leave from 9:00 to 12:00, and one the day before
    const leave = await store().staff.addAbsence({ staffId: 'li', startsAt: new Date('2026-11-26T01:00:00Z'), endsAt: new Date('2026-11-26T04:00:00Z'), reason: '事假' });
    await store().staff.addAbsence({ staffId: 'zhao', startsAt: new Date('2026-11-25T01:00:00Z'), endsAt: new Date('2026-11-25T09:00:00Z'), reason: '培训' });

    // then: covered from its start, not at its end
    expect(await store().staff.absencesAt(new Date('2026-11-26T01:00:00Z'))).to.deep.equal([leave]);
    expect(await store().staff.absencesAt(new Date('2026-11-26T03:59:59Z'), ['li', 'zhao'])).to.deep.equal([leave]);
    expect(await store().staff.absencesAt(new Date('2026-11-26T04:00:00Z'))).to.deep.equal([]);
    expect(await store().staff.absencesAt(new Date('2026-11-26T02:00:00Z'), ['zhao'])).to.deep.equal([]);
    expect(await store().staff.absencesAt(new Date('2026-11-26T02:00:00Z'), [])).to.deep.equal([]);
    expect(await store().staff.removeAbsence(leave.id)).to.equal(true);
    expect(await store().staff.absencesAt(new Date('2026-11-26T02:00:00Z'))).to.deep.equal([]);
  });

  it("should read the post serving a task's groups with its holders and their absences at an instant, in one statement", async () => {
    // given two posts for the window's group, one for the review group, and two overlapping leaves of li
    await store().staff.setHolders('mz-accept', ['li', 'zhao', 'wang']);
    await store().staff.upsertPost({ code: 'mz-accept-2', departmentCode: 'MZ', name: '民政受理二岗', candidateGroup: 'mz-window' });
    await store().staff.setHolders('mz-accept-2', ['qian']);
    await store().staff.upsertPost({ code: 'mz-review', departmentCode: 'MZ', name: '民政审核岗', candidateGroup: 'mz-review' });
    await store().staff.upsertStaff(person('zhao', { active: false }));
    const at = new Date('2026-11-26T02:00:00Z');
    const leave = await store().staff.addAbsence({ staffId: 'li', startsAt: new Date('2026-11-26T01:00:00Z'), endsAt: new Date('2026-11-26T04:00:00Z'), reason: '事假' });
    await store().staff.addAbsence({ staffId: 'li', startsAt: new Date('2026-11-26T01:30:00Z'), endsAt: new Date('2026-11-26T09:00:00Z'), reason: '培训', kind: 'training' });
    await store().staff.addAbsence({ staffId: 'wang', startsAt: new Date('2026-11-25T01:00:00Z'), endsAt: new Date('2026-11-25T09:00:00Z'), reason: '事假' });

    // when
    const { statements, result: staffing } = await withStatements(config(), () => store().staff.staffing(['unserved', 'mz-window', 'mz-review'], at));

    // then: the first served group's first post by code; holders in rank order with the leave begun first
    expect(statements).to.have.length(1);
    expect(staffing?.post).to.deep.equal(await store().staff.getPost('mz-accept'));
    expect(staffing?.holders).to.deep.equal([
      { holder: { postCode: 'mz-accept', rank: 0, staff: person('li') }, absence: leave },
      { holder: { postCode: 'mz-accept', rank: 1, staff: person('zhao', { active: false }) }, absence: null },
      { holder: { postCode: 'mz-accept', rank: 2, staff: person('wang') }, absence: null },
    ]);
    expect(await store().staff.staffing(['mz-review', 'mz-window'], at)).to.deep.equal({ post: await store().staff.getPost('mz-review'), holders: [] });
    expect(await store().staff.staffing(['unserved'], at)).to.equal(undefined);
    expect(await store().staff.staffing([], at)).to.equal(undefined);
  });

  it('should update staff and filter by department and activity', async () => {
    await store().staff.upsertStaff(person('qian', { departmentCode: 'GA', active: false, roles: ['window-head'], phone: '0571-1234' }));
    expect(await store().staff.getStaff('qian')).to.deep.equal(person('qian', { departmentCode: 'GA', active: false, roles: ['window-head'], phone: '0571-1234' }));
    expect((await store().staff.listStaff({ departmentCode: 'MZ', activeOnly: true })).map((s) => s.id)).to.deep.equal(['li', 'wang', 'zhao']);
    expect((await store().staff.listPosts({ candidateGroup: 'mz-window' })).map((p) => p.code)).to.deep.equal(['mz-accept']);
  });

  it('should refuse an absence that ends before it starts', async () => {
    const outcome = await store()
      .staff.addAbsence({ staffId: 'li', startsAt: new Date('2026-11-26T04:00:00Z'), endsAt: new Date('2026-11-26T01:00:00Z'), reason: 'x' })
      .then(
        () => 'stored',
        () => 'refused',
      );
    expect(outcome).to.equal('refused');
  });
});
