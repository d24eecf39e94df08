import type { ElementModel, ProcessModel } from '../model/types.js';
import type { OwnedSubscription, SubscriptionPlan } from './behaviors.js';
import type { RuntimeContext } from './context.js';
import type { DefinitionRecord, ElementInstanceRecord, IncidentRecord, JobRecord, ProcessInstanceRecord, UserTaskRecord } from './records.js';
import { elementInstanceType, messageStartKey } from './context.js';
import { CommandRejection, invalidArgument, invalidState, notFound } from './errors.js';

/**
 * Process-instance migration (8.8's POST /process-instances/{key}/migration, Zeebe's
 * ProcessInstanceMigrationMigrateProcessor): the instance moves to another process definition,
 * each active element instance to the target element its mapping instruction names, keeping its
 * key, variables, job and user task. Every precondition is checked, and every new subscription
 * evaluated, before anything changes, with Zeebe's refusals and messages: the engine cannot roll
 * a command back.
 *
 * Catch events follow 8.8's rules
 * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#dealing-with-catch-events):
 * the subscription of a mapped catch event (boundary event, event sub-process start event, the
 * catch event or receive task itself, an event-based gateway's targets) is kept for the target
 * catch event (a timer keeps its due date); one of an unmapped source catch event is closed; a
 * target catch event no mapping names is subscribed fresh.
 *
 * An active exclusive or inclusive gateway (one stuck on a condition incident) migrates like any
 * other active element, so that resolving the incident takes the target's flows
 * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#correcting-mistakes-in-a-process-instance).
 *
 * Tokens waiting at a joining parallel or inclusive gateway follow 8.8's rules
 * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#migrating-joining-parallel-and-inclusive-gateways):
 * the gateway is mapped like an active element, and each taken incoming sequence flow moves to
 * the target flow its mapping instruction names (or to the flow of the same id).
 */

export interface MappingInstruction {
  sourceElementId: string;
  targetElementId: string;
}

export interface MigrationPlan {
  targetProcessDefinitionKey: number;
  mappingInstructions: MappingInstruction[];
}

const SUPPORTED_TYPES = new Set([
  'SERVICE_TASK',
  'SEND_TASK',
  'SCRIPT_TASK',
  'BUSINESS_RULE_TASK',
  'USER_TASK',
  'RECEIVE_TASK',
  'INTERMEDIATE_CATCH_EVENT',
  'EXCLUSIVE_GATEWAY',
  'INCLUSIVE_GATEWAY',
  'EVENT_BASED_GATEWAY',
  'SUB_PROCESS',
  'EVENT_SUB_PROCESS',
  'CALL_ACTIVITY',
  'MULTI_INSTANCE_BODY',
]);
const SUPPORTED_CATCH_EVENT_TYPES = new Set(['MESSAGE', 'TIMER', 'SIGNAL']);

/** What migrating one element instance does to the subscriptions it owns. */
interface SubscriptionChanges {
  ei: ElementInstanceRecord;
  close: OwnedSubscription[];
  keep: Array<{ subscription: OwnedSubscription; to: { definitionKey: number; elementId: string; interrupting: boolean } }>;
  open: SubscriptionPlan[];
}

