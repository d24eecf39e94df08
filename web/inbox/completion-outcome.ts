import { waitForInstanceChange } from '../../domain/store/change-signals.js';
import { isFinishedCaseStatus, type Store, type Task } from '../../domain/store/index.js';

/**
 * What a completion led to, for the clerk's confirmation: the case finished, the steps that
 * opened next, or not yet known. The engine moves on through job workers after it accepted the
 * completion, so the store is watched for a short while; a step that comes later is simply not
 * named. The job workers of this process wake the wait as soon as they commit a change of the
 * instance; the interval only matters when another app instance's worker made it.
 */
export type CompletionOutcome = { kind: 'finished' } | { kind: 'next'; steps: string[] } | { kind: 'pending' };

const WAIT_MS = 1_500;
const INTERVAL_MS = 50;

/** The instance's open tasks just before the completion: what is open beside it is not its next step. */
export async function openTasksBefore(store: Store, task: Task): Promise<Set<string>> {
  return new Set((await store.tasks.list({ processInstanceKey: task.processInstanceKey, state: 'created' })).map((t) => t.userTaskKey));
}

export async function completionOutcome(store: Store, task: Task, openBefore: Set<string>, waitMs = WAIT_MS): Promise<CompletionOutcome> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const theCase = task.caseId === null ? undefined : await store.cases.get(task.caseId);
    if (theCase && isFinishedCaseStatus(theCase.status)) return { kind: 'finished' };
    const opened = (await store.tasks.list({ processInstanceKey: task.processInstanceKey, state: 'created' })).filter((t) => !openBefore.has(t.userTaskKey));
    if (opened.length > 0) return { kind: 'next', steps: [...new Set(opened.map((t) => t.name))] };
    if (Date.now() >= deadline) return { kind: 'pending' };
    await waitForInstanceChange(task.processInstanceKey, Math.min(INTERVAL_MS, Math.max(0, deadline - Date.now())));
  }
}
