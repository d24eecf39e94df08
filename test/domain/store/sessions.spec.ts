import { expect } from 'chai';
import type { Session } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store sessions', ({ store }) => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 1, minutes));
  const session = (idHash: string, overrides: Partial<Session> = {}): Session => ({
    idHash,
    username: 'li',
    csrfToken: `csrf-${idHash}`,
    createdAt: t(0),
    expiresAt: t(600),
    lastSeenAt: t(0),
    ...overrides,
  });

  beforeEach(async () => {
    await store().users.addIfMissing({ username: 'li', displayName: '李强', departmentCode: 'MZ', roles: ['window-clerk'], passwordHash: '$scrypt$x' });
  });

  it('should keep, touch and delete a session', async () => {
    const s = await store().sessions.create(session('a'));
    expect(await store().sessions.get('a')).to.deep.equal(s);

    await store().sessions.touch('a', t(5));
    expect(await store().sessions.get('a')).to.deep.equal({ ...s, lastSeenAt: t(5) });

    expect(await store().sessions.delete('a')).to.equal(true);
    expect(await store().sessions.delete('a')).to.equal(false);
    expect(await store().sessions.get('a')).to.equal(undefined);
  });

  it('should delete the sessions past their end or idle too long, and only those', async () => {
    // given one session past its end, one idle since minute 1, and one active
    await store().sessions.create(session('ended', { expiresAt: t(30) }));
    await store().sessions.create(session('idle', { lastSeenAt: t(1) }));
    await store().sessions.create(session('active', { lastSeenAt: t(29) }));

    // when purging at minute 30 with sessions idle since before minute 10 expired
    const deleted = await store().sessions.deleteExpired(t(30), t(10));

    // then
    expect(deleted).to.equal(2);
    expect(await store().sessions.get('active')).to.not.equal(undefined);
    expect(await store().sessions.get('ended')).to.equal(undefined);
    expect(await store().sessions.get('idle')).to.equal(undefined);
  });

  it("should end a user's sessions with the account", async () => {
    await store().sessions.create(session('a'));
    await store().db.deleteFrom('users').where('username', '=', 'li').execute();
    expect(await store().sessions.get('a')).to.equal(undefined);
  });
});
