import { expect } from 'chai';
import { statementsDuring } from '../../support/statement-count.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store calendar', ({ store }) => {
  it('should keep one override per date, the latest winning', async () => {
    // given an adjusted working day, then a correction of it
    await store().calendar.setOverride({ date: '2027-02-07', kind: 'workday', reason: '春节调休', setBy: 'admin' }, new Date('2026-12-01T00:00:00Z'));
    const corrected = await store().calendar.setOverride({ date: '2027-02-07', kind: 'holiday', reason: '更正', setBy: 'admin2' }, new Date('2026-12-02T00:00:00Z'));
    await store().calendar.setOverride({ date: '2027-01-01', kind: 'holiday', reason: '元旦', setBy: 'admin' });

    // then
    expect(corrected).to.deep.equal({ date: '2027-02-07', kind: 'holiday', reason: '更正', setBy: 'admin2', setAt: new Date('2026-12-02T00:00:00Z') });
    expect((await store().calendar.listOverrides({ from: '2027-02-01', to: '2027-02-28' })).map((o) => o.date)).to.deep.equal(['2027-02-07']);
    expect((await store().calendar.listOverrides()).map((o) => o.date)).to.deep.equal(['2027-01-01', '2027-02-07']);
    expect(await store().calendar.removeOverride('2027-01-01')).to.equal(true);
    expect(await store().calendar.removeOverride('2027-01-01')).to.equal(false);
  });

  it('should refuse a date that is not YYYY-MM-DD', async () => {
    const error = await store()
      .calendar.setOverride({ date: '2027-2-7', kind: 'workday', reason: '', setBy: 'admin' })
      .catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RangeError);
  });

  it('should record the years whose schedule is known', async () => {
    await store().calendar.setYear({ year: 2027, source: 'admin', note: '国办发明电〔2026〕7号' });
    await store().calendar.setYear({ year: 2026, source: 'package', note: null });
    await store().calendar.setYear({ year: 2027, source: 'admin', note: 'corrected' });
    expect(await store().calendar.years()).to.deep.equal([
      { year: 2026, source: 'package', note: null },
      { year: 2027, source: 'admin', note: 'corrected' },
    ]);
    expect(await store().calendar.removeYear(2026)).to.equal(true);
  });

  it("should make a year's schedule its only overrides, leave other years alone, and declare the year known", async () => {
    await store().calendar.setOverride({ date: '2027-03-01', kind: 'holiday', reason: '旧录入', setBy: 'admin' });
    await store().calendar.setOverride({ date: '2026-12-31', kind: 'holiday', reason: '县里放假', setBy: 'admin' });
    await store().transaction((tx) =>
      tx.calendar.setYearSchedule(
        2027,
        [
          { date: '2027-01-01', kind: 'holiday', reason: '元旦' },
          { date: '2027-02-20', kind: 'workday', reason: '春节调休' },
        ],
        'admin',
        'admin 录入',
        new Date('2026-12-14T02:00:00Z'),
      ),
    );
    expect((await store().calendar.listOverrides()).map((o) => `${o.date} ${o.kind} ${o.reason} ${o.setBy}`)).to.deep.equal([
      '2026-12-31 holiday 县里放假 admin',
      '2027-01-01 holiday 元旦 admin',
      '2027-02-20 workday 春节调休 admin',
    ]);
    expect(await store().calendar.years()).to.deep.equal([{ year: 2027, source: 'admin', note: 'admin 录入' }]);
    const outside = await store()
      .calendar.setYearSchedule(2027, [{ date: '2028-01-01', kind: 'holiday', reason: '元旦' }], 'admin', null)
      .catch((e: unknown) => e);
    expect(outside).to.be.instanceOf(RangeError);
  });

  it('should read every override and every known year in one statement, as listOverrides and years read them', async () => {
    // given overrides and years, entered out of order
    await store().calendar.setOverride({ date: '2027-02-07', kind: 'workday', reason: '春节调休', setBy: 'admin' }, new Date('2026-12-01T00:00:00Z'));
    await store().calendar.setOverride({ date: '2026-12-31', kind: 'holiday', reason: '县里放假', setBy: 'admin2' }, new Date('2026-12-02T00:00:00Z'));
    await store().calendar.setYear({ year: 2027, source: 'admin', note: '国办发明电〔2026〕7号' });
    await store().calendar.setYear({ year: 2026, source: 'package', note: null });

    // when both are read together
    const { result: everything, statements } = await statementsDuring(() => store().calendar.everything());

    // then it is one round trip, with what the two separate reads give
    expect(statements).to.have.length(1);
    expect(everything).to.deep.equal({ overrides: await store().calendar.listOverrides(), years: await store().calendar.years() });
    expect(everything.overrides.map((o) => o.date)).to.deep.equal(['2026-12-31', '2027-02-07']);
    expect(everything.years.map((y) => y.year)).to.deep.equal([2026, 2027]);
  });

  it('should read an empty calendar as no overrides and no years', async () => {
    expect(await store().calendar.everything()).to.deep.equal({ overrides: [], years: [] });
  });
});
