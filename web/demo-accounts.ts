import { seedCatalogue } from '../domain/catalogue/catalogue.js';
import type { CatalogueItem, Department } from '../domain/catalogue/types.js';
import type { Store, StoreTransaction } from '../domain/store/index.js';
import { DEFAULT_COST, hashPassword, type ScryptCost } from './auth/password.js';
import type { Role } from './auth/roles.js';

/**
 * Accounts to try the system with: for every department that publishes or reviews an item of the
 * catalogue, two window clerks (A and B post), a window head and a reviewer; for every department
 * that leads a joint item (联办件), its lead window; and the center's own sections. So every
 * published item can be taken from registration to its result. README.md lists the seed
 * catalogue's; a test keeps the two in step. Never seeded in production by default.
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

interface DemoStaff {
  accounts: DemoAccount[];
  posts: DemoPost[];
}

/** What the demo staff are drawn from: the departments and the items that use them. */
export interface CatalogueUse {
  departments: readonly Pick<Department, 'code' | 'name'>[];
  items: readonly Pick<CatalogueItem, 'departmentCode' | 'caseType' | 'jointDepartmentCodes'>[];
}

/** Names for the seed catalogue's departments: clerk A, clerk B, head, reviewer, and the lead window where it leads joint items. */
const PEOPLE: Record<string, { clerkA: string; clerkB: string; head: string; reviewer: string; lead?: string }> = {
  SCJG: { clerkA: '张伟', clerkB: '李娜', head: '王磊', reviewer: '刘敏' },
  SW: { clerkA: '陈静', clerkB: '杨洋', head: '赵磊', reviewer: '黄丽' },
  GA: { clerkA: '周杰', clerkB: '吴敏', head: '徐强', reviewer: '孙丽' },
  MZ: { clerkA: '王芳', clerkB: '李强', head: '赵静', reviewer: '陈刚' },
  RS: { clerkA: '马丽', clerkB: '朱伟', head: '胡静', reviewer: '郭强' },
  WJ: { clerkA: '何静', clerkB: '高丽', head: '林强', reviewer: '罗敏' },
  ZRZY: { clerkA: '徐丽', clerkB: '孙浩', head: '马超', reviewer: '朱红' },
  ZJ: { clerkA: '刘洋', clerkB: '杨帆', head: '周婷', reviewer: '吴军', lead: '黄磊' },
  FG: { clerkA: '郑伟', clerkB: '梁静', head: '谢磊', reviewer: '宋丽', lead: '唐军' },
  STHJ: { clerkA: '许强', clerkB: '韩梅', head: '冯刚', reviewer: '邓丽' },
  JT: { clerkA: '曹伟', clerkB: '彭静', head: '曾强', reviewer: '萧红' },
  WL: { clerkA: '田芳', clerkB: '董磊', head: '袁敏', reviewer: '潘军' },
  YJ: { clerkA: '蒋涛', clerkB: '蔡静', head: '余强', reviewer: '杜鹃' },
};

/** A department published after the seed gets demo staff named by their post. */
const postNames = (departmentName: string) => ({
  clerkA: `${departmentName}窗口A岗`,
  clerkB: `${departmentName}窗口B岗`,
  head: `${departmentName}窗口负责人`,
  reviewer: `${departmentName}审核员`,
  lead: `${departmentName}牵头窗口`,
});

const CENTER_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'supervisor', displayName: '胡明', departmentCode: CENTER_DEPARTMENT, roles: ['supervision'] },
  { username: 'complaints', displayName: '郭霞', departmentCode: CENTER_DEPARTMENT, roles: ['complaint-office'] },
  { username: 'committee', displayName: '何伟', departmentCode: CENTER_DEPARTMENT, roles: ['committee'] },
  { username: 'designer', displayName: '高峰', departmentCode: CENTER_DEPARTMENT, roles: ['designer'] },
  { username: 'admin', displayName: '林涛', departmentCode: CENTER_DEPARTMENT, roles: ['admin'] },
];

const CENTER_POSTS: readonly DemoPost[] = [
  { code: 'supervision', departmentCode: CENTER_DEPARTMENT, name: '业务督查科', candidateGroup: 'supervision', holders: ['supervisor'] },
  { code: 'complaint-office', departmentCode: CENTER_DEPARTMENT, name: '投诉处', candidateGroup: 'complaint-office', holders: ['complaints'] },
  { code: 'committee', departmentCode: CENTER_DEPARTMENT, name: '管委会', candidateGroup: 'committee', holders: ['committee'] },
];

/**
 * The demo staff and posts for a catalogue, departments in the catalogue's order. A department
 * counts when an item names it as its own or as a joint department; it leads when it is the
 * department of a joint item. The lead window holds the lead post (the joint items'
 * acceptance and consolidation, `lead:<dept>`) with the A clerk as its B holder, and stands in
 * last at its department's window.
 */
