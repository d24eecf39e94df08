import type { StaffRepo } from '../store/index.js';
import { actingHolder, isPresent } from './ab-post.js';

/** The staff role that may approve a fee waiver for its own department (窗口负责人). */
export const WAIVER_ROLE = 'window-head';

/**
 * Whether a person may waive a fee of a case of the department at the instant: a present window
 * head of the department, or whoever covers the department's head post while its A holder is
 * away (AB岗: B acts with A's authority). 擅自减免 is complaint ground 三.4.
 */
export async function mayWaiveFees(staff: Pick<StaffRepo, 'getStaff' | 'absencesAt' | 'listPosts' | 'holders'>, staffId: string, departmentCode: string, at: Date): Promise<boolean> {
  if (!(await isPresent(staff, staffId, at))) return false;
  const person = await staff.getStaff(staffId);
  if (person?.roles.includes(WAIVER_ROLE) && person.departmentCode === departmentCode) return true;
  for (const post of await staff.listPosts({ candidateGroup: `head:${departmentCode}` })) {
    if ((await actingHolder(staff, post.code, at)).holder?.staff.id === staffId) return true;
  }
  return false;
}
