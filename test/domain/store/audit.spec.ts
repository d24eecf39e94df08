import { expect } from 'chai';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store audit', ({ store }) => {
  it("should record actions and list a record's and an actor's history in order", async () => {
    // given
    const at = (h: number) => new Date(Date.UTC(2026, 10, 26, h));
    const a = await store().audit.record({ actor: 'admin', action: 'calendar.set', targetType: 'calendar', targetId: '2027-02-07', detail: { kind: 'workday' }, at: at(1) });
    const b = await store().audit.record({ actor: 'wang', action: 'case.accept', targetType: 'case', targetId: 'c1', at: at(2) });
    const c = await store().audit.record({ actor: 'admin', action: 'calendar.remove', targetType: 'calendar', targetId: '2027-02-07', at: at(3) });

    // then
    expect(await store().audit.forTarget('calendar', '2027-02-07')).to.deep.equal([a, c]);
    expect(a.detail).to.deep.equal({ kind: 'workday' });
    expect(b.detail).to.deep.equal({});
    expect(await store().audit.byActor('admin', { from: at(2), to: at(4) })).to.deep.equal([c]);
  });
});
