import type { ElementModel, SequenceFlowModel } from '../model/types.js';
import { FeelError, evaluateCondition, evaluateFeel, evaluateMappings, evaluateString } from '../feel/feel.js';
import { TimerValueError } from '../timer/timer.js';
import { messageStartKey, type RuntimeContext } from './context.js';
import type { DefinitionRecord, ElementInstanceRecord, IncidentRecord, ProcessInstanceRecord, Variables } from './records.js';
import {
  closeSubscriptionsOf,
  openBoundarySubscriptions,
  openCatchSubscriptions,
  openEventSubProcessSubscriptions,
  throwError,
  throwEscalation,
} from './events.js';
import { createElementJob, cancelJobOf } from './jobs.js';
import { cancelUserTaskOf, createUserTask } from './user-tasks.js';
import { broadcastSignalFrom } from './signals.js';
import { startByBufferedMessage } from './messages.js';
import { latestDefinitionByProcessId } from './definitions.js';
import { dropTokensInFlight, takeFlow, tryInclusiveJoin } from './tokens.js';

/**
 * The element-instance lifecycle, modelled on Zeebe's: activate → (wait) → complete → take the
 * outgoing flows, or terminate. Every step either finishes or raises an incident that can be
 * resolved and retried; a scope completes when it holds no active element and no waiting token.
 */

export interface StartOptions {
  startElementId?: string;
  parentElementInstanceKey?: number;
  startedByCorrelationKey?: string;
  /** variables of the event that started the instance (message, signal): go to the start event */
  triggerVariables?: Variables;
}

export function feelOpts(ctx: RuntimeContext) {
  return { nowMs: ctx.now() };
}

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
    state: 'ACTIVATED',
    variables: { ...variables },
    activeChildren: 0,
    ...(parent ? { parentElementInstanceKey: parent.key } : {}),
  });
  const processElement = model.elements.get(model.id)!;
  openEventSubProcessSubscriptions(ctx, root, processElement);
  const start = model.elements.get(startId)!;
  activateElement(ctx, root, start, opts.triggerVariables);
  return root;
}

/** Creates the element instance and runs its activation (now, inside the current command). */
export function activateElement(
  ctx: RuntimeContext,
  scope: ElementInstanceRecord,
  element: ElementModel,
  triggerVariables?: Variables,
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
  runActivation(ctx, ei);
  return ei;
}

