import { expect } from 'chai';
import { createWorkingDayCalendar, packageYears } from '../../../domain/calendar/calendar.js';
import type { CalendarOverride } from '../../../domain/calendar/types.js';

// Expected dates are counted by hand from the State Council's 2026 schedule (国办发明电〔2025〕7号)
// as the package records it:
//   春节 2月15日–23日 off, 2月14日 (Sat) and 2月28日 (Sat) worked;
//   中秋 9月25日–27日 off; 国庆 10月1日–7日 off, 9月20日 (Sun) and 10月10日 (Sat) worked.

const override = (date: string, kind: CalendarOverride['kind']): CalendarOverride => ({
  date,
  kind,
  reason: 'test',
  setBy: 'admin',
});

describe('domain/calendar', () => {
  const calendar = createWorkingDayCalendar({ overrides: [] });

  describe('packageYears', () => {
    it('should cover the years the package publishes, 2026 included', () => {
      const years = packageYears();
      expect(years).to.include.members([2024, 2025, 2026]);
      expect(years).to.deep.equal([...years].sort((a, b) => a - b));
      expect(calendar.knownYears()).to.deep.equal(years);
    });
  });

  describe('isWorkingDay', () => {
    it('should follow the 2026 National Day schedule', () => {
      expect(calendar.isWorkingDay('2026-09-30')).to.equal(true);
      expect(calendar.isWorkingDay('2026-10-01')).to.equal(false);
      expect(calendar.isWorkingDay('2026-10-07')).to.equal(false);
      expect(calendar.isWorkingDay('2026-10-08')).to.equal(true);
    });

    it('should count adjusted working weekend days 调休上班 and skip ordinary weekends', () => {
      expect(calendar.isWorkingDay('2026-09-20')).to.equal(true); // Sunday
      expect(calendar.isWorkingDay('2026-10-10')).to.equal(true); // Saturday
      expect(calendar.isWorkingDay('2026-10-11')).to.equal(false); // Sunday
      expect(calendar.isWorkingDay('2026-10-17')).to.equal(false); // Saturday
    });

    it('should reject a date that does not exist', () => {
      expect(() => calendar.isWorkingDay('2026-02-30')).to.throw(RangeError);
      expect(() => calendar.isWorkingDay('2026/10/08')).to.throw(RangeError);
    });
  });

  describe('addWorkingDays', () => {
    it('should not count the day of acceptance and skip the National Day holiday', () => {
      // 10-08 is day 1, 10-10 (adjusted Saturday) day 3, then five-day weeks to 11-03.
      expect(calendar.addWorkingDays('2026-09-30', 20)).to.deep.equal({ date: '2026-11-03', unknownYears: [] });
      expect(calendar.addWorkingDays('2026-09-30', 1).date).to.equal('2026-10-08');
    });

    it('should skip the Spring Festival and count its adjusted Saturdays', () => {
      expect(calendar.addWorkingDays('2026-02-13', 1).date).to.equal('2026-02-14');
      expect(calendar.addWorkingDays('2026-02-13', 2).date).to.equal('2026-02-24');
      expect(calendar.addWorkingDays('2026-02-13', 5).date).to.equal('2026-02-27');
      expect(calendar.addWorkingDays('2026-02-13', 6).date).to.equal('2026-02-28');
      expect(calendar.addWorkingDays('2026-02-12', 10).date).to.equal('2026-03-04');
    });

    it('should start counting from the next working day when accepted on a holiday', () => {
      expect(calendar.addWorkingDays('2026-10-03', 1).date).to.equal('2026-10-08');
    });

    it('should give the start itself for 0 and count back for a negative n', () => {
      expect(calendar.addWorkingDays('2026-10-03', 0).date).to.equal('2026-10-03');
      expect(calendar.addWorkingDays('2026-10-12', -3).date).to.equal('2026-10-08');
    });

    it('should let an override turning a weekday into a holiday move the result', () => {
      const closed = createWorkingDayCalendar({ overrides: [override('2026-10-12', 'holiday')] });
      expect(closed.isWorkingDay('2026-10-12')).to.equal(false);
      expect(closed.addWorkingDays('2026-09-30', 20).date).to.equal('2026-11-04');
    });

    it('should let overrides win over the package in both directions', () => {
      const noMakeUpDay = createWorkingDayCalendar({ overrides: [override('2026-10-10', 'holiday')] });
      expect(noMakeUpDay.addWorkingDays('2026-09-30', 20).date).to.equal('2026-11-04');
      const openOnHoliday = createWorkingDayCalendar({ overrides: [override('2026-10-07', 'workday')] });
      expect(openOnHoliday.addWorkingDays('2026-09-30', 1).date).to.equal('2026-10-07');
      const openSaturday = createWorkingDayCalendar({ overrides: [override('2026-10-17', 'workday')] });
      expect(openSaturday.addWorkingDays('2026-09-30', 20).date).to.equal('2026-11-02');
    });

    it('should flag 2027 when a count crosses into it while the package lacks it', function () {
      if (packageYears().includes(2027)) this.skip();
      // 2027-01-01 (Friday) counts as day 9 by weekends alone: exactly the guess that must be flagged.
      expect(calendar.addWorkingDays('2026-12-21', 20)).to.deep.equal({ date: '2027-01-18', unknownYears: [2027] });
      expect(calendar.isKnownYear(2027)).to.equal(false);
    });

    it('should take a year as known once the administrator declares its schedule entered', function () {
      if (packageYears().includes(2027)) this.skip();
      const entered = createWorkingDayCalendar({
        overrides: [override('2027-01-01', 'holiday')],
        knownYears: [2027],
      });
      expect(entered.addWorkingDays('2026-12-21', 20)).to.deep.equal({ date: '2027-01-19', unknownYears: [] });
    });

    it('should keep a year unknown when it only has overrides', function () {
      if (packageYears().includes(2027)) this.skip();
      const partial = createWorkingDayCalendar({ overrides: [override('2027-01-01', 'holiday')] });
      expect(partial.addWorkingDays('2026-12-21', 20)).to.deep.equal({ date: '2027-01-19', unknownYears: [2027] });
    });

    it('should flag the year after the last one the package publishes', () => {
      const next = Math.max(...packageYears()) + 1;
      const result = calendar.addWorkingDays(`${next - 1}-12-31`, 10);
      expect(result.unknownYears).to.deep.equal([next]);
      expect(result.date.startsWith(String(next))).to.equal(true);
    });

    it('should refuse a fractional count', () => {
      expect(() => calendar.addWorkingDays('2026-09-30', 1.5)).to.throw(RangeError);
    });
  });

  describe('workingDaysBetween', () => {
    it('should count the working days after the first date up to and including the second', () => {
      expect(calendar.workingDaysBetween('2026-09-30', '2026-10-09')).to.deep.equal({ days: 2, unknownYears: [] });
      // 09-29, 09-30, 10-08, 10-09, 10-10 (adjusted Saturday), 10-12
      expect(calendar.workingDaysBetween('2026-09-28', '2026-10-12').days).to.equal(6);
      expect(calendar.workingDaysBetween('2026-02-13', '2026-02-27').days).to.equal(5);
      expect(calendar.workingDaysBetween('2026-10-09', '2026-10-09').days).to.equal(0);
    });

    it('should move a deadline by the working days a supplement notice was open', () => {
      const deadline = calendar.addWorkingDays('2026-09-30', 20).date;
      // notice issued 10-09, supplements received 10-13: 10-10, 10-12 and 10-13 were the applicant's
      const paused = calendar.workingDaysBetween('2026-10-09', '2026-10-13').days;
      expect(paused).to.equal(3);
      expect(calendar.addWorkingDays(deadline, paused).date).to.equal('2026-11-06');
    });

    it('should flag an unknown year in the range', function () {
      if (packageYears().includes(2027)) this.skip();
      // 12-31, 01-01 (by weekends alone), 01-04, 01-05
      expect(calendar.workingDaysBetween('2026-12-30', '2027-01-05')).to.deep.equal({ days: 4, unknownYears: [2027] });
    });

    it('should refuse a range that runs backwards', () => {
      expect(() => calendar.workingDaysBetween('2026-10-09', '2026-10-08')).to.throw(RangeError);
    });
  });

  describe('previousWorkingDay', () => {
    it('should step back over holidays to the last working day', () => {
      expect(calendar.previousWorkingDay('2026-10-08').date).to.equal('2026-09-30');
      expect(calendar.previousWorkingDay('2026-02-24').date).to.equal('2026-02-14');
      expect(calendar.previousWorkingDay('2026-11-03')).to.deep.equal({ date: '2026-11-02', unknownYears: [] });
    });
  });

  describe('dueAt', () => {
    it('should take the day of acceptance on China time and end the deadline at 17:30 CST', () => {
      // 01:00 on 2026-09-30 in China, still 09-29 in UTC
      const due = calendar.dueAt(new Date('2026-09-29T17:00:00Z'), 20);
      expect(due.date).to.equal('2026-11-03');
      expect(due.dueAt.toISOString()).to.equal('2026-11-03T09:30:00.000Z');
      expect(due.warnAt.toISOString()).to.equal('2026-11-02T09:30:00.000Z');
      expect(due.unknownYears).to.deep.equal([]);
    });

    it('should warn at 17:30 on the working day before, across a holiday', () => {
      const due = calendar.dueAt(new Date('2026-09-29T02:00:00Z'), 2);
      expect(due.date).to.equal('2026-10-08');
      expect(due.warnAt.toISOString()).to.equal('2026-09-30T09:30:00.000Z');
    });

    it('should make an immediate case due the same day and in warning from acceptance', () => {
      const acceptedAt = new Date('2026-10-09T02:00:00Z');
      const due = calendar.dueAt(acceptedAt, 0);
      expect(due.date).to.equal('2026-10-09');
      expect(due.dueAt.toISOString()).to.equal('2026-10-09T09:30:00.000Z');
      expect(due.warnAt.toISOString()).to.equal(acceptedAt.toISOString());
    });

    it('should flag an unknown year touched by the deadline', function () {
      if (packageYears().includes(2027)) this.skip();
      const due = calendar.dueAt(new Date('2026-12-21T01:00:00Z'), 20);
      expect(due.date).to.equal('2027-01-18');
      expect(due.unknownYears).to.deep.equal([2027]);
    });

    it('should refuse a negative count and an invalid date', () => {
      expect(() => calendar.dueAt(new Date('2026-09-30T02:00:00Z'), -1)).to.throw(RangeError);
      expect(() => calendar.dueAt(new Date('nonsense'), 1)).to.throw(RangeError);
    });
  });
});
