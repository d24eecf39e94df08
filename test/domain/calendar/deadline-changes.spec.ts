import { expect } from 'chai';
import { createWorkingDayCalendar } from '../../../domain/calendar/calendar.js';
import { deadlineChanges, type DeadlineOfCase } from '../../../domain/calendar/deadline-changes.js';

const without2027 = createWorkingDayCalendar({ overrides: [] });
const with2027 = createWorkingDayCalendar({
  overrides: [
    { date: '2027-01-01', kind: 'holiday', reason: '元旦', setBy: 'admin' },
    { date: '2027-01-09', kind: 'workday', reason: '调休', setBy: 'admin' },
  ],
  knownYears: [2027],
});

function openCase(over: Partial<DeadlineOfCase>): DeadlineOfCase {
  return { id: 'c1', caseNumber: 'SH20261214-0001', processInstanceKey: '1', acceptedAt: null, dueAt: null, warnAt: null, calendarFlag: null, ...over };
}

describe('domain/calendar deadline changes', () => {
  it('should count the same working days again on the new calendar, extensions and paused days included', () => {
    // accepted Monday 14 December 2026; 20 working days + a 5-day extension on the weekend rule for 2027
    const acceptedAt = new Date('2026-12-14T02:00:00Z');
    const old = without2027.dueAt(acceptedAt, 25);
    expect(old.date).to.equal('2027-01-18');
    const [change] = deadlineChanges([openCase({ acceptedAt, dueAt: old.dueAt, warnAt: old.warnAt, calendarFlag: 'unknown-year:2027' })], without2027, with2027);
    // 1 January off, Saturday 9 January worked: the same day in the end, but the flag goes
    const expected = with2027.dueAt(acceptedAt, 25);
    expect(expected.date).to.equal('2027-01-18');
    expect(change.after).to.deep.equal({ dueAt: expected.dueAt, warnAt: expected.warnAt, calendarFlag: null });
  });

  it('should move a deadline the new holiday falls into and leave unaffected cases out', () => {
    const acceptedAt = new Date('2026-12-14T02:00:00Z');
    const moved = without2027.dueAt(acceptedAt, 14);
    expect(moved.date).to.equal('2027-01-01');
    const before2027 = without2027.dueAt(acceptedAt, 5);
    const changes = deadlineChanges(
      [
        openCase({ id: 'moved', acceptedAt, dueAt: moved.dueAt, warnAt: moved.warnAt, calendarFlag: 'unknown-year:2027' }),
        openCase({ id: 'untouched', acceptedAt, dueAt: before2027.dueAt, warnAt: before2027.warnAt }),
        openCase({ id: 'not-accepted' }),
      ],
      without2027,
      with2027,
    );
    expect(changes.map((c) => c.caseId)).to.deep.equal(['moved']);
    expect(changes[0].after.dueAt?.toISOString()).to.equal('2027-01-04T09:30:00.000Z');
  });

  it('should keep the years of a flag the new calendar still does not know', () => {
    const [change] = deadlineChanges([openCase({ calendarFlag: 'unknown-year:2027,2028' })], without2027, with2027);
    expect(change.after.calendarFlag).to.equal('unknown-year:2028');
  });
});
