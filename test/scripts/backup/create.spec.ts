import { expect } from 'chai';
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDatabases } from '../../../scripts/backup/config.js';
import { createBackup } from '../../../scripts/backup/create.js';
import { stoppedSystem, type StoppedSystem } from './stopped-system.js';
import { runCommand } from '../run-command.js';
import { refusal } from './refusal.js';

describe('scripts/backup: createBackup', function () {
  this.timeout(30_000);

  let dir: string;
  let system: StoppedSystem;
  const embedded = () => ({ engine: { mode: 'embedded' as const, dataPath: system.enginePath }, store: { kind: 'sqlite' as const, path: system.storePath } });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backup-create-'));
    system = await stoppedSystem(join(dir, 'data'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should copy the engine and the store into a new folder and describe them in the manifest', async () => {
    // when
    const target = join(dir, 'new', 'backup');
    const manifest = await createBackup({ ...embedded(), target });

    // then
    expect(readdirSync(target).sort()).to.deep.equal(['engine.db', 'manifest.json', 'store.db']);
    expect(JSON.parse(readFileSync(join(target, 'manifest.json'), 'utf8'))).to.deep.equal(manifest);
    expect(manifest.parts.map((p) => [p.role, p.file, p.kind === 'sqlite' && p.source])).to.deep.equal([
      ['engine', 'engine.db', system.enginePath],
      ['store', 'store.db', system.storePath],
    ]);
    const copy = new Database(join(target, 'store.db'), { readonly: true });
    try {
      expect(copy.prepare('select target_id from audit_log').pluck().all()).to.deep.equal([system.processInstanceKey]);
    } finally {
      copy.close();
    }
  });

  it('should refuse a folder that is not empty, writing nothing into it', async () => {
    // given
    const target = join(dir, 'occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'keep me');

    // when
    const error = await refusal(createBackup({ ...embedded(), target }), 'TARGET_NOT_EMPTY');

    // then
    expect(error.message).to.contain(target);
    expect(readdirSync(target)).to.deep.equal(['notes.txt']);
  });

  it('should refuse a folder it cannot create, naming it', async () => {
    // given a file where a parent folder would have to be
    writeFileSync(join(dir, 'a-file'), '');
    const target = join(dir, 'a-file', 'backup');

    // when
    const error = await refusal(createBackup({ ...embedded(), target }), 'TARGET_NOT_WRITABLE');

    // then
    expect(error.message).to.contain(target).and.to.contain('is a file');
  });

  it('should refuse a missing engine or store database before creating the folder', async () => {
    for (const [databases, variable] of [
      [{ ...embedded(), engine: { mode: 'embedded' as const, dataPath: join(dir, 'nowhere', 'engine.db') } }, 'ENGINE_DATA'],
      [{ ...embedded(), store: { kind: 'sqlite' as const, path: join(dir, 'nowhere', 'store.db') } }, 'STORE_PATH'],
      [{ ...embedded(), store: { kind: 'sqlite' as const, path: ':memory:' } }, 'STORE_PATH'],
    ] as const) {
      const target = join(dir, `missing-${variable}`);
      const error = await refusal(createBackup({ ...databases, target }), 'SOURCE_MISSING');
      expect(error.message).to.contain(variable);
      expect(existsSync(target), target).to.equal(false);
    }
  });

  it('should remove what it wrote when a copy fails halfway', async () => {
    // given a store "database" that is not SQLite, found only after the engine was copied
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'not a database at all, but long enough to have a header'.repeat(20));
    const target = join(dir, 'halfway');

    // when
    const error = await refusal(createBackup({ ...embedded(), store: { kind: 'sqlite', path: garbage }, target }), 'SOURCE_UNREADABLE');

    // then
    expect(error.message).to.contain('STORE_PATH');
    expect(existsSync(target)).to.equal(false);
  });

  it('should back up only the store when the engine is a Camunda cluster', async () => {
    // given the configuration npm start reads for a cluster
    const databases = readDatabases({ ZEEBE_REST_ADDRESS: 'http://camunda.example:8080', STORE_PATH: system.storePath });
    expect(databases.engine).to.deep.equal({ mode: 'remote' });

    // when
    const manifest = await createBackup({ ...databases, target: join(dir, 'cluster') });

    // then
    expect(manifest.engineMode).to.equal('remote');
    expect(manifest.parts.map((p) => p.role)).to.deep.equal(['store']);
  });

  it('should exit with 1 and the reason when run as a command', async () => {
    const result = await runCommand('backup.ts', [join(dir, 'cli')], { ENGINE_DATA: join(dir, 'nowhere.db'), STORE_PATH: system.storePath });
    expect(result.code).to.equal(1);
    expect(result.stderr.trim()).to.equal(`backup failed: no database at ${join(dir, 'nowhere.db')} (ENGINE_DATA); set ENGINE_DATA to the file the running system uses`);
  });
});