export function migrateProcessInstance(ctx: RuntimeContext, processInstanceKey: number, plan: MigrationPlan): void {
  const pi = ctx.pi(processInstanceKey);
  const root = ctx.ei(processInstanceKey);
  if (!pi || pi.state !== 'ACTIVE' || !root) throw notFound(`Expected to migrate process instance but no process instance found with key '${processInstanceKey}'`);
  const target = ctx.store.get<DefinitionRecord>('definition', plan.targetProcessDefinitionKey);
  if (!target) {
    throw notFound(`Expected to migrate process instance to process definition but no process definition found with key '${plan.targetProcessDefinitionKey}'`);
  }
  const source = ctx.model(pi.definitionKey);
  const targetModel = ctx.model(target.key);
  const prefix = `Expected to migrate process instance '${processInstanceKey}' but`;
  const refuse = (message: string) => invalidState(`${prefix} ${message}`);
  const refuseArgument = (message: string) => invalidArgument(`${prefix} ${message}`);

  checkMessageStart(ctx, pi, target, targetModel);
  const mapping = mappingOf(source, targetModel, plan.mappingInstructions, refuseArgument);
  const migration: Migration = { ctx, source, target: targetModel, targetKey: target.key, mapping, refuse, refuseArgument };
  const active = descendantsOf(ctx, root);
  const targetIdOf = (ei: ElementInstanceRecord) => (ei.flowScopeKey === null ? target.bpmnProcessId : mapping.get(ei.elementId)!);
  checkCatchEventMappings(migration, root, source.elements.get(source.id)!, targetModel.elements.get(target.bpmnProcessId)!);
  // a scope's waiting tokens are checked right after the scope itself, before its children, as Zeebe walks the tree
  const joins = new Map<number, NonNullable<ElementInstanceRecord['joins']>>();
  for (const ei of [root, ...active]) {
    if (ei !== root) checkElementInstance(migration, ei, target.bpmnProcessId);
    if (ei.joins) joins.set(ei.key, migratedJoins(migration, ei.joins, targetIdOf(ei)));
  }
  const compensable = compensationMappingOf(migration, root);
  const changes = [root, ...active].flatMap((ei) => subscriptionChanges(migration, ei, targetIdOf(ei)) ?? []);

  pi.definitionKey = target.key;
  pi.bpmnProcessId = target.bpmnProcessId;
  pi.version = target.version;
  if (pi.startedByCorrelationKey !== undefined && source.id !== targetModel.id) {
    ctx.messageStarted.delete(messageStartKey(source.id, pi.startedByCorrelationKey));
    ctx.messageStarted.add(messageStartKey(target.bpmnProcessId, pi.startedByCorrelationKey));
  }
  ctx.savePi(pi);
  const migrated = new Map<number, string>();
  for (const ei of [root, ...active]) {
    ei.definitionKey = target.key;
    ei.elementId = targetIdOf(ei);
    if (joins.has(ei.key)) ei.joins = joins.get(ei.key);
    migrated.set(ei.key, ei.elementId);
    ctx.saveEi(ei);
    const element = targetModel.elements.get(ei.elementId)!;
    ctx.store.index.elementInstanceMigrated(ei.key, {
      definitionKey: target.key,
      bpmnProcessId: target.bpmnProcessId,
      elementId: ei.elementId,
      elementName: element.name ?? ei.elementId,
      type: elementInstanceType(element, ei.multiInstanceBody === true),
    });
  }
  if (root.compensations) {
    root.compensations = root.compensations
      .filter((sub) => compensable.has(sub.activityId))
      .map(({ handlerId: _, ...sub }) => {
        const activityId = compensable.get(sub.activityId)!;
        const handlerId = compensationBoundaryOf(targetModel, targetModel.elements.get(activityId)!)?.compensationHandlerId;
        return { ...sub, activityId, ...(handlerId !== undefined ? { handlerId } : {}) };
      });
    ctx.saveEi(root);
  }
  // unmapped subscriptions close before mapped ones take their target ids, so a renamed one is never mistaken for an unmapped one
  const { events } = ctx.behaviors;
  for (const change of changes) {
    if (change.close.length > 0) events.closeSubscriptionsOf(change.ei.key, (elementId) => !mapping.has(elementId));
    for (const { subscription, to } of change.keep) events.retargetSubscription(subscription, to);
    events.openPlannedSubscriptions(change.ei, change.open);
  }
  // jobs, user tasks and incidents name their element and definition: they follow their element instance
  const follow = <T extends { processInstanceKey: number; elementInstanceKey: number; elementId: string; definitionKey: number; bpmnProcessId: string }>(
    kind: 'job' | 'userTask' | 'incident',
    record: T,
  ) => {
    const elementId = migrated.get(record.elementInstanceKey);
    if (record.processInstanceKey !== processInstanceKey || elementId === undefined) return;
    Object.assign(record, { elementId, definitionKey: target.key, bpmnProcessId: target.bpmnProcessId });
    if ('version' in record) Object.assign(record, { version: target.version });
    ctx.put(kind, (record as unknown as { key: number }).key, record);
  };
  for (const job of [...ctx.store.table<JobRecord>('job').values()]) follow('job', job);
  for (const task of [...ctx.store.table<UserTaskRecord>('userTask').values()]) follow('userTask', task);
  for (const incident of [...ctx.store.table<IncidentRecord>('incident').values()]) follow('incident', incident);
}

