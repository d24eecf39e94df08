import type { Store, Task } from '../../domain/store/index.js';
import type { Logger } from '../log.js';
import type { InboxEngine } from './engine.js';

/**
 * Stale tasks. The task store learns of a task's end from the `completing` listener; a task the
 * engine cancels (an interrupting boundary event, a terminated instance, a cancelled call
 * activity) has no listener, so its row would stay `created` and the task would wait in inboxes
 * for ever. The inbox therefore asks the engine about the open tasks it is about to show (one
 * batched search per page) and settles the ones the engine reports COMPLETED or CANCELED.
 *
 * Only a positive answer changes a row: a task the engine does not list is left alone, because on
 * a Camunda 8 cluster the search reads secondary storage, which may not have a new task yet.
 * When the engine cannot be asked, the store's view is shown as it is (and logged), and the
 * check rests for a while, so that lists stay quick while the engine is away.
 */
export interface Reconciler {
  /** Settles the given tasks the engine has ended; returns the keys it changed. */
  reconcile(tasks: Task[]): Promise<string[]>;
}

/** how long the check rests after the engine could not be asked (real time, not the app's clock) */
const REST_AFTER_FAILURE_MS = 30_000;

export function createReconciler({ store, engine, clock, log }: { store: Store; engine: InboxEngine; clock: () => Date; log: Logger }): Reconciler {
  let restUntil = 0;
  return {
    async reconcile(tasks) {
      const open = tasks.filter((t) => t.state === 'created').map((t) => t.userTaskKey);
      if (open.length === 0 || Date.now() < restUntil) return [];
      let states;
      try {
        states = await engine.taskStates(open);
      } catch (error) {
        restUntil = Date.now() + REST_AFTER_FAILURE_MS;
        log.warn('inbox: could not check open tasks against the engine; showing the task store as it is', { error: (error as Error).message, tasks: open.length });
        return [];
      }
      const changed: string[] = [];
      for (const key of open) {
        const found = states.get(key);
        if (found?.state !== 'COMPLETED' && found?.state !== 'CANCELED') continue;
        const at = found.completionDate ?? clock();
        await store.transaction(async (tx) => {
          if (found.state === 'COMPLETED') await tx.tasks.complete(key, at);
          else await tx.tasks.cancel(key, at);
          await tx.inbox.deleteDraftsOf(key);
        });
        changed.push(key);
        log.info('inbox: settled a task the engine had ended', { userTaskKey: key, state: found.state });
      }
      return changed;
    },
  };
}
