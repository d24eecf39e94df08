import type { ElementModel, ProcessModel } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord, ProcessInstanceRecord, Variables } from './records.js';
import { elementInstanceType } from './context.js';
import { invalidArgument, notFound } from './errors.js';

/**
 * Process-instance modification (8.8's POST /process-instances/{key}/modification, Zeebe's
 * ProcessInstanceModificationModifyProcessor): activate elements, with variables for them and
 * their flow scopes, and terminate element instances. Every instruction is checked before
 * anything changes, so a refused modification leaves the instance as it was; the refusals and
 * their messages are Zeebe's. Then, as in Zeebe, the flow scopes the activations need are
 * entered from the process instance down, each given its variables before it subscribes to its
 * events; the terminations run (a flow scope left without children ends too, unless an
 * activation needs it), and last the elements are activated with their own variables. The
 * terminations end within the command: a user task's canceling listeners do not run (Zeebe's
 * modify processor cancels the task itself; 8.8 docs: modification does not trigger them).
 */

export interface VariableInstruction {
  variables: Variables;
  /** the element whose instance gets the variables; empty: the process instance */
  scopeId: string;
}

export interface ActivateInstruction {
  elementId: string;
  /** the instance to activate the element in (it or one of its flow scopes); absent: found or created */
  ancestorElementInstanceKey?: number;
  variableInstructions: VariableInstruction[];
}

export interface Modification {
  activateInstructions: ActivateInstruction[];
  terminateInstructions: Array<{ elementInstanceKey: number }>;
}

/** Zeebe refuses to activate these: they are entered only by what starts a scope or is attached to an activity. */
const UNSUPPORTED_TYPES = new Set(['START_EVENT', 'BOUNDARY_EVENT', 'SEQUENCE_FLOW', 'UNSPECIFIED']);
const SUPPORTED_TYPES =
  '[PROCESS, SUB_PROCESS, EVENT_SUB_PROCESS, AD_HOC_SUB_PROCESS, AD_HOC_SUB_PROCESS_INNER_INSTANCE, INTERMEDIATE_CATCH_EVENT, INTERMEDIATE_THROW_EVENT, END_EVENT, SERVICE_TASK, RECEIVE_TASK, USER_TASK, MANUAL_TASK, TASK, EXCLUSIVE_GATEWAY, INCLUSIVE_GATEWAY, PARALLEL_GATEWAY, EVENT_BASED_GATEWAY, MULTI_INSTANCE_BODY, CALL_ACTIVITY, BUSINESS_RULE_TASK, SCRIPT_TASK, SEND_TASK]';

/** A flow scope instance an activation runs in: one that exists, or one the modification creates. */
type ScopeRef = { key: number } | { planned: PlannedScope };

interface PlannedScope {
  parent: ScopeRef;
  element: ElementModel;
  /** set once created */
  key?: number;
}

interface PlannedActivation {
  instruction: ActivateInstruction;
  element: ElementModel;
  scope: ScopeRef;
}

