import { chinaDay } from '../../domain/calendar/china-time.js';
import { isPresent } from '../../domain/staff/ab-post.js';
import type { Absence, Post, Repositories, User } from '../../domain/store/index.js';

/** Staff accounts and posts as the 人员管理 page reads them; never the password hash. */

export function absenceBody(a: Absence, now: Date) {
  return {
    id: a.id,
    kind: a.kind,
    reason: a.reason,
    from: chinaDay(a.startsAt),
    // endsAt is the instant of return: the last day away is the day before it
    to: chinaDay(new Date(a.endsAt.getTime() - 1)),
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    current: a.startsAt <= now && now < a.endsAt,
    createdBy: a.createdBy,
  };
}

/** An account's staff id: the demo and the administrator make it the user name. */
export const staffIdOfUser = (user: User): string => user.staffId ?? user.username;

export async function accountBody(repos: Pick<Repositories, 'staff'>, user: User, now: Date) {
  const staffId = staffIdOfUser(user);
  const [held, absences, present] = await Promise.all([repos.staff.postsHeldBy(staffId), repos.staff.absencesOf(staffId, now), isPresent(repos.staff, staffId, now)]);
  return {
    username: user.username,
    displayName: user.displayName,
    departmentCode: user.departmentCode,
    roles: user.roles,
    disabled: user.disabled,
    mustChangePassword: user.mustChangePassword,
    present: present && !user.disabled,
    posts: held.map(({ post, rank }) => ({ code: post.code, name: post.name, candidateGroup: post.candidateGroup, rank })),
    absences: absences.map((a) => absenceBody(a, now)),
  };
}

export async function postBody(repos: Pick<Repositories, 'staff'>, post: Post, now: Date) {
  const holders = await repos.staff.holders(post.code);
  return {
    code: post.code,
    name: post.name,
    departmentCode: post.departmentCode,
    candidateGroup: post.candidateGroup,
    holders: await Promise.all(holders.map(async (h) => ({ username: h.staff.id, displayName: h.staff.name, rank: h.rank, present: await isPresent(repos.staff, h.staff.id, now) }))),
  };
}