/** The retryable part of activation: an incident here leaves the instance in ACTIVATING. */
export function runActivation(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  const element = ctx.element(ei);
  try {
    if (ei.multiInstanceBody) {
      activateMultiInstanceBody(ctx, ei, element);
      return;
    }
    if (element.inputs.length > 0) ctx.setLocalVariables(ei, evaluateInputMappings(ctx, ei, element));
    if (element.boundaryEventIds.length > 0 && !isInnerInstance(ctx, ei)) openBoundarySubscriptions(ctx, ei, element);
    ei.state = 'ACTIVATED';
    ctx.saveEi(ei);
    activateBehavior(ctx, ei, element);
  } catch (err) {
    const incident = activationIncidentOf(err);
    if (!incident) throw err;
    closeSubscriptionsOf(ctx, ei.key);
    ei.state = 'ACTIVATING';
    ctx.saveEi(ei);
    ctx.raiseIncident(ei, incident.errorType, incident.message, { retry: 'activate' });
  }
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

/**
 * Maps an evaluation failure during activation to the incident Zeebe would raise: any other
 * expression (job type, correlation key, timer, message or signal name, ...) that fails to
 * evaluate is an EXTRACT_VALUE_ERROR.
 */
function activationIncidentOf(err: unknown): ActivationIncident | undefined {
  if (err instanceof ActivationIncident) return err;
  if (err instanceof FeelError || err instanceof TimerValueError) return new ActivationIncident('EXTRACT_VALUE_ERROR', err.message);
  return undefined;
}

export class ActivationIncident extends Error {
  constructor(
    readonly errorType: 'CONDITION_ERROR' | 'CALLED_ELEMENT_ERROR' | 'EXTRACT_VALUE_ERROR' | 'FORM_NOT_FOUND' | 'IO_MAPPING_ERROR',
    message: string,
  ) {
    super(message);
  }
}

function isInnerInstance(ctx: RuntimeContext, ei: ElementInstanceRecord): boolean {
  if (ei.flowScopeKey === null) return false;
  const scope = ctx.ei(ei.flowScopeKey);
  return !!scope?.multiInstanceBody && scope.elementId === ei.elementId;
}

function activateBehavior(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  switch (element.behavior) {
    case 'startEvent':
    case 'passThroughTask':
      completeElement(ctx, ei);
      return;
    case 'boundaryEvent':
      completeElement(ctx, ei);
      return;
    case 'feelScriptTask': {
      const script = element.script!;
      const value = evaluateFeel(script.expression, ctx.visibleVariables(ei.key), feelOpts(ctx));
      ei.pending = { ...(ei.pending ?? {}), [script.resultVariable]: value };
      ctx.saveEi(ei);
      completeElement(ctx, ei);
      return;
    }
    case 'jobTask':
      createElementJob(ctx, ei, element);
      return;
    case 'userTask':
      createUserTask(ctx, ei, element);
      return;
    case 'receiveTask':
    case 'intermediateCatchEvent':
      if (ei.pending) {
        completeElement(ctx, ei);
        return;
      }
      openCatchSubscriptions(ctx, ei, ei, [element]);
      return;
    case 'eventBasedGateway': {
      const model = ctx.model(ei.definitionKey);
      const targets = element.outgoing.map((f) => model.elements.get(model.flows.get(f)!.targetId)!);
      openCatchSubscriptions(ctx, ei, ei, targets);
      return;
    }
    case 'intermediateThrowEvent':
    case 'endEvent':
      activateThrowEvent(ctx, ei, element);
      return;
    case 'exclusiveGateway':
    case 'inclusiveGateway':
    case 'parallelGateway':
      completeElement(ctx, ei);
      return;
    case 'subProcess':
      openEventSubProcessSubscriptions(ctx, ei, element);
      activateElement(ctx, ei, ctx.model(ei.definitionKey).elements.get(element.noneStartEventId!)!);
      return;
    case 'eventSubProcess': {
      const start = ctx.model(ei.definitionKey).elements.get(element.startEventId!)!;
      const trigger = ei.pending;
      delete ei.pending;
      ctx.saveEi(ei);
      activateElement(ctx, ei, start, trigger ?? {});
      return;
    }
    case 'callActivity':
      activateCallActivity(ctx, ei, element);
      return;
    case 'process':
      throw new Error('a process is started with startProcessInstance');
  }
}

function activateThrowEvent(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  if (element.job) {
    createElementJob(ctx, ei, element);
    return;
  }
  const event = element.event ?? { type: 'none' };
  switch (event.type) {
    case 'error': {
      const code = evaluateString(event.errorCode!, ctx.visibleVariables(ei.key), feelOpts(ctx));
      throwError(ctx, ei, code, `error end event ${element.id}`, {});
      return;
    }
    case 'escalation': {
      const code = evaluateString(event.escalationCode!, ctx.visibleVariables(ei.key), feelOpts(ctx));
      if (throwEscalation(ctx, ei, code)) return;
      completeElement(ctx, ei);
      return;
    }
    case 'signal': {
      const name = evaluateString(event.signalName, ctx.visibleVariables(ei.key), feelOpts(ctx));
      broadcastSignalFrom(ctx, name, {});
      completeElement(ctx, ei);
      return;
    }
    case 'terminate': {
      const scope = ctx.ei(ei.flowScopeKey!)!;
      for (const sibling of ctx.childrenOf(scope.key)) if (sibling.key !== ei.key) terminateElement(ctx, sibling);
      dropTokensInFlight(ctx, scope);
      delete scope.joins;
      ctx.saveEi(scope);
      completeElement(ctx, ei);
      return;
    }
    default:
      completeElement(ctx, ei);
  }
}

function activateCallActivity(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  const called = element.calledElement!;
  const vars = ctx.visibleVariables(ei.key);
  const processId = evaluateString(called.processId, vars, feelOpts(ctx));
  const def = latestDefinitionByProcessId(ctx, processId);
  if (!def) {
    throw new ActivationIncident(
      'CALLED_ELEMENT_ERROR',
      `Expected process with BPMN process id '${processId}' to be deployed, but not found.`,
    );
  }
  const childModel = ctx.model(def.key);
  if (!childModel.elements.get(childModel.id)!.noneStartEventId) {
    throw new ActivationIncident('CALLED_ELEMENT_ERROR', `Expected process '${processId}' to have a none start event, but not found.`);
  }
  const input = called.propagateAllParentVariables ? vars : { ...ei.variables };
  const child = startProcessInstance(ctx, def, input, { parentElementInstanceKey: ei.key });
  ei.calledProcessInstanceKey = child.key;
  ctx.saveEi(ei);
}

function activateMultiInstanceBody(ctx: RuntimeContext, body: ElementInstanceRecord, element: ElementModel): void {
  const mi = element.multiInstance!;
  const vars = ctx.visibleVariables(body.key);
  const items = evaluateFeel(mi.inputCollection, vars, feelOpts(ctx));
  if (!Array.isArray(items)) {
    throw new ActivationIncident(
      'EXTRACT_VALUE_ERROR',
      `Expected result of the expression '${mi.inputCollection}' to be 'ARRAY', but was '${describeType(items)}'.`,
    );
  }
  if (element.boundaryEventIds.length > 0) openBoundarySubscriptions(ctx, body, element);
  body.multiInstance = { items, next: 0, completed: 0 };
  if (mi.outputCollection) {
    body.variables[mi.outputCollection] = items.map(() => null);
    ctx.variableChanged(body, mi.outputCollection);
  }
  body.state = 'ACTIVATED';
  ctx.saveEi(body);
  if (items.length === 0) {
    completeElement(ctx, body);
    return;
  }
  const toStart = mi.sequential ? 1 : items.length;
  for (let i = 0; i < toStart; i++) startInnerInstance(ctx, body, element);
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
    if (ctx.ei(inner.key)?.state === 'ACTIVATING') runActivation(ctx, inner);
  });
}

