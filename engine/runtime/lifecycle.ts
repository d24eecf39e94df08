import type { ElementModel, ExecutionListenerDefinition, SequenceFlowModel } from '../model/types.js';
import { FeelError, evaluateMappings } from '../feel/feel.js';
import { messageStartKey, type RuntimeContext } from './context.js';
import type { AfterTermination, DefinitionRecord, ElementInstanceRecord, IncidentRecord, ProcessInstanceRecord, Variables } from './records.js';
import type { EventGatewayChoice, StartOptions, TerminationMode } from './behaviors.js';
import { ActivationIncident, activationIncidentOf, feelOpts } from './evaluation.js';
import { callingProcessorOf, containerOf, processorOf } from './processors/registry.js';

/**
 * The element-instance lifecycle, modelled on Zeebe's: activate → (wait) → complete → take the
 * outgoing flows, or terminate. Every step either finishes or raises an incident that can be
 * resolved and retried; a scope completes when it holds no active element and no waiting token.
 * What differs between element kinds is in their processors (./processors/).
 */

export function startProcessInstance(
  ctx: RuntimeContext,
  def: DefinitionRecord,
  variables: Variables,
  opts: StartOptions = {},
): ElementInstanceRecord {
  const model = ctx.model(def.key);
  const startId = opts.startElementId ?? model.elements.get(model.id)!.noneStartEventId;
  if (!startId) throw new Error(`process ${def.bpmnProcessId} has no none start event`);
  const key = ctx.newKey();
  const parent = opts.parentElementInstanceKey !== undefined ? ctx.ei(opts.parentElementInstanceKey) : undefined;
  const pi: ProcessInstanceRecord = {
    key,
    definitionKey: def.key,
    bpmnProcessId: def.bpmnProcessId,
    version: def.version,
    state: 'ACTIVE',
    startDate: ctx.now(),
    incidentCount: 0,
    ...(parent ? { parentProcessInstanceKey: parent.processInstanceKey, parentElementInstanceKey: parent.key } : {}),
    ...(opts.startedByCorrelationKey ? { startedByCorrelationKey: opts.startedByCorrelationKey } : {}),
  };
  ctx.savePi(pi);
  if (opts.startedByCorrelationKey) ctx.messageStarted.add(messageStartKey(def.bpmnProcessId, opts.startedByCorrelationKey));
  const root = ctx.createEi({
    key,
    processInstanceKey: key,
    definitionKey: def.key,
    elementId: model.id,
    flowScopeKey: null,
    state: 'ACTIVATING',
    variables: { ...variables },
    activeChildren: 0,
    startElementId: startId,
    ...(opts.triggerVariables ? { pending: opts.triggerVariables } : {}),
    ...(parent ? { parentElementInstanceKey: parent.key } : {}),
  });
  // the process's own activation is no step of the budget: it activates its start event, which is one
  activateNow(ctx, root);
  return root;
}

/** Creates the element instance and runs its activation (now, inside the current command). */
export function activateElement(
  ctx: RuntimeContext,
  scope: ElementInstanceRecord,
  element: ElementModel,
  triggerVariables?: Variables,
  localVariables?: Variables,
): ElementInstanceRecord {
  const multiInstanceBody = element.multiInstance !== undefined;
  const ei = ctx.createEi({
    key: ctx.newKey(),
    processInstanceKey: scope.processInstanceKey,
    definitionKey: scope.definitionKey,
    elementId: element.id,
    flowScopeKey: scope.key,
    state: 'ACTIVATING',
    variables: {},
    activeChildren: 0,
    ...(multiInstanceBody ? { multiInstanceBody: true } : {}),
    ...(triggerVariables ? { pending: triggerVariables } : {}),
  });
  scope.activeChildren++;
  ctx.saveEi(scope);
  if (localVariables && Object.keys(localVariables).length > 0) ctx.setLocalVariables(ei, localVariables);
  runActivation(ctx, ei);
  return ei;
}

