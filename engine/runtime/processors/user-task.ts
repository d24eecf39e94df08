import type { ElementProcessor } from './processor.js';

/** A Camunda user task (zeebe:userTask); its task listeners run as jobs. */
export const userTask: ElementProcessor = {
  onActivate(ctx, ei, element) {
    ctx.behaviors.userTasks.createUserTask(ei, element);
  },
  onTerminate(ctx, ei, _element, mode) {
    ctx.behaviors.jobs.cancelJobOf(ei);
    return ctx.behaviors.userTasks.cancelUserTaskOf(ei, mode);
  },
};
