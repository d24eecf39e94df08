import { expect } from 'chai';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../domain/store/index.js';
import { createBackup } from '../../../scripts/backup/create.js';
import { sha256File } from '../../../scripts/backup/files.js';
import type { Manifest } from '../../../scripts/backup/manifest.js';
import { restoreBackup, type RestoreOptions } from '../../../scripts/backup/restore.js';
import { startTestEngine } from '../../support/engine.js';
import { runCommand } from '../run-command.js';
import { stoppedSystem, type StoppedSystem } from './stopped-system.js';
import { refusal } from './refusal.js';

/** An engine database with a -wal and -shm left beside it, as a process killed with SIGKILL leaves them. */
function crashedDatabase(path: string): void {
  const script = `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(path)}); d.pragma('journal_mode = WAL');
    d.pragma('wal_autocheckpoint = 0'); d.exec('create table stale (x)'); d.exec("insert into stale values ('old')"); process.kill(process.pid, 'SIGKILL');`;
  spawnSync(process.execPath, ['-e', script], { cwd: join(import.meta.dirname, '..', '..', '..') });
}

describe('scripts/backup: restoreBackup', function () {
  this.timeout(30_000);

  let dir: string;
  let system: StoppedSystem;
  let backupDir: string;
  let place = 0;
  /** a fresh, empty place to restore into */
  const destination = (): RestoreOptions => {
    const at = join(dir, `place-${++place}`);
    return { source: backupDir, force: false, engine: { mode: 'embedded', dataPath: join(at, 'engine.db') }, store: { kind: 'sqlite', path: join(at, 'store.db') } };
  };
  const pathsOf = (options: RestoreOptions) => [(options.engine as { dataPath: string }).dataPath, (options.store as { path: string }).path];

  /** a copy of the backup to damage */
  const copyOfBackup = (): string => {
    const copy = join(dir, `copy-${++place}`);
    cpSync(backupDir, copy, { recursive: true });
    return copy;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backup-restore-'));
    system = await stoppedSystem(join(dir, 'data'));
    backupDir = join(dir, 'backup');
    await createBackup({ engine: { mode: 'embedded', dataPath: system.enginePath }, store: { kind: 'sqlite', path: system.storePath }, target: backupDir });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('should restore into an empty place a system that runs on', async () => {
    // when
    const options = destination();
    const restored = await restoreBackup(options);

    // then
    expect(restored).to.deep.equal([
      { role: 'engine', destination: pathsOf(options)[0] },
      { role: 'store', destination: pathsOf(options)[1] },
    ]);
    const engine = await startTestEngine(pathsOf(options)[0]);
    const store = await openStore(options.store);
    try {
      const found = await engine.client.searchProcessInstances({ filter: { processInstanceKey: system.processInstanceKey } });
      expect(found.items.map((i) => i.state)).to.deep.equal(['ACTIVE']);
      expect((await store.audit.byActor('backup-spec')).map((e) => e.targetId)).to.deep.equal([system.processInstanceKey]);
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  it('should refuse a backup whose file was changed, restoring nothing', async () => {
    // given one byte of the store copy flipped
    const source = copyOfBackup();
    const file = join(source, 'store.db');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(file, bytes);

    // when
    const options = { ...destination(), source };
    const error = await refusal(restoreBackup(options), 'CHECKSUM_MISMATCH');

    // then
    expect(error.message).to.contain(file).and.to.contain('the backup is damaged');
    for (const path of pathsOf(options)) expect(existsSync(path), path).to.equal(false);
  });

  it('should refuse a backup with a missing file or no manifest', async () => {
    const withoutStore = copyOfBackup();
    rmSync(join(withoutStore, 'store.db'));
    await refusal(restoreBackup({ ...destination(), source: withoutStore }), 'CHECKSUM_MISMATCH');

    const unfinished = copyOfBackup();
    rmSync(join(unfinished, 'manifest.json'));
    const error = await refusal(restoreBackup({ ...destination(), source: unfinished }), 'MANIFEST_INVALID');
    expect(error.message).to.contain('a backup that did not finish');
  });

  it('should refuse a manifest naming a file outside the backup folder', async () => {
    const source = copyOfBackup();
    const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8')) as Manifest;
    manifest.parts[1].file = '../data/store.db';
    writeFileSync(join(source, 'manifest.json'), JSON.stringify(manifest));
    const error = await refusal(restoreBackup({ ...destination(), source }), 'MANIFEST_INVALID');
    expect(error.message).to.contain('parts[1].file is not a plain file name');
  });

  it('should refuse to replace existing databases without --force, leaving them as they were', async () => {
    // given a place where a system ran
    const options = destination();
    await restoreBackup(options);
    const before = await Promise.all(pathsOf(options).map(sha256File));

    // when
    const error = await refusal(restoreBackup(options), 'DESTINATION_EXISTS');

    // then
    expect(error.message).to.contain('ENGINE_DATA').and.to.contain('STORE_PATH').and.to.contain('--force');
    expect(await Promise.all(pathsOf(options).map(sha256File))).to.deep.equal(before);
  });

  it('should replace existing databases with --force and remove the -wal and -shm left beside them', async () => {
    // given an engine database that crashed with unmerged WAL content
    const options = { ...destination(), force: true };
    const [enginePath] = pathsOf(options);
    mkdirSync(join(enginePath, '..'), { recursive: true });
    crashedDatabase(enginePath);
    expect(existsSync(`${enginePath}-wal`) && existsSync(`${enginePath}-shm`), 'left by the crash').to.equal(true);

    // when
    await restoreBackup(options);

    // then the file is the backup's, byte for byte, with nothing of the old one beside it
    expect(existsSync(`${enginePath}-wal`) || existsSync(`${enginePath}-shm`)).to.equal(false);
    expect(await sha256File(enginePath)).to.equal(await sha256File(join(backupDir, 'engine.db')));
    const db = new Database(enginePath, { readonly: true });
    try {
      expect(db.prepare("select name from sqlite_master where name = 'stale'").all()).to.deep.equal([]);
    } finally {
      db.close();
    }
  });

  it('should refuse, even with --force, while the engine or the store has its database open', async () => {
    // given a restored place with the engine running on it
    const options = { ...destination(), force: true };
    await restoreBackup(options);
    const [enginePath, storePath] = pathsOf(options);
    const engine = await startTestEngine(enginePath);
    try {
      const before = await sha256File(storePath);
      // when, in this process
      const error = await refusal(restoreBackup(options), 'SYSTEM_RUNNING');
      expect(error.message).to.contain(enginePath).and.to.contain('stop the system');
      expect(await sha256File(storePath), 'the store, not replaced either').to.equal(before);
      // and from another process, as an operator would run it
      const result = await runCommand('restore.ts', [backupDir, '--force'], { ENGINE_DATA: enginePath, STORE_PATH: storePath });
      expect(result.code).to.equal(1);
      expect(result.stderr).to.contain(`restore failed: ${enginePath} (ENGINE_DATA) is open in a running process`);
    } finally {
      await engine.stop();
    }

    // the store alone open is refused as well
    const store = await openStore(options.store);
    try {
      const error = await refusal(restoreBackup(options), 'SYSTEM_RUNNING');
      expect(error.message).to.contain('STORE_PATH');
    } finally {
      await store.close();
    }

    // and once everything is stopped the restore goes through
    expect(await restoreBackup(options)).to.have.length(2);
  });

  it('should refuse a configuration the backup does not fit', async () => {
    const cluster = await refusal(restoreBackup({ ...destination(), engine: { mode: 'remote' } }), 'CONFIG_MISMATCH');
    expect(cluster.message).to.contain('ZEEBE_REST_ADDRESS');
    const postgres = await refusal(
      restoreBackup({ ...destination(), store: { kind: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:5432/test' } }),
      'CONFIG_MISMATCH',
    );
    expect(postgres.message).to.contain('unset STORE_URL');
  });
});