/** The retryable part of activation: an incident here leaves the instance in ACTIVATING. */
export function runActivation(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  if (!ctx.takeStep()) {
    stopRunaway(ctx, ei);
    return;
  }
  activateNow(ctx, ei);
}

/**
 * Input mappings, then the start listeners one job after the other (Zeebe 8.8: "invoked after
 * applying the variable input mappings, and before subscribing to events, evaluating the
 * element's expressions, and executing the element's behavior"), then the element's own work.
 */
function activateNow(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  const element = ctx.element(ei);
  const processor = processorOf(ei, element);
  guardActivation(ctx, ei, () => {
    if (!processor.activatesItself) {
      if (element.inputs.length > 0) ctx.setLocalVariables(ei, evaluateInputMappings(ctx, ei, element));
      if (startListener(ctx, ei, element, 0)) return;
    }
    finishActivation(ctx, ei, element);
  });
}

function finishActivation(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  const processor = processorOf(ei, element);
  if (!processor.activatesItself) {
    if (element.boundaryEventIds.length > 0 && !ctx.isInnerInstance(ei)) ctx.behaviors.events.openBoundarySubscriptions(ei, element);
    ei.state = 'ACTIVATED';
    ctx.saveEi(ei);
  }
  processor.onActivate(ctx, ei, element);
}

/** Runs an activation step; an evaluation failure becomes an incident that re-runs the whole activation. */
function guardActivation(ctx: RuntimeContext, ei: ElementInstanceRecord, step: () => void): void {
  try {
    step();
  } catch (err) {
    const incident = activationIncidentOf(err);
    if (!incident) throw err;
    ctx.behaviors.events.closeSubscriptionsOf(ei.key);
    ei.state = 'ACTIVATING';
    delete ei.listenerIndex;
    ctx.saveEi(ei);
    ctx.raiseIncident(ei, incident.errorType, incident.message, { retry: 'activate' });
  }
}

/**
 * The execution listeners of an instance in its current phase: start listeners while ACTIVATING,
 * end listeners while COMPLETING. A multi-instance body has none: the element's listeners run
 * for each inner instance, as in Zeebe.
 */
function listenersOf(ei: ElementInstanceRecord, element: ElementModel): ExecutionListenerDefinition[] {
  if (ei.multiInstanceBody) return [];
  return (ei.state === 'COMPLETING' ? element.endListeners : element.startListeners) ?? [];
}

/** Creates the job of the phase's listener at `index`; false when there is none left. */
function startListener(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, index: number): boolean {
  const listener = listenersOf(ei, element)[index];
  if (!listener) {
    delete ei.listenerIndex;
    return false;
  }
  ei.listenerIndex = index;
  ctx.behaviors.jobs.createExecutionListenerJob(ei, listener);
  return true;
}

/**
 * A listener's job completed. Zeebe sets a start listener's variables locally on the element,
 * an end listener's locally on its flow scope (on the process instance itself for the process's
 * listeners); then the next listener of the phase runs, or the element goes on.
 */
export function executionListenerCompleted(ctx: RuntimeContext, ei: ElementInstanceRecord, variables: Variables): void {
  const element = ctx.element(ei);
  const next = (ei.listenerIndex ?? 0) + 1;
  if (ei.state === 'ACTIVATING') {
    if (Object.keys(variables).length > 0) ctx.setLocalVariables(ei, variables);
    guardActivation(ctx, ei, () => {
      if (!startListener(ctx, ei, element, next)) finishActivation(ctx, ei, element);
    });
    return;
  }
  if (ei.state !== 'COMPLETING') return;
  const target = ei.flowScopeKey === null ? ei : ctx.ei(ei.flowScopeKey)!;
  if (Object.keys(variables).length > 0) ctx.setLocalVariables(target, variables);
  if (guardCompletion(ctx, ei, () => startListener(ctx, ei, element, next))) return;
  finishCompletion(ctx, ei, element);
}

