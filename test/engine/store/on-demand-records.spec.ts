import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableStore } from '../../../engine/store/durable-store.js';

/**
 * Records of waiting instances stay on disk (docs/decisions/0022): the store reads them when
 * asked for and keeps only the recently used ones. A second connection rewrites rows behind the
 * store's back, so what the store answers shows whether it read the disk or its memory.
 */
describe('engine/store on-demand records', () => {
  let dir: string;
  let path: string;
  let store: DurableStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'on-demand-'));
    path = join(dir, 'engine.db');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (cachedRecords?: number) => (store = new DurableStore(path, cachedRecords === undefined ? {} : { cachedRecords }));
  const rewriteOnDisk = (kind: string, key: number, doc: unknown) => {
    const db = new Database(path);
    try {
      db.prepare('UPDATE entity SET doc = ? WHERE kind = ? AND key = ?').run(JSON.stringify(doc), kind, key);
    } finally {
      db.close();
    }
  };
  const ei = (key: number, flowScopeKey: number | null, state = 'ACTIVATED') => ({ key, processInstanceKey: 1, flowScopeKey, elementId: `e${key}`, state });

  it('should read an element instance from disk when first asked for, not when the store opens', async () => {
    const first = open();
    first.put('elementInstance', 2, ei(2, 1));
    await first.close();
    open();
    rewriteOnDisk('elementInstance', 2, ei(2, 1, 'COMPLETING'));
    expect(store!.get<{ state: string }>('elementInstance', 2)?.state).to.equal('COMPLETING');
  });

  it('should read resident records such as jobs when the store opens', async () => {
    const first = open();
    first.put('job', 7, { key: 7, state: 'ACTIVATABLE' });
    await first.close();
    open();
    rewriteOnDisk('job', 7, { key: 7, state: 'FAILED' });
    expect(store!.get<{ state: string }>('job', 7)?.state).to.equal('ACTIVATABLE');
  });

  it('should keep only the most recently used records cached after a commit and read the others from disk again', async () => {
    const s = open(2);
    for (const key of [2, 3, 4]) s.put('elementInstance', key, ei(key, 1));
    await s.flushed();
    for (const key of [2, 3, 4]) rewriteOnDisk('elementInstance', key, ei(key, 1, 'COMPLETING'));
    const states = [2, 3, 4].map((key) => s.get<{ state: string }>('elementInstance', key)?.state);
    expect(states, 'the oldest record was dropped, the two stored last were kept').to.deep.equal(['COMPLETING', 'ACTIVATED', 'ACTIVATED']);
  });

  it('should keep one copy of a record from its first read until the commit, and answer a deletion not yet committed with nothing', async () => {
    const s = open(0);
    s.put('timer', 5, { key: 5, ownerKey: 2, dueAt: 10 });
    s.put('timer', 6, { key: 6, ownerKey: 2, dueAt: 20 });
    await s.flushed();
    const timer = s.get<{ dueAt: number }>('timer', 5)!;
    expect(s.get('timer', 5)).to.equal(timer);
    s.delete('timer', 6);
    expect(s.get('timer', 6)).to.equal(undefined);
  });

  it('should find records by a looked-up field with the changes not committed yet: added, deleted and committed ones', async () => {
    const s = open(0);
    for (const key of [2, 3]) s.put('elementInstance', key, ei(key, 1));
    s.put('elementInstance', 9, ei(9, 8));
    await s.flushed();
    s.delete('elementInstance', 2);
    s.put('elementInstance', 4, ei(4, 1));
    expect(s.keysWhere('elementInstance.flowScopeKey', 1).sort()).to.deep.equal([3, 4]);
    expect(s.keysWhere('elementInstance.flowScopeKey', null)).to.deep.equal([]);
    await s.flushed();
    expect(s.keysWhere('elementInstance.flowScopeKey', 1).sort()).to.deep.equal([3, 4]);
  });

  it('should list every timer due time after a restart without anything pending', async () => {
    const first = open();
    first.put('timer', 5, { key: 5, ownerKey: 2, dueAt: 10 });
    first.put('timer', 6, { key: 6, dueAt: 20 });
    await first.close();
    expect([...open().timerDueTimes()]).to.deep.equal([
      [5, 10],
      [6, 20],
    ]);
  });
});
