import { StoreNotFoundError } from '../domain/store/index.js';
import { unrecordedTask } from './records.js';
import type { WorkerModule } from './run-job.js';
import { listenerTask } from './user-task-job.js';

/**
 * The `completing` task listener: marks the task completed, which takes it out of every inbox.
 *
 * The engine holds a clerk's completion until this job is answered, so its one write is kept to a
 * single statement instead of a processed-jobs transaction (ADR 0020): marking a task completed
 * touches only a task still open, so a redelivered job changes nothing and the first completion
 * time stays. The inbox marks the task completed too once the engine has answered it; whichever
 * comes first wins, and the listener is still what tells the store of a task completed through
 * another client (Tasklist, the engine's API).
 */
export const userTaskCompleting: WorkerModule = {
  jobType: 'user-task-completing',
  listener: true,
  create: (deps) => async (job) => {
    const { userTaskKey } = listenerTask(job);
    try {
      await deps.store.tasks.complete(userTaskKey, deps.clock());
    } catch (error) {
      if (!(error instanceof StoreNotFoundError)) throw error;
      throw unrecordedTask(job, userTaskKey);
    }
    deps.log('user task completed', { userTaskKey, element: job.elementId });
    return {};
  },
};
