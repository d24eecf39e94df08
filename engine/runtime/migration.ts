import type { ElementModel, ProcessModel } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { DefinitionRecord, ElementInstanceRecord, IncidentRecord, JobRecord, ProcessInstanceRecord, UserTaskRecord } from './records.js';
import { elementInstanceType, messageStartKey } from './context.js';
import { CommandRejection, invalidArgument, notFound } from './errors.js';

/**
 * Process-instance migration (8.8's POST /process-instances/{key}/migration, Zeebe's
 * ProcessInstanceMigrationMigrateProcessor): the instance moves to another process definition,
 * each active element instance to the target element its mapping instruction names, keeping its
 * key, variables, job and user task. Every precondition is checked before anything changes, with
 * Zeebe's refusals and messages.
 *
 * What this engine migrates is narrower than 8.8 (docs/decisions/0011): active service-like
 * tasks (service, send, script and business-rule tasks with a job), user tasks, sub-processes,
 * call activities and multi-instance bodies, none with boundary events, in processes without
 * event sub-processes. Anything else active refuses the migration as unsupported, as Zeebe does
 * for the types it cannot migrate either.
 */

export interface MappingInstruction {
  sourceElementId: string;
  targetElementId: string;
}

export interface MigrationPlan {
  targetProcessDefinitionKey: number;
  mappingInstructions: MappingInstruction[];
}

const SUPPORTED_TYPES = new Set(['SERVICE_TASK', 'SEND_TASK', 'SCRIPT_TASK', 'BUSINESS_RULE_TASK', 'USER_TASK', 'SUB_PROCESS', 'CALL_ACTIVITY', 'MULTI_INSTANCE_BODY']);

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
  const refuse = (message: string) => invalidArgument(`Expected to migrate process instance '${processInstanceKey}' but ${message}`);

  checkMessageStart(ctx, pi, target, targetModel);
  const mapping = mappingOf(source, targetModel, plan.mappingInstructions, refuse);
  checkEventSubProcesses(source, pi.bpmnProcessId, 'active', processInstanceKey);
  checkEventSubProcesses(targetModel, target.bpmnProcessId, 'target', processInstanceKey);
  const active = descendantsOf(ctx, root);
  for (const ei of active) checkElementInstance(ctx, ei, source, targetModel, mapping, target.bpmnProcessId, refuse);

  const targetIdOf = (ei: ElementInstanceRecord) => (ei.flowScopeKey === null ? target.bpmnProcessId : mapping.get(ei.elementId)!);
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
  for (const { sourceElementId, targetElementId } of instructions) {
    if (!source.elements.has(sourceElementId)) {
      throw refuse(`mapping instructions contain a non-existing source element id '${sourceElementId}'. Elements provided in mapping instructions must exist in the source process definition.`);
    }
    if (!target.elements.has(targetElementId)) {
      throw refuse(`mapping instructions contain a non-existing target element id '${targetElementId}'. Elements provided in mapping instructions must exist in the target process definition.`);
    }
  }
  return new Map(instructions.map((i) => [i.sourceElementId, i.targetElementId]));
}

/** The BPMN event type of a start or boundary event, as Zeebe names it (MESSAGE, TIMER, ...). */
function eventTypeOf(element: ElementModel): string {
  return (element.event?.type ?? 'none').toUpperCase();
}

function checkEventSubProcesses(model: ProcessModel, processId: string, which: 'active' | 'target', processInstanceKey: number): void {
  const starts = [...model.elements.values()].filter((e) => e.behavior === 'eventSubProcess').map((e) => model.elements.get(e.startEventId!)!);
  if (starts.length === 0) return;
  const types = [...new Set(starts.map(eventTypeOf))].join(', ');
  throw new CommandRejection(
    'INVALID_STATE',
    `Expected to migrate process instance '${processInstanceKey}' but ${which} process with id '${processId}' has one or more event subprocesses with start events of types '${types}'. Migrating event subprocesses with start events of these types is not possible yet.`,
  );
}

function descendantsOf(ctx: RuntimeContext, ei: ElementInstanceRecord): ElementInstanceRecord[] {
  return ctx.childrenOf(ei.key).flatMap((child) => [child, ...descendantsOf(ctx, child)]);
}

function checkElementInstance(
  ctx: RuntimeContext,
  ei: ElementInstanceRecord,
  source: ProcessModel,
  target: ProcessModel,
  mapping: Map<string, string>,
  targetProcessId: string,
  refuse: (m: string) => Error,
): void {
  const element = source.elements.get(ei.elementId)!;
  const body = ei.multiInstanceBody === true;
  const type = elementInstanceType(element, body);
  // tokens waiting at a joining gateway are an active gateway on a cluster
  for (const gatewayId of Object.keys(ei.joins ?? {})) {
    throw refuse(`active element with id '${gatewayId}' has an unsupported type. The migration of a ${elementInstanceType(source.elements.get(gatewayId)!, false)} is not supported.`);
  }
  if (!SUPPORTED_TYPES.has(type)) throw refuse(`active element with id '${ei.elementId}' has an unsupported type. The migration of a ${type} is not supported.`);
  const targetId = mapping.get(ei.elementId);
  if (targetId === undefined) throw refuse(`no mapping instruction defined for active element with id '${ei.elementId}'. Elements cannot be migrated without a mapping.`);
  const targetElement = target.elements.get(targetId)!;
  const targetType = elementInstanceType(targetElement, body && targetElement.multiInstance !== undefined);
  if (targetType !== type) {
    throw refuse(
      `active element with id '${ei.elementId}' and type '${type}' is mapped to an element with id '${targetId}' and different type '${targetType}'. Elements must be mapped to elements of the same type.`,
    );
  }
  if (body && element.multiInstance!.sequential !== targetElement.multiInstance!.sequential) {
    throw refuse(
      `active element with id '${ei.elementId}' has a different loop characteristics than the target element with id '${targetId}'. Both elements must have either sequential or parallel loop characteristics.`,
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
  const boundaryTypes = (e: ElementModel, model: ProcessModel) => [...new Set(e.boundaryEventIds.map((id) => eventTypeOf(model.elements.get(id)!)))].join(', ');
  if (element.boundaryEventIds.length > 0) {
    throw refuse(`active element with id '${ei.elementId}' has one or more boundary events of types '${boundaryTypes(element, source)}'. Migrating active elements with boundary events of these types is not possible yet.`);
  }
  if (targetElement.boundaryEventIds.length > 0) {
    throw refuse(`target element with id '${targetId}' has one or more boundary events of types '${boundaryTypes(targetElement, target)}'. Migrating target elements with boundary events of these types is not possible yet.`);
  }
}
