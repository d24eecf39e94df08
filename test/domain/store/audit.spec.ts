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

describeEachDialect('domain/store audit redaction', ({ store }) => {
  it('should store ID and phone numbers masked whoever writes the entry, e.g. a worker', async () => {
    const entry = await store().audit.record({
      actor: 'worker:notice-issue',
      action: 'notice.issue',
      targetType: 'case',
      targetId: 'c9',
      detail: { applicant: { idNumber: '110101199003077777', phone: '13800138000' }, note: '申请人身份证110101199003077777' },
    });

    const [stored] = await store().audit.forTarget('case', 'c9');

    expect(JSON.stringify(stored.detail)).to.not.include('110101199003077777').and.not.include('13800138000');
    expect(stored.detail).to.deep.equal(entry.detail);
  });
});

describeEachDialect('domain/store audit search', ({ store }) => {
  it('should page through matching entries newest first and count them all', async () => {
    // given five entries by two actors over five hours
    const at = (h: number) => new Date(Date.UTC(2026, 10, 26, h));
    const entries = [];
    for (let h = 0; h < 5; h++) {
      entries.push(await store().audit.record({ actor: h % 2 ? 'li' : 'wang', action: 'task.complete', targetType: 'task', targetId: `t${h}`, at: at(h) }));
    }

    // then a page holds the newest first, and total counts every match
    const all = await store().audit.search({ limit: 2, offset: 0 });
    expect(all).to.deep.equal({ entries: [entries[4], entries[3]], total: 5 });
    expect((await store().audit.search({ limit: 2, offset: 4 })).entries).to.deep.equal([entries[0]]);

    // and filters narrow both
    expect(await store().audit.search({ actor: 'wang', from: at(1), to: at(4), limit: 10, offset: 0 })).to.deep.equal({ entries: [entries[2]], total: 1 });
    expect(await store().audit.search({ targetType: 'task', targetId: 't3', action: 'task.complete', limit: 10, offset: 0 })).to.deep.equal({ entries: [entries[3]], total: 1 });
    expect(await store().audit.search({ action: 'case.accept', limit: 10, offset: 0 })).to.deep.equal({ entries: [], total: 0 });
  });
});
