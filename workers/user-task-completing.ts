import { idempotencyKey } from './job-input.js';
import { requireRecordedTask } from './records.js';
import type { WorkerModule } from './run-job.js';
import { listenerTask } from './user-task-job.js';

/** The `completing` task listener: marks the task completed, which takes it out of every inbox. */
export const userTaskCompleting: WorkerModule = {
  jobType: 'user-task-completing',
  listener: true,
  create: (deps) => async (job) => {
    const { userTaskKey } = listenerTask(job);
    const now = deps.clock();
    return deps.store.processedJobs.runOnce(idempotencyKey(job, job.jobKey), job.type, async (tx) => {
      await requireRecordedTask(tx, job, userTaskKey);
      await tx.tasks.complete(userTaskKey, now);
      deps.log('user task completed', { userTaskKey, element: job.elementId });
      return {};
    });
  },
};