interface Migration {
  ctx: RuntimeContext;
  source: ProcessModel;
  target: ProcessModel;
  targetKey: number;
  mapping: Map<string, string>;
  /** a refusal of the migration as INVALID_STATE, Zeebe's rejection type for what an instance's state does not allow */
  refuse: (message: string) => Error;
  /** a refusal as INVALID_ARGUMENT, Zeebe's rejection type for a mapping that cannot apply (its joining-gateway checks use it too) */
  refuseArgument: (message: string) => Error;
}

/** Zeebe starts one instance of a process per message correlation key; a migration may not make a second. */
function checkMessageStart(ctx: RuntimeContext, pi: ProcessInstanceRecord, target: DefinitionRecord, targetModel: ProcessModel): void {
  const key = pi.startedByCorrelationKey;
  if (key === undefined || pi.bpmnProcessId === target.bpmnProcessId || targetModel.messageStartEventIds.length === 0) return;
  if (ctx.messageStarted.has(messageStartKey(target.bpmnProcessId, key))) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected to migrate process instance '${pi.key}' but target process definition '${target.key}' has an active instance triggered by a message start event with correlation key '${key}'. Only one instance per correlation key is allowed for message start events.`,
    );
  }
}

function mappingOf(source: ProcessModel, target: ProcessModel, instructions: MappingInstruction[], refuse: (m: string) => Error): Map<string, string> {
  const seen = new Set<string>();
  const duplicates = [...new Set(instructions.map((i) => i.sourceElementId).filter((id) => seen.has(id) || !seen.add(id)))];
  if (duplicates.length > 0) throw refuse(`the mapping instructions contain duplicate source element ids '[${duplicates.join(', ')}]'.`);
  // sequence flows are elements of the process too: a taken flow into a joining gateway is mapped like one
  for (const { sourceElementId, targetElementId } of instructions) {
    if (!source.elements.has(sourceElementId) && !source.flows.has(sourceElementId)) {
      throw refuse(`mapping instructions contain a non-existing source element id '${sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`);
    }
    if (!target.elements.has(targetElementId) && !target.flows.has(targetElementId)) {
      throw refuse(`mapping instructions contain a non-existing target element id '${targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`);
    }
  }
  return new Map(instructions.map((i) => [i.sourceElementId, i.targetElementId]));
}

function compensationBoundaryOf(model: ProcessModel, activity: ElementModel): ElementModel | undefined {
  return activity.boundaryEventIds.map((id) => model.elements.get(id)!).find((b) => b.event?.type === 'compensation');
}

/**
 * The compensation subscriptions of completed activities that migrate, as source activity id to
 * target activity id (Zeebe's ProcessInstanceMigrationCatchEventBehaviour): a task whose
 * compensation boundary event is mapped follows it to the activity the target boundary event is
 * attached to, and so do the sub-processes around it, level by level up to the process; the
 * others are dropped (a target's compensation boundary event subscribes when its activity
 * completes, https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#compensation-boundary-events).
 */
