import { compileBpmn } from './model/compile.js';
import { parseDeploymentResources, type DeployResource } from './deployment-resources.js';
import { HistorySweep } from './history-sweep.js';
import { CommandLoop, CommandNotApplied, type EngineOptions } from './command-loop.js';
import { DurableStore } from './store/durable-store.js';
import { DEFAULT_HISTORY_RETENTION_DAYS } from './config.js';
import { logEngineError } from './error-log.js';
import { CommandRejection, invalidArgument, notFound } from './runtime/errors.js';
import type {
  DecisionRequirementsRecord,
  DefinitionRecord,
  FormRecord,
  MessageRecord,
  ResourceRecord,
  UserTaskChanges,
  UserTaskRecord,
  Variables,
} from './runtime/records.js';
import { definitionByVersion, deleteResource, isUnchangedForm, isUnchangedProcess, latestDefinitionByProcessId, storeForm, storeProcess } from './runtime/definitions.js';
import { startProcessInstance } from './runtime/lifecycle.js';
import { checkDecisionOwnership, deleteDecisionRequirements, evaluateDecisionCommand, isUnchangedDecisionRequirements, storeDecisionRequirements, type DecisionEvaluation, type EvaluateRequest, type StoredDecisionRequirements } from './runtime/decisions.js';
import { compileDmn } from './dmn/parse.js';
import {
  activateJobs,
  completeJob,
  failJob,
  hasActivatable,
  rebuildJobIndex,
  throwJobError,
  updateJob,
  type ActivateRequest,
  type ActivatedJob,
  type TaskListenerResult,
} from './runtime/jobs.js';
import { correlateMessage, publishMessage, type PublishMessage } from './runtime/messages.js';
import { broadcastSignal } from './runtime/signals.js';
import { assignUserTask, completeUserTask, unassignUserTask, updateUserTask } from './runtime/user-tasks.js';
import { resolveIncident } from './runtime/incidents.js';
import { cancelProcessInstance, cancelProcessInstancesBatch, migrateProcessInstancesBatch, modifyProcessInstancesBatch, resolveIncidentsBatch, type MoveInstruction } from './runtime/batch-operations.js';
import { modifyProcessInstance, type Modification } from './runtime/modification.js';
import { migrateProcessInstance, type MigrationPlan } from './runtime/migration.js';
import { activateAdHocActivities } from './runtime/ad-hoc-activation.js';
import { isUnchangedResource, storeResource } from './runtime/resources.js';
import type { AdHocActivation } from './runtime/processors/processor.js';

export type { EngineOptions } from './command-loop.js';
export { CommandNotApplied };

export type { DeployResource } from './deployment-resources.js';

export type DeployedResource =
  | { kind: 'process'; definition: DefinitionRecord }
  | { kind: 'decisionRequirements'; stored: StoredDecisionRequirements }
  | { kind: 'form'; form: FormRecord }
  | { kind: 'resource'; resource: ResourceRecord };

export interface CreateInstanceRequest {
  processDefinitionId?: string;
  processDefinitionKey?: number;
  version?: number;
  variables: Variables;
  awaitCompletion?: boolean;
  requestTimeout?: number;
  fetchVariables?: string[];
}

export interface CreatedInstance {
  definition: DefinitionRecord;
  processInstanceKey: number;
  variables?: Variables;
}

/**
 * The embedded engine: every command mutates the in-memory state, runs its follow-up steps to
 * quiescence and answers only after the state change is committed to SQLite. Commands arriving
 * in the same event-loop turn share one commit.
 */
export class Engine extends CommandLoop {
  private readonly history: HistorySweep;

  private constructor(store: DurableStore, opts: EngineOptions) {
    super(store, opts);
    this.history = new HistorySweep(store, () => this.ctx.now(), opts.historyRetentionDays ?? DEFAULT_HISTORY_RETENTION_DAYS, this.logError);
  }

  /**
   * Removes the history of instances that ended longer ago than the retention, all at once;
   * answers how many instances it removed.
   */
  cleanHistory(): number {
    return this.history.cleanAll();
  }

  static async open(opts: EngineOptions): Promise<Engine> {
    const logError = opts.logError ?? logEngineError;
    const store = new DurableStore(opts.dataPath, {
      ...(opts.cachedRecords === undefined ? {} : { cachedRecords: opts.cachedRecords }),
      onSyncError: (err) => {
        logError('syncing the store to disk failed; the engine stops to avoid answering for lost state', err);
        process.exit(70);
      },
    });
    const engine = new Engine(store, opts);
    await engine.recover();
    return engine;
  }

