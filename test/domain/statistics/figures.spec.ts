import { expect } from 'chai';
import { chinaDaysRange, computeFigures, isCalendarDay } from '../../../domain/statistics/figures.js';
import type { CaseFact, RatingFact } from '../../../domain/store/index.js';

const departments = [{ code: 'MZ', name: '县民政局', location: '一楼 B区 9号窗口' }];

describe('domain/statistics figures', () => {
  it('should take China days, both included', () => {
    expect(chinaDaysRange('2026-11-01', '2026-11-30')).to.deep.equal({ from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') });
    expect(isCalendarDay('2026-02-29')).to.equal(false);
    expect(isCalendarDay('2028-02-29')).to.equal(true);
  });

  it('should count each event in its own period, and leave a rate without a denominator null', () => {
    const range = chinaDaysRange('2026-11-01', '2026-11-30');
    const cases: CaseFact[] = [
      // accepted in October, completed late in November
      { caseId: '1', departmentCode: 'MZ', acceptedAt: new Date('2026-10-20T02:00:00Z'), completedAt: new Date('2026-11-03T02:00:00Z'), onTime: false },
      // accepted in November, completed (on time) in December
      { caseId: '2', departmentCode: 'MZ', acceptedAt: new Date('2026-11-20T02:00:00Z'), completedAt: new Date('2026-12-01T02:00:00Z'), onTime: true },
    ];
    const ratings: RatingFact[] = [{ caseId: '1', departmentCode: 'MZ', ratedAt: new Date('2026-11-03T03:00:00Z'), level: 'basically-satisfied' }];
    const { rows, total } = computeFigures({ cases, ratings, range, groupBy: 'department', departments });
    expect(rows).to.deep.equal([
      { key: 'MZ', label: '县民政局', accepted: 1, completed: 1, completedOnTime: 0, rated: 1, satisfied: 1, completionRate: 1, onTimeRate: 0, satisfactionRate: 1 },
    ]);
    expect(total).to.include({ key: 'total', label: '合计' });

    const empty = computeFigures({ cases: [], ratings: [], range, groupBy: 'month', departments });
    expect(empty.rows).to.deep.equal([
      { key: '2026-11', label: '2026年11月', accepted: 0, completed: 0, completedOnTime: 0, rated: 0, satisfied: 0, completionRate: null, onTimeRate: null, satisfactionRate: null },
    ]);
  });
});
