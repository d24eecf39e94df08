import type { DurableStore, EntityKind } from '../store/durable-store.js';
import type { ElementModel, ProcessModel } from '../model/types.js';
import type { DecisionRequirementsModel } from '../dmn/types.js';
import type {
  DefinitionRecord,
  ElementInstanceRecord,
  IncidentErrorType,
  IncidentRecord,
  JobRecord,
  MessageSubscriptionRecord,
  ProcessInstanceRecord,
  UserTaskRecord,
  Variables,
} from './records.js';
import { TimeQueue } from './time-queue.js';
import { SubscriptionIndex } from './subscription-index.js';
import { messageSubscriptionChanged, recordStored } from './history.js';
import type { Behaviors } from './behaviors.js';

/** First key of partition 1 in Zeebe (1 << 51), so keys look like the real thing. */
const FIRST_KEY = 2251799813685249;

export interface RuntimeListeners {
  /** new activatable jobs of these types exist */
  jobsAvailable(types: Set<string>): void;
  /** the earliest due time changed */
  scheduleChanged(): void;
}

/**
 * Shared state of one engine: the store, the clock, compiled models and the work queue that
 * runs the follow-up steps of a command until the engine is quiet again.
 */
export class RuntimeContext {
  private nextKeyValue: number;
  private pinnedClock: number | undefined;
  private readonly queue: Array<() => void> = [];
  private draining = false;
  readonly models = new Map<number, ProcessModel>();
  /** compiled decision requirements graphs by DRG key */
  readonly decisionGraphs = new Map<number, DecisionRequirementsModel>();
  readonly time = new TimeQueue();
  readonly subscriptions: SubscriptionIndex;
  readonly jobTypesAvailable = new Set<string>();
  /**
   * Tokens on sequence flows, per scope key: token id → target element id. They live only while
   * a command drains its follow-up steps, so they need no durable record.
   */
  readonly tokensInFlight = new Map<number, Map<number, string>>();
  private nextToken = 0;
  /**
   * Process id + correlation key of every active instance a message started: Zeebe starts no
   * second one for the same key, and the check must not scan the instance history.
   */
  readonly messageStarted = new Set<string>();
  /** activatable job keys per job type, in creation order */
  readonly activatable = new Map<string, Set<number>>();
  /** process instances that ended during the current command, for waiters once it commits */
  readonly endedInstances: Array<{ key: number; state: 'COMPLETED' | 'TERMINATED'; variables: Variables }> = [];
  /** user task transitions that ended during the current command (finalized, or the reason they were refused), for waiting requests */
  readonly endedUserTaskTransitions: Array<{ userTaskKey: number; refusal?: string }> = [];
  /**
   * Element instance keys by flow scope key, so scopes find their children without a scan. Only
   * the scopes looked at since the last commit are here: a scope's entry is read from the store
   * when first needed and kept up to date from then on, so it is dropped after a commit.
   */
  private readonly children = new Map<number, Set<number>>();
  /** the shared behaviours, bound to this context: how runtime modules and processors reach each other */
  readonly behaviors: Behaviors;
  /** element activations the current command may still run */
  private stepsLeft: number;

  constructor(
    readonly store: DurableStore,
    readonly listeners: RuntimeListeners,
    bindBehaviors: (ctx: RuntimeContext) => Behaviors,
    /** element activations one command may run before a runaway becomes an incident */
    readonly stepBudget: number,
    /** the shortest interval of a repeating timer (ENGINE_TIMER_MIN_CYCLE_SECONDS) */
    readonly minCycleIntervalMs: number,
  ) {
    this.stepsLeft = stepBudget;
    this.nextKeyValue = Number(store.getMeta('nextKey') ?? FIRST_KEY);
    const pinned = store.getMeta('pinnedClock');
    this.pinnedClock = pinned ? Number(pinned) : undefined;
    this.subscriptions = new SubscriptionIndex(store);
    for (const key of store.keysHaving('processInstance.startedByCorrelationKey')) {
      const pi = this.pi(key);
      if (pi?.state === 'ACTIVE' && pi.startedByCorrelationKey !== undefined) this.messageStarted.add(messageStartKey(pi.bpmnProcessId, pi.startedByCorrelationKey));
    }
    this.behaviors = bindBehaviors(this);
  }

