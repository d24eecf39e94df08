import type { RuntimeContext } from './context.js';
import { CommandRejection, notFound } from './errors.js';

/**
 * Cancelling a process instance, alone or as a batch operation (8.8's CANCEL_PROCESS_INSTANCE).
 * A cluster runs a batch in the background; here it runs in one command, so it has ended when
 * its creation is answered. The batch and its items are search rows (batch_operation,
 * batch_operation_item), readable through the batch operation endpoints.
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

/** Cancels each instance in turn; one that cannot be cancelled is a FAILED item with the rejection's message. */
export function cancelProcessInstancesBatch(ctx: RuntimeContext, processInstanceKeys: number[]): number {
  const batchKey = ctx.newKey();
  const startDate = ctx.now();
  let failed = 0;
  for (const key of processInstanceKeys) {
    let errorMessage: string | null = null;
    try {
      cancelProcessInstance(ctx, key);
      ctx.drain();
    } catch (err) {
      if (!(err instanceof CommandRejection)) throw err;
      errorMessage = err.message;
      failed++;
    }
    const item = {
      key: ctx.newKey(),
      batch_operation_key: batchKey,
      operation_type: 'CANCEL_PROCESS_INSTANCE',
      item_key: key,
      process_instance_key: key,
      state: errorMessage === null ? 'COMPLETED' : 'FAILED',
      processed_date: ctx.now(),
      error_message: errorMessage,
    };
    ctx.store.index.recordChanged('batch_operation_item', item.key, () => item);
  }
  const total = processInstanceKeys.length;
  const batch = {
    key: batchKey,
    operation_type: 'CANCEL_PROCESS_INSTANCE',
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
