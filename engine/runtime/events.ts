import type { ElementModel, EventDefinition } from '../model/types.js';
import { evaluateCorrelationKey, evaluateExpr, evaluateString } from '../feel/feel.js';
import { firstDue, nextCycleDue } from '../timer/timer.js';
import type { RuntimeContext } from './context.js';
import type { OwnedSubscription, SubscriptionPlan } from './behaviors.js';
import type {
  ElementInstanceRecord,
  MessageSubscriptionRecord,
  SignalSubscriptionRecord,
  TimerRecord,
  Variables,
} from './records.js';
import { ActivationIncident, feelOpts } from './evaluation.js';
import { messageSubscriptionChanged } from './history.js';

/**
 * Event subscriptions (timers, messages, signals) and the triggering of catch events, boundary
 * events and event sub-processes; BPMN error and escalation propagation.
 */

/** Evaluates everything first so a FEEL failure leaves no half-opened subscriptions. */
function plan(ctx: RuntimeContext, vars: Variables, element: ElementModel, event: EventDefinition, interrupting: boolean): SubscriptionPlan | undefined {
  const opts = feelOpts(ctx);
  switch (event.type) {
    case 'timer': {
      const value = timerValue(evaluateExpr(event.timer.expr, vars, opts));
      const due = firstDue(event.timer.kind, value, ctx.now(), ctx.minCycleIntervalMs);
      return { kind: 'timer', elementId: element.id, dueAt: due.dueAt, ...(due.cycle ? { cycle: due.cycle } : {}) };
    }
    case 'message': {
      const name = evaluateString(event.messageName, vars, opts);
      const correlationKey = event.correlationKey ? evaluateCorrelationKey(event.correlationKey, vars, opts) : '';
      return { kind: 'message', elementId: element.id, name, correlationKey, interrupting };
    }
    case 'signal':
      return { kind: 'signal', elementId: element.id, name: evaluateString(event.signalName, vars, opts), interrupting };
    default:
      return undefined;
  }
}

function timerValue(v: unknown): string {
  if (typeof v === 'string') return v;
  throw new ActivationIncident('EXTRACT_VALUE_ERROR', `Expected the timer expression to evaluate to a date-time, duration or cycle text, but was ${JSON.stringify(v)}`);
}

/**
 * What subscribing to these catch events (boundary events, event sub-process start events, catch
 * events) would open, evaluated against the variables the subscribing scope sees; throws when an
 * expression fails, before anything is opened.
 */
export function planSubscriptions(ctx: RuntimeContext, vars: Variables, events: ElementModel[]): SubscriptionPlan[] {
  return events.flatMap((e) => plan(ctx, vars, e, e.event ?? { type: 'none' }, e.interrupting !== false) ?? []);
}

export function openPlans(ctx: RuntimeContext, owner: ElementInstanceRecord, plans: SubscriptionPlan[]): void {
  for (const p of plans) {
    if (p.kind === 'timer') {
      const timer: TimerRecord = {
        key: ctx.newKey(),
        dueAt: p.dueAt,
        elementId: p.elementId,
        ownerKey: owner.key,
        processInstanceKey: owner.processInstanceKey,
        definitionKey: owner.definitionKey,
        ...(p.cycle ? { cycle: p.cycle } : {}),
      };
      ctx.subscriptions.addTimer(timer);
      ctx.time.push({ at: timer.dueAt, kind: 'timer', key: timer.key });
      ctx.listeners.scheduleChanged();
    } else if (p.kind === 'message') {
      const sub: MessageSubscriptionRecord = {
        key: ctx.newKey(),
        messageName: p.name,
        correlationKey: p.correlationKey,
        elementId: p.elementId,
        ownerKey: owner.key,
        processInstanceKey: owner.processInstanceKey,
        definitionKey: owner.definitionKey,
        interrupting: p.interrupting,
      };
      ctx.subscriptions.addMessageSubscription(sub);
      messageSubscriptionChanged(ctx, sub, 'CREATED');
      ctx.enqueue(() => ctx.behaviors.messages.correlateBufferedMessages(sub));
    } else {
      ctx.subscriptions.addSignalSubscription({
        key: ctx.newKey(),
        signalName: p.name,
        elementId: p.elementId,
        ownerKey: owner.key,
        processInstanceKey: owner.processInstanceKey,
        definitionKey: owner.definitionKey,
        interrupting: p.interrupting,
      });
    }
  }
}