  /** Re-compiles the stored diagrams and re-arms timers, job time-outs and message expiry. */
  private async recover(): Promise<void> {
    for (const def of this.store.table<DefinitionRecord>('definition').values()) {
      const models = await compileBpmn(def.xml, def.resourceName);
      const model = models.find((m) => m.id === def.bpmnProcessId);
      if (!model) throw new Error(`stored definition ${def.key} (${def.bpmnProcessId}) no longer compiles to that process`);
      this.ctx.models.set(def.key, model);
    }
    for (const drg of this.store.table<DecisionRequirementsRecord>('decisionRequirements').values()) {
      this.ctx.decisionGraphs.set(drg.key, await compileDmn(drg.xml, drg.resourceName));
    }
    this.armSchedule();
    this.ctx.indexEarlierRecords();
    this.store.commit();
    rebuildJobIndex(this.ctx);
    this.ctx.jobTypesAvailable.clear();
    this.scheduleWake();
    setImmediate(() => this.history.sweep());
  }

  pinClock(epochMs: number): Promise<void> {
    if (!Number.isFinite(epochMs) || epochMs < 0) return Promise.reject(invalidArgument('The value for timestamp must be a positive epoch in milliseconds'));
    // Timers due at the new time fire before the answer, so a caller sees their effect at once.
    return this.command(() => {
      this.ctx.pinClock(epochMs);
      this.runDue();
    }).then(() => this.scheduleWake());
  }

  resetClock(): Promise<void> {
    return this.command(() => {
      this.ctx.resetClock();
      this.runDue();
    }).then(() => this.scheduleWake());
  }

  now(): number {
    return this.ctx.now();
  }

  // ---- deployment ----

  async deploy(resources: DeployResource[]): Promise<{ deploymentKey: number; deployed: DeployedResource[] }> {
    const { processes, forms, decisionRequirements, resources: rpaScripts } = await parseDeploymentResources(resources, { minCycleIntervalMs: this.minCycleIntervalMs });
    return this.command(() => {
      checkDecisionOwnership(this.ctx, decisionRequirements);
      // Zeebe versions a deployment's resources together: one new or changed resource makes all of them new versions
      const deploymentHasNew =
        decisionRequirements.some((d) => !isUnchangedDecisionRequirements(this.ctx, d.model, d.xml)) ||
        processes.some((p) => !isUnchangedProcess(this.ctx, p.model, p.xml)) ||
        forms.some((f) => !isUnchangedForm(this.ctx, f.id, f.schema)) ||
        rpaScripts.some((r) => !isUnchangedResource(this.ctx, r));
      const deploymentKey = this.ctx.newKey();
      const deployed: DeployedResource[] = [];
      // decisions first, so a process deployed with them can bind to them (bindingType deployment)
      for (const d of decisionRequirements) {
        deployed.push({ kind: 'decisionRequirements', stored: storeDecisionRequirements(this.ctx, d.model, d.xml, d.name, deploymentKey, deploymentHasNew) });
      }
      for (const p of processes) deployed.push({ kind: 'process', definition: storeProcess(this.ctx, p.model, p.xml, p.name, deploymentKey, deploymentHasNew) });
      for (const f of forms) deployed.push({ kind: 'form', form: storeForm(this.ctx, f, deploymentKey, deploymentHasNew) });
      for (const r of rpaScripts) deployed.push({ kind: 'resource', resource: storeResource(this.ctx, r, deploymentKey, deploymentHasNew) });
      return { deploymentKey, deployed };
    });
  }

  /** Deletes a process definition, decision requirements graph (with its decisions), form or RPA script by its key (POST /resources/{key}/deletion). */
  deleteResource(key: number): Promise<void> {
    const model = this.ctx.models.get(key);
    const graph = this.ctx.decisionGraphs.get(key);
    return this.command(() => {
      if (!deleteDecisionRequirements(this.ctx, key)) deleteResource(this.ctx, key);
    }).catch((err: unknown) => {
      // a rolled-back deletion leaves the resource stored: it needs its compiled form back
      if (err instanceof CommandNotApplied && model && this.store.get('definition', key)) this.ctx.models.set(key, model);
      if (err instanceof CommandNotApplied && graph && this.store.get('decisionRequirements', key)) this.ctx.decisionGraphs.set(key, graph);
      throw err;
    });
  }

