import { idempotencyKey } from './job-input.js';
import { unrecordedTask } from './records.js';
import type { WorkerModule } from './run-job.js';
import { listenerTask } from './user-task-job.js';

/**
 * The `assigning` task listener: records the task's new assignee (none after an unassignment) so
 * the inbox shows it. An assignment that repeats the recorded assignee (the engine assigns again
 * right after creation) keeps the AB岗 note of whom the assignee covers for.
 */
export const userTaskAssigning: WorkerModule = {
  jobType: 'user-task-assigning',
  listener: true,
  create: (deps) => async (job) => {
    const { userTaskKey, assignee } = listenerTask(job);
    return deps.store.processedJobs.runOnce(idempotencyKey(job, job.jobKey), job.type, async (tx) => {
      if (!(await tx.tasks.recordAssignment(userTaskKey, assignee))) throw unrecordedTask(job, userTaskKey);
      deps.log('user task assigned', { userTaskKey, element: job.elementId, assignee });
      // no corrections, and returning none spares the frame storing a result
    });
  },
};
