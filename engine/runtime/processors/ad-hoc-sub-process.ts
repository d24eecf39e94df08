import type { ElementModel } from '../../model/types.js';
import { FeelError, evaluateCondition, evaluateFeel } from '../../feel/feel.js';
import type { RuntimeContext } from '../context.js';
import type { ElementInstanceRecord } from '../records.js';
import { ActivationIncident, feelOpts, outputElementVariable } from '../evaluation.js';
import type { AdHocActivation, AdHocProcessor } from './processor.js';

/**
 * Ad-hoc sub-processes, Camunda 8.8 (docs: components/modeler/bpmn/ad-hoc-subprocesses). On
 * entry the elements named by activeElementsCollection start, each in an inner instance of its
 * own (Zeebe's AD_HOC_SUB_PROCESS_INNER_INSTANCE, the flow scope of that activation); more start
 * through the REST API. Each completed inner flow adds its outputElement to the outputCollection
 * and evaluates the completion condition; without one, the sub-process completes when nothing
 * runs inside any more.
 */
export const adHocSubProcess: AdHocProcessor = {
  onActivate(ctx, ei, element) {
    const definition = element.adHoc!;
    ctx.setLocalVariables(ei, {
      adHocSubProcessElements: definition.elements,
      ...(definition.outputCollection ? { [definition.outputCollection]: [] } : {}),
    });
    const ids = activeElements(ctx, ei, element);
    ctx.behaviors.events.openEventSubProcessSubscriptions(ei, element);
    // the job worker variant: "it creates a job upon activation. The worker must decide what the next step is."
    if (element.job) ctx.behaviors.jobs.createElementJob(ei, element, 'AD_HOC_SUB_PROCESS');
    activateElements(ctx, ei, element, ids.map((elementId) => ({ elementId })));
  },
  activateElements,
  jobCompleted(ctx, ei, element, variables, result) {
    if (Object.keys(variables).length > 0) ctx.propagateVariables(ei.key, variables);
    activateElements(ctx, ei, element, result.activateElements ?? []);
    if (!result.isCompletionConditionFulfilled) return;
    ei.completionConditionFulfilled = true;
    ctx.saveEi(ei);
    if (result.isCancelRemainingInstances) for (const child of ctx.childrenOf(ei.key)) ctx.behaviors.lifecycle.terminate(child);
    ctx.enqueue(() => completeWhenEmpty(ctx, ei.key, element));
  },
  onTerminate(ctx, ei) {
    ctx.behaviors.jobs.cancelJobOf(ei);
  },
  beforeChildCompleted(ctx, ei, child, childElement) {
    if (childElement.behavior !== 'adHocInnerInstance') return;
    const definition = ctx.element(ei).adHoc!;
    if (definition.outputCollection && definition.outputElement) {
      const value = evaluate(() => evaluateFeel(definition.outputElement!, ctx.visibleVariables(child.key), feelOpts(ctx)), '');
      const collection = ei.variables[definition.outputCollection];
      ctx.setLocalVariables(ei, { [definition.outputCollection]: [...(Array.isArray(collection) ? (collection as unknown[]) : []), value] });
    }
    if (definition.completionCondition && !ei.completionConditionFulfilled) {
      const condition = definition.completionCondition;
      if (evaluate(() => evaluateCondition(condition, ctx.visibleVariables(ei.key), feelOpts(ctx)), 'Failed to evaluate completion condition. ')) {
        ei.completionConditionFulfilled = true;
        ctx.saveEi(ei);
      }
    }
  },
  onChildCompleted(ctx, ei, _child, _childElement) {
    const element = ctx.element(ei);
    if (element.job) {
      // "When any of the flows inside the ad-hoc sub-process completes, Zeebe creates a new job";
      // "There is only one active job for the ad-hoc sub-process at a time."
      ctx.behaviors.jobs.cancelJobOf(ei);
      if (ei.completionConditionFulfilled) ctx.enqueue(() => completeWhenEmpty(ctx, ei.key, element));
      else ctx.behaviors.jobs.createElementJob(ei, element, 'AD_HOC_SUB_PROCESS');
      return;
    }
    if (ei.completionConditionFulfilled && element.adHoc!.cancelRemainingInstances) {
      for (const child of ctx.childrenOf(ei.key)) ctx.behaviors.lifecycle.terminate(child);
    }
    if (completes(ei, element)) ctx.enqueue(() => completeWhenEmpty(ctx, ei.key, element));
  },
  onHeldChildTerminated(ctx, ei) {
    const element = ctx.element(ei);
    if (completes(ei, element)) completeWhenEmpty(ctx, ei.key, element);
  },
};

/**
 * An interrupting event sub-process ends its scope; so does the fulfilled condition, and without
 * a condition the last inner flow that ends.
 */
function completes(ei: ElementInstanceRecord, element: ElementModel): boolean {
  if (element.job) return !!ei.completionConditionFulfilled || !!ei.interrupted;
  return !!ei.completionConditionFulfilled || !!ei.interrupted || !element.adHoc!.completionCondition;
}

function completeWhenEmpty(ctx: RuntimeContext, key: number, element: ElementModel): void {
  const current = ctx.ei(key);
  if (!current || current.state !== 'ACTIVATED' || current.activeChildren > 0) return;
  const out = element.adHoc!.outputCollection;
  if (out) ctx.propagateVariables(current.flowScopeKey!, { [out]: current.variables[out] });
  ctx.behaviors.lifecycle.complete(current);
}

/** An expression of the ad-hoc sub-process failed: Zeebe's EXTRACT_VALUE_ERROR, raised on the completing inner instance. */
function evaluate<T>(run: () => T, prefix: string): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof FeelError) throw new ActivationIncident('EXTRACT_VALUE_ERROR', prefix + err.message);
    throw err;
  }
}

function activeElements(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): string[] {
  const definition = element.adHoc!;
  const expression = definition.activeElementsCollection;
  if (expression === undefined) return [];
  const prefix = 'Failed to activate ad-hoc elements. ';
  const value = evaluate(() => evaluateFeel(expression, ctx.visibleVariables(ei.key), feelOpts(ctx)), prefix);
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw new ActivationIncident(
      'EXTRACT_VALUE_ERROR',
      `${prefix}Expected result of the expression '${expression}' to be 'ARRAY' of 'STRING', but was '${JSON.stringify(value)}'.`,
    );
  }
  const unknown = (value as string[]).filter((id) => !definition.activityIds.includes(id));
  if (unknown.length > 0) {
    throw new ActivationIncident(
      'EXTRACT_VALUE_ERROR',
      `Expected to activate activities for ad-hoc sub-process with key '${ei.key}', but the given elements [${unknown.join(', ')}] do not exist.`,
    );
  }
  return value as string[];
}

function activateElements(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, activations: AdHocActivation[]): void {
  const definition = element.adHoc!;
  const model = ctx.model(ei.definitionKey);
  for (const { elementId, variables } of activations) {
    const inner = ctx.createEi({
      key: ctx.newKey(),
      processInstanceKey: ei.processInstanceKey,
      definitionKey: ei.definitionKey,
      elementId: definition.innerInstanceId,
      flowScopeKey: ei.key,
      state: 'ACTIVATED',
      variables: outputElementVariable(definition.outputElement),
      activeChildren: 0,
    });
    ei.activeChildren++;
    ctx.saveEi(ei);
    if (variables && Object.keys(variables).length > 0) ctx.setLocalVariables(inner, variables);
    ctx.behaviors.lifecycle.activate(inner, model.elements.get(elementId)!);
  }
}
