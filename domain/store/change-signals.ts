/**
 * In-process wake-ups for readers waiting on a change a job worker of the same process commits
 * (a task recorded, a case finished). They only shorten a wait: a reader still re-reads the store
 * and keeps a slower poll, because with several app instances on one PostgreSQL store the worker
 * that commits the change may run in another process, which cannot wake it.
 */
type Listener = (processInstanceKey: string) => void;

const listeners = new Set<Listener>();

/** Tells the waiting readers that a change of this process instance was committed. */
export function signalInstanceChanged(processInstanceKey: string): void {
  for (const listener of listeners) listener(processInstanceKey);
}

/**
 * Resolves when a change of the instance is signalled or after `ms`, whichever comes first; true
 * if it was signalled.
 */
export function waitForInstanceChange(processInstanceKey: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const listener: Listener = (key) => {
      if (key !== processInstanceKey) return;
      done(true);
    };
    const timer = setTimeout(() => done(false), ms);
    function done(signalled: boolean) {
      clearTimeout(timer);
      listeners.delete(listener);
      resolve(signalled);
    }
    listeners.add(listener);
  });
}
