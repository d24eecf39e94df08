import type { RuntimeContext } from '../context.js';
import type { ElementInstanceRecord } from '../records.js';
import type { ContainerProcessor } from './processor.js';

/**
 * Flow scopes: the process, embedded and event sub-processes. A completed child's token moves
 * on along its flows; the scope completes once it holds no active child and no waiting token.
 */

const moveTokenOn: ContainerProcessor['onChildCompleted'] = (ctx, scope, _child, _childElement, flows, triggerVariables) => {
  for (const flow of flows) ctx.behaviors.tokens.takeFlow(scope, flow, triggerVariables);
  afterChildEnded(ctx, scope);
};

/** A child of `scope` ended: the scope may be able to complete, or an inclusive join to fire. */
function afterChildEnded(ctx: RuntimeContext, scope: ElementInstanceRecord): void {
  const model = ctx.model(scope.definitionKey);
  if (scope.joins) {
    for (const gatewayId of Object.keys(scope.joins)) {
      const gateway = model.elements.get(gatewayId)!;
      if (gateway.behavior === 'inclusiveGateway') ctx.enqueue(() => ctx.behaviors.tokens.tryInclusiveJoin(scope.key, gateway));
    }
  }
  ctx.enqueue(() => {
    const current = ctx.ei(scope.key);
    if (!current || current.state !== 'ACTIVATED') return;
    if (current.activeChildren > 0 || current.joins) return;
    ctx.behaviors.lifecycle.complete(current);
  });
}

/** A process instance begins at the start event startProcessInstance chose, with its trigger's variables. */
export const processScope: ContainerProcessor = {
  onActivate(ctx, root, element) {
    const start = ctx.model(root.definitionKey).elements.get(root.startElementId ?? element.noneStartEventId!)!;
    const trigger = root.pending;
    delete root.startElementId;
    delete root.pending;
    ctx.saveEi(root);
    ctx.behaviors.events.openEventSubProcessSubscriptions(root, element);
    ctx.behaviors.lifecycle.activate(root, start, trigger);
  },
  onChildCompleted: moveTokenOn,
  onHeldChildTerminated: afterChildEnded,
};

export const subProcess: ContainerProcessor = {
  onActivate(ctx, ei, element) {
    ctx.behaviors.events.openEventSubProcessSubscriptions(ei, element);
    ctx.behaviors.lifecycle.activate(ei, ctx.model(ei.definitionKey).elements.get(element.noneStartEventId!)!);
  },
  onChildCompleted: moveTokenOn,
  onHeldChildTerminated: afterChildEnded,
};

/** Starts with the variables of the event that triggered it; it has no outgoing flows. */
export const eventSubProcess: ContainerProcessor = {
  onActivate(ctx, ei, element) {
    const start = ctx.model(ei.definitionKey).elements.get(element.startEventId!)!;
    const trigger = ei.pending;
    delete ei.pending;
    ctx.saveEi(ei);
    ctx.behaviors.lifecycle.activate(ei, start, trigger ?? {});
  },
  selectOutgoing: () => [],
  onChildCompleted: moveTokenOn,
  onHeldChildTerminated: afterChildEnded,
};

/**
 * The flow scope of one activation inside an ad-hoc sub-process (Zeebe's inner instance): the
 * ad-hoc processor creates it, and it completes when its flow has run out.
 */
export const adHocInnerInstance: ContainerProcessor = {
  onActivate() {
    throw new Error('an ad-hoc inner instance is created by its ad-hoc sub-process');
  },
  onChildCompleted: moveTokenOn,
  onHeldChildTerminated: afterChildEnded,
};
