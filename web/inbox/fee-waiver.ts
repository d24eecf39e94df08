import { mayWaiveFees } from '../../domain/staff/fee-waiver.js';
import type { Store, Task } from '../../domain/store/index.js';
import { ApiProblem } from '../http/problem.js';

/**
 * A fee waiver (减免) asked on a form that decides fees stands only when the person completing it
 * may waive for the task's department now (a present window head, or whoever covers the head post
 * while its holder is away). Otherwise the completion is refused on the waiver's field and nothing
 * reaches the engine; an authorised waiver goes on signed by the completing person (requestedBy).
 */
export async function authorisedWaiver(store: Store, submitted: Record<string, unknown>, staffId: string, task: Task, at: Date): Promise<Record<string, unknown>> {
  const waiver = submitted.feeWaiver as { feeCode?: unknown; reason?: unknown } | undefined;
  if (waiver === undefined || waiver === null || typeof waiver !== 'object') return submitted;
  if (task.departmentCode === null || !(await mayWaiveFees(store.staff, staffId, task.departmentCode, at))) {
    const message = '减免收费须经本部门窗口负责人（或其不在岗时的代岗人员）批准，您无权减免：请取消「减免其中一项收费」，或请窗口负责人审批';
    throw new ApiProblem('validation', message, [{ in: 'body', field: 'variables.feeWaiver.feeCode', message }]);
  }
  return { ...submitted, feeWaiver: { ...waiver, requestedBy: staffId } };
}