export function modifyProcessInstance(ctx: RuntimeContext, processInstanceKey: number, modification: Modification): void {
  const pi = ctx.pi(processInstanceKey);
  const root = ctx.ei(processInstanceKey);
  if (!pi || pi.state !== 'ACTIVE' || !root) throw notFound(`Expected to modify process instance but no process instance found with key '${processInstanceKey}'`);
  const model = ctx.model(pi.definitionKey);
  const refuse = (message: string) => invalidArgument(`Expected to modify instance of process '${pi.bpmnProcessId}' but ${message}`);

  checkElements(model, modification.activateInstructions, refuse);
  const unknownInstances = modification.terminateInstructions
    .map((t) => t.elementInstanceKey)
    .filter((key, i, all) => all.indexOf(key) === i && ctx.ei(key)?.processInstanceKey !== processInstanceKey);
  if (unknownInstances.length > 0) {
    throw refuse(`it contains one or more terminate instructions with an element instance that could not be found: '${unknownInstances.join("', '")}'`);
  }
  checkVariableScopes(model, modification.activateInstructions, refuse);
  checkAncestors(ctx, model, pi, modification.activateInstructions, refuse);

  const planner = new ScopePlanner(ctx, pi, refuse);
  const activations: PlannedActivation[] = modification.activateInstructions.map((instruction) => {
    const element = model.elements.get(instruction.elementId)!;
    return { instruction, element, scope: planner.scopeFor(element, instruction.ancestorElementInstanceKey) };
  });
  const required = new Set(activations.flatMap((a) => ('key' in a.scope ? [a.scope.key] : [])).concat(planner.existingScopesUsed()));
  checkFlowScopesKept(ctx, modification, activations, refuse);
  checkChildInstanceKept(ctx, pi, modification, required, refuse);
  planner.checkSubscriptions(activations);

  for (const a of activations) planner.enter(a.scope, a.instruction);
  for (const { elementInstanceKey } of modification.terminateInstructions) {
    const ei = ctx.ei(elementInstanceKey);
    // gone already: an earlier instruction terminated it with its flow scope
    if (!ei) continue;
    const flowScopeKey = ei.flowScopeKey;
    ctx.behaviors.lifecycle.terminateNow(ei);
    terminateEmptyFlowScopes(ctx, flowScopeKey, required);
  }
  for (const a of activations) {
    const scope = ctx.ei(planner.keyOf(a.scope))!;
    const own = a.instruction.variableInstructions.filter((v) => v.scopeId === a.element.id);
    ctx.behaviors.lifecycle.activate(scope, a.element, undefined, Object.assign({}, ...own.map((v) => v.variables)) as Variables);
  }
}

function checkElements(model: ProcessModel, instructions: ActivateInstruction[], refuse: (m: string) => Error): void {
  const ids = [...new Set(instructions.map((i) => i.elementId))];
  const unknown = ids.filter((id) => !model.elements.has(id) || id === model.id);
  if (unknown.length > 0) throw refuse(`it contains one or more activate instructions with an element that could not be found: '${unknown.join("', '")}'`);
  const afterEventGateway = ids.filter((id) => [...model.flows.values()].some((f) => f.targetId === id && model.elements.get(f.sourceId)?.behavior === 'eventBasedGateway'));
  if (afterEventGateway.length > 0) {
    throw refuse(
      `it contains one or more activate instructions for elements that are unsupported: '${afterEventGateway.join("', '")}'. The activation of events belonging to an event-based gateway is not supported.`,
    );
  }
  const unsupported = ids.map((id) => model.elements.get(id)!).filter((e) => UNSUPPORTED_TYPES.has(elementInstanceType(e, false)));
  if (unsupported.length > 0) {
    const types = [...new Set(unsupported.map((e) => elementInstanceType(e, false)))].join("', '");
    throw refuse(
      `it contains one or more activate instructions for elements that are unsupported: '${unsupported.map((e) => e.id).join("', '")}'. The activation of elements with type '${types}' is not supported. Supported element types are: ${SUPPORTED_TYPES}.`,
    );
  }
}

/** The ids of an element's flow scopes, innermost first, up to and including the process. */
function flowScopeIds(model: ProcessModel, element: ElementModel): string[] {
  const ids: string[] = [];
  for (let id = element.parentId; id !== undefined; id = model.elements.get(id)!.parentId) ids.push(id);
  return ids;
}

function checkVariableScopes(model: ProcessModel, instructions: ActivateInstruction[], refuse: (m: string) => Error): void {
  const scopeIds = instructions.flatMap((i) => i.variableInstructions.map((v) => v.scopeId)).filter((id) => id !== '');
  const unknown = [...new Set(scopeIds.filter((id) => !model.elements.has(id)))];
  if (unknown.length > 0) throw refuse(`it contains one or more variable instructions with a scope element id that could not be found: '${unknown.join("', '")}'`);
  const outside = instructions.some((i) => {
    const scopes = flowScopeIds(model, model.elements.get(i.elementId)!);
    return i.variableInstructions.some((v) => v.scopeId !== '' && v.scopeId !== i.elementId && !scopes.includes(v.scopeId));
  });
  if (outside) {
    throw refuse(
      "it contains one or more variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.",
    );
  }
}

