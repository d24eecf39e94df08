import { isDate, isWeekend } from './calendar.js';
import type { CalendarDay, DayKind } from './types.js';

/**
 * A year's holidays and adjusted working days (调休上班) as an administrator enters them, by hand
 * or from a text file of one day a line:
 *
 *   2027-01-01,holiday,元旦
 *   2027-02-07,workday,春节调休
 *
 * Either the whole schedule is valid or none of it is taken: every problem is reported at once,
 * by line (file) or by entry number (by hand), so one correction round fixes them all.
 */

export const MAX_REASON_LENGTH = 20;
/** A year has 366 days at most; more lines than that cannot be one year's schedule. */
export const MAX_SCHEDULE_DAYS = 366;

const KIND_WORDS: Record<string, DayKind> = { holiday: 'holiday', workday: 'workday', 放假: 'holiday', 上班: 'workday' };
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

export interface ScheduleProblem {
  /** 'file' for the imported text, `entries[i].date` / `.kind` / `.reason` for an entry made by hand */
  field: string;
  /** the file's line (from 1), when the schedule came from a file */
  line?: number;
  message: string;
}

export class YearScheduleError extends Error {
  constructor(
    readonly year: number,
    readonly problems: ScheduleProblem[],
  ) {
    super(`the ${year} schedule has ${problems.length} problem(s): ${problems.map((p) => p.message).join('; ')}`);
    this.name = 'YearScheduleError';
  }
}

/** An entry as typed: the kind may still be a word the file allows (放假, 上班). */
export interface ScheduleInput {
  date: string;
  kind: string;
  reason: string;
}

interface Located {
  input: ScheduleInput;
  /** how a message names the entry: 第 3 行 / 第 3 条 */
  where: string;
  line?: number;
  index?: number;
}

function problem(at: Located, part: 'date' | 'kind' | 'reason', message: string): ScheduleProblem {
  return at.line !== undefined
    ? { field: 'file', line: at.line, message: `${at.where}：${message}` }
    : { field: `entries[${at.index}].${part}`, message: `${at.where}：${message}` };
}

function check(year: number, located: Located[], source: 'file' | 'entries'): CalendarDay[] {
  const problems: ScheduleProblem[] = [];
  const seen = new Map<string, string>();
  const days: CalendarDay[] = [];
  if (located.length > MAX_SCHEDULE_DAYS) {
    throw new YearScheduleError(year, [{ field: source, message: `一年最多 ${MAX_SCHEDULE_DAYS} 天，收到 ${located.length} 条` }]);
  }
  for (const at of located) {
    const date = at.input.date.trim();
    const reason = at.input.reason.trim();
    const kind = KIND_WORDS[at.input.kind.trim().toLowerCase()];
    const before = problems.length;
    if (!isDate(date)) problems.push(problem(at, 'date', `日期「${date}」无效，应为 YYYY-MM-DD，如 ${year}-01-01`));
    else if (!date.startsWith(`${year}-`)) problems.push(problem(at, 'date', `${date} 不在 ${year} 年`));
    else if (seen.has(date)) problems.push(problem(at, 'date', `${date} 已在${seen.get(date)}登记过`));
    if (kind === undefined) problems.push(problem(at, 'kind', `类型「${at.input.kind.trim()}」无效，应为 holiday（放假）或 workday（调休上班）`));
    else if (kind === 'workday' && isDate(date) && !isWeekend(date)) {
      problems.push(problem(at, 'kind', `${date} 是${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}，本来就是工作日，不能登记为调休上班`));
    }
    if (reason === '') problems.push(problem(at, 'reason', '请写明名称，如 元旦、春节调休'));
    else if ([...reason].length > MAX_REASON_LENGTH) problems.push(problem(at, 'reason', `名称不能超过 ${MAX_REASON_LENGTH} 个字`));
    if (isDate(date) && !seen.has(date)) seen.set(date, at.where);
    if (problems.length === before && kind !== undefined) days.push({ date, kind, reason });
  }
  if (problems.length === 0 && !days.some((d) => d.kind === 'holiday')) {
    problems.push({ field: source, message: `${year} 年的安排中没有放假日：至少应有元旦、春节等法定节假日` });
  }
  if (problems.length > 0) throw new YearScheduleError(year, problems);
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/** The schedule entered by hand, checked; throws YearScheduleError naming every bad entry. */
export function checkYearSchedule(year: number, entries: ScheduleInput[]): CalendarDay[] {
  return check(
    year,
    entries.map((input, index) => ({ input, index, where: `第 ${index + 1} 条` })),
    'entries',
  );
}

/**
 * The schedule of an imported text file: one `date,kind,name` a line (an ASCII or a full-width
 * comma), blank lines and lines starting with # skipped. Throws YearScheduleError naming every bad line.
 */
export function parseYearScheduleFile(year: number, text: string): CalendarDay[] {
  const located: Located[] = [];
  const malformed: ScheduleProblem[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((raw, i) => {
      const line = i + 1;
      const content = raw.trim();
      if (content === '' || content.startsWith('#')) return;
      const fields = content.split(/[,，]/);
      if (fields.length !== 3) {
        malformed.push({ field: 'file', line, message: `第 ${line} 行：应为「日期,类型,名称」三项，如 ${year}-01-01,holiday,元旦` });
        return;
      }
      located.push({ input: { date: fields[0], kind: fields[1], reason: fields[2] }, line, where: `第 ${line} 行` });
    });
  if (located.length === 0 && malformed.length === 0) throw new YearScheduleError(year, [{ field: 'file', message: '文件中没有任何日期' }]);
  try {
    const days = check(year, located, 'file');
    if (malformed.length > 0) throw new YearScheduleError(year, malformed);
    return days;
  } catch (error) {
    if (!(error instanceof YearScheduleError) || malformed.length === 0) throw error;
    const all = [...malformed, ...error.problems.filter((p) => p.line !== undefined)].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new YearScheduleError(year, all);
  }
}