  /** POST /decision-definitions/evaluation; a failed evaluation is answered, not refused. */
  evaluateDecision(req: EvaluateRequest): Promise<DecisionEvaluation> {
    return this.command(() => evaluateDecisionCommand(this.ctx, req));
  }

  // ---- process instances ----

  private resolveDefinition(req: CreateInstanceRequest): DefinitionRecord {
    if (req.processDefinitionKey !== undefined) {
      const def = this.store.get<DefinitionRecord>('definition', req.processDefinitionKey);
      if (!def) throw notFound(`Expected to find process definition with key '${req.processDefinitionKey}', but none found`);
      return def;
    }
    if (!req.processDefinitionId) throw invalidArgument('Expected either processDefinitionId or processDefinitionKey');
    const def =
      req.version === undefined || req.version < 0
        ? latestDefinitionByProcessId(this.ctx, req.processDefinitionId)
        : definitionByVersion(this.ctx, req.processDefinitionId, req.version);
    if (!def) {
      throw notFound(
        req.version === undefined || req.version < 0
          ? `Expected to find process definition with process ID '${req.processDefinitionId}', but none found`
          : `Expected to find process definition with process ID '${req.processDefinitionId}' and version '${req.version}', but none found`,
      );
    }
    return def;
  }

  async createProcessInstance(req: CreateInstanceRequest): Promise<CreatedInstance> {
    let waiting: Promise<Variables> | undefined;
    const created = await this.command(() => {
      const def = this.resolveDefinition(req);
      const model = this.ctx.model(def.key);
      if (!model.elements.get(model.id)!.noneStartEventId) {
        throw invalidArgument(`Expected to create instance of process with none start event, but there is no such event (process '${def.bpmnProcessId}')`);
      }
      const root = startProcessInstance(this.ctx, def, req.variables);
      if (req.awaitCompletion) waiting = this.waitForCompletion(root.key, req.requestTimeout);
      return { definition: def, processInstanceKey: root.key };
    });
    if (!waiting) return created;
    const variables = await waiting;
    const picked = req.fetchVariables && req.fetchVariables.length > 0
      ? Object.fromEntries(Object.entries(variables).filter(([k]) => req.fetchVariables!.includes(k)))
      : variables;
    return { ...created, variables: picked };
  }

