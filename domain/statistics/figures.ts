import { chinaDay, chinaDayStart } from '../calendar/china-time.js';
import type { Department } from '../catalogue/types.js';
import type { CaseFact, EvaluationLevel, InstantRange, RatingFact } from '../store/index.js';

/**
 * The figures supervision reports (业务督查, ../shared/docs/domain.md "Figures the reports use"):
 * - 办结率 completion rate = completed / accepted;
 * - 按时办结率 on-time rate = completed on time / completed (on time as case-complete judged it:
 *   working days, suspended time excluded; an immediate case is on time);
 * - 满意率 satisfaction rate = (非常满意 + 满意 + 基本满意) / rated.
 * Each count is of its own event in the period: cases accepted in it, cases completed in it,
 * ratings given in it. So a period's 办结率 compares two flows and can exceed 1 when a backlog is
 * cleared, as the centers' own reports do (accepted 73,037, completed 73,002 in ten months).
 * A rate whose denominator is 0 is null, not 0: nothing to judge is not a bad result.
 */

export type GroupBy = 'window' | 'department' | 'month';

export const SATISFIED_LEVELS: readonly EvaluationLevel[] = ['very-satisfied', 'satisfied', 'basically-satisfied'];

export interface Counts {
  accepted: number;
  completed: number;
  completedOnTime: number;
  rated: number;
  satisfied: number;
}

export interface FigureRow extends Counts {
  /** department code (window, department) or YYYY-MM in China time (month) */
  key: string;
  label: string;
  completionRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
}

export { chinaDay };

export const chinaMonth = (at: Date): string => chinaDay(at).slice(0, 7);

/** The China days from `from` to `to`, both included, as instants [start of from, start of the day after to). */
export function chinaDaysRange(from: string, to: string): InstantRange {
  return { from: chinaDayStart(from), to: new Date(chinaDayStart(to).getTime() + 24 * 3600_000) };
}

/** Whether text is a real calendar day YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = Date.parse(`${text}T00:00:00.000Z`);
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === text;
}

export const ratio = (numerator: number, denominator: number): number | null => (denominator === 0 ? null : numerator / denominator);

const emptyCounts = (): Counts => ({ accepted: 0, completed: 0, completedOnTime: 0, rated: 0, satisfied: 0 });

function withRates(key: string, label: string, c: Counts): FigureRow {
  return {
    key,
    label,
    ...c,
    completionRate: ratio(c.completed, c.accepted),
    onTimeRate: ratio(c.completedOnTime, c.completed),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}

/** Every month the range touches, in China time. */
function monthsOf(range: InstantRange): string[] {
  const first = chinaMonth(range.from);
  const last = chinaMonth(new Date(range.to.getTime() - 1));
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  for (let month = first; month <= last; month = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

const within = (at: Date | null, range: InstantRange): at is Date => at !== null && at >= range.from && at < range.to;

export interface FiguresInput {
  cases: readonly CaseFact[];
  ratings: readonly RatingFact[];
  range: InstantRange;
  groupBy: GroupBy;
  departments: readonly Department[];
}

/**
 * The figures per group and in total. By department the rows are named after the department; by
 * window after its window in the hall (位置 and name): each department has its own window, so
 * the two group the same cases, and the window rows are what the monthly window rankings
 * (窗口排名) print. By month every month of the range has a row, empty ones included.
 */
export function computeFigures({ cases, ratings, range, groupBy, departments }: FiguresInput): { rows: FigureRow[]; total: FigureRow } {
  const byCode = new Map(departments.map((d) => [d.code, d]));
  const groups = new Map<string, Counts>();
  const total = emptyCounts();
  const group = (key: string) => {
    let counts = groups.get(key);
    if (!counts) groups.set(key, (counts = emptyCounts()));
    return counts;
  };
  if (groupBy === 'month') for (const month of monthsOf(range)) group(month);
  const keyOf = (departmentCode: string, at: Date) => (groupBy === 'month' ? chinaMonth(at) : departmentCode);

  for (const c of cases) {
    if (within(c.acceptedAt, range)) {
      group(keyOf(c.departmentCode, c.acceptedAt)).accepted += 1;
      total.accepted += 1;
    }
    if (within(c.completedAt, range)) {
      const counts = group(keyOf(c.departmentCode, c.completedAt));
      counts.completed += 1;
      total.completed += 1;
      if (c.onTime === true) {
        counts.completedOnTime += 1;
        total.completedOnTime += 1;
      }
    }
  }
  for (const r of ratings) {
    if (!within(r.ratedAt, range)) continue;
    const counts = group(keyOf(r.departmentCode, r.ratedAt));
    const satisfied = SATISFIED_LEVELS.includes(r.level) ? 1 : 0;
    counts.rated += 1;
    counts.satisfied += satisfied;
    total.rated += 1;
    total.satisfied += satisfied;
  }

  const label = (key: string): string => {
    if (groupBy === 'month') return `${Number(key.slice(0, 4))}年${Number(key.slice(5, 7))}月`;
    const d = byCode.get(key);
    if (!d) return key;
    return groupBy === 'window' ? `${d.location}（${d.name}）` : d.name;
  };
  const rows = [...groups]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => withRates(key, label(key), counts));
  return { rows, total: withRates('total', '合计', total) };
}