export function openBoundarySubscriptions(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  const model = ctx.model(ei.definitionKey);
  const vars = ctx.visibleVariables(ei.key);
  const plans: SubscriptionPlan[] = [];
  for (const id of element.boundaryEventIds) {
    const boundary = model.elements.get(id)!;
    const p = plan(ctx, vars, boundary, boundary.event ?? { type: 'none' }, boundary.interrupting !== false);
    if (p) plans.push(p);
  }
  openPlans(ctx, ei, plans);
}

/** Catch events, receive tasks and the targets of an event-based gateway. */
export function openCatchSubscriptions(ctx: RuntimeContext, owner: ElementInstanceRecord, scope: ElementInstanceRecord, targets: ElementModel[]): void {
  const vars = ctx.visibleVariables(scope.key);
  const plans: SubscriptionPlan[] = [];
  for (const target of targets) {
    const p = plan(ctx, vars, target, target.event ?? { type: 'none' }, true);
    if (p) plans.push(p);
  }
  openPlans(ctx, owner, plans);
}

export function openEventSubProcessSubscriptions(ctx: RuntimeContext, scope: ElementInstanceRecord, scopeElement: ElementModel): void {
  if (scopeElement.eventSubProcessIds.length === 0) return;
  const model = ctx.model(scope.definitionKey);
  const vars = ctx.visibleVariables(scope.key);
  const plans: SubscriptionPlan[] = [];
  for (const espId of scopeElement.eventSubProcessIds) {
    const start = model.elements.get(model.elements.get(espId)!.startEventId!)!;
    const p = plan(ctx, vars, start, start.event ?? { type: 'none' }, start.interrupting !== false);
    if (p) plans.push(p);
  }
  openPlans(ctx, scope, plans);
}

/** Closes the subscriptions an element instance owns; `only` narrows it to some elements. */
export function closeSubscriptionsOf(ctx: RuntimeContext, ownerKey: number, only?: (elementId: string) => boolean): void {
  for (const { key, kind } of ctx.subscriptions.ownedBy(ownerKey)) {
    if (kind === 'timer') {
      const t = ctx.get<TimerRecord>('timer', key);
      if (t && (!only || only(t.elementId))) ctx.subscriptions.removeTimer(t);
    } else if (kind === 'messageSubscription') {
      const m = ctx.get<MessageSubscriptionRecord>('messageSubscription', key);
      if (m && (!only || only(m.elementId))) {
        ctx.subscriptions.removeMessageSubscription(m);
        messageSubscriptionChanged(ctx, m, 'DELETED');
      }
    } else {
      const s = ctx.get<SignalSubscriptionRecord>('signalSubscription', key);
      if (s && (!only || only(s.elementId))) ctx.subscriptions.removeSignalSubscription(s);
    }
  }
}

export function subscriptionsOf(ctx: RuntimeContext, ownerKey: number): OwnedSubscription[] {
  return ctx.subscriptions.ownedBy(ownerKey).flatMap(({ key, kind }): OwnedSubscription[] => {
    if (kind === 'messageSubscription') {
      const m = ctx.get<MessageSubscriptionRecord>(kind, key);
      return m ? [{ kind, key, elementId: m.elementId, messageName: m.messageName }] : [];
    }
    const r = ctx.get<TimerRecord | SignalSubscriptionRecord>(kind, key);
    return r ? [{ kind, key, elementId: r.elementId }] : [];
  });
}

/**
 * Process-instance migration keeps a mapped catch event's subscription: the same record (key, due
 * date and repetitions, message name and correlation key) now for the target catch event.
 */
export function retargetSubscription(
  ctx: RuntimeContext,
  subscription: OwnedSubscription,
  to: { definitionKey: number; elementId: string; interrupting: boolean },
): void {
  if (subscription.kind === 'timer') {
    const t = ctx.get<TimerRecord>('timer', subscription.key)!;
    ctx.store.put('timer', t.key, { ...t, definitionKey: to.definitionKey, elementId: to.elementId });
  } else if (subscription.kind === 'messageSubscription') {
    const m = { ...ctx.get<MessageSubscriptionRecord>('messageSubscription', subscription.key)!, ...to };
    ctx.store.put('messageSubscription', m.key, m);
    messageSubscriptionChanged(ctx, m, 'MIGRATED');
  } else {
    const s = { ...ctx.get<SignalSubscriptionRecord>('signalSubscription', subscription.key)!, ...to };
    ctx.store.put('signalSubscription', s.key, s);
  }
}