function checkAncestors(ctx: RuntimeContext, model: ProcessModel, pi: ProcessInstanceRecord, instructions: ActivateInstruction[], refuse: (m: string) => Error): void {
  const keys = [...new Set(instructions.flatMap((i) => (i.ancestorElementInstanceKey === undefined ? [] : [i.ancestorElementInstanceKey])))];
  const missing = keys.filter((key) => ctx.ei(key)?.state !== 'ACTIVATED');
  if (missing.length > 0) throw refuse(`it contains one or more activate instructions with an ancestor scope key that does not exist, or is not in an active state: '${missing.join("', '")}'`);
  const foreign = keys.filter((key) => ctx.ei(key)!.processInstanceKey !== pi.key);
  if (foreign.length > 0) throw refuse(`it contains one or more activate instructions with an ancestor scope key that does not belong to the modified process instance: '${foreign.join("', '")}'`);
  const notAncestors = instructions
    .filter((i) => i.ancestorElementInstanceKey !== undefined)
    .filter((i) => !flowScopeIds(model, model.elements.get(i.elementId)!).includes(ctx.ei(i.ancestorElementInstanceKey!)!.elementId))
    .map((i) => `\n- instance '${i.ancestorElementInstanceKey}' of element '${ctx.ei(i.ancestorElementInstanceKey!)!.elementId}' is not an ancestor of element '${i.elementId}'`);
  if (notAncestors.length > 0) throw refuse(`it contains one or more activate instructions with an ancestor scope key that is not an ancestor of the element to activate:${notAncestors.join('')}`);
}

/** An activation must not need a flow scope instance that a terminate instruction ends (itself or with an enclosing one). */
function checkFlowScopesKept(ctx: RuntimeContext, modification: Modification, activations: PlannedActivation[], refuse: (m: string) => Error): void {
  const terminated = new Set(modification.terminateInstructions.map((t) => t.elementInstanceKey));
  const conflicts = activations.flatMap((a) => {
    for (let key: number | null = existingScopeOf(a.scope); key !== null; key = ctx.ei(key)!.flowScopeKey) {
      if (terminated.has(key)) return [`element '${a.element.id}' requires flow scope instance '${key}' which is being terminated`];
    }
    return [];
  });
  if (conflicts.length > 0) {
    throw refuse(
      `it contains one or more activate instructions for elements whose required flow scope instance is also being terminated: ${conflicts.join(', ')}. Please provide a valid ancestor scope key for the activation or avoid terminating the required flow scope.`,
    );
  }
}

/** The innermost existing instance on the way to a flow scope: itself, or the one a planned scope is created in. */
function existingScopeOf(ref: ScopeRef): number {
  return 'key' in ref ? ref.key : existingScopeOf(ref.planned.parent);
}

/**
 * A called instance may not be ended by its own modification (its caller would not know what to
 * do); Zeebe refuses it. Checked by playing the terminations through on the instance tree.
 */
function checkChildInstanceKept(ctx: RuntimeContext, pi: ProcessInstanceRecord, modification: Modification, required: Set<number>, refuse: (m: string) => Error): void {
  if (pi.parentProcessInstanceKey === undefined || modification.terminateInstructions.length === 0) return;
  const ended = new Set<number>();
  const endWithChildren = (key: number) => {
    ended.add(key);
    for (const child of ctx.childrenOf(key)) endWithChildren(child.key);
  };
  for (const { elementInstanceKey } of modification.terminateInstructions) {
    if (ended.has(elementInstanceKey)) continue;
    endWithChildren(elementInstanceKey);
    for (let scope = ctx.ei(elementInstanceKey)!.flowScopeKey; scope !== null; scope = ctx.ei(scope)!.flowScopeKey) {
      if (required.has(scope) || ctx.childrenOf(scope).some((c) => !ended.has(c.key))) break;
      endWithChildren(scope);
    }
  }
  if (ended.has(pi.key)) {
    throw refuse(
      'the given instructions would terminate the instance. The instance was created by a call activity in the parent process. To terminate this instance please modify the parent process instead.',
    );
  }
}

/** Ends the flow scopes a termination left without children, upwards, unless an activation needs one. */
function terminateEmptyFlowScopes(ctx: RuntimeContext, flowScopeKey: number | null, required: Set<number>): void {
  for (let key = flowScopeKey; key !== null; ) {
    const scope = ctx.ei(key);
    if (!scope || scope.activeChildren > 0 || scope.joins || required.has(key)) return;
    key = scope.flowScopeKey;
    ctx.behaviors.lifecycle.terminateNow(scope);
  }
}

