import type { ElementModel, SequenceFlowModel } from '../../model/types.js';
import { evaluateCondition } from '../../feel/feel.js';
import type { RuntimeContext } from '../context.js';
import type { ElementInstanceRecord } from '../records.js';
import { ActivationIncident, feelOpts } from '../evaluation.js';
import type { ElementProcessor } from './processor.js';

/**
 * Gateways pass the token on at once; exclusive and inclusive ones choose flows by their
 * conditions. Joining (parallel, inclusive) happens on the way in, in engine/runtime/tokens.ts.
 */

function conditionalFlows(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  element: ElementModel,
  outgoing: SequenceFlowModel[],
  firstOnly: boolean,
): SequenceFlowModel[] {
  if (outgoing.length === 0) return [];
  const vars = ctx.visibleVariables(ei.key);
  const taken: SequenceFlowModel[] = [];
  for (const flow of outgoing) {
    if (flow.id === element.defaultFlowId) continue;
    if (flow.condition === undefined) {
      taken.push(flow);
    } else if (evaluateCondition(flow.condition, vars, feelOpts(ctx))) {
      taken.push(flow);
    }
    if (taken.length > 0 && firstOnly) break;
  }
  if (taken.length === 0 && element.defaultFlowId) taken.push(ctx.model(ei.definitionKey).flows.get(element.defaultFlowId)!);
  if (taken.length === 0) {
    throw new ActivationIncident(
      'CONDITION_ERROR',
      `Expected at least one condition to evaluate to true, or to have a default flow (gateway '${element.id}')`,
    );
  }
  return taken;
}

const passesOn = (ctx: RuntimeContext, ei: ElementInstanceRecord) => ctx.behaviors.lifecycle.complete(ei);

export const exclusiveGateway: ElementProcessor = {
  onActivate: passesOn,
  selectOutgoing: (ctx, ei, element, outgoing) => conditionalFlows(ctx, ei, element, outgoing, true),
};

export const inclusiveGateway: ElementProcessor = {
  onActivate: passesOn,
  selectOutgoing: (ctx, ei, element, outgoing) => conditionalFlows(ctx, ei, element, outgoing, false),
};

export const parallelGateway: ElementProcessor = { onActivate: passesOn };

/** Waits for the first of its targets' events; the lifecycle then takes only the flow to that target. */
export const eventBasedGateway: ElementProcessor = {
  onActivate(ctx, ei, element) {
    const model = ctx.model(ei.definitionKey);
    const targets = element.outgoing.map((f) => model.elements.get(model.flows.get(f)!.targetId)!);
    ctx.behaviors.events.openCatchSubscriptions(ei, ei, targets);
  },
};
