import type { ElementModel } from '../../model/types.js';
import { FeelError, evaluateCondition, evaluateFeel } from '../../feel/feel.js';
import type { RuntimeContext } from '../context.js';
import type { ElementInstanceRecord } from '../records.js';
import { ActivationIncident, feelOpts, outputElementVariable } from '../evaluation.js';
import type { ContainerProcessor } from './processor.js';

/**
 * The multi-instance body wrapped around an activity with multiInstanceLoopCharacteristics: it
 * starts one inner instance per item of the input collection (all at once, or one after the
 * other), gathers their output elements into the output collection and completes when they
 * all did, or when the completion condition holds.
 */
export const multiInstanceBody: ContainerProcessor = {
  activatesItself: true,
  onActivate: activateBody,
  onComplete(ctx, body, element) {
    const out = element.multiInstance!.outputCollection;
    if (out) ctx.propagateVariables(body.flowScopeKey!, { [out]: body.variables[out] });
  },
  beforeChildCompleted(ctx, body, inner, element) {
    const mi = element.multiInstance!;
    if (!mi.outputCollection || !mi.outputElement) return;
    const value = evaluateFeel(mi.outputElement, ctx.visibleVariables(inner.key), feelOpts(ctx));
    const collection = body.variables[mi.outputCollection] as unknown[];
    collection[(inner.loopCounter ?? 1) - 1] = value;
    ctx.variableChanged(body, mi.outputCollection);
    ctx.saveEi(body);
  },
  onChildCompleted(ctx, body, inner, element) {
    innerInstanceCompleted(ctx, body, element, inner);
  },
  // an inner instance whose canceling task listeners held its termination ended at last
  onHeldChildTerminated(ctx, body) {
    if (body.completionConditionFulfilled) completeWhenEmpty(ctx, body.key);
  },
};

function completeWhenEmpty(ctx: RuntimeContext, bodyKey: number): void {
  const body = ctx.ei(bodyKey);
  if (body && body.state === 'ACTIVATED' && body.activeChildren === 0) ctx.behaviors.lifecycle.complete(body);
}

function activateBody(ctx: RuntimeContext, body: ElementInstanceRecord, element: ElementModel): void {
  const mi = element.multiInstance!;
  const vars = ctx.visibleVariables(body.key);
  const items = evaluateFeel(mi.inputCollection, vars, feelOpts(ctx));
  if (!Array.isArray(items)) {
    throw new ActivationIncident(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${mi.inputCollection}' to be 'ARRAY', but was '${describeType(items)}'.`,
    );
  }
  if (element.boundaryEventIds.length > 0) ctx.behaviors.events.openBoundarySubscriptions(body, element);
  body.multiInstance = { items, next: 0, completed: 0 };
  if (mi.outputCollection) {
    body.variables[mi.outputCollection] = items.map(() => null);
    ctx.variableChanged(body, mi.outputCollection);
  }
  body.state = 'ACTIVATED';
  ctx.saveEi(body);
  if (items.length === 0) {
    ctx.behaviors.lifecycle.complete(body);
    return;
  }
  const toStart = mi.sequential ? 1 : items.length;
  for (let i = 0; i < toStart; i++) startInnerInstance(ctx, body, element);
}

function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return 'ARRAY';
  if (typeof v === 'object') return 'OBJECT';
  return typeof v === 'string' ? 'STRING' : typeof v === 'number' ? 'NUMBER' : typeof v === 'boolean' ? 'BOOLEAN' : 'UNKNOWN';
}

function startInnerInstance(ctx: RuntimeContext, body: ElementInstanceRecord, element: ElementModel): void {
  const state = body.multiInstance!;
  const index = state.next++;
  ctx.saveEi(body);
  const mi = element.multiInstance!;
  const inner = ctx.createEi({
    key: ctx.newKey(),
    processInstanceKey: body.processInstanceKey,
    definitionKey: body.definitionKey,
    elementId: element.id,
    flowScopeKey: body.key,
    state: 'ACTIVATING',
    variables: {
      loopCounter: index + 1,
      ...outputElementVariable(mi.outputElement),
      ...(mi.inputElement ? { [mi.inputElement]: state.items[index] ?? null } : {}),
    },
    activeChildren: 0,
    loopCounter: index + 1,
  });
  body.activeChildren++;
  ctx.saveEi(body);
  ctx.enqueue(() => {
    if (ctx.ei(inner.key)?.state === 'ACTIVATING') ctx.behaviors.lifecycle.runActivation(inner);
  });
}

function innerInstanceCompleted(ctx: RuntimeContext, body: ElementInstanceRecord, element: ElementModel, inner: ElementInstanceRecord): void {
  const state = body.multiInstance!;
  state.completed++;
  ctx.saveEi(body);
  const mi = element.multiInstance!;
  if (mi.completionCondition) {
    const vars = {
      ...ctx.visibleVariables(body.key),
      ...inner.variables,
      numberOfInstances: state.items.length,
      numberOfActiveInstances: body.activeChildren,
      numberOfCompletedInstances: state.completed,
      numberOfTerminatedInstances: 0,
    };
    let done: boolean;
    try {
      done = evaluateCondition(mi.completionCondition, vars, feelOpts(ctx));
    } catch (err) {
      if (err instanceof FeelError) {
        ctx.raiseIncident(body, 'CONDITION_ERROR', err.message, { retry: 'complete' });
        return;
      }
      throw err;
    }
    if (done) {
      body.completionConditionFulfilled = true;
      ctx.saveEi(body);
      for (const child of ctx.childrenOf(body.key)) ctx.behaviors.lifecycle.terminate(child);
      ctx.enqueue(() => completeWhenEmpty(ctx, body.key));
      return;
    }
  }
  if (mi.sequential && state.next < state.items.length) {
    startInnerInstance(ctx, body, element);
    return;
  }
  if (body.activeChildren === 0) ctx.enqueue(() => {
    const current = ctx.ei(body.key);
    if (current && current.state === 'ACTIVATED') ctx.behaviors.lifecycle.complete(current);
  });
}
