import { createWorkingDayCalendar } from '../../domain/calendar/calendar.js';
import { dueStatusOf, dueThresholds } from '../../domain/calendar/due-status.js';
import type { DueBands, InboxEntry, Store, Task } from '../../domain/store/index.js';
import { groundByItem } from '../../domain/complaints/grounds.js';
import { maskName } from '../../domain/privacy/mask.js';
import { maskedApplicant } from './masking.js';

/** The working-day calendar as administrators left it (package data and their overrides), read afresh. */
export async function dueBands(store: Store, now: Date): Promise<DueBands> {
  const [overrides, years] = await Promise.all([store.calendar.listOverrides(), store.calendar.years()]);
  return dueThresholds(createWorkingDayCalendar({ overrides, knownYears: years.map((y) => y.year) }), now);
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