/** The variables of an activation that go to an instance of its flow scopes (an empty scope id names the process instance). */
function variablesFor(instruction: ActivateInstruction, scope: { elementId: string; isRoot: boolean }): Variables[] {
  return instruction.variableInstructions.filter((v) => v.scopeId === scope.elementId || (v.scopeId === '' && scope.isRoot)).map((v) => v.variables);
}

/**
 * Finds the flow scope instance each activation runs in, walking down from the ancestor (or the
 * process instance): one instance of a scope is taken, none is planned for creation, several
 * are ambiguous. Nothing is created until every instruction has been checked.
 */
class ScopePlanner {
  private readonly planned = new Map<string, PlannedScope>();
  private readonly used = new Set<number>();
  private readonly model: ProcessModel;

  constructor(
    private readonly ctx: RuntimeContext,
    private readonly pi: ProcessInstanceRecord,
    private readonly refuse: (m: string) => Error,
  ) {
    this.model = ctx.model(pi.definitionKey);
  }

  scopeFor(element: ElementModel, ancestorKey: number | undefined): ScopeRef {
    const chain = flowScopeIds(this.model, element).reverse();
    const start = this.ctx.ei(ancestorKey ?? this.pi.key)!;
    let current: ScopeRef = { key: start.key };
    if (start.multiInstanceBody) current = this.innerInstanceOf([start], this.model.elements.get(start.elementId)!);
    const startId = start.elementId;
    for (const scopeId of chain.slice(chain.indexOf(startId) + 1)) {
      this.markUsed(current);
      current = this.child(current, this.model.elements.get(scopeId)!);
    }
    return current;
  }

  private markUsed(ref: ScopeRef): void {
    if ('key' in ref) this.used.add(ref.key);
  }

  /** Flow scope instances the activations go through: kept even if a termination empties them. */
  existingScopesUsed(): number[] {
    return [...this.used];
  }

  private child(parent: ScopeRef, element: ElementModel): ScopeRef {
    if ('key' in parent) {
      const existing = this.ctx.childrenOf(parent.key).filter((c) => c.elementId === element.id && c.state === 'ACTIVATED');
      if (element.multiInstance) return this.innerInstanceOf(existing, element);
      if (existing.length === 1) return { key: existing[0].key };
      if (existing.length > 1) throw this.multipleInstances(element.id);
    } else if (element.multiInstance) {
      throw this.unsupportedMultiInstance(element.id);
    }
    const id = `${'key' in parent ? parent.key : this.idOf(parent.planned)}/${element.id}`;
    // two activations in one scope that does not exist yet share the one instance created for them
    let planned = this.planned.get(id);
    if (!planned) this.planned.set(id, (planned = { parent, element }));
    return { planned };
  }

  /** The one active inner instance of a multi-instance scope; a new one cannot be created by a modification. */
  private innerInstanceOf(bodies: ElementInstanceRecord[], element: ElementModel): ScopeRef {
    const inner = bodies.flatMap((body) => this.ctx.childrenOf(body.key).filter((c) => c.state === 'ACTIVATED'));
    if (inner.length === 1) return { key: inner[0].key };
    if (inner.length > 1) throw this.multipleInstances(element.id);
    throw this.unsupportedMultiInstance(element.id);
  }

  private unsupportedMultiInstance(elementId: string): Error {
    return this.refuse(`it contains one or more activate instructions that would result in the activation of multi-instance element '${elementId}', which is currently unsupported.`);
  }

  private idOf(p: PlannedScope): string {
    return `${'key' in p.parent ? p.parent.key : this.idOf(p.parent.planned)}/${p.element.id}`;
  }

  private multipleInstances(flowScopeId: string): Error {
    return this.refuse(
      `it contains one or more activate instructions for an element that has a flow scope with more than one active instance: '${flowScopeId}'. Can't decide in which instance of the flow scope the element should be activated. Please specify an ancestor element instance key for this activate instruction.`,
    );
  }