  private childKeys(scopeKey: number): Set<number> {
    let set = this.children.get(scopeKey);
    if (!set) {
      set = new Set(this.store.keysWhere('elementInstance.flowScopeKey', scopeKey));
      this.children.set(scopeKey, set);
    }
    return set;
  }

  /** The state is committed: the indexes read from the store may be read again when needed. */
  committed(): void {
    this.children.clear();
    this.subscriptions.committed();
  }

  /** Stores a new element instance and indexes it, with its initial variables, for search. */
  createEi(ei: ElementInstanceRecord): ElementInstanceRecord {
    this.saveEi(ei);
    // a new scope has no children yet: no need to ask the store
    this.children.set(ei.key, new Set());
    this.subscriptions.newOwner(ei.key);
    if (ei.flowScopeKey !== null) this.childKeys(ei.flowScopeKey).add(ei.key);
    this.indexEi(ei, this.now());
    return ei;
  }

  private indexEi(ei: ElementInstanceRecord, startDate: number): void {
    const element = this.element(ei);
    this.store.index.elementInstanceCreated({
      key: ei.key,
      processInstanceKey: ei.processInstanceKey,
      definitionKey: ei.definitionKey,
      bpmnProcessId: this.definition(ei.definitionKey).bpmnProcessId,
      elementId: ei.elementId,
      elementName: element.name ?? ei.elementId,
      type: elementInstanceType(element, ei.multiInstanceBody === true),
      startDate,
      scopeKey: ei.flowScopeKey,
    });
    if (ei.incidentKey !== undefined) this.store.index.elementInstanceIncident(ei.key, ei.incidentKey);
    for (const name of Object.keys(ei.variables)) this.variableChanged(ei, name);
  }

  /**
   * A store written before the search index existed: index its live element instances (their
   * start is unknown; the instance's start stands in) and process instances, and move ended
   * process instances out of the runtime, where they were kept only for search.
   */
  indexEarlierRecords(): void {
    this.indexEarlierJobsTasksIncidents();
    if (this.store.getMeta('searchIndex') === '1') return;
    for (const pi of [...this.store.scan<ProcessInstanceRecord>('processInstance')]) {
      if (pi.state === 'ACTIVE') this.savePi(pi);
      else this.retirePi(pi);
    }
    for (const ei of this.store.scan<ElementInstanceRecord>('elementInstance')) {
      this.indexEi(ei, this.pi(ei.processInstanceKey)?.startDate ?? this.now());
    }
    this.store.setMeta('searchIndex', '1');
  }

  /**
   * A store written before jobs, user tasks, incidents and message subscriptions had search
   * rows: write theirs, and move ended user tasks and resolved incidents out of the runtime.
   */
  private indexEarlierJobsTasksIncidents(): void {
    if (this.store.getMeta('recordTables') === '1') return;
    for (const job of this.store.table<JobRecord>('job').values()) this.put('job', job.key, job);
    for (const task of [...this.store.table<UserTaskRecord>('userTask').values()]) {
      this.put('userTask', task.key, task);
      if (task.state === 'COMPLETED' || task.state === 'CANCELED') this.store.delete('userTask', task.key);
    }
    for (const incident of [...this.store.table<IncidentRecord>('incident').values()]) {
      this.put('incident', incident.key, incident);
      if (incident.state === 'RESOLVED') this.store.delete('incident', incident.key);
    }
    for (const sub of this.store.table<MessageSubscriptionRecord>('messageSubscription').values()) messageSubscriptionChanged(this, sub, 'CREATED');
    this.store.setMeta('recordTables', '1');
  }

  /** Removes an ended element instance from the runtime; its search row keeps it as history. */
  deleteEi(ei: ElementInstanceRecord, state: 'COMPLETED' | 'TERMINATED'): void {
    this.store.delete('elementInstance', ei.key);
    this.store.index.elementInstanceEnded(ei.key, state, this.now());
    if (ei.flowScopeKey !== null) this.childKeys(ei.flowScopeKey).delete(ei.key);
    this.children.set(ei.key, new Set());
  }

  /** A variable of the scope `ei` was created or changed in place. */
  variableChanged(ei: ElementInstanceRecord, name: string): void {
    this.store.index.variableChanged(ei.key, ei.processInstanceKey, name, ei.variables);
  }