/**
 * Zeebe nil-initialises the variable an output element expression names (`=result`,
 * `=result.total`) as a local variable of each inner instance, so what a job or a sub-process
 * sets under that name stays with its instance and does not leak into the enclosing scope; an
 * input element of the same name keeps its value (camunda/zeebe#9947).
 */
function outputElementVariable(outputElement: string | undefined): Variables {
  const name = outputElement === undefined ? undefined : /^\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z_][A-Za-z0-9_]*)*\s*$/.exec(outputElement)?.[1];
  return name === undefined ? {} : { [name]: null };
}

export function describeType(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return 'ARRAY';
  if (typeof v === 'object') return 'OBJECT';
  return typeof v === 'string' ? 'STRING' : typeof v === 'number' ? 'NUMBER' : typeof v === 'boolean' ? 'BOOLEAN' : 'UNKNOWN';
}

/** Completes an element instance: output mappings, then the outgoing flows (or the scope). */
export function completeElement(ctx: RuntimeContext, ei: ElementInstanceRecord, eventGatewayChoice?: EventGatewayChoice): void {
  const element = ctx.element(ei);
  ei.state = 'COMPLETING';
  ctx.saveEi(ei);
  try {
    applyOutputs(ctx, ei, element);
  } catch (err) {
    if (err instanceof FeelError) {
      ctx.raiseIncident(ei, 'IO_MAPPING_ERROR', err.message, { retry: 'complete' });
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
  closeSubscriptionsOf(ctx, ei.key);
  finishElement(ctx, ei, element, flows, eventGatewayChoice?.variables);
}

/** The catch event an event-based gateway continues with, and the variables of its trigger. */
export interface EventGatewayChoice {
  targetId: string;
  variables: Variables;
}

function applyOutputs(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void {
  if (ei.flowScopeKey === null) return;
  if (ei.multiInstanceBody) {
    const out = element.multiInstance!.outputCollection;
    if (out) ctx.propagateVariables(ei.flowScopeKey, { [out]: ei.variables[out] });
    return;
  }
  const pending = ei.pending;
  if (element.outputs.length > 0) {
    if (pending) ctx.setLocalVariables(ei, pending);
    const result = evaluateMappings(element.outputs, ctx.visibleVariables(ei.key), feelOpts(ctx), { mergeNested: true });
    // Zeebe merges the result from the flow scope, but an inner multi-instance activity from its
    // own scope, where its input and output element variables live
    ctx.propagateVariables(isInnerInstance(ctx, ei) ? ei.key : ei.flowScopeKey, result);
  } else if (pending && Object.keys(pending).length > 0) {
    // like Zeebe, the propagation starts at the element itself: a variable it defines locally
    // (input mapping, input element) is updated there and does not reach the process
    ctx.propagateVariables(ei.key, pending);
  }
  delete ei.pending;
  const body = ctx.ei(ei.flowScopeKey);
  if (body?.multiInstanceBody && body.elementId === ei.elementId) {
    const mi = element.multiInstance!;
    if (mi.outputCollection && mi.outputElement) {
      const value = evaluateFeel(mi.outputElement, ctx.visibleVariables(ei.key), feelOpts(ctx));
      const collection = body.variables[mi.outputCollection] as unknown[];
      collection[(ei.loopCounter ?? 1) - 1] = value;
      ctx.variableChanged(body, mi.outputCollection);
      ctx.saveEi(body);
    }
  }
}

function selectOutgoing(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  element: ElementModel,
  takeOnlyTo: string | undefined,
): SequenceFlowModel[] {
  const model = ctx.model(ei.definitionKey);
  const outgoing = element.outgoing.map((id) => model.flows.get(id)!);
  if (isInnerInstance(ctx, ei) || element.behavior === 'eventSubProcess' || element.behavior === 'endEvent') return [];
  if (takeOnlyTo !== undefined) return outgoing.filter((f) => f.targetId === takeOnlyTo);
  if (element.behavior === 'exclusiveGateway' || element.behavior === 'inclusiveGateway') {
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
      if (taken.length > 0 && element.behavior === 'exclusiveGateway') break;
    }
    if (taken.length === 0 && element.defaultFlowId) taken.push(model.flows.get(element.defaultFlowId)!);
    if (taken.length === 0) {
      throw new ActivationIncident(
        'CONDITION_ERROR',
        `Expected at least one condition to evaluate to true, or to have a default flow (gateway '${element.id}')`,
      );
    }
    return taken;
  }
  return outgoing;
}

/** Removes an ended element instance and moves the token on. */
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
  ctx.deleteEi(ei, 'COMPLETED');
  scope.activeChildren--;
  ctx.saveEi(scope);
  if (scope.multiInstanceBody && scope.elementId === ei.elementId) {
    innerInstanceCompleted(ctx, scope, element, ei);
    return;
  }
  for (const flow of flows) takeFlow(ctx, scope, flow, triggerVariables);
  afterChildEnded(ctx, scope);
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
      for (const child of ctx.childrenOf(body.key)) terminateElement(ctx, child);
      ctx.enqueue(() => completeElement(ctx, ctx.ei(body.key)!));
      return;
    }
  }
  if (mi.sequential && state.next < state.items.length) {
    startInnerInstance(ctx, body, element);
    return;
  }
  if (body.activeChildren === 0) ctx.enqueue(() => {
    const current = ctx.ei(body.key);
    if (current && current.state === 'ACTIVATED') completeElement(ctx, current);
  });
}