  /** The flow scope instances from the process instance down to `ref`: existing ones, then the planned ones. */
  private path(ref: ScopeRef): ScopeRef[] {
    if ('planned' in ref) return [...this.path(ref.planned.parent), ref];
    const up: ScopeRef[] = [];
    for (let key: number | null = ref.key; key !== null; key = this.ctx.ei(key)!.flowScopeKey) up.push({ key });
    return up.reverse();
  }

  private scopeOf(step: ScopeRef): { elementId: string; isRoot: boolean } {
    if ('key' in step) return { elementId: this.ctx.ei(step.key)!.elementId, isRoot: step.key === this.pi.key };
    return { elementId: step.planned.element.id, isRoot: false };
  }

  /**
   * The subscriptions the scopes to create will open (boundary events, event sub-process start
   * events), evaluated now with the variables they will see then: those the instance holds and
   * those the activations set before, on the way down, in instruction order. A failing
   * expression refuses the modification as INVALID_ARGUMENT before anything changes, as Zeebe
   * rejects the command when subscribing a flow scope it activates fails
   * (EventSubscriptionException), instead of failing the command half applied.
   */
  checkSubscriptions(activations: PlannedActivation[]): void {
    const given = new Map<number | PlannedScope, Variables>();
    const subscribed = new Set<PlannedScope>();
    for (const { scope, instruction } of activations) {
      const seen: Variables = {};
      for (const step of this.path(scope)) {
        const id = 'key' in step ? step.key : step.planned;
        const set = given.get(id) ?? {};
        for (const variables of variablesFor(instruction, this.scopeOf(step))) Object.assign(set, variables);
        given.set(id, set);
        Object.assign(seen, 'key' in step ? this.ctx.ei(step.key)!.variables : {}, set);
        if ('planned' in step && !subscribed.has(step.planned)) {
          subscribed.add(step.planned);
          this.planScopeSubscriptions(step.planned.element, seen);
        }
      }
    }
  }

  private planScopeSubscriptions(element: ElementModel, variables: Variables): void {
    const eventIds = [...element.boundaryEventIds, ...element.eventSubProcessIds.map((id) => this.model.elements.get(id)!.startEventId!)];
    try {
      this.ctx.behaviors.events.planSubscriptions(variables, eventIds.map((id) => this.model.elements.get(id)!));
    } catch (err) {
      throw invalidArgument((err as Error).message);
    }
  }

  /**
   * Enters the flow scopes of an activation from the process instance down, as Zeebe's
   * ElementActivationBehavior does: each existing one gets the activation's variables for it, each
   * planned one is created, given its variables, and only then subscribes to its events
   * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-modification/#set-variables:
   * the variables are available when creating the event subscriptions).
   */
  enter(ref: ScopeRef, instruction: ActivateInstruction): void {
    let parent: ElementInstanceRecord | undefined;
    for (const step of this.path(ref)) {
      const created = 'planned' in step && step.planned.key === undefined;
      const scope = created ? this.createScope(parent!, step.planned.element) : this.ctx.ei(this.keyOf(step))!;
      for (const variables of variablesFor(instruction, this.scopeOf(step))) this.ctx.setLocalVariables(scope, variables);
      if (created) {
        step.planned.key = scope.key;
        this.subscribeScope(scope, step.planned.element);
      }
      parent = scope;
    }
  }

  keyOf(ref: ScopeRef): number {
    return 'key' in ref ? ref.key : ref.planned.key!;
  }

  /** A flow scope entered by a modification: active at once, without its start event or input mappings. */
  private createScope(parent: ElementInstanceRecord, element: ElementModel): ElementInstanceRecord {
    const ctx = this.ctx;
    const ei = ctx.createEi({
      key: ctx.newKey(),
      processInstanceKey: parent.processInstanceKey,
      definitionKey: parent.definitionKey,
      elementId: element.id,
      flowScopeKey: parent.key,
      state: 'ACTIVATED',
      variables: {},
      activeChildren: 0,
    });
    parent.activeChildren++;
    ctx.saveEi(parent);
    return ei;
  }

  private subscribeScope(ei: ElementInstanceRecord, element: ElementModel): void {
    if (element.boundaryEventIds.length > 0) this.ctx.behaviors.events.openBoundarySubscriptions(ei, element);
    this.ctx.behaviors.events.openEventSubProcessSubscriptions(ei, element);
  }
}
