import type { DeadlineChange } from '../../domain/calendar/deadline-changes.js';
import type { CalendarDay } from '../../domain/calendar/types.js';
import { checkYearSchedule, parseYearScheduleFile, YearScheduleError, type ScheduleInput } from '../../domain/calendar/year-schedule.js';
import { auditEntry } from '../audit.js';
import { applyYearSchedule, previewYearSchedule, yearView } from '../calendar/year-schedule.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/** 工作日历 (docs/decisions/0013-calendar-administration.md): administrators only. */

/** The package's data starts in 2004; a year far ahead has no State Council notice yet. */
const FIRST_YEAR = 2004;
const YEARS_AHEAD = 2;

type ScheduleBody = { entries?: ScheduleInput[]; file?: string };

const changeBody = (c: DeadlineChange) => ({
  caseNumber: c.caseNumber,
  before: { dueAt: c.before.dueAt?.toISOString() ?? null, warnAt: c.before.warnAt?.toISOString() ?? null, calendarFlag: c.before.calendarFlag },
  after: { dueAt: c.after.dueAt?.toISOString() ?? null, warnAt: c.after.warnAt?.toISOString() ?? null, calendarFlag: c.after.calendarFlag },
});

export function registerCalendarRoutes(api: Api, { store, camunda, clock, log, shownCalendar }: ApiContext): void {
  function yearOf(text: string): number {
    const year = Number(text);
    const last = clock().getUTCFullYear() + YEARS_AHEAD;
    if (year < FIRST_YEAR || year > last) {
      throw new ApiProblem('validation', `年份应在 ${FIRST_YEAR} 至 ${last} 之间`, [{ in: 'path', field: 'year', message: `年份应在 ${FIRST_YEAR} 至 ${last} 之间` }]);
    }
    return year;
  }

  /** The schedule the body holds, checked whole: one bad line or entry refuses it all. */
  function scheduleOf(year: number, body: ScheduleBody): CalendarDay[] {
    if ((body.entries === undefined) === (body.file === undefined)) {
      throw new ApiProblem('validation', '请提供 entries（手工录入）或 file（导入文件）其中之一', [{ in: 'body', field: '', message: '请提供 entries 或 file 其中之一' }]);
    }
    try {
      return body.file !== undefined ? parseYearScheduleFile(year, body.file) : checkYearSchedule(year, body.entries!);
    } catch (error) {
      if (!(error instanceof YearScheduleError)) throw error;
      const errors = error.problems.map((p) => ({ in: 'body' as const, field: p.field, message: p.message }));
      throw new ApiProblem('validation', `${year} 年的安排有 ${errors.length} 处错误，未作任何更改`, errors);
    }
  }

  api.get('/api/admin/calendar/{year}', 'getCalendarYear', async (_req, res) => {
    const { params } = inputOf(res);
    res.json(await yearView(store, yearOf(params.year)));
  });

  api.post('/api/admin/calendar/{year}/preview', 'previewCalendarYear', async (_req, res) => {
    const { params, body } = inputOf<{ body: ScheduleBody }>(res);
    const year = yearOf(params.year);
    const { view, changes } = await previewYearSchedule(store, year, scheduleOf(year, body));
    res.json({ calendar: view, changes: changes.map(changeBody) });
  });

  api.put('/api/admin/calendar/{year}', 'setCalendarYear', async (_req, res) => {
    const { params, body } = inputOf<{ body: ScheduleBody }>(res);
    const year = yearOf(params.year);
    const days = scheduleOf(year, body);
    const now = clock();
    const actor = authenticatedOf(res).principal.username;
    let result;
    try {
      result = await applyYearSchedule({ store, camunda, log, now, actor }, year, days, (detail) =>
        auditEntry(res, now, { action: 'calendar.year-set', targetType: 'calendar', targetId: String(year), detail }),
      );
    } finally {
      // this instance colours on the new calendar at once, the others within CALENDAR_SHOWN_MAX_AGE_MS
      shownCalendar.invalidate();
    }
    log.info('calendar year set', { year, days: days.length, cases: result.changes.length, engineFailures: result.engineFailures.length });
    res.json({ calendar: result.view, changes: result.changes.map(changeBody), engineFailures: result.engineFailures });
  });
}