function compensationMappingOf(m: Migration, root: ElementInstanceRecord): Map<string, string> {
  const { source, target, mapping } = m;
  const mapped = new Map<string, string>();
  for (const sub of root.compensations ?? []) {
    const activity = source.elements.get(sub.activityId)!;
    if (activity.behavior === 'subProcess') continue;
    const boundary = compensationBoundaryOf(source, activity);
    if (!boundary || !mapping.has(boundary.id)) continue;
    const targetBoundary = target.elements.get(mapping.get(boundary.id)!)!;
    if (targetBoundary.event?.type !== 'compensation') {
      throw invalidArgument(
        `Expected to migrate process instance with id '${source.id}' but compensation boundary event '${boundary.id}' is mapped to a target boundary event '${targetBoundary.id}' that has event type '${eventTypeOf(targetBoundary)}' different than compensation boundary event type.`,
      );
    }
    let from: ElementModel = activity;
    let to = target.elements.get(targetBoundary.attachedToId!)!;
    for (;;) {
      mapped.set(from.id, to.id);
      const atSourceRoot = from.id === source.id;
      const atTargetRoot = to.id === target.id;
      if (atSourceRoot && atTargetRoot) break;
      if (atSourceRoot !== atTargetRoot) {
        throw invalidState(
          `Expected to migrate process instance with id '${source.id}' but the flow scope of compensation boundary event is changed. Flow scope '${from.id}' is not in the same level as '${to.id}'. The flow scope of a compensation boundary event cannot be changed during migration yet.`,
        );
      }
      from = source.elements.get(from.parentId!)!;
      to = target.elements.get(to.parentId!)!;
    }
  }
  return mapped;
}

/** The BPMN event type of a catch event, as Zeebe names it (MESSAGE, TIMER, ...). */
function eventTypeOf(element: ElementModel): string {
  return (element.event?.type ?? 'none').toUpperCase();
}

/**
 * The catch events whose subscriptions an instance of `element` owns: a body or a plain activity
 * its boundary events, a process or sub-process (not a multi-instance body) its event
 * sub-processes' start events, a catch event or receive task itself, an event-based gateway its
 * targets.
 */
function catchEventsOf(model: ProcessModel, element: ElementModel, role: { body: boolean; inner: boolean }): ElementModel[] {
  const ids = role.inner ? [] : [...element.boundaryEventIds];
  if (!role.body) {
    if (element.behavior === 'process' || element.behavior === 'subProcess') ids.push(...element.eventSubProcessIds.map((id) => model.elements.get(id)!.startEventId!));
    if (element.behavior === 'intermediateCatchEvent' || element.behavior === 'receiveTask') ids.push(element.id);
    if (element.behavior === 'eventBasedGateway') ids.push(...element.outgoing.map((f) => model.flows.get(f)!.targetId));
  }
  return ids.map((id) => model.elements.get(id)!);
}

function descendantsOf(ctx: RuntimeContext, ei: ElementInstanceRecord): ElementInstanceRecord[] {
  return ctx.childrenOf(ei.key).flatMap((child) => [child, ...descendantsOf(ctx, child)]);
}

function checkElementInstance(m: Migration, ei: ElementInstanceRecord, targetProcessId: string): void {
  const { ctx, source, target, mapping, refuse } = m;
  const element = source.elements.get(ei.elementId)!;
  const body = ei.multiInstanceBody === true;
  const type = elementInstanceType(element, body);
  if (!SUPPORTED_TYPES.has(type)) throw refuse(`active element with id '${ei.elementId}' has an unsupported type. The migration of a ${type} is not supported.`);
  if (type === 'INTERMEDIATE_CATCH_EVENT' && !SUPPORTED_CATCH_EVENT_TYPES.has(eventTypeOf(element))) {
    throw refuse(
      `active element with id '${ei.elementId}' is intermediate catch event of type '${eventTypeOf(element)}'. Migrating active intermediate catch event of this type is not possible yet.`,
    );
  }
  const targetId = mapping.get(ei.elementId);
  if (targetId === undefined) throw refuse(`no mapping instruction defined for active element with id '${ei.elementId}'. Elements cannot be migrated without a mapping.`);
  const targetElement = target.elements.get(targetId)!;
  const targetType = elementInstanceType(targetElement, body && targetElement.multiInstance !== undefined);
  if (targetType !== type) {
    throw refuse(
      `active element with id '${ei.elementId}' and type '${type}' is mapped to an element with id '${targetId}' and different type '${targetType}'. Elements must be mapped to elements of the same type.`,
    );
  }
  if (!ctx.isInnerInstance(ei)) {
    const scope = ctx.ei(ei.flowScopeKey!)!;
    const expected = scope.flowScopeKey === null ? targetProcessId : mapping.get(scope.elementId);
    if (targetElement.parentId !== expected) {
      throw refuse(
        `the flow scope of active element with id '${ei.elementId}' is changed. The flow scope of the active element is expected to be '${expected}' but was '${targetElement.parentId}'. The flow scope of an element cannot be changed during migration yet.`,
      );
    }
  }
  checkCatchEventMappings(m, ei, element, targetElement);
  if (body && element.multiInstance!.sequential !== targetElement.multiInstance!.sequential) {
    throw refuse(
      `active element with id '${ei.elementId}' has a different loop characteristics than the target element with id '${targetId}'. Both elements must have either sequential or parallel loop characteristics.`,
    );
  }
}