  /** Stores a process instance's summary and queues its search row. */
  savePi(pi: ProcessInstanceRecord): void {
    this.put('processInstance', pi.key, pi);
    this.store.index.processInstanceChanged(pi, this.store.get<DefinitionRecord>('definition', pi.definitionKey)?.name);
  }

  /** An ended process instance leaves the runtime; its search row is its history. */
  retirePi(pi: ProcessInstanceRecord): void {
    this.store.delete('processInstance', pi.key);
    this.store.index.processInstanceChanged(pi, this.store.get<DefinitionRecord>('definition', pi.definitionKey)?.name);
  }

  childrenOf(key: number): ElementInstanceRecord[] {
    const result: ElementInstanceRecord[] = [];
    for (const k of this.childKeys(key)) {
      const child = this.ei(k);
      if (child) result.push(child);
    }
    return result;
  }

  /** A live process instance's element instances: the instance itself (its key is the process instance's) and everything below it. */
  elementInstancesOf(processInstanceKey: number): ElementInstanceRecord[] {
    const root = this.ei(processInstanceKey);
    if (!root) return [];
    const result = [root];
    for (let i = 0; i < result.length; i++) result.push(...this.childrenOf(result[i].key));
    return result;
  }

  newKey(): number {
    const key = this.nextKeyValue++;
    this.store.setMeta('nextKey', String(this.nextKeyValue));
    return key;
  }

  newTokenId(): number {
    return ++this.nextToken;
  }

  now(): number {
    return this.pinnedClock ?? Date.now();
  }

  pinClock(epochMs: number): void {
    this.pinnedClock = epochMs;
    this.store.setMeta('pinnedClock', String(epochMs));
  }

  resetClock(): void {
    this.pinnedClock = undefined;
    this.store.setMeta('pinnedClock', '');
  }

  isClockPinned(): boolean {
    return this.pinnedClock !== undefined;
  }

  /** A command starts: it may run `stepBudget` element activations. */
  beginCommand(): void {
    this.stepsLeft = this.stepBudget;
  }

  /** Counts one element activation of the current command; false once its budget is spent. */
  takeStep(): boolean {
    if (this.stepsLeft <= 0) return false;
    this.stepsLeft--;
    return true;
  }

  /** Runs `step` after the current step; the whole chain runs before the command answers. */
  enqueue(step: () => void): void {
    this.queue.push(step);
  }

  /** Runs queued follow-up steps to quiescence. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let step: (() => void) | undefined;
      while ((step = this.queue.shift())) step();
    } finally {
      this.draining = false;
    }
  }

  // ---- typed record access ----

  get<T>(kind: EntityKind, key: number): T | undefined {
    return this.store.get<T>(kind, key);
  }

  /** Stores a record; jobs, user tasks and incidents also queue their search row. */
  put<T>(kind: EntityKind, key: number, doc: T): T {
    this.store.put(kind, key, doc);
    recordStored(this, kind, doc);
    return doc;
  }

  ei(key: number): ElementInstanceRecord | undefined {
    return this.store.get<ElementInstanceRecord>('elementInstance', key);
  }

  saveEi(ei: ElementInstanceRecord): void {
    this.store.put('elementInstance', ei.key, ei);
  }

  pi(key: number): ProcessInstanceRecord | undefined {
    return this.store.get<ProcessInstanceRecord>('processInstance', key);
  }

  definition(key: number): DefinitionRecord {
    const def = this.store.get<DefinitionRecord>('definition', key);
    if (!def) throw new Error(`process definition ${key} is missing from the store`);
    return def;
  }

  model(definitionKey: number): ProcessModel {
    const model = this.models.get(definitionKey);
    if (!model) throw new Error(`process definition ${definitionKey} is not compiled`);
    return model;
  }

  element(ei: ElementInstanceRecord): ElementModel {
    const el = this.model(ei.definitionKey).elements.get(ei.elementId);
    if (!el) throw new Error(`element ${ei.elementId} not in definition ${ei.definitionKey}`);
    return el;
  }

