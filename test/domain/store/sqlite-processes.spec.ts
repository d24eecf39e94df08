import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openStore } from '../../../domain/store/index.js';
import { migrations as allMigrations } from '../../../domain/store/migrations/index.js';

const run = promisify(execFile);
const child = join(import.meta.dirname, '..', '..', 'fixtures', 'store', 'sqlite-processes.child.ts');

// SQLite only, in both passes of npm test (TEST_STORE does not apply): two processes on one file
// is SQLite's own locking; PostgreSQL's instances sharing a database are covered in cases.spec.ts.
describe('domain/store SQLite shared by two processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'store-processes-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should migrate a new file once and number cases without collisions', async function () {
    this.timeout(60_000);
    // given a file that does not exist yet
    const path = join(dir, 'store.db');

    // when two processes open it at the same moment and each registers 25 cases
    const outputs = await Promise.all([1, 2].map(() => run(process.execPath, ['--import', 'tsx', child, path, '25'], { cwd: process.cwd() })));

    // then all 50 numbers are distinct and consecutive, and the migration ran once
    const numbers = outputs.flatMap((o) => JSON.parse(o.stdout) as string[]).sort();
    expect(new Set(numbers).size).to.equal(50);
    expect(numbers.map((n) => Number(n.slice(-4)))).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const migrations = await store.db.selectFrom('kysely_migration' as never).selectAll().execute();
      expect(migrations).to.have.length(Object.keys(allMigrations).length);
    } finally {
      await store.close();
    }
  });
});