function isEventSubProcessStart(ctx: RuntimeContext, definitionKey: number, elementId: string): boolean {
  const model = ctx.model(definitionKey);
  const el = model.elements.get(elementId);
  return !!el?.parentId && model.elements.get(el.parentId)?.behavior === 'eventSubProcess';
}

/**
 * An event arrived for a subscription: completes the waiting catch element, or activates the
 * boundary event / event sub-process it belongs to. Returns false when the owner no longer waits.
 */
export function triggerEvent(ctx: RuntimeContext, ownerKey: number, elementId: string, variables: Variables): boolean {
  const owner = ctx.ei(ownerKey);
  if (!owner || owner.state !== 'ACTIVATED') return false;
  const model = ctx.model(owner.definitionKey);
  const element = model.elements.get(elementId)!;
  const ownerElement = ctx.element(owner);

  if (element.behavior === 'boundaryEvent') {
    const scope = ctx.ei(owner.flowScopeKey!)!;
    // an interrupting one follows the owner's termination, which canceling task listeners may hold
    if (element.interrupting !== false) ctx.behaviors.lifecycle.terminate(owner, { activate: { scopeKey: scope.key, elementId: element.id, variables } });
    else ctx.behaviors.lifecycle.activate(scope, element, variables);
    return true;
  }
  if (isEventSubProcessStart(ctx, owner.definitionKey, elementId)) {
    const esp = model.elements.get(element.parentId!)!;
    if (element.interrupting !== false) {
      if (owner.interrupted) return false;
      closeSubscriptionsOf(ctx, owner.key, (id) => isEventSubProcessStart(ctx, owner.definitionKey, id));
      owner.interrupted = true;
      ctx.behaviors.lifecycle.terminateChildren(owner, { activate: { scopeKey: owner.key, elementId: esp.id, variables } });
      return true;
    }
    ctx.behaviors.lifecycle.activate(owner, esp, variables);
    return true;
  }
  if (ownerElement.behavior === 'eventBasedGateway') {
    closeSubscriptionsOf(ctx, owner.key);
    ctx.behaviors.lifecycle.complete(owner, { targetId: elementId, variables });
    return true;
  }
  if (owner.elementId === elementId) {
    closeSubscriptionsOf(ctx, owner.key);
    owner.pending = { ...(owner.pending ?? {}), ...variables };
    ctx.saveEi(owner);
    ctx.behaviors.lifecycle.complete(owner);
    return true;
  }
  return false;
}

/** A timer is due: trigger it, and schedule the next repetition of a cycle that continues. */
export function fireTimer(ctx: RuntimeContext, timer: TimerRecord, startProcess: (t: TimerRecord) => void): void {
  ctx.subscriptions.removeTimer(timer);
  const next = timer.cycle ? nextCycleDue(timer.cycle, timer.dueAt, ctx.now(), ctx.minCycleIntervalMs) : undefined;
  const reschedule = () => {
    if (!next) return;
    const again: TimerRecord = { ...timer, key: ctx.newKey(), dueAt: next.dueAt, cycle: next.cycle };
    ctx.subscriptions.addTimer(again);
    ctx.time.push({ at: again.dueAt, kind: 'timer', key: again.key });
    ctx.listeners.scheduleChanged();
  };
  if (timer.ownerKey === undefined) {
    startProcess(timer);
    reschedule();
    return;
  }
  const model = ctx.model(timer.definitionKey);
  const element = model.elements.get(timer.elementId)!;
  const keepsOwner = element.interrupting === false;
  const triggered = triggerEvent(ctx, timer.ownerKey, timer.elementId, {});
  if (triggered && keepsOwner && ctx.ei(timer.ownerKey)?.state === 'ACTIVATED') reschedule();
}

type CatchMatch = { kind: 'boundary'; owner: ElementInstanceRecord; element: ElementModel } | { kind: 'eventSubProcess'; scope: ElementInstanceRecord; start: ElementModel };

function matches(event: EventDefinition | undefined, type: 'error' | 'escalation', code: string, ctx: RuntimeContext, vars: Variables): 'exact' | 'any' | undefined {
  if (!event || event.type !== type) return undefined;
  const expr = type === 'error' ? (event as { errorCode?: import('../model/types.js').Expr }).errorCode : (event as { escalationCode?: import('../model/types.js').Expr }).escalationCode;
  if (!expr) return 'any';
  return String(evaluateExpr(expr, vars, feelOpts(ctx))) === code ? 'exact' : undefined;
}

