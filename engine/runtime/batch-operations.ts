import type { RuntimeContext } from './context.js';
import type { IncidentRecord, JobRecord } from './records.js';
import { CommandRejection, notFound } from './errors.js';
import { resolveIncident } from './incidents.js';
import { migrateProcessInstance, type MigrationPlan } from './migration.js';
import { modifyProcessInstance } from './modification.js';

/**
 * Batch operations (8.8's CANCEL_PROCESS_INSTANCE, RESOLVE_INCIDENT, MIGRATE_PROCESS_INSTANCE),
 * and cancelling a single process instance. A cluster runs a batch in the background; here it
 * runs in one command, so it has ended when its creation is answered. The batch and its items
 * are search rows (batch_operation, batch_operation_item), readable through the batch operation
 * endpoints.
 */

export function cancelProcessInstance(ctx: RuntimeContext, key: number): void {
  const pi = ctx.pi(key);
  const root = ctx.ei(key);
  if (!pi || pi.state !== 'ACTIVE' || !root) {
    throw notFound(`Expected to cancel a process instance with key '${key}', but no such process was found`);
  }
  if (pi.parentProcessInstanceKey !== undefined) {
    throw new CommandRejection(
      'INVALID_STATE',
      `Expected to cancel a process instance with key '${key}', but it is created by a parent process instance. Cancel the root process instance '${pi.parentProcessInstanceKey}' instead.`,
    );
  }
  ctx.behaviors.lifecycle.terminate(root);
}

export type BatchOperationType = 'CANCEL_PROCESS_INSTANCE' | 'RESOLVE_INCIDENT' | 'MIGRATE_PROCESS_INSTANCE' | 'MODIFY_PROCESS_INSTANCE';

/** A batch modification's move: every active instance of the source element goes to the target. */
export interface MoveInstruction {
  sourceElementId: string;
  targetElementId: string;
}

/** One thing a batch acts on: a process instance, or an incident (with its process instance). */
export interface BatchItem {
  itemKey: number;
  processInstanceKey: number;
}

/**
 * Runs `operation` on each item in turn, each with its follow-up steps; an item the operation
 * refuses is a FAILED item with the rejection's message, and the others go on. Answers the
 * batch's key; the batch and its items are written as search rows.
 */
export function runBatchOperation(ctx: RuntimeContext, type: BatchOperationType, items: BatchItem[], operation: (item: BatchItem) => void): number {
  const batchKey = ctx.newKey();
  const startDate = ctx.now();
  let failed = 0;
  for (const item of items) {
    let errorMessage: string | null = null;
    try {
      operation(item);
      ctx.drain();
    } catch (err) {
      if (!(err instanceof CommandRejection)) throw err;
      errorMessage = err.message;
      failed++;
    }
    const row = {
      key: ctx.newKey(),
      batch_operation_key: batchKey,
      operation_type: type,
      item_key: item.itemKey,
      process_instance_key: item.processInstanceKey,
      state: errorMessage === null ? 'COMPLETED' : 'FAILED',
      processed_date: ctx.now(),
      error_message: errorMessage,
    };
    ctx.store.index.recordChanged('batch_operation_item', row.key, () => row);
  }
  const total = items.length;
  const batch = {
    key: batchKey,
    operation_type: type,
    state: failed === 0 ? 'COMPLETED' : failed === total ? 'FAILED' : 'PARTIALLY_COMPLETED',
    start_date: startDate,
    end_date: ctx.now(),
    operations_total_count: total,
    operations_failed_count: failed,
    operations_completed_count: total - failed,
  };
  ctx.store.index.recordChanged('batch_operation', batchKey, () => batch);
  return batchKey;
}

const instanceItems = (keys: number[]): BatchItem[] => keys.map((key) => ({ itemKey: key, processInstanceKey: key }));

/** CANCEL_PROCESS_INSTANCE: one item per root instance. */
export function cancelProcessInstancesBatch(ctx: RuntimeContext, processInstanceKeys: number[]): number {
  return runBatchOperation(ctx, 'CANCEL_PROCESS_INSTANCE', instanceItems(processInstanceKeys), (item) => cancelProcessInstance(ctx, item.itemKey));
}

/** MIGRATE_PROCESS_INSTANCE: one item per instance, each migrated with the same plan. */
export function migrateProcessInstancesBatch(ctx: RuntimeContext, processInstanceKeys: number[], plan: MigrationPlan): number {
  return runBatchOperation(ctx, 'MIGRATE_PROCESS_INSTANCE', instanceItems(processInstanceKeys), (item) => migrateProcessInstance(ctx, item.itemKey, plan));
}

/**
 * MODIFY_PROCESS_INSTANCE: one item per instance. As 8.8's move instruction says, each active
 * element instance of a source element is terminated and a target element instance is activated
 * for it in the source's flow scope; all moves of an instance are one modification, so a
 * refusal leaves that instance as it was.
 */
export function modifyProcessInstancesBatch(ctx: RuntimeContext, processInstanceKeys: number[], moves: MoveInstruction[]): number {
  return runBatchOperation(ctx, 'MODIFY_PROCESS_INSTANCE', instanceItems(processInstanceKeys), (item) => {
    const active = ctx.elementInstancesOf(item.processInstanceKey)
      .filter((ei) => ei.state !== 'TERMINATING')
      .sort((a, b) => a.key - b.key);
    const activateInstructions = [];
    const terminateInstructions = [];
    for (const move of moves) {
      for (const ei of active.filter((e) => e.elementId === move.sourceElementId && e.flowScopeKey !== null)) {
        terminateInstructions.push({ elementInstanceKey: ei.key });
        activateInstructions.push({ elementId: move.targetElementId, ancestorElementInstanceKey: ei.flowScopeKey!, variableInstructions: [] });
      }
    }
    modifyProcessInstance(ctx, item.processInstanceKey, { activateInstructions, terminateInstructions });
  });
}

/**
 * RESOLVE_INCIDENT: one item per active incident of the instances. A job's incident whose job
 * has no retries left gets one retry first, as Operate's retry does (camunda/camunda#41213:
 * without it the resolution is refused); the job is then offered again.
 */
export function resolveIncidentsBatch(ctx: RuntimeContext, processInstanceKeys: number[]): number {
  const instances = new Set(processInstanceKeys);
  const items = [...ctx.store.table<IncidentRecord>('incident').values()]
    .filter((incident) => incident.state === 'ACTIVE' && instances.has(incident.processInstanceKey))
    .sort((a, b) => a.key - b.key)
    .map((incident) => ({ itemKey: incident.key, processInstanceKey: incident.processInstanceKey }));
  return runBatchOperation(ctx, 'RESOLVE_INCIDENT', items, (item) => {
    const incident = ctx.get<IncidentRecord>('incident', item.itemKey);
    const job = incident?.jobKey === undefined ? undefined : ctx.get<JobRecord>('job', incident.jobKey);
    if (job && job.retries <= 0) {
      job.retries = 1;
      ctx.put('job', job.key, job);
    }
    resolveIncident(ctx, item.itemKey);
  });
}
