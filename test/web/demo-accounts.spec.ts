import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { openStore, type Store } from '../../domain/store/index.js';
import { ROLES } from '../../web/auth/roles.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from '../../web/demo-accounts.js';
import { verifyPassword } from '../../web/auth/password.js';
import { TEST_COST } from '../support/web.js';

describe('web/demo-accounts', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ kind: 'sqlite', path: ':memory:' });
  });
  afterEach(() => store.close());

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