function findCatch(ctx: RuntimeContext, thrower: ElementInstanceRecord, type: 'error' | 'escalation', code: string): CatchMatch | undefined {
  let cur: ElementInstanceRecord | undefined = thrower;
  while (cur) {
    const model = ctx.model(cur.definitionKey);
    const el = ctx.element(cur);
    const vars = ctx.visibleVariables(cur.key);
    if (cur !== thrower && (el.behavior === 'process' || el.behavior === 'subProcess' || el.behavior === 'adHocSubProcess' || el.behavior === 'eventSubProcess') && !cur.multiInstanceBody) {
      let any: ElementModel | undefined;
      for (const espId of el.eventSubProcessIds) {
        const start = model.elements.get(model.elements.get(espId)!.startEventId!)!;
        const m = matches(start.event, type, code, ctx, vars);
        if (m === 'exact') return { kind: 'eventSubProcess', scope: cur, start };
        if (m === 'any') any ??= start;
      }
      if (any) return { kind: 'eventSubProcess', scope: cur, start: any };
    }
    const inner = cur.flowScopeKey !== null && ctx.ei(cur.flowScopeKey)?.multiInstanceBody && ctx.ei(cur.flowScopeKey)?.elementId === cur.elementId;
    if (!inner && el.boundaryEventIds.length > 0) {
      let any: ElementModel | undefined;
      for (const id of el.boundaryEventIds) {
        const b = model.elements.get(id)!;
        const m = matches(b.event, type, code, ctx, vars);
        if (m === 'exact') return { kind: 'boundary', owner: cur, element: b };
        if (m === 'any') any ??= b;
      }
      if (any) return { kind: 'boundary', owner: cur, element: any };
    }
    if (cur.flowScopeKey !== null) cur = ctx.ei(cur.flowScopeKey);
    else if (cur.parentElementInstanceKey !== undefined) cur = ctx.ei(cur.parentElementInstanceKey);
    else cur = undefined;
  }
  return undefined;
}

function catchAt(ctx: RuntimeContext, match: CatchMatch, variables: Variables, interrupting: boolean): void {
  if (match.kind === 'boundary') {
    const scope = ctx.ei(match.owner.flowScopeKey!)!;
    const follow = { activate: { scopeKey: scope.key, elementId: match.element.id, variables } };
    if (interrupting) ctx.behaviors.lifecycle.terminate(match.owner, follow);
    else ctx.behaviors.lifecycle.activate(scope, match.element, variables);
    return;
  }
  const scope = match.scope;
  const esp = ctx.model(scope.definitionKey).elements.get(match.start.parentId!)!;
  if (interrupting) {
    closeSubscriptionsOf(ctx, scope.key, (id) => isEventSubProcessStart(ctx, scope.definitionKey, id));
    scope.interrupted = true;
    ctx.behaviors.lifecycle.terminateChildren(scope, { activate: { scopeKey: scope.key, elementId: esp.id, variables } });
    return;
  }
  ctx.behaviors.lifecycle.activate(scope, esp, variables);
}

/** Throws a BPMN error from `thrower`. Returns false when nothing catches it (→ incident). */
export function throwError(ctx: RuntimeContext, thrower: ElementInstanceRecord, code: string, message: string, variables: Variables): boolean {
  const match = findCatch(ctx, thrower, 'error', code);
  if (!match) {
    ctx.raiseIncident(
      thrower,
      'UNHANDLED_ERROR_EVENT',
      `Expected to throw an error event with the code '${code}' with message '${message}', but it was not caught. No error events are available in the scope.`,
      thrower.jobKey !== undefined ? { jobKey: thrower.jobKey } : { retry: 'activate' },
    );
    return false;
  }
  catchAt(ctx, match, variables, true);
  return true;
}

/** Throws an escalation. Returns true when an interrupting catch ended the thrower. */
export function throwEscalation(ctx: RuntimeContext, thrower: ElementInstanceRecord, code: string): boolean {
  const match = findCatch(ctx, thrower, 'escalation', code);
  if (!match) return false;
  const interrupting = (match.kind === 'boundary' ? match.element.interrupting : match.start.interrupting) !== false;
  catchAt(ctx, match, {}, interrupting);
  return interrupting;
}