/**
 * The tokens waiting at the joining gateways of one flow scope, as they will wait in the target
 * (Zeebe's getSequenceFlowsToMigrate and its gateway preconditions, refused as INVALID_ARGUMENT
 * with its messages): each gateway must be mapped to a gateway of its type with at least as many
 * incoming flows, in the scope's target; each taken flow moves to the target flow its mapping
 * names, or to the flow of the same id, and that flow must lead into the target gateway. Two taken
 * flows may not become one: a parallel join would then fire a token short.
 */
function migratedJoins(m: Migration, joins: NonNullable<ElementInstanceRecord['joins']>, scopeTargetId: string): NonNullable<ElementInstanceRecord['joins']> {
  const { source, target, mapping, refuse, refuseArgument } = m;
  const migrated: NonNullable<ElementInstanceRecord['joins']> = {};
  for (const [gatewayId, tokens] of Object.entries(joins)) {
    const gateway = source.elements.get(gatewayId)!;
    const targetId = mapping.get(gatewayId);
    if (targetId === undefined || !target.elements.has(targetId)) {
      throw refuseArgument(
        `gateway '${gatewayId}' has at least one incoming sequence flow taken. Joining gateways with at least one incoming sequence flow taken must be mapped to a gateway of the same type in the target process definition.`,
      );
    }
    const targetGateway = target.elements.get(targetId)!;
    const type = elementInstanceType(gateway, false);
    const targetType = elementInstanceType(targetGateway, false);
    if (targetType !== type) {
      throw refuseArgument(
        `active element with id '${gatewayId}' and type '${type}' is mapped to an element with id '${targetId}' and different type '${targetType}'. Elements must be mapped to elements of the same type.`,
      );
    }
    if (targetGateway.incoming.length < gateway.incoming.length) {
      throw refuseArgument(
        `target gateway with id '${targetId}' has less incoming sequence flows than the source gateway with id '${gatewayId}'. Target gateway must have at least the same number of incoming sequence flows as the source gateway.`,
      );
    }
    if (targetGateway.parentId !== scopeTargetId) {
      throw refuse(
        `the flow scope of active element with id '${gatewayId}' is changed. The flow scope of the active element is expected to be '${scopeTargetId}' but was '${targetGateway.parentId}'. The flow scope of an element cannot be changed during migration yet.`,
      );
    }
    const moved = (migrated[targetId] ??= {});
    for (const [flowId, count] of Object.entries(tokens)) {
      const targetFlowId = mapping.get(flowId) ?? flowId;
      if (!targetGateway.incoming.includes(targetFlowId)) {
        throw refuseArgument(
          `gateway with id '${gatewayId}' has a taken incoming sequence flow mismatch. Taken sequence flow with id '${flowId}' must connect to the mapped target gateway with id '${targetId}' in the target process definition.`,
        );
      }
      if (moved[targetFlowId] !== undefined) {
        throw refuseArgument(
          `gateway with id '${gatewayId}' has more than one taken incoming sequence flow mapped to the sequence flow with id '${targetFlowId}'. Taken sequence flows cannot be merged by process instance migration.`,
        );
      }
      moved[targetFlowId] = count;
    }
  }
  return migrated;
}