export function demoStaffFor(catalogue: CatalogueUse): DemoStaff {
  const used = new Set(catalogue.items.flatMap((item) => [item.departmentCode, ...(item.jointDepartmentCodes ?? [])]));
  const leading = new Set(catalogue.items.filter((item) => item.caseType === 'joint').map((item) => item.departmentCode));
  const accounts: DemoAccount[] = [];
  const posts: DemoPost[] = [];
  for (const { code, name } of catalogue.departments) {
    if (!used.has(code)) continue;
    const d = code.toLowerCase();
    const people = { ...postNames(name), ...PEOPLE[code] };
    const account = (suffix: string, displayName: string, role: Role): DemoAccount => ({ username: `${d}-${suffix}`, displayName, departmentCode: code, roles: [role] });
    accounts.push(
      account('clerk-a', people.clerkA, 'window-clerk'),
      account('clerk-b', people.clerkB, 'window-clerk'),
      account('head', people.head, 'window-head'),
      account('reviewer', people.reviewer, 'department-reviewer'),
    );
    const leads = leading.has(code);
    if (leads) accounts.push(account('lead', people.lead, 'lead-window'));
    posts.push(
      { code: `${d}-window`, departmentCode: code, name: `${name}受理窗口`, candidateGroup: `window:${code}`, holders: [`${d}-clerk-a`, `${d}-clerk-b`, ...(leads ? [`${d}-lead`] : [])] },
      { code: `${d}-head`, departmentCode: code, name: `${name}窗口负责人`, candidateGroup: `head:${code}`, holders: [`${d}-head`] },
      { code: `${d}-review`, departmentCode: code, name: `${name}审核岗`, candidateGroup: `review:${code}`, holders: [`${d}-reviewer`] },
    );
    if (leads) posts.push({ code: `${d}-lead`, departmentCode: code, name: `${name}牵头窗口`, candidateGroup: `lead:${code}`, holders: [`${d}-lead`, `${d}-clerk-a`] });
  }
  return { accounts: [...accounts, ...CENTER_ACCOUNTS], posts: [...posts, ...CENTER_POSTS] };
}

/** The demo accounts of the seed catalogue: the ones README.md lists. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = demoStaffFor(seedCatalogue()).accounts;

/** The published catalogue when the store has one, else the seed catalogue (a store nothing was published into). */
async function catalogueInUse(store: Pick<Store, 'catalogue'>): Promise<CatalogueUse> {
  const [departments, items] = await Promise.all([store.catalogue.listDepartments(), store.catalogue.listItems()]);
  return items.length > 0 ? { departments, items } : seedCatalogue();
}

/**
 * Staff, posts with their A/B holders, and a log-in for each demo account of the store's
 * catalogue. Accounts that exist keep their password; staff and posts are brought back to the
 * demo's. `cost` lets tests hash cheaply; the app verifies whatever cost a hash names.
 */
export async function seedDemoAccounts(store: Store, options: { cost?: ScryptCost } = {}): Promise<void> {
  const staff = demoStaffFor(await catalogueInUse(store));
  const hashes = await demoHashes(staff.accounts, options);
  await store.exclusive('demo-accounts', async (tx) => {
    for (const account of staff.accounts) await writeStaff(tx, account);
    for (const post of staff.posts) await writePost(tx, post);
    for (const account of staff.accounts) await tx.users.addIfMissing({ ...account, staffId: account.username, passwordHash: hashes.get(account.username)! });
  });
}

/** What the start-up seed did: seeded every account into an empty store, or added the missing ones. */
export type DemoSeeding = { seeded: 'all' } | { seeded: 'missing'; added: string[] };

/**
 * The start-up seed. A store without any account gets every demo account. A store that has
 * accounts (a demo store from an earlier version, or one whose catalogue gained a department)
 * gets only the demo accounts it lacks, with their staff and any demo post it lacks; nothing
 * that exists is changed, so a changed password, a disabled account and the holders an
 * administrator set stay as they are. Instances starting together seed once.
 */
export async function seedDemoAccountsOnStart(store: Store, options: { cost?: ScryptCost } = {}): Promise<DemoSeeding> {
  const staff = demoStaffFor(await catalogueInUse(store));
  const found = await Promise.all(staff.accounts.map((a) => store.users.get(a.username)));
  const missing = staff.accounts.filter((_a, i) => found[i] === undefined);
  // the usual start finds every account, and hashes nothing
  if (missing.length === 0) return { seeded: 'missing', added: [] };
  const hashes = await demoHashes(missing, options);
  return store.exclusive('demo-accounts', async (tx) => {
    if ((await tx.users.count()) === 0) {
      for (const account of missing) await writeStaff(tx, account);
      for (const post of staff.posts) await writePost(tx, post);
      for (const account of missing) await tx.users.addIfMissing({ ...account, staffId: account.username, passwordHash: hashes.get(account.username)! });
      return { seeded: 'all' };
    }
    const added: string[] = [];
    for (const account of missing) {
      if (!(await tx.staff.getStaff(account.username))) await writeStaff(tx, account);
      // another instance may have added it since the look-up above
      if (await tx.users.addIfMissing({ ...account, staffId: account.username, passwordHash: hashes.get(account.username)! })) added.push(account.username);
    }
    for (const post of staff.posts) {
      if (await tx.staff.getPost(post.code)) continue;
      // a demo colleague an administrator removed is not put back into the new post
      const present = await Promise.all(post.holders.map((id) => tx.staff.getStaff(id)));
      await writePost(tx, { ...post, holders: post.holders.filter((_id, i) => present[i] !== undefined) });
    }
    return { seeded: 'missing', added };
  });
}

/**
 * One hash of the demo password for every account seeded at once: the password is published in
 * README.md, so a shared salt gives nothing away, and a start need not spend a strong hash on
 * each of some sixty accounts. A changed password gets its own salt.
 */
async function demoHashes(accounts: readonly DemoAccount[], options: { cost?: ScryptCost }): Promise<Map<string, string>> {
  const hash = await hashPassword(DEMO_PASSWORD, options.cost ?? DEFAULT_COST);
  return new Map(accounts.map((a) => [a.username, hash]));
}

function writeStaff(tx: StoreTransaction, account: DemoAccount) {
  return tx.staff.upsertStaff({ id: account.username, name: account.displayName, departmentCode: account.departmentCode, roles: account.roles, phone: null, email: null, active: true });
}

async function writePost(tx: StoreTransaction, { holders, ...post }: DemoPost) {
  await tx.staff.upsertPost(post);
  await tx.staff.setHolders(post.code, holders);
}
