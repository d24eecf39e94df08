import { expect } from 'chai';
import { createWorkingDayCalendar } from '../../../domain/calendar/calendar.js';
import { recentCalendar, storeCalendar } from '../../../domain/calendar/store-calendar.js';
import type { WorkingDayCalendar } from '../../../domain/calendar/types.js';
import { statementsDuring } from '../../support/statement-count.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/calendar storeCalendar', ({ store }) => {
  it('should see an override set a moment ago at the next read, each read one statement', async () => {
    // given the calendar read once, 2027-02-20 (a Saturday) a rest day
    const read = storeCalendar(store());
    expect((await read()).isWorkingDay('2027-02-20')).to.equal(false);

    // when an administrator (on whichever instance) makes it a working day
    await store().calendar.setOverride({ date: '2027-02-20', kind: 'workday', reason: '春节调休', setBy: 'admin' });

    // then the very next read counts it, in one round trip
    const { result, statements } = await statementsDuring(read);
    expect(result.isWorkingDay('2027-02-20')).to.equal(true);
    expect(statements).to.have.length(1);
  });
});

describe('domain/calendar recentCalendar', () => {
  let time: number;
  const clock = () => new Date(time);
  let reads: number;
  let next: () => Promise<WorkingDayCalendar>;
  const read = () => {
    reads++;
    return next();
  };
  beforeEach(() => {
    time = Date.parse('2026-12-14T02:00:00Z');
    reads = 0;
    next = () => Promise.resolve(createWorkingDayCalendar({ overrides: [] }));
  });

  it('should read once for maxAgeMs, then again', async () => {
    const cache = recentCalendar(read, { maxAgeMs: 10_000, clock });
    const first = await cache.read();
    time += 9_999;
    expect(await cache.read()).to.equal(first);
    expect(reads).to.equal(1);
    time += 1;
    expect(await cache.read()).to.not.equal(first);
    expect(reads).to.equal(2);
  });

  it('should read again at once after its own instance changed the calendar', async () => {
    const cache = recentCalendar(read, { maxAgeMs: 10_000, clock });
    await cache.read();
    cache.invalidate();
    await cache.read();
    expect(reads).to.equal(2);
  });

  it('should share one read among the readers arriving while it runs', async () => {
    let resolve!: (c: WorkingDayCalendar) => void;
    next = () => new Promise((r) => (resolve = r));
    const cache = recentCalendar(read, { maxAgeMs: 10_000, clock });
    const waiting = [cache.read(), cache.read(), cache.read()];
    resolve(createWorkingDayCalendar({ overrides: [] }));
    const [a, b, c] = await Promise.all(waiting);
    expect(reads).to.equal(1);
    expect(a).to.equal(b).and.equal(c);
  });

  it('should not keep a read that failed', async () => {
    next = () => Promise.reject(new Error('store down'));
    const cache = recentCalendar(read, { maxAgeMs: 10_000, clock });
    const error = await cache.read().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(Error);
    next = () => Promise.resolve(createWorkingDayCalendar({ overrides: [] }));
    await cache.read();
    expect(reads).to.equal(2);
  });

  it('should read again when the clock is set back rather than keep the old read longer', async () => {
    const cache = recentCalendar(read, { maxAgeMs: 10_000, clock });
    await cache.read();
    time -= 60_000;
    await cache.read();
    expect(reads).to.equal(2);
  });
});
