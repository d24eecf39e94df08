/**
 * In-process news of a change a job worker of the same process committed (a task recorded, a
 * case finished), for a reader waiting on it. The news says what changed, so such a reader needs
 * no store read to learn it. A reader still keeps a slower poll of the store, because with several
 * app instances on one PostgreSQL store the worker that commits the change may run in another
 * process, which cannot tell it.
 */
export type InstanceChange =
  /** the creating listener recorded an open task of the instance */
  | { kind: 'task-recorded'; userTaskKey: string; name: string }
  /** the instance's case is finished (办结) */
  | { kind: 'case-finished' };

type Listener = (processInstanceKey: string, change: InstanceChange) => void;

const listeners = new Set<Listener>();

/** Tells the waiting readers that this change of the process instance was committed. */
export function signalInstanceChanged(processInstanceKey: string, change: InstanceChange): void {
  for (const listener of listeners) listener(processInstanceKey, change);
}

/** The changes of one instance signalled since it was opened, until closed. */
export interface InstanceWatch {
  /** Takes the changes signalled since the last call; waits for the next one up to `ms` when there is none (then answers none). */
  next(ms: number): Promise<InstanceChange[]>;
  close(): void;
}

/**
 * Starts collecting the changes of one instance. Opened before the command that causes them (a
 * completion), it misses none that this process commits, however soon after the command they come.
 */
export function watchInstance(processInstanceKey: string): InstanceWatch {
  let pending: InstanceChange[] = [];
  let wake: (() => void) | undefined;
  const listener: Listener = (key, change) => {
    if (key !== processInstanceKey) return;
    pending.push(change);
    wake?.();
  };
  listeners.add(listener);
  return {
    async next(ms) {
      if (pending.length === 0 && ms > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, ms);
          function done() {
            clearTimeout(timer);
            wake = undefined;
            resolve();
          }
          wake = done;
        });
      }
      const taken = pending;
      pending = [];
      return taken;
    },
    close() {
      listeners.delete(listener);
    },
  };
}
