import { expect } from 'chai';
import Database from 'better-sqlite3';
import { fsync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../../engine/store/durable-store.js';

/** Group commit: callbacks wait for the fsync that follows their transaction, one fsync at a time. */
describe('engine/store durable store', () => {
  let dir: string;
  let store: DurableStore | undefined;
  /** fsyncs the store asked for and that the test has not let finish yet */
  let held: Array<() => void>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'durable-store-'));
    held = [];
    store = new DurableStore(join(dir, 'engine.db'), {
      sync: (fd, callback) => held.push(() => fsync(fd, callback)),
    });
  });
  afterEach(async () => {
    let closed = false;
    const closing = store?.close().then(() => (closed = true));
    while (closing && !closed) {
      held.splice(0).forEach((sync) => sync());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const releaseSync = async () => {
    expect(held, 'an fsync in flight').to.have.length(1);
    held.shift()!();
    // the fsync runs on the thread pool; give its callback a few turns to come back
    for (let i = 0; i < 50 && held.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  const stored = (kind: string, key: number) => {
    const db = new Database(join(dir, 'engine.db'), { readonly: true });
    try {
      return (db.prepare('SELECT doc FROM entity WHERE kind = ? AND key = ?').get(kind, key) as { doc: string } | undefined)?.doc;
    } finally {
      db.close();
    }
  };

  it('should call a commit back only after the fsync that follows its transaction', async () => {
    const done: string[] = [];
    store!.put('job', 1, { state: 'ACTIVATABLE' });
    store!.commit(() => done.push('first'));
    expect(stored('job', 1), 'the transaction is written before the fsync').to.equal('{"state":"ACTIVATABLE"}');
    await tick();
    expect(done, 'nothing answered before the fsync').to.deep.equal([]);
    await releaseSync();
    expect(done).to.deep.equal(['first']);
  });

  it('should group the commits made while an fsync is in flight into the next fsync, answering in commit order', async () => {
    const done: string[] = [];
    store!.put('job', 1, { n: 1 });
    store!.commit(() => done.push('a'));
    store!.put('job', 2, { n: 2 });
    store!.commit(() => done.push('b'));
    store!.put('job', 3, { n: 3 });
    store!.commit(() => done.push('c'));
    expect(held, 'one fsync at a time').to.have.length(1);
    await releaseSync();
    expect(done, 'the first fsync may predate b and c').to.deep.equal(['a']);
    expect(held, 'b and c share the next fsync').to.have.length(1);
    await releaseSync();
    expect(done).to.deep.equal(['a', 'b', 'c']);
  });

  it('should call back a commit with nothing to write once the earlier commits are durable, with no fsync of its own', async () => {
    const done: string[] = [];
    store!.put('job', 1, { n: 1 });
    store!.commit(() => done.push('write'));
    store!.commit(() => done.push('nothing'));
    await tick();
    expect(done).to.deep.equal([]);
    await releaseSync();
    expect(done).to.deep.equal(['write', 'nothing']);
    expect(held, 'no further fsync').to.deep.equal([]);
    store!.commit(() => done.push('all durable already'));
    expect(done, 'answered at once').to.deep.equal(['write', 'nothing', 'all durable already']);
    expect(held).to.deep.equal([]);
  });

  it('should hold a commit asked for while an fsync is in flight until it has finished, and cover it by the next fsync', async () => {
    const done: string[] = [];
    store!.put('job', 1, { n: 1 });
    store!.commit(() => done.push('first'));
    store!.put('job', 2, { n: 2 });
    store!.whenSyncIdle(() => store!.commit(() => done.push('held')));
    expect(stored('job', 2), 'not written while the fsync is in flight').to.equal(undefined);
    await releaseSync();
    expect(done).to.deep.equal(['first']);
    expect(stored('job', 2), 'written as soon as the fsync finished').to.equal('{"n":2}');
    await releaseSync();
    expect(done).to.deep.equal(['first', 'held']);
    store!.whenSyncIdle(() => done.push('idle at once'));
    expect(done).to.deep.equal(['first', 'held', 'idle at once']);
  });

  it('should write nothing for a document created and deleted between two commits, and delete a committed one', () => {
    store!.put('job', 1, { n: 1 });
    store!.commit();
    store!.put('job', 2, { n: 2 });
    store!.delete('job', 2);
    store!.delete('job', 1);
    store!.put('job', 3, { n: 3 });
    store!.delete('job', 3);
    store!.put('job', 3, { n: 'again' });
    store!.commit();
    expect([stored('job', 1), stored('job', 2), stored('job', 3)]).to.deep.equal([undefined, undefined, '{"n":"again"}']);
    store!.delete('job', 3);
    store!.put('job', 3, { n: 'back' });
    store!.delete('job', 3);
    store!.commit();
    expect(stored('job', 3), 'a committed document deleted after changes').to.equal(undefined);
  });

  it('should wait on close for the fsync in flight and refuse writes afterwards', async () => {
    const done: string[] = [];
    store!.put('job', 1, { n: 1 });
    store!.commit(() => done.push('write'));
    const closing = store!.close();
    await releaseSync();
    await closing;
    expect(done).to.deep.equal(['write']);
    expect(stored('job', 1)).to.equal('{"n":1}');
    store!.put('job', 2, { n: 2 });
    expect(() => store!.commit()).to.throw(/closed/);
    store = undefined;
  });
});
