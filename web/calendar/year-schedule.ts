import type { CamundaRestClient } from '@camunda8/sdk';
import { createWorkingDayCalendar, packageDays, packageYears } from '../../domain/calendar/calendar.js';
import { formatChinaTime } from '../../domain/calendar/china-time.js';
import { deadlineChanges, type DeadlineChange } from '../../domain/calendar/deadline-changes.js';
import { CALENDAR_LOCK } from '../../domain/calendar/store-calendar.js';
import type { CalendarDay, WorkingDayCalendar } from '../../domain/calendar/types.js';
import { OPEN_CASE_STATUSES, type NewAuditEntry, type Repositories, type Store } from '../../domain/store/index.js';
import { engineFailure } from '../engine-errors.js';
import type { Logger } from '../log.js';

/**
 * A year of the working-day calendar as the administrator sees and sets it
 * (docs/decisions/0013-calendar-administration.md): the days in effect, what entering a new
 * schedule would do to the open cases' deadlines, and applying it to the store and the engine.
 */

export interface YearView {
  year: number;
  /** whether deadlines in the year count on a schedule, and whose */
  source: 'package' | 'admin' | null;
  /** the holidays and adjusted working days in effect: the package's, with the administrator's days over them */
  days: CalendarDay[];
  /** the days an administrator entered for the year */
  entered: CalendarDay[];
}

/** The calendar and the year's days as they stand, or as they would with `days` entered for `year`. */
async function calendarState(repos: Pick<Repositories, 'calendar'>, year: number, days?: readonly CalendarDay[]) {
  const { overrides, years } = await repos.calendar.everything();
  const inYear = (date: string) => date.startsWith(`${year}-`);
  const entered = days ?? overrides.filter((o) => inYear(o.date)).map(({ date, kind, reason }) => ({ date, kind, reason }));
  const knownYears = [...years.map((y) => y.year), ...(days ? [year] : [])];
  const calendar = createWorkingDayCalendar({
    overrides: [...overrides.filter((o) => !days || !inYear(o.date)), ...(days ?? []).map((d) => ({ ...d, setBy: '' }))],
    knownYears,
  });
  const byDate = new Map(packageDays(year).map((d) => [d.date, d]));
  for (const d of entered) byDate.set(d.date, d);
  const adminYear = days !== undefined || years.some((y) => y.year === year);
  const view: YearView = {
    year,
    source: packageYears().includes(year) ? 'package' : adminYear ? 'admin' : null,
    days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)),
    entered: [...entered].sort((a, b) => a.date.localeCompare(b.date)),
  };
  return { calendar, view };
}

export function yearView(store: Store, year: number): Promise<YearView> {
  return calendarState(store, year).then((s) => s.view);
}

async function changesOf(repos: Pick<Repositories, 'calendar' | 'cases'>, before: WorkingDayCalendar, after: WorkingDayCalendar): Promise<DeadlineChange[]> {
  const open = await repos.cases.list({ status: OPEN_CASE_STATUSES });
  return deadlineChanges(open, before, after);
}

/** The year as it would be with `days` entered, and the open cases whose deadline or flag would change. */
export async function previewYearSchedule(store: Store, year: number, days: readonly CalendarDay[]): Promise<{ view: YearView; changes: DeadlineChange[] }> {
  const [now, next] = await Promise.all([calendarState(store, year), calendarState(store, year, days)]);
  return { view: next.view, changes: await changesOf(store, now.calendar, next.calendar) };
}

export interface ApplyResult {
  view: YearView;
  changes: DeadlineChange[];
  /** cases whose process kept its old dueAt/warnAt because the engine could not be told */
  engineFailures: string[];
}

/**
 * Enters the year's schedule and moves every open case it changes, in one transaction: the
 * overrides, the year declared known, each case's dueAt/warnAt/flag with an event in its file,
 * and one audit entry with the before and after. Then the processes' dueAt/warnAt variables, which
 * the deadline workers read; the store stays the record if the engine cannot be told.
 */
export async function applyYearSchedule(
  deps: { store: Store; camunda: CamundaRestClient; log: Logger; now: Date; actor: string },
  year: number,
  days: readonly CalendarDay[],
  audit: (detail: Record<string, unknown>) => NewAuditEntry,
): Promise<ApplyResult> {
  const { store, camunda, log, now, actor } = deps;
  const { view, changes } = await store.exclusive(CALENDAR_LOCK, async (tx) => {
    const [before, after] = await Promise.all([calendarState(tx, year), calendarState(tx, year, days)]);
    const found = await changesOf(tx, before.calendar, after.calendar);
    await tx.calendar.setYearSchedule(year, days, actor, `${actor} 录入`, now);
    for (const c of found) {
      await tx.cases.update(c.caseId, c.after);
      await tx.cases.appendEvent(c.caseId, {
        kind: 'deadline-recomputed',
        actor,
        at: now,
        detail: {
          year,
          before: instants(c.before),
          after: instants(c.after),
          note: recomputedNote(year, c),
        },
      });
    }
    await tx.audit.record(
      audit({
        year,
        before: { source: before.view.source, entered: before.view.entered },
        after: { source: after.view.source, entered: after.view.entered },
        cases: found.map((c) => ({ caseNumber: c.caseNumber, before: instants(c.before), after: instants(c.after) })),
      }),
    );
    return { view: after.view, changes: found };
  });

  const engineFailures: string[] = [];
  for (const c of changes) {
    if (c.processInstanceKey === null || c.after.dueAt === null || c.before.dueAt?.getTime() === c.after.dueAt.getTime()) continue;
    try {
      await camunda.updateElementInstanceVariables({
        elementInstanceKey: c.processInstanceKey,
        variables: { dueAt: c.after.dueAt.toISOString(), warnAt: c.after.warnAt?.toISOString() ?? null },
      });
    } catch (error) {
      const failure = engineFailure(error);
      // an ended process has no deadline left to watch
      if (failure.status === 404) continue;
      log.warn('calendar: the engine kept the old deadline', { caseNumber: c.caseNumber, processInstanceKey: c.processInstanceKey, status: failure.status, detail: failure.detail });
      engineFailures.push(c.caseNumber);
    }
  }
  return { view, changes, engineFailures };
}

const instants = (s: DeadlineChange['before']) => ({ dueAt: s.dueAt?.toISOString() ?? null, warnAt: s.warnAt?.toISOString() ?? null, calendarFlag: s.calendarFlag });

function recomputedNote(year: number, c: DeadlineChange): string {
  const moved = c.before.dueAt && c.after.dueAt && c.before.dueAt.getTime() !== c.after.dueAt.getTime();
  return `${year}年节假日安排已录入，` + (moved ? `办结时限由 ${formatChinaTime(c.before.dueAt!)} 调整为 ${formatChinaTime(c.after.dueAt!)}` : '办结时限不变，已核对');
}
