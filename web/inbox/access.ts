import { isPresent } from '../../domain/staff/ab-post.js';
import type { Staff, Store, Task } from '../../domain/store/index.js';
import { departmentDeskGroups, mayView, mayWorkOn, overseenGroups, toPrincipal, type Principal } from '../auth/roles.js';
import { ApiProblem } from '../http/problem.js';

/**
 * Who may take, hand over and finish a task, beyond the role and group checks of roles.ts: the
 * AB岗 rules (a B holder takes over the work of the absent A holder, with A's authority) and the
 * window head's authority to hand a department's task to one of its people.
 */

/** A post the user stands in for: they are a B holder and its A holder is away now. */
export interface CoveredPost {
  postCode: string;
  candidateGroup: string;
  absentHolder: string;
  absentHolderName: string;
}

export async function coveredPosts(store: Store, staffId: string | null, at: Date): Promise<CoveredPost[]> {
  if (staffId === null) return [];
  const covered: CoveredPost[] = [];
  for (const { post, rank } of await store.staff.postsHeldBy(staffId)) {
    if (rank === 0) continue;
    const [a] = await store.staff.holders(post.code);
    if (a && a.staff.id !== staffId && !(await isPresent(store.staff, a.staff.id, at))) {
      covered.push({ postCode: post.code, candidateGroup: post.candidateGroup, absentHolder: a.staff.id, absentHolderName: a.staff.name });
    }
  }
  return covered;
}

/** The user's staff id; accounts without one (administrators, designers) work on no task. */
export function staffIdOf(principal: Principal): string {
  if (principal.staffId === null) throw new ApiProblem('forbidden', '您的账号未关联工作人员，不能办理任务');
  return principal.staffId;
}

export function requireOpen(task: Task): void {
  if (task.state !== 'created') throw new ApiProblem('conflict', task.state === 'completed' ? '该任务已办结' : '该任务已取消（流程已不再需要它）');
}

export function requireWorkable(principal: Principal, task: Task): void {
  if (!mayWorkOn(principal, task)) throw new ApiProblem('forbidden', '该任务不属于您的部门或岗位，无权办理');
}

/**
 * How the user would take the task: nothing to do when it is theirs; over the engine's refusal
 * (allowOverride) when its assignee is away and the user holds the same post (AB岗); otherwise
 * only if nobody has it, which the engine decides (it answers 409 when someone has). coveringFor
 * names the absent holder whose work the user then does.
 */
export async function claimPlan(
  store: Store,
  staffId: string,
  task: Task,
  at: Date,
): Promise<{ mine: true } | { mine: false; allowOverride: boolean; coveringFor: string | null }> {
  if (task.assignee === staffId) return { mine: true };
  const posts = (await store.staff.postsHeldBy(staffId)).filter(({ post }) => task.candidateGroups.includes(post.candidateGroup));
  if (task.assignee !== null) {
    if (await isPresent(store.staff, task.assignee, at)) return { mine: false, allowOverride: false, coveringFor: null };
    for (const { post } of posts) {
      const holders = await store.staff.holders(post.code);
      if (holders.some((h) => h.staff.id === task.assignee)) return { mine: false, allowOverride: true, coveringFor: task.coveringFor ?? task.assignee };
    }
    return { mine: false, allowOverride: false, coveringFor: null };
  }
  for (const { post, rank } of posts) {
    if (rank === 0) continue;
    const [a] = await store.staff.holders(post.code);
    if (a && !(await isPresent(store.staff, a.staff.id, at))) return { mine: false, allowOverride: false, coveringFor: a.staff.id };
  }
  return { mine: false, allowOverride: false, coveringFor: null };
}

/** The department's window head, or whoever stands in for the head's post while the head is away. */
export async function actsAsHead(store: Store, principal: Principal, departmentCode: string | null, at: Date): Promise<boolean> {
  if (departmentCode === null || principal.departmentCode !== departmentCode) return false;
  if (principal.roles.includes('window-head')) return true;
  const covered = await coveredPosts(store, principal.staffId, at);
  return covered.some((p) => p.candidateGroup === `head:${departmentCode}`);
}

/**
 * Checks the person a head hands a task to: staff of the task's department, at work now, and
 * working in one of the task's groups. Answers 400 naming the `assignee` field otherwise.
 */
