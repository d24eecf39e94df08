import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../domain/store/index.js';
import { ROLES } from '../../web/auth/roles.js';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoStaffFor, seedDemoAccounts, seedDemoAccountsOnStart } from '../../web/demo-accounts.js';
import { verifyPassword } from '../../web/auth/password.js';
import { describeEachDialect } from '../support/store.js';
import { openTestStore, type TestStore } from '../support/test-store.js';
import { TEST_COST } from '../support/web.js';

describe('web/demo-accounts', () => {
  let testStore: TestStore;
  let store: Store;
  beforeEach(async () => {
    testStore = await openTestStore();
    store = testStore.store;
  });
  afterEach(() => testStore.close());

  it('should seed a log-in for every role, each staff holding a post, A first then B', async () => {
    await seedDemoAccounts(store, { cost: TEST_COST });

    expect(new Set(DEMO_ACCOUNTS.flatMap((a) => a.roles))).to.deep.equal(new Set(ROLES));
    expect(await store.users.count()).to.equal(DEMO_ACCOUNTS.length);
    const user = await store.users.get('zrzy-reviewer');
    expect(user).to.deep.include({ staffId: 'zrzy-reviewer', departmentCode: 'ZRZY', roles: ['department-reviewer'], disabled: false });
    expect(await verifyPassword(DEMO_PASSWORD, user!.passwordHash)).to.equal(true);
    expect((await store.staff.holders('zj-window')).map((h) => [h.rank, h.staff.id])).to.deep.equal([
      [0, 'zj-clerk-a'],
      [1, 'zj-clerk-b'],
      [2, 'zj-lead'],
    ]);
    expect((await store.staff.listPosts({ candidateGroup: 'review:ZJ' })).map((p) => p.code)).to.deep.equal(['zj-review']);
    expect((await store.staff.listPosts({ candidateGroup: 'supervision' })).map((p) => p.code)).to.deep.equal(['supervision']);
  });

  it('should staff every department of every published item with window clerks A and B, a head and a reviewer, and each joint lead with its lead window', async () => {
    await store.catalogue.publish(seedCatalogue());
    await seedDemoAccounts(store, { cost: TEST_COST });

    const holderOf = async (group: string, rank: number) => {
      const [post] = await store.staff.listPosts({ candidateGroup: group });
      const holder = post && (await store.staff.holders(post.code)).find((h) => h.rank === rank);
      const user = holder && (await store.users.get(holder.staff.id));
      return user && !user.disabled && (await verifyPassword(DEMO_PASSWORD, user.passwordHash)) ? { roles: user.roles, department: user.departmentCode } : undefined;
    };
    const items = await store.catalogue.listItems();
    expect(items).to.have.length(seedCatalogue().items.length);
    for (const item of items) {
      for (const code of new Set([item.departmentCode, ...(item.jointDepartmentCodes ?? [])])) {
        const what = `${item.code} ${code}`;
        expect(await holderOf(`window:${code}`, 0), `${what} clerk A`).to.deep.equal({ roles: ['window-clerk'], department: code });
        expect(await holderOf(`window:${code}`, 1), `${what} clerk B`).to.deep.equal({ roles: ['window-clerk'], department: code });
        expect(await holderOf(`head:${code}`, 0), `${what} head`).to.deep.equal({ roles: ['window-head'], department: code });
        expect(await holderOf(`review:${code}`, 0), `${what} reviewer`).to.deep.equal({ roles: ['department-reviewer'], department: code });
      }
      if (item.caseType === 'joint') {
        expect(await holderOf(`lead:${item.departmentCode}`, 0), `${item.code} lead window`).to.deep.equal({ roles: ['lead-window'], department: item.departmentCode });
      }
    }
    // the count: all 13 departments of the seed catalogue have staff, not 3
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.departmentCode))).to.have.length(14);
  });

  it('should draw demo staff for a department a later catalogue publishes, named by their posts', async () => {
    const seed = seedCatalogue();
    const item = { ...seed.items.find((i) => i.code === 'MZ-001')!, code: 'SJ-001', departmentCode: 'SJ' };
    await store.catalogue.publish({ ...seed, departments: [...seed.departments, { code: 'SJ', name: '县审计局', location: '三楼' }], items: [...seed.items, item] });

    await seedDemoAccounts(store, { cost: TEST_COST });

    expect(await store.users.get('sj-clerk-a')).to.deep.include({ displayName: '县审计局窗口A岗', departmentCode: 'SJ', roles: ['window-clerk'] });
    expect((await store.staff.holders('sj-window')).map((h) => h.staff.id)).to.deep.equal(['sj-clerk-a', 'sj-clerk-b']);
    expect(await store.users.get('sj-lead')).to.equal(undefined);
  });

  it('should name one lead window per department leading a joint item, at the lead post with the A clerk as its B holder', () => {
    const { accounts, posts } = demoStaffFor(seedCatalogue());
    expect(accounts.filter((a) => a.roles.includes('lead-window')).map((a) => a.username)).to.deep.equal(['zj-lead', 'fg-lead']);
    expect(posts.find((p) => p.candidateGroup === 'lead:FG')).to.deep.include({ code: 'fg-lead', holders: ['fg-lead', 'fg-clerk-a'] });
  });

  it('should keep the password of an account that exists when seeding again', async () => {
    await seedDemoAccounts(store, { cost: TEST_COST });
    await store.db.updateTable('users').set({ password_hash: 'changed' }).where('username', '=', 'admin').execute();

    await seedDemoAccounts(store, { cost: TEST_COST });

    expect((await store.users.get('admin'))?.passwordHash).to.equal('changed');
    expect(await store.users.count()).to.equal(DEMO_ACCOUNTS.length);
  });

  it('should be listed in README.md with their name, department, role and password', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z-]+)` \| ([^|]+) \| ([A-Z]+) \| ([^|]+) \|$/gm)].map((m) => ({ username: m[1], displayName: m[2], departmentCode: m[3], role: m[4] }));
    expect(listed.map(({ role: _role, ...rest }) => rest)).to.deep.equal(DEMO_ACCOUNTS.map(({ roles: _roles, ...rest }) => rest));
    const ROLE_WORDS: Record<string, string> = { 'window-clerk': 'window clerk', 'window-head': 'window head', 'department-reviewer': 'department reviewer', 'lead-window': 'lead window' };
    for (const [i, account] of DEMO_ACCOUNTS.entries()) {
      const word = ROLE_WORDS[account.roles[0]];
      if (word) expect(listed[i].role, account.username).to.match(new RegExp(`^${word}\\b`));
    }
    expect(readme).to.include(`\`${DEMO_PASSWORD}\``);
  });
});