  private waitForCompletion(key: number, timeoutMs = 20_000): Promise<Variables> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.completionWaiters.delete(key);
        reject(new CommandRejection('DEADLINE_EXCEEDED', `Process instance '${key}' did not complete within ${timeoutMs} ms`));
      }, timeoutMs > 0 ? timeoutMs : 20_000);
      this.completionWaiters.set(key, { resolve, reject, timer });
    });
  }

  cancelProcessInstance(key: number): Promise<void> {
    return this.command(() => cancelProcessInstance(this.ctx, key));
  }

  /** Cancels the given instances as one batch operation; answers its key. */
  cancelProcessInstancesBatch(keys: number[]): Promise<number> {
    return this.command(() => cancelProcessInstancesBatch(this.ctx, keys));
  }

  /** Activates elements and terminates element instances of a live instance (POST /process-instances/{key}/modification). */
  modifyProcessInstance(key: number, modification: Modification): Promise<void> {
    return this.command(() => modifyProcessInstance(this.ctx, key, modification));
  }

  /** Moves a live instance to another process definition (POST /process-instances/{key}/migration). */
  migrateProcessInstance(key: number, plan: MigrationPlan): Promise<void> {
    return this.command(() => migrateProcessInstance(this.ctx, key, plan));
  }

  /** Migrates the given instances as one batch operation; answers its key. */
  migrateProcessInstancesBatch(keys: number[], plan: MigrationPlan): Promise<number> {
    return this.command(() => migrateProcessInstancesBatch(this.ctx, keys, plan));
  }

  /** Moves the given instances' tokens (POST /process-instances/modification) as one batch operation; answers its key. */
  modifyProcessInstancesBatch(keys: number[], moves: MoveInstruction[]): Promise<number> {
    return this.command(() => modifyProcessInstancesBatch(this.ctx, keys, moves));
  }

  /** Resolves the active incidents of the given instances as one batch operation; answers its key. */
  resolveIncidentsBatch(keys: number[]): Promise<number> {
    return this.command(() => resolveIncidentsBatch(this.ctx, keys));
  }

  /** Starts inner elements of an active ad-hoc sub-process (POST /element-instances/ad-hoc-activities/{key}/activation). */
  activateAdHocActivities(key: number, activations: AdHocActivation[], cancelRemainingInstances: boolean): Promise<void> {
    return this.command(() => activateAdHocActivities(this.ctx, key, activations, cancelRemainingInstances));
  }

  setVariables(elementInstanceKey: number, variables: Variables, local: boolean): Promise<void> {
    return this.command(() => {
      const ei = this.ctx.ei(elementInstanceKey);
      if (!ei) throw notFound(`Expected to update variables for element with key '${elementInstanceKey}', but no such element was found`);
      if (local) this.ctx.setLocalVariables(ei, variables);
      else this.ctx.propagateVariables(ei.key, variables);
    });
  }

  // ---- jobs ----

  /** Activates jobs now, or waits (long polling) up to requestTimeout for some to appear. */
  activateJobs(req: ActivateRequest, requestTimeout: number, abort?: AbortSignal): Promise<ActivatedJob[]> {
    if (!req.type) return Promise.reject(invalidArgument('No type provided.'));
    if (!(req.maxJobsToActivate > 0)) return Promise.reject(invalidArgument(`Expected maxJobsToActivate to be greater than zero, but was ${req.maxJobsToActivate}`));
    if (!(req.timeout > 0)) return Promise.reject(invalidArgument(`Expected timeout to be greater than zero, but was ${req.timeout}`));
    if (hasActivatable(this.ctx, req.type) || requestTimeout < 0) {
      return this.command(() => activateJobs(this.ctx, req));
    }
    return this.polls.wait(req, requestTimeout, abort);
  }

  completeJob(key: number, variables: Variables, result?: TaskListenerResult): Promise<void> {
    return this.command(() => completeJob(this.ctx, key, variables, result));
  }

  failJob(key: number, req: { retries: number; errorMessage?: string; retryBackOff?: number; variables?: Variables }): Promise<void> {
    return this.command(() => failJob(this.ctx, key, req));
  }

  throwJobError(key: number, req: { errorCode: string; errorMessage?: string; variables?: Variables }): Promise<void> {
    return this.command(() => throwJobError(this.ctx, key, req));
  }

  updateJob(key: number, changes: { retries?: number; timeout?: number }): Promise<void> {
    return this.command(() => updateJob(this.ctx, key, changes));
  }

  // ---- messages and signals ----

  publishMessage(msg: PublishMessage): Promise<MessageRecord> {
    return this.command(() => publishMessage(this.ctx, msg));
  }

  correlateMessage(msg: { name: string; correlationKey: string; variables: Variables }): Promise<{ messageKey: number; processInstanceKey: number }> {
    return this.command(() => correlateMessage(this.ctx, msg));
  }

  broadcastSignal(name: string, variables: Variables): Promise<number> {
    return this.command(() => broadcastSignal(this.ctx, name, variables));
  }

  // ---- user tasks ----

  completeUserTask(key: number, variables: Variables, action?: string): Promise<void> {
    return this.userTaskCommand(key, () => completeUserTask(this.ctx, key, variables, action));
  }

  assignUserTask(key: number, assignee: string, allowOverride: boolean, action?: string): Promise<void> {
    return this.userTaskCommand(key, () => assignUserTask(this.ctx, key, assignee, allowOverride, action));
  }

  unassignUserTask(key: number): Promise<void> {
    return this.userTaskCommand(key, () => unassignUserTask(this.ctx, key));
  }

  updateUserTask(key: number, changes: UserTaskChanges, action?: string): Promise<void> {
    return this.userTaskCommand(key, () => updateUserTask(this.ctx, key, changes, action));
  }

  /**
   * A transition without task listeners ends within the command. With listeners it goes on as
   * jobs, and like Zeebe the request is answered once the last listener completed (or refused
   * when one denied it).
   */
  private userTaskCommand(key: number, fn: () => void): Promise<void> {
    let waiting: Promise<void> | undefined;
    return this.command(() => {
      fn();
      this.ctx.drain();
      this.settleUserTaskWaiters();
      if (this.store.get<UserTaskRecord>('userTask', key)?.transition) waiting = this.userTaskWaiters.wait(key);
    }).then(() => waiting);
  }

  // ---- incidents ----

  resolveIncident(key: number): Promise<void> {
    return this.command(() => resolveIncident(this.ctx, key));
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.history.stop();
    this.polls.closeAll();
    for (const w of this.completionWaiters.values()) clearTimeout(w.timer);
    this.completionWaiters.clear();
    this.userTaskWaiters.clear();
    return this.store.close();
  }
}
