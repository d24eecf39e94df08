import type { ElementModel, ProcessModel } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { CompensationSubscriptionRecord, ElementInstanceRecord } from './records.js';

/**
 * Compensation as Zeebe 8.8 runs it (BpmnCompensationSubscriptionBehaviour). An activity with a
 * compensation boundary event leaves a subscription when it completes; a sub-process or
 * multi-instance body that completes with subscriptions inside leaves one of its own, so a throw
 * event reaches into completed sub-processes. A compensation throw or end event triggers the
 * subscriptions of its flow scope (and, inside an event sub-process, of the scope around it):
 * each handler is activated in the throw event's flow scope, after its boundary event, and the
 * throw event completes when the last of them did. Active or terminated activities left none.
 * Subscriptions live on the process instance's root element instance, so they end with it.
 */

type Subscription = CompensationSubscriptionRecord & {
  /** set only while its handler is being activated: a handler that completes at once is found by it */
  invoking?: boolean;
};

function subscriptionsOf(root: ElementInstanceRecord): Subscription[] {
  return (root.compensations ??= []);
}

function compensationBoundary(model: ProcessModel, activity: ElementModel): ElementModel | undefined {
  for (const id of activity.boundaryEventIds) {
    const boundary = model.elements.get(id);
    if (boundary?.event?.type === 'compensation') return boundary;
  }
  return undefined;
}

export function compensationElementCompleted(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  if (ei.flowScopeKey === null) return;
  const root = ctx.ei(ei.processInstanceKey);
  if (!root) return;
  const inner = ctx.isInnerInstance(ei);
  // a boundary event associated with no activity (a text annotation, say) has no handler to run
  const handlerId = inner ? undefined : compensationBoundary(ctx.model(ei.definitionKey), element)?.compensationHandlerId;
  const isScope = element.behavior === 'subProcess' || ei.multiInstanceBody === true;
  if (handlerId !== undefined || (isScope && root.compensations?.some((s) => s.scopeKey === ei.key))) {
    // the inner instances of a multi-instance activity leave none: its handler runs once, for the body
    subscriptionsOf(root).push({
      key: ctx.newKey(),
      activityId: ei.elementId,
      activityInstanceKey: ei.key,
      scopeKey: ei.flowScopeKey,
      ...(handlerId !== undefined ? { handlerId } : {}),
    });
    ctx.saveEi(root);
  }
  if (element.isForCompensation && !inner && root.compensations) handlerCompleted(ctx, root, ei);
}

function handlerCompleted(ctx: RuntimeContext, root: ElementInstanceRecord, handler: ElementInstanceRecord): void {
  const subs = subscriptionsOf(root);
  const done = subs.find((s) => s.handlerInstanceKey === handler.key || (s.invoking === true && s.handlerId === handler.elementId));
  if (!done) return;
  remove(subs, done);
  completeScopesUpwards(subs, done.scopeKey);
  ctx.saveEi(root);
  const throwKey = done.throwEventInstanceKey;
  if (throwKey !== undefined && !subs.some((s) => s.throwEventInstanceKey === throwKey)) {
    ctx.enqueue(() => {
      const thrower = ctx.ei(throwKey);
      if (thrower && thrower.state === 'ACTIVATED') ctx.behaviors.lifecycle.complete(thrower);
    });
  }
}

/** A completed scope's own subscription ends when nothing below it is left to compensate. */
function completeScopesUpwards(subs: Subscription[], scopeKey: number): void {
  if (subs.some((s) => s.scopeKey === scopeKey)) return;
  const scopeSub = subs.find((s) => s.activityInstanceKey === scopeKey && s.handlerId === undefined);
  if (!scopeSub) return;
  remove(subs, scopeSub);
  completeScopesUpwards(subs, scopeSub.scopeKey);
}

function remove(subs: Subscription[], sub: Subscription): void {
  subs.splice(subs.indexOf(sub), 1);
}

/** Zeebe deletes the subscriptions left inside a terminated sub-process: they can never be triggered. */
export function compensationElementTerminated(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  const root = ei.flowScopeKey === null ? undefined : ctx.ei(ei.processInstanceKey);
  if (!root?.compensations?.some((s) => s.scopeKey === ei.key)) return;
  const subs = root.compensations;
  const dropBelow = (scopeKey: number): void => {
    for (const sub of subs.filter((s) => s.scopeKey === scopeKey)) {
      remove(subs, sub);
      dropBelow(sub.activityInstanceKey);
    }
  };
  dropBelow(ei.key);
  ctx.saveEi(root);
}

export function throwCompensation(ctx: RuntimeContext, thrower: ElementInstanceRecord, element: ElementModel): boolean {
  const root = ctx.ei(thrower.processInstanceKey)!;
  const subs: Subscription[] | undefined = root.compensations;
  if (!subs || subs.length === 0) return false;
  const scopeKeys = compensationScopeKeys(ctx, thrower);
  const activityRef = element.event?.type === 'compensation' ? element.event.activityRef : undefined;
  const untriggered = (s: Subscription) => s.throwEventInstanceKey === undefined;
  const selected = subs.filter((s) => untriggered(s) && scopeKeys.includes(s.scopeKey) && (activityRef === undefined || s.activityId === activityRef));
  // every subscription is marked before any handler runs, so one that completes at once cannot
  // complete the throw event while others are still to be invoked
  const marked: Subscription[] = [];
  const mark = (sub: Subscription): void => {
    sub.throwEventInstanceKey = thrower.key;
    marked.push(sub);
    for (const below of subs.filter((s) => untriggered(s) && s.scopeKey === sub.activityInstanceKey)) mark(below);
  };
  selected.forEach(mark);
  const toInvoke = marked.filter((s) => s.handlerId !== undefined);
  if (toInvoke.length === 0) {
    // nothing to run (or only scopes whose children are already being compensated): continue at once
    for (const sub of marked) delete sub.throwEventInstanceKey;
    return false;
  }
  ctx.saveEi(root);
  const scope = ctx.ei(thrower.flowScopeKey!)!;
  const model = ctx.model(thrower.definitionKey);
  for (const sub of toInvoke) invokeHandler(ctx, root, scope, model, sub);
  return true;
}

/** The throw event's flow scope; inside an event sub-process also the scope that holds it. */
function compensationScopeKeys(ctx: RuntimeContext, thrower: ElementInstanceRecord): number[] {
  const scope = ctx.ei(thrower.flowScopeKey!)!;
  if (ctx.element(scope).behavior !== 'eventSubProcess' || scope.flowScopeKey === null) return [scope.key];
  return [scope.key, scope.flowScopeKey];
}

/** Zeebe activates and completes the compensation boundary event, then activates the handler, both in the throw event's flow scope. */
function invokeHandler(ctx: RuntimeContext, root: ElementInstanceRecord, scope: ElementInstanceRecord, model: ProcessModel, sub: Subscription): void {
  const activity = model.elements.get(sub.activityId)!;
  const boundary = compensationBoundary(model, activity);
  if (boundary) ctx.behaviors.lifecycle.activate(scope, boundary);
  sub.invoking = true;
  const handler = ctx.behaviors.lifecycle.activate(scope, model.elements.get(sub.handlerId!)!);
  delete sub.invoking;
  // a handler that completed during its activation took its subscription with it
  if (subscriptionsOf(root).includes(sub)) sub.handlerInstanceKey = handler.key;
  ctx.saveEi(root);
}
