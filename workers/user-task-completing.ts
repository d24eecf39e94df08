import { InvalidJobInput } from './errors.js';
import { idempotencyKey } from './job-input.js';
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
      if (!(await tx.tasks.get(userTaskKey))) {
        throw new InvalidJobInput('header:io.camunda.zeebe:userTaskKey', `user task ${userTaskKey} was never recorded: element '${job.elementId}' needs the creating listener user-task-creating`);
      }
      await tx.tasks.complete(userTaskKey, now);
      deps.log('user task completed', { userTaskKey, element: job.elementId });
      return {};
    });
  },
};
