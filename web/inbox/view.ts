import { dueStatusOf, dueThresholds } from '../../domain/calendar/due-status.js';
import type { RecentCalendar } from '../../domain/calendar/store-calendar.js';
import type { DueBands, InboxEntry, Task } from '../../domain/store/index.js';
import { groundByItem } from '../../domain/complaints/grounds.js';
import { maskName } from '../../domain/privacy/mask.js';
import { maskedApplicant } from './masking.js';

/**
 * How long an app instance shows due colours on a calendar read before: an administrator's change
 * made on another instance colours its listings at most this much later (on this one at once).
 */
export const CALENDAR_SHOWN_MAX_AGE_MS = 10_000;

/**
 * The due colours' thresholds at `now`, on the calendar as read at most a few seconds ago: colours
 * are shown, not deadlines (docs/decisions/0024-per-request-reads.md).
 */
export async function dueBands(calendar: RecentCalendar, now: Date): Promise<DueBands> {
  return dueThresholds(await calendar.read(), now);
}

/** The colour of a task's due time: an open one's against now, a finished one's by whether it ended late. */
export const taskDueStatus = (t: Task, bands: DueBands) => dueStatusOf(t.dueAt, bands, t.state === 'created' ? null : (t.completedAt ?? bands.now));

/**
 * A task as the inbox shows it, field by field so nothing added to the store is published by
 * accident; the applicant's ID and phone numbers masked.
 */
export function inboxTaskBody(entry: InboxEntry, bands: DueBands) {
  const t = entry.task;
  return {
    userTaskKey: t.userTaskKey,
    name: t.name,
    elementId: t.elementId,
    processInstanceKey: t.processInstanceKey,
    formId: t.formId,
    state: t.state,
    caseNumber: entry.caseNumber,
    applicant: maskedApplicant(entry.applicant),
    item: entry.itemCode === null ? null : { code: entry.itemCode, name: entry.itemName },
    department: t.departmentCode === null ? null : { code: t.departmentCode, name: entry.departmentName },
    candidateGroups: t.candidateGroups,
    assignee: t.assignee === null ? null : { id: t.assignee, name: entry.assigneeName },
    coveringFor: t.coveringFor === null ? null : { id: t.coveringFor, name: entry.coveringForName },
    dueAt: t.dueAt?.toISOString() ?? null,
    dueStatus: taskDueStatus(t, bands),
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
    complaint: entry.complaint && {
      number: entry.complaint.number,
      complainant: maskName(entry.complaint.complainantName),
      ground: entry.complaint.groundItem === null ? null : (groundByItem(entry.complaint.groundItem)?.label ?? null),
      replyDueAt: entry.complaint.replyDueAt?.toISOString() ?? null,
    },
  };
}

export type InboxTaskBody = ReturnType<typeof inboxTaskBody>;
