import { evaluateString } from '../../feel/feel.js';
import { feelOpts } from '../evaluation.js';
import type { ElementProcessor } from './processor.js';

/**
 * A business rule task with zeebe:calledDecision: evaluates the DMN decision in the task's scope
 * on activation and completes with the decision's output in the result variable (through the
 * output mappings, like a job's variables). A missing or failing decision is an incident, and
 * resolving it evaluates again.
 */
export const decisionTask: ElementProcessor = {
  onActivate(ctx, ei, element) {
    const called = element.calledDecision!;
    const decisionId = evaluateString(called.decisionId, ctx.visibleVariables(ei.key), feelOpts(ctx));
    const output = ctx.behaviors.decisions.evaluateCalledDecision(ei, element, decisionId);
    ei.pending = { ...(ei.pending ?? {}), [called.resultVariable]: output };
    ctx.saveEi(ei);
    ctx.behaviors.lifecycle.complete(ei);
  },
};