/** A child of `scope` ended: the scope may be able to complete, or an inclusive join to fire. */
export function afterChildEnded(ctx: RuntimeContext, scope: ElementInstanceRecord): void {
  const model = ctx.model(scope.definitionKey);
  if (scope.joins) {
    for (const gatewayId of Object.keys(scope.joins)) {
      const gateway = model.elements.get(gatewayId)!;
      if (gateway.behavior === 'inclusiveGateway') ctx.enqueue(() => tryInclusiveJoin(ctx, scope.key, gateway));
    }
  }
  ctx.enqueue(() => {
    const current = ctx.ei(scope.key);
    if (!current || current.state !== 'ACTIVATED') return;
    if (current.activeChildren > 0 || current.joins) return;
    if (current.multiInstanceBody) return;
    const behavior = ctx.element(current).behavior;
    if (behavior === 'process' || behavior === 'subProcess' || behavior === 'eventSubProcess') completeElement(ctx, current);
  });
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
    ctx.enqueue(() => startByBufferedMessage(ctx, pi.bpmnProcessId, correlationKey));
  }
  if (state === 'COMPLETED' && root.parentElementInstanceKey !== undefined) {
    const callActivity = ctx.ei(root.parentElementInstanceKey);
    if (callActivity) {
      const element = ctx.element(callActivity);
      delete callActivity.calledProcessInstanceKey;
      // output mappings read the child's variables even when they are not all propagated
      if (element.calledElement!.propagateAllChildVariables || element.outputs.length > 0) callActivity.pending = { ...variables };
      ctx.saveEi(callActivity);
      ctx.enqueue(() => completeElement(ctx, callActivity));
    }
  }
}

/**
 * Terminates an element instance and everything below it, synchronously. The caller decides
 * what follows (activate a boundary event, end the process, ...); the flow scope's counters are
 * updated but it is not completed from here.
 */
export function terminateElement(ctx: RuntimeContext, ei: ElementInstanceRecord): void {
  ei.state = 'TERMINATING';
  ctx.saveEi(ei);
  for (const child of ctx.childrenOf(ei.key)) terminateElement(ctx, child);
  closeSubscriptionsOf(ctx, ei.key);
  cancelJobOf(ctx, ei);
  cancelUserTaskOf(ctx, ei);
  if (ei.calledProcessInstanceKey !== undefined) {
    const child = ctx.ei(ei.calledProcessInstanceKey);
    if (child) terminateElement(ctx, child);
  }
  if (ei.incidentKey !== undefined) {
    const incident = ctx.get<IncidentRecord>('incident', ei.incidentKey);
    if (incident && incident.state === 'ACTIVE') ctx.resolveIncidentRecord(incident);
  }
  if (ei.flowScopeKey === null) {
    endProcessInstance(ctx, ei, 'TERMINATED');
    return;
  }
  const scope = ctx.ei(ei.flowScopeKey);
  ctx.deleteEi(ei, 'TERMINATED');
  if (scope) {
    scope.activeChildren--;
    ctx.saveEi(scope);
  }
}

/** Interrupts a scope: terminates all its children and clears waiting tokens. */
export function terminateChildren(ctx: RuntimeContext, scope: ElementInstanceRecord): void {
  for (const child of ctx.childrenOf(scope.key)) terminateElement(ctx, child);
  dropTokensInFlight(ctx, scope);
  delete scope.joins;
  ctx.saveEi(scope);
}