/**
 * The command ran its whole step budget: a loop that never waits (through a gateway whose
 * condition stays true, a sub-process, a signal that starts its own process, ...) would hold the
 * engine forever. The token stops here, before this element's activation; resolving the incident
 * runs it in a new command with a new budget.
 */
function stopRunaway(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  ctx.raiseIncident(
    ei,
    'UNKNOWN',
    `Expected the command to finish within ${ctx.stepBudget} element activations, but it ran more; the process instance may loop without waiting. Stopped before activating element '${ei.elementId}'.`,
    { retry: 'activate' },
  );
}

/** Zeebe raises IO_MAPPING_ERROR only for a failing variable mapping. */
function evaluateInputMappings(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): Variables {
  try {
    return evaluateMappings(element.inputs, ctx.visibleVariables(ei.key), feelOpts(ctx));
  } catch (err) {
    if (err instanceof FeelError) throw new ActivationIncident('IO_MAPPING_ERROR', err.message);
    throw err;
  }
}

/** Completes an element instance: output mappings, end listeners, then the outgoing flows (or the scope). */
export function completeElement(ctx: RuntimeContext, ei: ElementInstanceRecord, eventGatewayChoice?: EventGatewayChoice): void {
  const element = ctx.element(ei);
  const processor = processorOf(ei, element);
  ei.state = 'COMPLETING';
  ctx.saveEi(ei);
  if (ei.flowScopeKey !== null) {
    try {
      if (processor.onComplete) processor.onComplete(ctx, ei, element);
      else applyOutputMappings(ctx, ei, element);
    } catch (err) {
      if (err instanceof FeelError) {
        ctx.raiseIncident(ei, 'IO_MAPPING_ERROR', err.message, { retry: 'complete' });
        return;
      }
      throw err;
    }
  }
  // Zeebe unsubscribes the element from its events before its end listeners run
  if (listenersOf(ei, element).length > 0) ctx.behaviors.events.closeSubscriptionsOf(ei.key);
  if (guardCompletion(ctx, ei, () => startListener(ctx, ei, element, 0))) return;
  finishCompletion(ctx, ei, element, eventGatewayChoice);
}

/**
 * Runs a completion step that may start an end listener: true when the element now waits (for
 * the listener's job, or because an evaluation failure raised an incident that re-runs the completion).
 */
function guardCompletion(ctx: RuntimeContext, ei: ElementInstanceRecord, step: () => boolean): boolean {
  try {
    return step();
  } catch (err) {
    const incident = activationIncidentOf(err);
    if (!incident) throw err;
    delete ei.listenerIndex;
    ctx.saveEi(ei);
    ctx.raiseIncident(ei, incident.errorType, incident.message, { retry: 'complete' });
    return true;
  }
}

/** After the end listeners: the flow scope takes the result, and the token moves on. */
function finishCompletion(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, eventGatewayChoice?: EventGatewayChoice): void {
  const scope = ei.flowScopeKey === null ? undefined : ctx.ei(ei.flowScopeKey);
  try {
    if (scope) containerOf(scope, ctx.element(scope)).beforeChildCompleted?.(ctx, scope, ei, element);
  } catch (err) {
    // a container's own expression (an ad-hoc completion condition) names its error type
    if (err instanceof FeelError || err instanceof ActivationIncident) {
      ctx.raiseIncident(ei, err instanceof ActivationIncident ? err.errorType : 'IO_MAPPING_ERROR', err.message, { retry: 'complete' });
      return;
    }
    throw err;
  }
  let flows: SequenceFlowModel[];
  try {
    flows = selectOutgoing(ctx, ei, element, eventGatewayChoice?.targetId);
  } catch (err) {
    if (err instanceof FeelError || err instanceof ActivationIncident) {
      ctx.raiseIncident(ei, 'CONDITION_ERROR', err.message, { retry: 'complete' });
      return;
    }
    throw err;
  }
  ctx.behaviors.events.closeSubscriptionsOf(ei.key);
  finishElement(ctx, ei, element, flows, eventGatewayChoice?.variables);
}