/** 8.8's catch-event limitations: a mapped catch event stays on its element, is the only one mapped to its target, and keeps its event type. */
function checkCatchEventMappings(m: Migration, ei: ElementInstanceRecord, element: ElementModel, targetElement: ElementModel): void {
  const { ctx, source, target, mapping, refuse } = m;
  const role = { body: ei.multiInstanceBody === true, inner: ctx.isInnerInstance(ei) };
  const mapped = catchEventsOf(source, element, role).filter((e) => mapping.has(e.id));
  const targetEventIds = new Set(catchEventsOf(target, targetElement, role).map((e) => e.id));
  for (const event of mapped) {
    if (!targetEventIds.has(mapping.get(event.id)!)) {
      throw refuse(
        `active element with id '${element.id}' is mapped to an element with id '${targetElement.id}' and has a catch event with id '${event.id}' that is mapped to a catch event with id '${mapping.get(event.id)}'. These mappings detach the catch event from the element in the target process. Catch events must stay attached to the same element instance.`,
      );
    }
  }
  const byTarget = new Map<string, ElementModel[]>();
  for (const event of mapped) byTarget.set(mapping.get(event.id)!, [...(byTarget.get(mapping.get(event.id)!) ?? []), event]);
  for (const [targetEventId, sources] of byTarget) {
    if (sources.length > 1) {
      throw refuse(
        `active element with id '${element.id}' has a catch event attached that is mapped to a catch event with id '${targetEventId}'. There are multiple mapping instructions that target this catch event: '${sources
          .map((e) => e.id)
          .sort()
          .join("', '")}'. Catch events cannot be merged by process instance migration. Please ensure the mapping instructions target a catch event only once.`,
      );
    }
  }
  for (const event of mapped) {
    const targetEvent = target.elements.get(mapping.get(event.id)!)!;
    if (eventTypeOf(event) !== eventTypeOf(targetEvent)) {
      throw refuse(
        `active element with id '${element.id}' has a catch event with id '${event.id}' that is mapped to a catch event with id '${targetEvent.id}'. These catch events have different event types: '${eventTypeOf(event)}' and '${eventTypeOf(targetEvent)}'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.`,
      );
    }
  }
}

/**
 * The subscriptions an element instance keeps, closes and opens, evaluated before anything
 * changes. An instance still activating (an incident before its subscriptions opened) has none
 * to handle, as in Zeebe; an interrupted scope subscribes to nothing new.
 */
function subscriptionChanges(m: Migration, ei: ElementInstanceRecord, targetId: string): SubscriptionChanges | undefined {
  const { ctx, target, targetKey, mapping, refuse } = m;
  if (ei.state === 'ACTIVATING') return undefined;
  const targetElement = target.elements.get(targetId)!;
  const owned = ctx.behaviors.events.subscriptionsOf(ei.key);
  const keep = owned
    .filter((s) => mapping.has(s.elementId))
    .map((subscription) => {
      const to = target.elements.get(mapping.get(subscription.elementId)!)!;
      return { subscription, to: { definitionKey: targetKey, elementId: to.id, interrupting: to.interrupting !== false } };
    });
  const close = owned.filter((s) => !mapping.has(s.elementId));
  const mappedTargets = new Set(mapping.values());
  const role = { body: ei.multiInstanceBody === true, inner: ctx.isInnerInstance(ei) };
  const fresh = ei.interrupted ? [] : catchEventsOf(target, targetElement, role).filter((e) => !mappedTargets.has(e.id));
  let open: SubscriptionPlan[];
  try {
    open = ctx.behaviors.events.planSubscriptions(ctx.visibleVariables(ei.key), fresh);
  } catch (err) {
    throw refuse(`active element with id '${ei.elementId}' is mapped to element with id '${targetId}' that must be subscribed to a catch event. ${(err as Error).message}`);
  }
  // https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#add-or-remove-catch-events (tip):
  // a message catch event is not re-created with a message name the instance is subscribed to
  for (const p of open) {
    if (p.kind === 'message' && owned.some((s) => s.messageName === p.name)) {
      throw refuse(
        `active element with id '${ei.elementId}' attempts to subscribe to a message it is already subscribed to with name '${p.name}'. Migrating active elements that subscribe to a message they are already subscribed to is not possible yet. Please provide a mapping instruction to message catch event with id '${p.elementId}' to migrate the respective message subscription.`,
      );
    }
  }
  return { ei, close, keep, open };
}
