import { expect } from 'chai';
import { describeEachDialect } from '../../support/store.js';

const WINDOW_MS = 15 * 60_000;
const at = (minutes: number) => new Date(Date.parse('2026-11-26T01:00:00.000Z') + minutes * 60_000);

describeEachDialect('domain/store rate limits', ({ store, config, sandbox, dialect }) => {
  it('should count hits in a window and start a new one once it has ended', async () => {
    const limits = store().rateLimits;

    // given two hits in one window, the second ten minutes later
    expect(await limits.increment('code:203.0.113.7', at(0), WINDOW_MS)).to.deep.equal({ hits: 1, resetAt: at(15) });
    expect(await limits.increment('code:203.0.113.7', at(10), WINDOW_MS)).to.deep.equal({ hits: 2, resetAt: at(15) });
    // another client counts apart
    expect(await limits.increment('code:198.51.100.1', at(10), WINDOW_MS)).to.deep.equal({ hits: 1, resetAt: at(25) });

    // when the window has ended, the next hit starts a new one
    expect(await limits.get('code:203.0.113.7', at(15))).to.equal(undefined);
    expect(await limits.increment('code:203.0.113.7', at(15), WINDOW_MS)).to.deep.equal({ hits: 1, resetAt: at(30) });
    expect(await limits.get('code:203.0.113.7', at(16))).to.deep.equal({ hits: 1, resetAt: at(30) });
  });

  it('should take a hit back only within its window and never below zero', async () => {
    const limits = store().rateLimits;
    await limits.increment('login:a', at(0), WINDOW_MS);
    await limits.increment('login:a', at(1), WINDOW_MS);

    await limits.decrement('login:a', at(2));
    expect(await limits.get('login:a', at(2))).to.deep.equal({ hits: 1, resetAt: at(15) });
    await limits.decrement('login:a', at(3));
    await limits.decrement('login:a', at(4));
    expect(await limits.get('login:a', at(4))).to.deep.equal({ hits: 0, resetAt: at(15) });

    // a hit taken back after its window ended changes nothing of the new window
    await limits.increment('login:b', at(0), WINDOW_MS);
    await limits.decrement('login:b', at(15));
    expect(await limits.increment('login:b', at(15), WINDOW_MS)).to.deep.equal({ hits: 1, resetAt: at(30) });
  });

  it('should reset one key, and delete only the windows that have ended', async () => {
    const limits = store().rateLimits;
    await limits.increment('code:old', at(0), WINDOW_MS);
    await limits.increment('code:new', at(10), WINDOW_MS);
    await limits.increment('code:gone', at(10), WINDOW_MS);

    await limits.reset('code:gone');
    expect(await limits.deleteEnded(at(15))).to.equal(1);

    const keys = await store().db.selectFrom('rate_limits').select('key').execute();
    expect(keys.map((k) => k.key)).to.deep.equal(['code:new']);
  });

  it('should lose no hit when two instances count the same client at the same moment', async () => {
    // given two app instances on one database: two connection pools on PostgreSQL; on SQLite
    // the same store, whose one connection serialises them (two processes: sqlite-processes.spec)
    const first = store();
    const second = dialect === 'postgres' ? await sandbox().open(config()) : first;

    // when each counts 25 hits of one client at once
    const windows = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).rateLimits.increment('code:203.0.113.7', at(0), WINDOW_MS)));

    // then every hit got its own count, in one window
    expect(windows.map((w) => w.hits).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(new Set(windows.map((w) => w.resetAt.getTime()))).to.deep.equal(new Set([at(15).getTime()]));
  });
});
