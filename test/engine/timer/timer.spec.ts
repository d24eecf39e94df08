import { expect } from 'chai';
import {
  TimerValueError,
  addIsoDuration,
  firstDue,
  nextCycleDue,
  parseIsoDate,
  type CycleState,
} from '../../../engine/timer/timer.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function expectInvalid(fn: () => unknown, value: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).to.be.instanceOf(TimerValueError);
    expect((err as TimerValueError).code).to.equal('INVALID_TIMER');
    expect((err as TimerValueError).value).to.equal(value);
    expect((err as TimerValueError).message).to.contain(`'${value}'`);
    return;
  }
  throw new Error(`expected '${value}' to be rejected`);
}

describe('engine/timer', () => {
  describe('addIsoDuration', () => {
    const from = at('2026-01-15T10:00:00Z');

    it('should add time components exactly', () => {
      expect(iso(addIsoDuration(from, 'PT10S'))).to.equal('2026-01-15T10:00:10.000Z');
      expect(iso(addIsoDuration(from, 'PT1H30M'))).to.equal('2026-01-15T11:30:00.000Z');
      expect(iso(addIsoDuration(from, 'PT6.5S'))).to.equal('2026-01-15T10:00:06.500Z');
      expect(iso(addIsoDuration(from, 'PT36H'))).to.equal('2026-01-16T22:00:00.000Z');
      expect(addIsoDuration(from, 'PT0S')).to.equal(from);
    });

    it('should add years, months, weeks and days in calendar terms', () => {
      expect(iso(addIsoDuration(from, 'P1Y2M3DT4H5M6.5S'))).to.equal('2027-03-18T14:05:06.500Z');
      expect(iso(addIsoDuration(from, 'P2W'))).to.equal('2026-01-29T10:00:00.000Z');
      expect(iso(addIsoDuration(from, 'P20D'))).to.equal('2026-02-04T10:00:00.000Z');
    });

    it('should clamp to the month end when adding months', () => {
      expect(iso(addIsoDuration(at('2026-01-31T08:00:00Z'), 'P1M'))).to.equal('2026-02-28T08:00:00.000Z');
      expect(iso(addIsoDuration(at('2028-01-31T08:00:00Z'), 'P1M'))).to.equal('2028-02-29T08:00:00.000Z');
      expect(iso(addIsoDuration(at('2028-02-29T08:00:00Z'), 'P1Y'))).to.equal('2029-02-28T08:00:00.000Z');
      expect(iso(addIsoDuration(at('2026-01-31T08:00:00Z'), 'P1M1D'))).to.equal('2026-03-01T08:00:00.000Z');
      expect(iso(addIsoDuration(at('2026-12-31T08:00:00Z'), 'P2M'))).to.equal('2027-02-28T08:00:00.000Z');
    });

    it('should reject malformed and negative durations', () => {
      for (const value of ['', 'P', 'PT', 'P1DT', '1D', 'PT1X', '-P1D', 'P-1D', 'PT-5S', 'P1.5D']) {
        expectInvalid(() => addIsoDuration(from, value), value);
      }
    });
  });

  describe('parseIsoDate', () => {
    it('should parse a UTC or offset date-time', () => {
      expect(parseIsoDate('2026-01-02T00:00:00Z')).to.equal(at('2026-01-02T00:00:00Z'));
      expect(parseIsoDate('2026-01-02T08:00:00+08:00')).to.equal(at('2026-01-02T00:00:00Z'));
      expect(parseIsoDate('2026-01-02T08:00+08:00')).to.equal(at('2026-01-02T00:00:00Z'));
      expect(parseIsoDate('2026-01-02T00:00:00.25Z')).to.equal(at('2026-01-02T00:00:00.250Z'));
    });

    it('should honour a zone id suffix', () => {
      expect(parseIsoDate('2026-01-02T08:00:00+08:00[Asia/Shanghai]')).to.equal(at('2026-01-02T00:00:00Z'));
      expect(parseIsoDate('2026-01-02T08:00:00[Asia/Shanghai]')).to.equal(at('2026-01-02T00:00:00Z'));
      expect(parseIsoDate('2026-07-01T12:00:00[Europe/Berlin]')).to.equal(at('2026-07-01T10:00:00Z'));
      // like java.time, a given offset fixes the instant even when the zone uses another one then
      expect(parseIsoDate('2026-07-01T12:00:00+01:00[Europe/Berlin]')).to.equal(at('2026-07-01T11:00:00Z'));
    });

    it('should resolve DST gaps and overlaps like java.time', () => {
      // 02:30 does not exist on 2026-03-29 in Berlin: it moves forward to 03:30 CEST
      expect(parseIsoDate('2026-03-29T02:30:00[Europe/Berlin]')).to.equal(at('2026-03-29T01:30:00Z'));
      // 02:30 happens twice on 2026-10-25: the earlier offset unless an offset is given
      expect(parseIsoDate('2026-10-25T02:30:00[Europe/Berlin]')).to.equal(at('2026-10-25T00:30:00Z'));
      expect(parseIsoDate('2026-10-25T02:30:00+01:00[Europe/Berlin]')).to.equal(at('2026-10-25T01:30:00Z'));
    });

    it('should reject dates without time or zone and impossible dates', () => {
      for (const value of [
        '2026-01-02',
        '2026-01-02T10:00:00',
        '2026-02-30T10:00:00Z',
        '2026-13-01T10:00:00Z',
        '2026-01-01T24:00:00Z',
        '2026-01-01T10:00:00+19:00',
        '2026-01-01T10:00:00[Nowhere/Land]',
        'tomorrow',
      ]) {
        expectInvalid(() => parseIsoDate(value), value);
      }
    });
  });

  describe('firstDue', () => {
    const now = at('2026-01-15T10:00:00Z');

    it('should schedule a duration from now', () => {
      expect(firstDue('duration', 'PT10M', now)).to.deep.equal({ dueAt: at('2026-01-15T10:10:00Z') });
    });

    it('should fire a zero or negative duration at once', () => {
      expect(firstDue('duration', 'PT0S', now).dueAt).to.equal(now);
      expect(firstDue('duration', '-PT5M', now).dueAt).to.equal(now);
      expectInvalid(() => firstDue('duration', '-PX', now), '-PX');
    });

    it('should schedule a date, firing at once when it is past', () => {
      expect(firstDue('date', '2026-02-01T00:00:00Z', now)).to.deep.equal({ dueAt: at('2026-02-01T00:00:00Z') });
      expect(firstDue('date', '2025-01-01T00:00:00Z', now).dueAt).to.be.at.most(now);
    });

    it('should reject invalid values by kind', () => {
      expectInvalid(() => firstDue('duration', '2026-02-01T00:00:00Z', now), '2026-02-01T00:00:00Z');
      expectInvalid(() => firstDue('date', 'PT1H', now), 'PT1H');
      expectInvalid(() => firstDue('cycle', 'PT1H', now), 'PT1H');
    });
  });

  describe('cycles', () => {
    const now = at('2026-01-15T10:00:00Z');

    function fireAll(value: string, limit: number): number[] {
      let due = firstDue('cycle', value, now);
      const times = [due.dueAt];
      while (times.length < limit) {
        const next = nextCycleDue(due.cycle!, due.dueAt);
        if (!next) break;
        times.push(next.dueAt);
        due = next;
      }
      return times;
    }

    it('should count repetitions down and stop after the last', () => {
      const first = firstDue('cycle', 'R3/PT10S', now);
      expect(first).to.deep.equal({ dueAt: now + 10_000, cycle: { repetitionsLeft: 2, spec: 'R3/PT10S' } });
      const second = nextCycleDue(first.cycle!, first.dueAt);
      expect(second).to.deep.equal({ dueAt: now + 20_000, cycle: { repetitionsLeft: 1, spec: 'R3/PT10S' } });
      const third = nextCycleDue(second!.cycle, second!.dueAt);
      expect(third).to.deep.equal({ dueAt: now + 30_000, cycle: { repetitionsLeft: 0, spec: 'R3/PT10S' } });
      expect(nextCycleDue(third!.cycle, third!.dueAt)).to.equal(undefined);
    });

    it('should fire R5 five times in total', () => {
      expect(fireAll('R5/PT10S', 100)).to.have.length(5);
      expect(fireAll('R1/PT10S', 100)).to.have.length(1);
      expect(fireAll('R0/PT10S', 100)).to.have.length(1);
    });

    it('should repeat an infinite cycle forever', () => {
      const times = fireAll('R/PT1H', 50);
      expect(times).to.have.length(50);
      expect(iso(times[49])).to.equal('2026-01-17T12:00:00.000Z');
      expect(firstDue('cycle', 'R/PT1H', now).cycle).to.deep.equal({ repetitionsLeft: null, spec: 'R/PT1H' });
    });

    it('should fire first at the start date of a cycle, then follow the interval', () => {
      const times = fireAll('R3/2026-02-01T09:00:00Z/P1M', 100).map(iso);
      expect(times).to.deep.equal(['2026-02-01T09:00:00.000Z', '2026-03-01T09:00:00.000Z', '2026-04-01T09:00:00.000Z']);
      expect(firstDue('cycle', 'R/2026-01-01T10:00:00+01:00[Europe/Berlin]/P1D', now).dueAt).to.equal(
        at('2026-01-01T09:00:00Z'),
      );
    });

    it('should re-anchor an overdue occurrence on now when given the clock', () => {
      const first = firstDue('cycle', 'R/2025-01-01T00:00:00Z/P1D', now);
      expect(first.dueAt).to.equal(at('2025-01-01T00:00:00Z'));
      expect(nextCycleDue(first.cycle!, first.dueAt)!.dueAt).to.equal(at('2025-01-02T00:00:00Z'));
      expect(nextCycleDue(first.cycle!, first.dueAt, now)!.dueAt).to.equal(at('2026-01-16T10:00:00Z'));
    });

    it('should reject malformed cycles', () => {
      for (const value of ['R5', 'R5/', 'Rx/PT1S', 'R/PT0S', 'R3/2026-01-01/P1D', 'R3/2026-01-01T00:00:00Z/-P1D', 'R-1/PT1S']) {
        expectInvalid(() => firstDue('cycle', value, now), value);
      }
    });
  });

  describe('the minimum cycle interval', () => {
    const now = at('2026-01-15T10:00:00Z');

    it('should refuse a repeating interval below the minimum it is given, naming the minimum', () => {
      expectInvalid(() => firstDue('cycle', 'R/PT0.5S', now), 'R/PT0.5S');
      expectInvalid(() => firstDue('cycle', 'R/PT30S', now, 60_000), 'R/PT30S');
      expect(() => firstDue('cycle', 'R/PT30S', now, 60_000)).to.throw(TimerValueError, 'the interval of a cycle must be at least 60 s');
      expect(firstDue('cycle', 'R/PT1M', now, 60_000).dueAt).to.equal(now + 60_000);
    });

    it('should throttle a cron cycle firing more often than the minimum to it, and a cycle scheduled before the minimum was raised', () => {
      const everySecond = firstDue('cycle', '* * * * * *', now, 60_000);
      expect(nextCycleDue(everySecond.cycle!, everySecond.dueAt, everySecond.dueAt, 60_000)!.dueAt).to.equal(everySecond.dueAt + 60_000);
      const fiveSeconds = firstDue('cycle', 'R/PT5S', now);
      expect(nextCycleDue(fiveSeconds.cycle!, fiveSeconds.dueAt, fiveSeconds.dueAt, 60_000)!.dueAt).to.equal(fiveSeconds.dueAt + 60_000);
      expect(nextCycleDue(fiveSeconds.cycle!, fiveSeconds.dueAt, fiveSeconds.dueAt)!.dueAt).to.equal(fiveSeconds.dueAt + 5_000);
    });
  });

  describe('cron cycles', () => {
    const friday = at('2026-01-16T10:00:00Z');

    it('should find the next occurrence of a weekday schedule', () => {
      const first = firstDue('cycle', '0 0 9 * * MON-FRI', friday);
      expect(iso(first.dueAt)).to.equal('2026-01-19T09:00:00.000Z');
      expect(first.cycle).to.deep.equal({ repetitionsLeft: null, spec: '0 0 9 * * MON-FRI' });
      const second = nextCycleDue(first.cycle!, first.dueAt)!;
      expect(iso(second.dueAt)).to.equal('2026-01-20T09:00:00.000Z');
      expect(second.cycle.repetitionsLeft).to.equal(null);
    });

    it('should step through minutes and be strictly after the given time', () => {
      expect(iso(firstDue('cycle', '0 */5 * * * *', at('2026-01-16T10:00:00Z')).dueAt)).to.equal('2026-01-16T10:05:00.000Z');
      expect(iso(firstDue('cycle', '0 */5 * * * *', at('2026-01-16T10:03:17.400Z')).dueAt)).to.equal(
        '2026-01-16T10:05:00.000Z',
      );
      expect(iso(firstDue('cycle', '*/15 * * * * *', at('2026-01-16T23:59:50Z')).dueAt)).to.equal('2026-01-17T00:00:00.000Z');
    });

    it('should support lists, ranges, names and Sunday as 0 or 7', () => {
      expect(iso(firstDue('cycle', '30 15 8,20 * * *', friday).dueAt)).to.equal('2026-01-16T20:15:30.000Z');
      expect(iso(firstDue('cycle', '0 0 12 1 MAR *', friday).dueAt)).to.equal('2026-03-01T12:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 * * 0', friday).dueAt)).to.equal('2026-01-18T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 * * 7', friday).dueAt)).to.equal('2026-01-18T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 * * SUN', friday).dueAt)).to.equal('2026-01-18T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 9-17/4 ? * *', friday).dueAt)).to.equal('2026-01-16T13:00:00.000Z');
    });

    it('should require both day-of-month and day-of-week like Spring', () => {
      // the next 13th that is a Friday
      expect(iso(firstDue('cycle', '0 0 0 13 * FRI', friday).dueAt)).to.equal('2026-02-13T00:00:00.000Z');
    });

    it('should support last-day and nth-weekday fields', () => {
      expect(iso(firstDue('cycle', '0 0 0 L * *', friday).dueAt)).to.equal('2026-01-31T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 L-1 2 *', friday).dueAt)).to.equal('2026-02-27T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 ? * MON#2', friday).dueAt)).to.equal('2026-02-09T00:00:00.000Z');
      expect(iso(firstDue('cycle', '0 0 0 ? * FRIL', friday).dueAt)).to.equal('2026-01-30T00:00:00.000Z');
    });

    it('should support macros', () => {
      expect(iso(firstDue('cycle', '@daily', friday).dueAt)).to.equal('2026-01-17T00:00:00.000Z');
      expect(iso(firstDue('cycle', '@hourly', friday).dueAt)).to.equal('2026-01-16T11:00:00.000Z');
    });

    it('should continue after now when a cron timer was overdue', () => {
      const cycle: CycleState = { repetitionsLeft: null, spec: '0 0 9 * * *' };
      expect(iso(nextCycleDue(cycle, at('2026-01-01T09:00:00Z'), friday)!.dueAt)).to.equal('2026-01-17T09:00:00.000Z');
    });

    it('should reject invalid cron expressions', () => {
      for (const value of ['0 0 9 * *', '0 0 25 * * *', '0 60 * * * *', '0 0 0 * * FUNDAY', '0 0 0 0 * *', '0 0 0 * * SAT-MON', '0 0 0 31 2 *', '* * * * * * *']) {
        expectInvalid(() => firstDue('cycle', value, friday), value);
      }
    });
  });
});
