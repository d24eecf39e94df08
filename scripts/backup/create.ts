import { rm, rmdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Databases } from './config.js';
import { BackupError } from './errors.js';
import { fsyncPath, prepareEmptyDir, sha256File } from './files.js';
import { MANIFEST_FILE, writeManifest, type BackupPart, type Manifest, type PostgresPart, type SqlitePart } from './manifest.js';
import { archiveEntries, describePostgres, dumpPostgres, pgDumpVersion, type PostgresStore } from './postgres.js';
import { assertSourceExists, integrityCheck, snapshotSqlite } from './sqlite.js';

export interface BackupOptions extends Databases {
  /** the backup folder: created if missing, refused unless empty */
  target: string;
  /** environment of pg_dump and pg_restore (PATH, PG* variables); default process.env */
  toolEnv?: NodeJS.ProcessEnv;
}

const FILES = { engine: 'engine.db', sqliteStore: 'store.db', postgresStore: 'store.pgdump' } as const;

/**
 * Copies the engine's database, then the store's, into `target`, and writes the manifest last.
 * The order matters: workers record their effects in the store under the job's key
 * (processedJobs.runOnce), so a store newer than the engine only sees jobs delivered again and
 * replays them, while a store older than the engine would miss effects of jobs the engine
 * already counts as done.
 */
export async function createBackup(options: BackupOptions): Promise<Manifest> {
  const { engine, store, target } = options;
  const toolEnv = options.toolEnv ?? process.env;
  // every source is checked before anything is written, so a wrong setting leaves nothing behind
  if (engine.mode === 'embedded') await assertSourceExists(engine.dataPath, 'ENGINE_DATA');
  if (store.kind === 'sqlite') await assertSourceExists(store.path, 'STORE_PATH');
  const pgDump = store.kind === 'postgres' ? await pgDumpVersion(toolEnv) : undefined;

  const startedAt = new Date().toISOString();
  const created = await prepareEmptyDir(target);
  try {
    const parts: BackupPart[] = [];
    if (engine.mode === 'embedded') parts.push(await copySqlite('engine', engine.dataPath, 'ENGINE_DATA', join(target, FILES.engine)));
    if (store.kind === 'sqlite') parts.push(await copySqlite('store', store.path, 'STORE_PATH', join(target, FILES.sqliteStore)));
    else parts.push(await dumpStore(store, join(target, FILES.postgresStore), pgDump!, toolEnv));
    const manifest: Manifest = {
      format: 'service-hall-backup',
      version: 1,
      engineMode: engine.mode,
      startedAt,
      finishedAt: new Date().toISOString(),
      parts,
    };
    await writeManifest(target, manifest);
    await fsyncPath(target);
    return manifest;
  } catch (error) {
    // only what this backup wrote: the folder was empty (or missing) when it began
    for (const name of [...Object.values(FILES), MANIFEST_FILE]) await rm(join(target, name), { force: true });
    // a file someone else put there meanwhile keeps the folder, and is none of this backup's business
    if (created) await rmdir(target).catch(() => {});
    throw error;
  }
}

async function copySqlite(role: SqlitePart['role'], source: string, variable: string, file: string): Promise<SqlitePart> {
  const snapshotAt = new Date().toISOString();
  await snapshotSqlite(source, file, variable);
  const integrity = integrityCheck(file);
  if (integrity !== 'ok') {
    throw new BackupError('INTEGRITY_FAILED', `the copy of ${source} (${variable}) fails SQLite's integrity check (${integrity}); the source itself may be damaged, check it with: sqlite3 ${source} 'PRAGMA integrity_check'`);
  }
  return { role, kind: 'sqlite', file: basename(file), source, bytes: (await stat(file)).size, sha256: await sha256File(file), snapshotAt, integrityCheck: integrity };
}

async function dumpStore(store: PostgresStore, file: string, pgDump: string, toolEnv: NodeJS.ProcessEnv): Promise<PostgresPart> {
  const snapshotAt = new Date().toISOString();
  await dumpPostgres(store, file, toolEnv);
  await fsyncPath(file);
  return {
    role: 'store',
    kind: 'postgres',
    file: basename(file),
    source: describePostgres(store),
    schema: store.schema ?? null,
    bytes: (await stat(file)).size,
    sha256: await sha256File(file),
    snapshotAt,
    archiveEntries: await archiveEntries(file, toolEnv),
    pgDump,
  };
}
