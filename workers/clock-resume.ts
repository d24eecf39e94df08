import { CALENDAR_LOCK, storeCalendar } from '../domain/calendar/store-calendar.js';
import type { CasePatch } from '../domain/store/index.js';
import { idempotencyKey } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import { moveDeadline, withUnknownYears, workingDaysWaited } from './working-time.js';

/**
 * Restarts the case's clock and moves its deadline (dueAt, warnAt) on by the working days it
 * stood still (what arrives after office hours counts the next working day as waited too),
 * counted from the old due day. Only an open suspension is resumed: a second resume
 * of the same one finds none and changes nothing, and answers with the deadline as it stands.
 * A case suspended before acceptance has no deadline yet; its waiting days are still recorded.
 * A deadline that had already passed when the clock stopped is not moved: the waiting does not
 * undo a delay that had happened before it (a reported case forwarded after its 3-day limit).
 */
export const clockResume: WorkerModule = {
  jobType: 'clock-resume',
  create: (deps) => async (job) => {
    const now = deps.clock();
    // the calendar read under its lock, so an administrator's recount cannot miss the moved deadline
    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const calendar = await storeCalendar(tx)();
      const theCase = await requireCase(tx, job);
      const deadline = (dueAt: Date | null, warnAt: Date | null) =>
        dueAt ? { dueAt: dueAt.toISOString(), warnAt: (warnAt ?? dueAt).toISOString() } : {};
      if (!theCase.suspendedSince) {
        deps.log('clock not suspended, nothing to resume', { caseNumber: theCase.caseNumber });
        return deadline(theCase.dueAt, theCase.warnAt);
      }
      const waited = workingDaysWaited(calendar, theCase.suspendedSince, now);
      const passedBefore = theCase.dueAt !== null && theCase.dueAt.getTime() < theCase.suspendedSince.getTime();
      const moved = theCase.dueAt && waited.days > 0 && !passedBefore ? moveDeadline(calendar, theCase.dueAt, waited.days) : undefined;
      const unknownYears = [...new Set([...waited.unknownYears, ...(moved?.unknownYears ?? [])])];
      const calendarFlag = withUnknownYears(theCase.calendarFlag, unknownYears);
      const patch: CasePatch = {
        suspendedSince: null,
        suspendedWorkingDays: theCase.suspendedWorkingDays + waited.days,
        ...(moved ? { dueAt: moved.dueAt, warnAt: moved.warnAt } : {}),
        ...(calendarFlag ? { calendarFlag } : {}),
      };
      const updated = await tx.cases.update(theCase.id, patch);
      await tx.cases.appendEvent(theCase.id, {
        kind: 'clock-resumed',
        ...jobActor(job),
        at: now,
        detail: {
          suspendedSince: theCase.suspendedSince.toISOString(),
          workingDays: waited.days,
          ...(moved ? { dueAt: moved.dueAt.toISOString(), previousDueAt: theCase.dueAt!.toISOString() } : {}),
          ...(passedBefore ? { passedBeforeSuspension: true } : {}),
          note: `恢复计时，暂停 ${waited.days} 个工作日${moved ? '，办结时限相应顺延' : passedBefore ? '；办结时限在暂停前已届满，不予顺延' : ''}`,
        },
      });
      if (calendarFlag) {
        await tx.cases.appendEvent(theCase.id, {
          kind: 'calendar-unknown-year',
          ...jobActor(job),
          detail: { years: unknownYears, note: `${unknownYears.join('、')}年的节假日安排尚未录入，顺延后的时限仅按周末推算，需人工核对` },
        });
      }
      deps.log('clock resumed', { caseNumber: theCase.caseNumber, workingDays: waited.days, dueAt: updated.dueAt?.toISOString() });
      return deadline(updated.dueAt, updated.warnAt);
    }, { sharedLock: CALENDAR_LOCK });
  },
};
