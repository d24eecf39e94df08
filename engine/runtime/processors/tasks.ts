import { evaluateFeel } from '../../feel/feel.js';
import { feelOpts } from '../evaluation.js';
import type { ElementProcessor } from './processor.js';

/** bpmn:Task and bpmn:ManualTask, none start events, boundary events once triggered: nothing to wait for. */
export const completesAtOnce: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.behaviors.lifecycle.complete(ei);
  },
};

/** A script task with zeebe:script: the FEEL result goes to its result variable. */
export const feelScriptTask: ElementProcessor = {
  onActivate(ctx, ei, element) {
    const script = element.script!;
    const value = evaluateFeel(script.expression, ctx.visibleVariables(ei.key), feelOpts(ctx));
    ei.pending = { ...(ei.pending ?? {}), [script.resultVariable]: value };
    ctx.saveEi(ei);
    ctx.behaviors.lifecycle.complete(ei);
  },
};

/** Service, send, job-based script and business-rule tasks: a job for a worker. */
export const jobTask: ElementProcessor = {
  onActivate(ctx, ei, element) {
    ctx.behaviors.jobs.createElementJob(ei, element);
  },
  onTerminate(ctx, ei) {
    ctx.behaviors.jobs.cancelJobOf(ei);
  },
};