  /** An instance of a multi-instance activity, inside its multi-instance body. */
  isInnerInstance(ei: ElementInstanceRecord): boolean {
    if (ei.flowScopeKey === null) return false;
    const scope = this.ei(ei.flowScopeKey);
    return !!scope?.multiInstanceBody && scope.elementId === ei.elementId;
  }

  /** Variables visible from an element instance: its own and every enclosing scope's (inner wins). */
  visibleVariables(scopeKey: number | null): Variables {
    const chain: Variables[] = [];
    let key = scopeKey;
    while (key !== null) {
      const ei = this.ei(key);
      if (!ei) break;
      chain.push(ei.variables);
      key = ei.flowScopeKey;
    }
    const result: Variables = {};
    for (let i = chain.length - 1; i >= 0; i--) Object.assign(result, chain[i]);
    return result;
  }

  /**
   * Zeebe's "merge document" propagation: each variable is updated in the nearest scope that
   * already defines it, else created in the process instance (root) scope.
   */
  propagateVariables(scopeKey: number, variables: Variables): void {
    for (const [name, value] of Object.entries(variables)) {
      let key: number | null = scopeKey;
      let target: ElementInstanceRecord | undefined;
      let root: ElementInstanceRecord | undefined;
      while (key !== null) {
        const ei = this.ei(key);
        if (!ei) break;
        if (target === undefined && Object.prototype.hasOwnProperty.call(ei.variables, name)) target = ei;
        root = ei;
        key = ei.flowScopeKey;
      }
      const owner = target ?? root;
      if (!owner) continue;
      owner.variables[name] = value;
      this.variableChanged(owner, name);
      this.saveEi(owner);
    }
  }

  setLocalVariables(ei: ElementInstanceRecord, variables: Variables): void {
    Object.assign(ei.variables, variables);
    for (const name of Object.keys(variables)) this.variableChanged(ei, name);
    this.saveEi(ei);
  }

  raiseIncident(
    ei: ElementInstanceRecord,
    errorType: IncidentErrorType,
    errorMessage: string,
    extra: { jobKey?: number; retry?: 'activate' | 'complete' } = {},
  ): IncidentRecord {
    const def = this.definition(ei.definitionKey);
    const incident: IncidentRecord = {
      key: this.newKey(),
      errorType,
      errorMessage,
      state: 'ACTIVE',
      elementId: ei.elementId,
      elementInstanceKey: ei.key,
      processInstanceKey: ei.processInstanceKey,
      definitionKey: ei.definitionKey,
      bpmnProcessId: def.bpmnProcessId,
      creationTime: this.now(),
      ...extra,
    };
    this.put('incident', incident.key, incident);
    ei.incidentKey = incident.key;
    this.saveEi(ei);
    this.store.index.elementInstanceIncident(ei.key, incident.key);
    const pi = this.pi(ei.processInstanceKey);
    if (pi) {
      pi.incidentCount++;
      this.savePi(pi);
    }
    return incident;
  }

  resolveIncidentRecord(incident: IncidentRecord): void {
    incident.state = 'RESOLVED';
    // a resolved incident leaves the runtime; its search row keeps it
    this.put('incident', incident.key, incident);
    this.store.delete('incident', incident.key);
    const pi = this.pi(incident.processInstanceKey);
    if (pi && pi.incidentCount > 0) {
      pi.incidentCount--;
      this.savePi(pi);
    }
    const ei = this.ei(incident.elementInstanceKey);
    if (ei && ei.incidentKey === incident.key) {
      delete ei.incidentKey;
      this.saveEi(ei);
      this.store.index.elementInstanceIncident(ei.key, undefined);
    }
  }

  notifyJobType(type: string): void {
    this.jobTypesAvailable.add(type);
  }
}

/** Camunda's element instance type: the BPMN type in upper snake case (bpmn:ServiceTask → SERVICE_TASK). */
export function elementInstanceType(element: ElementModel, multiInstanceBody: boolean): string {
  if (multiInstanceBody) return 'MULTI_INSTANCE_BODY';
  if (element.behavior === 'eventSubProcess') return 'EVENT_SUB_PROCESS';
  const local = element.bpmnType.replace(/^bpmn:/, '');
  return local.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

export function messageStartKey(bpmnProcessId: string, correlationKey: string): string {
  return bpmnProcessId + '\u0000' + correlationKey;
}