function applyOutputMappings(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  const pending = ei.pending;
  if (element.outputs.length > 0) {
    if (pending) ctx.setLocalVariables(ei, pending);
    const result = evaluateMappings(element.outputs, ctx.visibleVariables(ei.key), feelOpts(ctx), { mergeNested: true });
    // Zeebe merges the result from the flow scope, but an inner multi-instance activity from its
    // own scope, where its input and output element variables live
    ctx.propagateVariables(ctx.isInnerInstance(ei) ? ei.key : ei.flowScopeKey!, result);
  } else if (pending && Object.keys(pending).length > 0) {
    // like Zeebe, the propagation starts at the element itself: a variable it defines locally
    // (input mapping, input element) is updated there and does not reach the process
    ctx.propagateVariables(ei.key, pending);
  }
  delete ei.pending;
}

function selectOutgoing(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  element: ElementModel,
  takeOnlyTo: string | undefined,
): SequenceFlowModel[] {
  if (ctx.isInnerInstance(ei)) return [];
  const model = ctx.model(ei.definitionKey);
  const outgoing = element.outgoing.map((id) => model.flows.get(id)!);
  if (takeOnlyTo !== undefined) return outgoing.filter((f) => f.targetId === takeOnlyTo);
  const processor = processorOf(ei, element);
  return processor.selectOutgoing ? processor.selectOutgoing(ctx, ei, element, outgoing) : outgoing;
}

/** Removes an ended element instance and hands its token to its flow scope. */
function finishElement(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  element: ElementModel,
  flows: SequenceFlowModel[],
  triggerVariables: Variables | undefined,
): void {
  if (ei.flowScopeKey === null) {
    endProcessInstance(ctx, ei, 'COMPLETED');
    return;
  }
  const scope = ctx.ei(ei.flowScopeKey)!;
  ctx.behaviors.compensation.elementCompleted(ei, element);
  ctx.deleteEi(ei, 'COMPLETED');
  scope.activeChildren--;
  ctx.saveEi(scope);
  containerOf(scope, ctx.element(scope)).onChildCompleted(ctx, scope, ei, element, flows, triggerVariables);
}

function endProcessInstance(ctx: RuntimeContext, root: ElementInstanceRecord, state: 'COMPLETED' | 'TERMINATED'): void {
  const pi = ctx.pi(root.key)!;
  pi.state = state;
  pi.endDate = ctx.now();
  ctx.retirePi(pi);
  const variables = root.variables;
  ctx.deleteEi(root, state);
  ctx.endedInstances.push({ key: root.key, state, variables });
  const correlationKey = pi.startedByCorrelationKey;
  if (correlationKey !== undefined) {
    ctx.messageStarted.delete(messageStartKey(pi.bpmnProcessId, correlationKey));
    ctx.enqueue(() => ctx.behaviors.messages.startByBufferedMessage(pi.bpmnProcessId, correlationKey));
  }
  if (state === 'COMPLETED' && root.parentElementInstanceKey !== undefined) {
    const caller = ctx.ei(root.parentElementInstanceKey);
    if (caller) {
      const element = ctx.element(caller);
      callingProcessorOf(caller, element).onCalledInstanceCompleted(ctx, caller, element, variables);
    }
  }
}

/**
 * Terminates an element instance and everything below it. The caller decides what follows
 * (activate a boundary event, end the process, ...), or hands it over as `then`; the flow
 * scope's counters are updated but it is not completed from here. Returns false when the
 * termination is held: a user task below (or in a called instance below) runs its canceling
 * listeners first (8.8), and the termination goes on, up the tree, when they completed
 * (terminationReleased). An 'immediate' termination is never held.
 */
