import { expect } from 'chai';
import type { LockoutPolicy } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

const MINUTE = 60_000;
const POLICY: LockoutPolicy = { maxFailures: 3, firstLockMs: 15 * MINUTE, maxLockMs: 40 * MINUTE, memoryMs: 24 * 60 * MINUTE };
const at = (minutes: number) => new Date(Date.parse('2026-11-26T01:00:00.000Z') + minutes * MINUTE);
const KEY = 'case:SH20261126-0001';

describeEachDialect('domain/store code lockouts', ({ store, config, sandbox, dialect }) => {
  it('should lock a number at the last allowed failure, each lockout twice as long up to the ceiling', async () => {
    const lockouts = store().codeLockouts;

    // given two failures: counted, not locked
    expect(await lockouts.recordFailure(KEY, at(0), POLICY)).to.deep.equal({ failures: 1, lockedUntil: null });
    expect(await lockouts.recordFailure(KEY, at(1), POLICY)).to.deep.equal({ failures: 2, lockedUntil: null });
    expect(await lockouts.lockedUntil(KEY, at(1))).to.equal(undefined);

    // when the third fails, the number is locked for 15 minutes
    expect(await lockouts.recordFailure(KEY, at(2), POLICY)).to.deep.equal({ failures: 0, lockedUntil: at(17) });
    expect(await lockouts.lockedUntil(KEY, at(16))).to.deep.equal(at(17));
    expect(await lockouts.lockedUntil(KEY, at(17))).to.equal(undefined);
    // another number is not
    expect(await lockouts.lockedUntil('case:SH20261126-0002', at(3))).to.equal(undefined);

    // then three more after it ends lock it for 30, and three more for the 40-minute ceiling
    for (const m of [17, 18]) await lockouts.recordFailure(KEY, at(m), POLICY);
    expect((await lockouts.recordFailure(KEY, at(19), POLICY)).lockedUntil).to.deep.equal(at(49));
    for (const m of [49, 50]) await lockouts.recordFailure(KEY, at(m), POLICY);
    expect((await lockouts.recordFailure(KEY, at(51), POLICY)).lockedUntil).to.deep.equal(at(91));
  });

  it('should forget failures after a quiet day, and on clear', async () => {
    const lockouts = store().codeLockouts;
    for (const m of [0, 1, 2]) await lockouts.recordFailure(KEY, at(m), POLICY);
    await lockouts.recordFailure(KEY, at(17), POLICY);

    // a failure a day after the last starts from one again, and the back-off from the first lockout
    expect(await lockouts.recordFailure(KEY, at(17 + 24 * 60), POLICY)).to.deep.equal({ failures: 1, lockedUntil: null });
    await lockouts.recordFailure(KEY, at(17 + 24 * 60), POLICY);
    expect((await lockouts.recordFailure(KEY, at(18 + 24 * 60), POLICY)).lockedUntil).to.deep.equal(at(33 + 24 * 60));

    // clear lifts the lock at once
    await lockouts.clear(KEY);
    expect(await lockouts.lockedUntil(KEY, at(19 + 24 * 60))).to.equal(undefined);
    expect((await lockouts.recordFailure(KEY, at(19 + 24 * 60), POLICY)).failures).to.equal(1);
  });

  it('should delete only the rows quiet for the memory with no lock in force', async () => {
    const lockouts = store().codeLockouts;
    await lockouts.recordFailure('case:quiet', at(0), POLICY);
    for (const m of [0, 1, 2]) await lockouts.recordFailure('case:locked', at(m), { ...POLICY, firstLockMs: 48 * 60 * MINUTE, maxLockMs: 48 * 60 * MINUTE });
    await lockouts.recordFailure('case:recent', at(23 * 60), POLICY);

    expect(await lockouts.forget(at(24 * 60), POLICY.memoryMs)).to.equal(1);
    const keys = await store().db.selectFrom('code_lockouts').select('key').orderBy('key').execute();
    expect(keys.map((k) => k.key)).to.deep.equal(['case:locked', 'case:recent']);
  });

  it('should lock the number and tell every try that reached the limit, when two instances fail it at once', async () => {
    const first = store();
    const second = dialect === 'postgres' ? await sandbox().open(config()) : first;
    const policy = { ...POLICY, maxFailures: 10 };

    // when two instances count 10 failures each of one number at once
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? first : second).codeLockouts.recordFailure(KEY, at(0), policy)));

    // then the number is locked, once or twice (15 then 30 minutes), and each try told of a lock got one in force
    const row = await first.db.selectFrom('code_lockouts').selectAll().where('key', '=', KEY).executeTakeFirstOrThrow();
    expect(row.lockouts).to.be.within(1, 2);
    const stored = await first.codeLockouts.lockedUntil(KEY, at(0));
    expect(stored?.getTime()).to.be.oneOf([at(15).getTime(), at(30).getTime()]);
    const told = counts.filter((c) => c.lockedUntil !== null);
    expect(told.length).to.be.at.least(1);
    for (const c of told) expect(c.lockedUntil!.getTime()).to.be.oneOf([at(15).getTime(), at(30).getTime()]);
  });
});
