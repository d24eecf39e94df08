import type { Store } from '../domain/store/index.js';
import { DEFAULT_COST, hashPassword, type ScryptCost } from './auth/password.js';
import type { Role } from './auth/roles.js';

/**
 * Accounts to try the system with: every role, in three departments of the seed catalogue that
 * between them handle immediate, promised, reported and joint items (民政局; 住建局, which leads
 * the joint construction permit; 自然资源局, which reviews it), and the center's own sections.
 * README.md lists them; a test keeps the two in step. Never seeded in production by default.
 */
export const DEMO_PASSWORD = 'Demo@2026';

/** The service center itself, for the staff of its own sections (督查科, 投诉处, 管委会) and the system's operators. */
export const CENTER_DEPARTMENT = 'ZWFW';

export interface DemoAccount {
  username: string;
  displayName: string;
  departmentCode: string;
  roles: Role[];
}

interface DemoPost {
  code: string;
  departmentCode: string;
  name: string;
  candidateGroup: string;
  /** A holder first, then the B holders in the order they take over (AB岗) */
  holders: string[];
}

const department = (code: string, people: { clerkA: string; clerkB: string; head: string; reviewer: string }): DemoAccount[] => {
  const d = code.toLowerCase();
  return [
    { username: `${d}-clerk-a`, displayName: people.clerkA, departmentCode: code, roles: ['window-clerk'] },
    { username: `${d}-clerk-b`, displayName: people.clerkB, departmentCode: code, roles: ['window-clerk'] },
    { username: `${d}-head`, displayName: people.head, departmentCode: code, roles: ['window-head'] },
    { username: `${d}-reviewer`, displayName: people.reviewer, departmentCode: code, roles: ['department-reviewer'] },
  ];
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  ...department('MZ', { clerkA: '王芳', clerkB: '李强', head: '赵静', reviewer: '陈刚' }),
  ...department('ZJ', { clerkA: '刘洋', clerkB: '杨帆', head: '周婷', reviewer: '吴军' }),
  { username: 'zj-lead', displayName: '黄磊', departmentCode: 'ZJ', roles: ['lead-window'] },
  ...department('ZRZY', { clerkA: '徐丽', clerkB: '孙浩', head: '马超', reviewer: '朱红' }),
  { username: 'supervisor', displayName: '胡明', departmentCode: CENTER_DEPARTMENT, roles: ['supervision'] },
  { username: 'complaints', displayName: '郭霞', departmentCode: CENTER_DEPARTMENT, roles: ['complaint-office'] },
  { username: 'committee', displayName: '何伟', departmentCode: CENTER_DEPARTMENT, roles: ['committee'] },
  { username: 'designer', displayName: '高峰', departmentCode: CENTER_DEPARTMENT, roles: ['designer'] },
  { username: 'admin', displayName: '林涛', departmentCode: CENTER_DEPARTMENT, roles: ['admin'] },
];

/** The posts the workers place tasks on (AB岗); the lead window stands in last at its department's window. */
function demoPosts(): DemoPost[] {
  const posts: DemoPost[] = [];
  for (const [code, name] of [
    ['MZ', '民政局'],
    ['ZJ', '住建局'],
    ['ZRZY', '自然资源局'],
  ] as const) {
    const d = code.toLowerCase();
    const window = [`${d}-clerk-a`, `${d}-clerk-b`, ...(code === 'ZJ' ? ['zj-lead'] : [])];
    posts.push(
      { code: `${d}-window`, departmentCode: code, name: `${name}受理窗口`, candidateGroup: `window:${code}`, holders: window },
      { code: `${d}-head`, departmentCode: code, name: `${name}窗口负责人`, candidateGroup: `head:${code}`, holders: [`${d}-head`] },
      { code: `${d}-review`, departmentCode: code, name: `${name}审核岗`, candidateGroup: `review:${code}`, holders: [`${d}-reviewer`] },
    );
  }
  posts.push(
    { code: 'supervision', departmentCode: CENTER_DEPARTMENT, name: '业务督查科', candidateGroup: 'supervision', holders: ['supervisor'] },
    { code: 'complaint-office', departmentCode: CENTER_DEPARTMENT, name: '投诉处', candidateGroup: 'complaint-office', holders: ['complaints'] },
    { code: 'committee', departmentCode: CENTER_DEPARTMENT, name: '管委会', candidateGroup: 'committee', holders: ['committee'] },
  );
  return posts;
}

/**
 * Staff, posts with their A/B holders, and a log-in for each demo account. Accounts that exist
 * keep their password; staff and posts are brought back to the demo's. `cost` lets tests hash
 * cheaply; the app verifies whatever cost a hash names.
 */
export async function seedDemoAccounts(store: Store, options: { cost?: ScryptCost } = {}): Promise<void> {
  await writeDemoAccounts(store, await demoHashes(options), false);
}

/**
 * The start-up seed: the demo accounts, only into a store without any account; true when it
 * seeded them. Instances starting together on an empty database seed them once.
 */
export async function seedDemoAccountsIfNoUsers(store: Store, options: { cost?: ScryptCost } = {}): Promise<boolean> {
  // the usual start finds accounts, and need not hash a password per demo account to learn it
  if ((await store.users.count()) > 0) return false;
  return writeDemoAccounts(store, await demoHashes(options), true);
}

function demoHashes(options: { cost?: ScryptCost }): Promise<string[]> {
  return Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD, options.cost ?? DEFAULT_COST)));
}

/**
 * Under one lock, so that two seeds at once (two instances starting) neither interleave their
 * post holders nor both find the store without accounts.
 */
function writeDemoAccounts(store: Store, hashes: string[], onlyIfNoUsers: boolean): Promise<boolean> {
  return store.exclusive('demo-accounts', async (tx) => {
    if (onlyIfNoUsers && (await tx.users.count()) > 0) return false;
    for (const account of DEMO_ACCOUNTS) {
      await tx.staff.upsertStaff({ id: account.username, name: account.displayName, departmentCode: account.departmentCode, roles: account.roles, phone: null, email: null, active: true });
    }
    for (const { holders, ...post } of demoPosts()) {
      await tx.staff.upsertPost(post);
      await tx.staff.setHolders(post.code, holders);
    }
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      await tx.users.addIfMissing({ ...account, staffId: account.username, passwordHash: hashes[i] });
    }
    return true;
  });
}
