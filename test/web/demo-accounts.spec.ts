import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Store } from '../../domain/store/index.js';
import { ROLES } from '../../web/auth/roles.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts, seedDemoAccountsIfNoUsers } from '../../web/demo-accounts.js';
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

  it('should keep the password of an account that exists when seeding again', async () => {
    await seedDemoAccounts(store, { cost: TEST_COST });
    await store.db.updateTable('users').set({ password_hash: 'changed' }).where('username', '=', 'admin').execute();

    await seedDemoAccounts(store, { cost: TEST_COST });

    expect((await store.users.get('admin'))?.passwordHash).to.equal('changed');
    expect(await store.users.count()).to.equal(DEMO_ACCOUNTS.length);
  });

  it('should be listed in README.md with their password', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const listed = [...readme.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).to.deep.equal(DEMO_ACCOUNTS.map((a) => a.username));
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
    const seeded = await Promise.all([seedDemoAccountsIfNoUsers(first, { cost: TEST_COST }), seedDemoAccountsIfNoUsers(second, { cost: TEST_COST })]);

    // then one seeded, and there is one set of accounts and post holders
    expect(seeded.filter(Boolean)).to.have.length(1);
    expect(await first.users.count()).to.equal(DEMO_ACCOUNTS.length);
    expect((await first.staff.holders('mz-window')).map((h) => h.staff.id)).to.deep.equal(['mz-clerk-a', 'mz-clerk-b']);
    const { n } = await first.db
      .selectFrom('post_holders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // the windows' holders (2, ZJ 3 with its lead window), a head and a reviewer each, and the center's three posts
    expect(Number(n)).to.equal(2 + 3 + 2 + 6 + 3);
  });

  it('should seed nothing into a store that has an account', async () => {
    await seedDemoAccounts(store(), { cost: TEST_COST });
    await store().db.deleteFrom('users').where('username', '!=', 'admin').execute();

    expect(await seedDemoAccountsIfNoUsers(store(), { cost: TEST_COST })).to.equal(false);

    expect(await store().users.count()).to.equal(1);
  });
});
