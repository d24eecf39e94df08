/**
 * Who may do what. A role says which work a user does; the department says whose. Tasks reach
 * people through candidate groups (docs/procedures.md): `window:<dept>`, `head:<dept>`,
 * `review:<dept>` for a department's windows, heads and reviewers, `lead:<dept>` for the lead
 * window of the joint items a department leads, and `supervision`,
 * `complaint-office`, `committee` for the center's own sections.
 */
export const ROLES = [
  'window-clerk',
  'window-head',
  'lead-window',
  'department-reviewer',
  'supervision',
  'complaint-office',
  'committee',
  'designer',
  'admin',
] as const;

export type Role = (typeof ROLES)[number];

/** A logged-in user as the app's checks see them. */
export interface Principal {
  username: string;
  displayName: string;
  staffId: string | null;
  departmentCode: string;
  roles: Role[];
  candidateGroups: string[];
}

/**
 * The candidate groups each role works in. The lead window of a joint case sits at its lead
 * department's window, so it shares that window's group besides its own, where the joint
 * items' consolidation goes. Designers and administrators work on diagrams, forms and
 * accounts, not on cases.
 */
const ROLE_GROUP: Record<Role, ((departmentCode: string) => string | string[]) | null> = {
  'window-clerk': (d) => `window:${d}`,
  'lead-window': (d) => [`window:${d}`, `lead:${d}`],
  'window-head': (d) => `head:${d}`,
  'department-reviewer': (d) => `review:${d}`,
  supervision: () => 'supervision',
  'complaint-office': () => 'complaint-office',
  committee: () => 'committee',
  designer: null,
  admin: null,
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles the app does not know grant nothing, so a typo in an account never widens access. */
export function toPrincipal(user: { username: string; displayName: string; staffId: string | null; departmentCode: string; roles: string[] }): Principal {
  const roles = user.roles.filter(isRole);
  const groups = new Set(roles.flatMap((role) => ROLE_GROUP[role]?.(user.departmentCode) ?? []));
  return { username: user.username, displayName: user.displayName, staffId: user.staffId, departmentCode: user.departmentCode, roles, candidateGroups: [...groups] };
}

export function hasAnyRole(principal: Principal, roles: readonly Role[]): boolean {
  return roles.some((role) => principal.roles.includes(role));
}

interface TaskAccess {
  candidateGroups: string[];
  assignee: string | null;
}

/** Offered to one of the user's groups, or assigned to them in person. */
export function mayWorkOn(principal: Principal, task: TaskAccess): boolean {
  if (principal.staffId !== null && task.assignee === principal.staffId) return true;
  return task.candidateGroups.some((group) => principal.candidateGroups.includes(group));
}

/**
 * The groups whose tasks a window head oversees: the department's window queue and its lead
 * window's besides the head's own post. The head sees, assigns and hands back their tasks
 * without working on them itself.
 */
export function overseenGroups(principal: Principal): string[] {
  if (!principal.roles.includes('window-head')) return [];
  return departmentDeskGroups(principal.departmentCode);
}

/** A department's desk groups a window head (or the head's stand-in) oversees. */
export function departmentDeskGroups(departmentCode: string): string[] {
  return [`window:${departmentCode}`, `lead:${departmentCode}`, `head:${departmentCode}`];
}

/**
 * Electronic supervision (电子监察) watches every case end to end, so it reads every task; a window
 * head reads its window's; everyone else only their own work.
 */
export function mayView(principal: Principal, task: TaskAccess): boolean {
  if (mayWorkOn(principal, task) || principal.roles.includes('supervision')) return true;
  const overseen = overseenGroups(principal);
  return task.candidateGroups.some((group) => overseen.includes(group));
}