export function terminateElement(ctx: RuntimeContext, ei: ElementInstanceRecord, then?: AfterTermination, mode: TerminationMode = 'awaiting'): boolean {
  // already held: a second interruption (cancel again, say) adds nothing
  if (ei.state === 'TERMINATING') return false;
  ei.state = 'TERMINATING';
  if (then) ei.afterTermination = then;
  ctx.saveEi(ei);
  let held = false;
  for (const child of ctx.childrenOf(ei.key)) if (!terminateElement(ctx, child, undefined, mode)) held = true;
  return !held && continueTermination(ctx, ei, false, mode);
}

/** The element's own part of terminating, once nothing below it remains. */
function continueTermination(ctx: RuntimeContext, ei: ElementInstanceRecord, released: boolean, mode: TerminationMode): boolean {
  ctx.behaviors.events.closeSubscriptionsOf(ei.key);
  // the job of a running execution listener, whatever the element's kind
  if (ei.listenerIndex !== undefined) ctx.behaviors.jobs.cancelJobOf(ei);
  const element = ctx.element(ei);
  if (processorOf(ei, element).onTerminate?.(ctx, ei, element, mode) === 'held') return false;
  finishTermination(ctx, ei, released);
  return true;
}

/** A held termination goes on: the element ends, then whatever waited for it. */
export function terminationReleased(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  if (ei.state === 'TERMINATING') finishTermination(ctx, ei, true);
}

function finishTermination(ctx: RuntimeContext, ei: ElementInstanceRecord, released: boolean): void {
  if (ei.incidentKey !== undefined) {
    const incident = ctx.get<IncidentRecord>('incident', ei.incidentKey);
    if (incident && incident.state === 'ACTIVE') ctx.resolveIncidentRecord(incident);
  }
  if (ei.flowScopeKey === null) {
    const callerKey = ei.parentElementInstanceKey;
    endProcessInstance(ctx, ei, 'TERMINATED');
    // a call activity waits for its called instance whose termination was held (Zeebe's
    // CallActivityProcessor#onChildTerminated); one that ended at once answered its onTerminate
    const caller = released && callerKey !== undefined ? ctx.ei(callerKey) : undefined;
    if (caller) terminationReleased(ctx, caller);
    return;
  }
  const scope = ctx.ei(ei.flowScopeKey);
  ctx.behaviors.compensation.elementTerminated(ei);
  ctx.deleteEi(ei, 'TERMINATED');
  if (scope) {
    scope.activeChildren--;
    ctx.saveEi(scope);
  }
  if (ei.afterTermination) runAfterTermination(ctx, ei.afterTermination);
  // a termination that ended within its command is followed up by the one who started it
  if (!released || !scope || ctx.childrenOf(scope.key).length > 0) return;
  if (scope.state === 'TERMINATING') {
    continueTermination(ctx, scope, true, 'awaiting');
  } else if (scope.afterChildrenTerminated) {
    const then = scope.afterChildrenTerminated;
    delete scope.afterChildrenTerminated;
    ctx.saveEi(scope);
    runAfterTermination(ctx, then);
  } else if (scope.state === 'ACTIVATED') {
    containerOf(scope, ctx.element(scope)).onHeldChildTerminated?.(ctx, scope);
  }
}

function runAfterTermination(ctx: RuntimeContext, then: AfterTermination): void {
  const scope = ctx.ei(then.activate.scopeKey);
  if (!scope || scope.state !== 'ACTIVATED') return;
  activateElement(ctx, scope, ctx.model(scope.definitionKey).elements.get(then.activate.elementId)!, then.activate.variables);
}

/** Interrupts a scope: terminates all its children and clears waiting tokens; `then` once they all ended. */
export function terminateChildren(ctx: RuntimeContext, scope: ElementInstanceRecord, then?: AfterTermination): void {
  let held = false;
  for (const child of ctx.childrenOf(scope.key)) if (!terminateElement(ctx, child)) held = true;
  ctx.behaviors.tokens.dropTokensInFlight(scope);
  delete scope.joins;
  if (held && then) scope.afterChildrenTerminated = then;
  ctx.saveEi(scope);
  if (!held && then) runAfterTermination(ctx, then);
}