export async function checkAssignee(store: Store, task: Task, assigneeId: string, at: Date): Promise<Staff> {
  const refuse = (message: string) => new ApiProblem('validation', message, [{ in: 'body', field: 'assignee', message }]);
  const person = await store.staff.getStaff(assigneeId);
  if (!person) throw refuse(`没有工作人员「${assigneeId}」`);
  if (person.departmentCode !== task.departmentCode) throw refuse(`${person.name}不是本部门的工作人员，不能接收本部门的任务`);
  if (!(await isPresent(store.staff, person.id, at))) throw refuse(`${person.name}当前不在岗（请假或停用），不能接收任务`);
  const groups = toPrincipal({ username: person.id, displayName: person.name, staffId: person.id, departmentCode: person.departmentCode, roles: person.roles }).candidateGroups;
  if (!task.candidateGroups.some((g) => groups.includes(g))) throw refuse(`${person.name}的岗位不办理此类任务`);
  return person;
}

/**
 * The groups the user oversees now: a window head its window's, lead window's and own post's, and whoever
 * stands in for the head's post while the head is away (AB岗) the same.
 */
export async function overseenGroupsNow(store: Store, principal: Principal, at: Date): Promise<string[]> {
  return overseenGroupsCovering(principal, await coveredPosts(store, principal.staffId, at));
}

/** overseenGroupsNow, given the posts the principal covers now (coveredPosts), for a caller that needs them anyway. */
export function overseenGroupsCovering(principal: Principal, covered: CoveredPost[]): string[] {
  const groups = new Set(overseenGroups(principal));
  const standIn = `head:${principal.departmentCode}`;
  if (covered.some((p) => p.candidateGroup === standIn)) {
    for (const group of departmentDeskGroups(principal.departmentCode)) groups.add(group);
  }
  return [...groups];
}

/** mayView, with the head's stand-in (AB岗) reading the window's tasks too. */
export async function mayViewNow(store: Store, principal: Principal, task: Task, at: Date): Promise<boolean> {
  if (mayView(principal, task)) return true;
  const overseen = await overseenGroupsNow(store, principal, at);
  return task.candidateGroups.some((g) => overseen.includes(g));
}

/**
 * The task by its key, for a user who may know of it: one who may see it, or the head of its
 * department who hands it out. To anyone else it answers as a key that does not exist, so that
 * another department's keys cannot be told from unknown ones.
 */
export async function knownTask(store: Store, principal: Principal, key: string, at: Date): Promise<Task> {
  const task = await store.tasks.get(key);
  if (!task || !((await mayViewNow(store, principal, task, at)) || (await actsAsHead(store, principal, task.departmentCode, at)))) {
    throw new ApiProblem('not-found', '任务不存在');
  }
  return task;
}

/** One person a head may hand a task to, as the assignment picker lists them. */
export interface AssigneeOption {
  id: string;
  name: string;
  /** the posts of the task's groups the person holds: rank 0 is the A post */
  posts: Array<{ code: string; name: string; rank: number }>;
  present: boolean;
  absence: { reason: string; endsAt: Date } | null;
}

/**
 * The department's staff who work in one of the task's groups (by role, as checkAssignee judges),
 * A holders first, then B holders by rank, then the others; each with whether they are at work now.
 */
export async function assigneeOptions(store: Store, task: Task, at: Date): Promise<AssigneeOption[]> {
  if (task.departmentCode === null) return [];
  const staff = (await store.staff.listStaff({ departmentCode: task.departmentCode, activeOnly: true })).filter((person) => {
    const groups = toPrincipal({ username: person.id, displayName: person.name, staffId: person.id, departmentCode: person.departmentCode, roles: person.roles }).candidateGroups;
    return task.candidateGroups.some((g) => groups.includes(g));
  });
  const absences = await store.staff.absencesAt(at, staff.map((s) => s.id));
  const options = await Promise.all(
    staff.map(async (person): Promise<AssigneeOption> => {
      const posts = (await store.staff.postsHeldBy(person.id)).filter(({ post }) => task.candidateGroups.includes(post.candidateGroup));
      const absence = absences.find((a) => a.staffId === person.id);
      return {
        id: person.id,
        name: person.name,
        posts: posts.map(({ post, rank }) => ({ code: post.code, name: post.name, rank })),
        present: !absence,
        absence: absence ? { reason: absence.reason, endsAt: absence.endsAt } : null,
      };
    }),
  );
  const order = (o: AssigneeOption) => Math.min(...o.posts.map((p) => p.rank), Number.MAX_SAFE_INTEGER);
  return options.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name, 'zh-CN'));
}
