import { expect } from 'chai';
import { createWorkingDayCalendar } from '../../../domain/calendar/calendar.js';
import { dueStatusOf, dueThresholds } from '../../../domain/calendar/due-status.js';

describe('domain/calendar due status (inbox traffic light)', () => {
  const calendar = createWorkingDayCalendar({ overrides: [] });
  const status = (due: string | null, now: string) => dueStatusOf(due === null ? null : new Date(due), dueThresholds(calendar, new Date(now)));

  it('should be red once the due time has passed, and normal without one', () => {
    expect(status('2026-03-04T09:30:00Z', '2026-03-04T09:30:01Z')).to.equal('red');
    expect(status(null, '2026-03-04T09:30:01Z')).to.equal('normal');
  });

  it('should turn yellow at 17:30 China time of the working day before the due day, as the supervision warning does', () => {
    // due Thursday 5 March 2026 17:30 in Beijing
    const due = '2026-03-05T09:30:00Z';
    expect(status(due, '2026-03-04T09:29:59Z')).to.equal('normal'); // Wednesday 17:29
    expect(status(due, '2026-03-04T09:30:00Z')).to.equal('yellow'); // Wednesday 17:30
    expect(status(due, '2026-03-05T02:00:00Z')).to.equal('yellow'); // Thursday morning
  });

  it('should count working days: a Monday deadline is warned from Friday 17:30, through the weekend', () => {
    const monday = '2026-03-09T09:30:00Z';
    expect(status(monday, '2026-03-06T09:00:00Z')).to.equal('normal'); // Friday 17:00
    expect(status(monday, '2026-03-06T10:00:00Z')).to.equal('yellow'); // Friday 18:00
    expect(status(monday, '2026-03-07T02:00:00Z')).to.equal('yellow'); // Saturday
    // on Saturday a Tuesday deadline is not yet within one working day
    expect(status('2026-03-10T09:30:00Z', '2026-03-07T02:00:00Z')).to.equal('normal');
  });

  it('should skip statutory holidays and count adjusted working days, and follow an administrator’s override', () => {
    // National Day 2026: 1–7 October off, so a deadline on Thursday 8 October is warned from 30 September 17:30
    const afterHoliday = '2026-10-08T09:30:00Z';
    expect(status(afterHoliday, '2026-09-30T09:00:00Z')).to.equal('normal');
    expect(status(afterHoliday, '2026-09-30T09:30:00Z')).to.equal('yellow');
    expect(status(afterHoliday, '2026-10-04T02:00:00Z')).to.equal('yellow');
    // Saturday 10 October is an adjusted working day: a Monday deadline is warned from Saturday 17:30, not Friday's
    const monday = '2026-10-12T09:30:00Z';
    expect(status(monday, '2026-10-09T10:00:00Z')).to.equal('normal');
    expect(status(monday, '2026-10-10T09:30:00Z')).to.equal('yellow');
    // declared a holiday by an administrator, that Saturday no longer counts
    const overridden = createWorkingDayCalendar({ overrides: [{ date: '2026-10-10', kind: 'holiday', reason: '调整', setBy: 'admin' }] });
    expect(dueStatusOf(new Date(monday), dueThresholds(overridden, new Date('2026-10-09T10:00:00Z')))).to.equal('yellow');
  });

  it('should judge a finished task by when it was finished', () => {
    const bands = dueThresholds(calendar, new Date('2026-03-20T00:00:00Z'));
    expect(dueStatusOf(new Date('2026-03-05T09:30:00Z'), bands, new Date('2026-03-05T09:00:00Z'))).to.equal('normal');
    expect(dueStatusOf(new Date('2026-03-05T09:30:00Z'), bands, new Date('2026-03-05T10:00:00Z'))).to.equal('red');
  });
});
