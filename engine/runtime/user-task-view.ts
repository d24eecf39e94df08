import type { UserTaskRecord } from './records.js';

/** How a user task and its pending transition look to task-listener workers and to the API. */

export type TransitionType = NonNullable<UserTaskRecord['transition']>['eventType'];

/** What a task-listener job tells its worker about the task (the job's `userTask`). */
export interface ListenerTaskView {
  /** the task with the transition's changes applied */
  task: UserTaskRecord;
  action?: string;
  changedAttributes: string[];
}

export function listenerTaskView(task: UserTaskRecord): ListenerTaskView {
  const transition = task.transition;
  return {
    task: { ...task, ...pendingView(task) },
    ...(transition?.action ? { action: transition.action } : {}),
    changedAttributes: transition && transition.eventType !== 'creating' ? Object.keys(transition.changes) : [],
  };
}

/** The task as listeners should see it: with the transition's changes applied. */
export function pendingView(task: UserTaskRecord): Partial<UserTaskRecord> {
  const c = task.transition?.changes ?? {};
  const view: Partial<UserTaskRecord> = {};
  if (c.assignee) view.assignee = c.assignee;
  if (c.dueDate) view.dueDate = c.dueDate;
  if (c.followUpDate) view.followUpDate = c.followUpDate;
  if (c.candidateGroups) view.candidateGroups = c.candidateGroups;
  if (c.candidateUsers) view.candidateUsers = c.candidateUsers;
  if (c.priority !== undefined) view.priority = c.priority;
  return view;
}

/** How a refusal names the operation a listener denied. */
export const DENIED_OPERATION: Record<Exclude<TransitionType, 'creating' | 'canceling'>, string> = {
  assigning: 'Assignment',
  updating: 'Update',
  completing: 'Completion',
};

/** Listener event types whose transition a listener may deny (Zeebe refuses the others). */
export const DENIABLE_EVENT_TYPES: readonly string[] = Object.keys(DENIED_OPERATION);
