import type { Case, Store } from '../../domain/store/index.js';
import { hasAnyRole, type Principal } from '../auth/roles.js';

/**
 * Who may read a case's file (its notices, supplied files) and who may take supplements for it
 * at the window. Supervision (电子监察) and the management committee oversee every case; otherwise the case's own department,
 * or a department that had a task of the case (a joint review); the window, its head and the
 * lead window of the case's department take materials.
 */

const CASE_ROLES = ['window-clerk', 'window-head', 'lead-window', 'department-reviewer'] as const;

export async function mayReadCase(store: Store, principal: Principal, theCase: Case): Promise<boolean> {
  if (hasAnyRole(principal, ['supervision', 'committee'])) return true;
  if (!hasAnyRole(principal, CASE_ROLES)) return false;
  if (principal.departmentCode === theCase.departmentCode) return true;
  const tasks = await store.tasks.list({ caseId: theCase.id });
  return tasks.some((t) => t.candidateGroups.some((g) => principal.candidateGroups.includes(g)));
}

/** A clerk, head or lead window of the case's department (candidate groups window:<dept> or head:<dept>). */
export function mayTakeSupplement(principal: Principal, theCase: Case): boolean {
  return principal.candidateGroups.includes(`window:${theCase.departmentCode}`) || principal.candidateGroups.includes(`head:${theCase.departmentCode}`);
}

/** Complaint notices: the complaint office, the committee that approves replies, and supervision. */
export function mayReadComplaints(principal: Principal): boolean {
  return hasAnyRole(principal, ['complaint-office', 'committee', 'supervision']);
}