describeEachDialect('web/demo-accounts at start-up', ({ store, config, sandbox, dialect }) => {
  it('should seed the accounts once when two instances start on an empty store at the same moment', async () => {
    // given two app instances on one empty database: two connection pools on PostgreSQL; on
    // SQLite the same store, whose one connection serialises them (two processes: sqlite-processes.spec)
    const first = store();
    const second = dialect === 'postgres' ? await sandbox().open(config()) : first;

    // when both seed at once
    const seeded = await Promise.all([seedDemoAccountsOnStart(first, { cost: TEST_COST }), seedDemoAccountsOnStart(second, { cost: TEST_COST })]);

    // then one seeded them all, the other found nothing missing, and there is one set of accounts and post holders
    expect(seeded.map((s) => (s.seeded === 'all' ? 'all' : s.added.length)).sort()).to.deep.equal([0, 'all']);
    expect(await first.users.count()).to.equal(DEMO_ACCOUNTS.length);
    expect((await first.staff.holders('mz-window')).map((h) => h.staff.id)).to.deep.equal(['mz-clerk-a', 'mz-clerk-b']);
    const { n } = await first.db
      .selectFrom('post_holders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).to.equal(demoStaffFor(seedCatalogue()).posts.reduce((sum, p) => sum + p.holders.length, 0));
  });

  it('should top up a demo store of an earlier version with the missing demo accounts only, changing nothing that exists', async () => {
    // given a store seeded before 人社局 had demo staff and before the lead post, whose admin
    // changed a password, disabled an account and gave the ZJ window other holders
    await seedDemoAccounts(store(), { cost: TEST_COST });
    await store().db.deleteFrom('users').where('username', 'like', 'rs-%').execute();
    await store().db.deleteFrom('post_holders').where('post_code', 'like', 'rs-%').execute();
    await store().db.deleteFrom('posts').where('code', 'like', 'rs-%').execute();
    await store().db.deleteFrom('staff').where('id', 'like', 'rs-%').execute();
    await store().db.deleteFrom('post_holders').where('post_code', '=', 'zj-lead').execute();
    await store().db.deleteFrom('posts').where('code', '=', 'zj-lead').execute();
    await store().db.updateTable('users').set({ password_hash: 'changed' }).where('username', '=', 'admin').execute();
    await store().db.updateTable('users').set({ disabled: 1 }).where('username', '=', 'mz-clerk-b').execute();
    await store().db.updateTable('staff').set({ name: '王芳芳' }).where('id', '=', 'mz-clerk-a').execute();
    await store().staff.setHolders('zj-window', ['zj-clerk-b', 'zj-clerk-a']);
    await store().db.insertInto('users').values({ ...(await store().db.selectFrom('users').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow()), username: 'real-clerk' }).execute();

    // when the app starts
    const seeding = await seedDemoAccountsOnStart(store(), { cost: TEST_COST });

    // then 人社局's four are back with the demo password and their posts, and the lead post is there
    expect(seeding).to.deep.equal({ seeded: 'missing', added: ['rs-clerk-a', 'rs-clerk-b', 'rs-head', 'rs-reviewer'] });
    expect(await verifyPassword(DEMO_PASSWORD, (await store().users.get('rs-reviewer'))!.passwordHash)).to.equal(true);
    expect((await store().staff.holders('rs-window')).map((h) => h.staff.id)).to.deep.equal(['rs-clerk-a', 'rs-clerk-b']);
    expect((await store().staff.holders('zj-lead')).map((h) => h.staff.id)).to.deep.equal(['zj-lead', 'zj-clerk-a']);
    // and what existed is as the administrator left it
    expect((await store().users.get('admin'))?.passwordHash).to.equal('changed');
    expect((await store().users.get('mz-clerk-b'))?.disabled).to.equal(true);
    expect((await store().staff.getStaff('mz-clerk-a'))?.name).to.equal('王芳芳');
    expect((await store().staff.holders('zj-window')).map((h) => h.staff.id)).to.deep.equal(['zj-clerk-b', 'zj-clerk-a']);
    expect(await store().users.count()).to.equal(DEMO_ACCOUNTS.length + 1);

    // and the next start finds nothing to add
    expect(await seedDemoAccountsOnStart(store(), { cost: TEST_COST })).to.deep.equal({ seeded: 'missing', added: [] });
  });
});
