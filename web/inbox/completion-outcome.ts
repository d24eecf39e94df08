import type { InstanceChange, InstanceWatch } from '../../domain/store/change-signals.js';
import { isFinishedCaseStatus, type Store, type Task } from '../../domain/store/index.js';

/**
 * What a completion led to, for the clerk's confirmation: the case finished, the steps that
 * opened next, or not yet known. The engine moves on through job workers after it accepted the
 * completion, so the outcome is awaited for a short while; a step that comes later is simply not
 * named. The job workers of this process tell the wait what they committed (a task recorded, the
 * case finished), which decides it without a store read; the store is read only when they have
 * told nothing for an interval, for a change another app instance's worker made.
 */
export type CompletionOutcome = { kind: 'finished' } | { kind: 'next'; steps: string[] } | { kind: 'pending' };

const WAIT_MS = 1_500;
const INTERVAL_MS = 50;

/** The instance's open tasks just before the completion: what is open beside it is not its next step. */
export async function openTasksBefore(store: Store, task: Task): Promise<Set<string>> {
  return new Set((await store.tasks.list({ processInstanceKey: task.processInstanceKey, state: 'created' })).map((t) => t.userTaskKey));
}

/** The outcome the changes name, if any: a task open before the completion (a replayed listener job) names none. */
function toldOutcome(changes: InstanceChange[], openBefore: Set<string>): CompletionOutcome | undefined {
  if (changes.some((c) => c.kind === 'case-finished')) return { kind: 'finished' };
  const steps = changes.flatMap((c) => (c.kind === 'task-recorded' && !openBefore.has(c.userTaskKey) ? [c.name] : []));
  return steps.length > 0 ? { kind: 'next', steps: [...new Set(steps)] } : undefined;
}

async function readOutcome(store: Store, task: Task, openBefore: Set<string>): Promise<CompletionOutcome | undefined> {
  const { caseStatus, open } = await store.tasks.instanceProgress(task.processInstanceKey, task.caseId);
  if (caseStatus !== null && isFinishedCaseStatus(caseStatus)) return { kind: 'finished' };
  const opened = open.filter((t) => !openBefore.has(t.userTaskKey));
  return opened.length > 0 ? { kind: 'next', steps: [...new Set(opened.map((t) => t.name))] } : undefined;
}

/**
 * `watch` is the task's instance, opened before the completion was sent, so no change this
 * process commits after it is missed. Closing it is the caller's.
 */
export async function completionOutcome(store: Store, task: Task, openBefore: Set<string>, watch: InstanceWatch, waitMs = WAIT_MS): Promise<CompletionOutcome> {
  const deadline = Date.now() + waitMs;
  let nextRead = Math.min(Date.now() + INTERVAL_MS, deadline);
  for (;;) {
    // changes told before the wait began are taken at once
    const told = toldOutcome(await watch.next(Math.max(0, nextRead - Date.now())), openBefore);
    if (told) return told;
    if (Date.now() < nextRead) continue;
    const read = await readOutcome(store, task, openBefore);
    if (read) return read;
    if (Date.now() >= deadline) return { kind: 'pending' };
    nextRead = Math.min(Date.now() + INTERVAL_MS, deadline);
  }
}
