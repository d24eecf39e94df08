import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Databases } from './config.js';
import { BackupError } from './errors.js';
import { fsyncPath } from './files.js';
import { readManifest, verifyParts, type Manifest, type PostgresPart, type SqlitePart } from './manifest.js';
import { describePostgres, postgresHoldsTables, restorePostgres, type PostgresStore } from './postgres.js';
import { assertNotInUse, removeSideFiles } from './sqlite.js';

export interface RestoreOptions extends Databases {
  /** the backup folder, as `npm run backup` left it */
  source: string;
  /** replace databases that exist; without it the restore only fills empty places */
  force: boolean;
  /** environment of pg_restore (PATH, PG* variables); default process.env */
  toolEnv?: NodeJS.ProcessEnv;
}

type Step =
  | { kind: 'sqlite'; part: SqlitePart; destination: string; variable: 'ENGINE_DATA' | 'STORE_PATH' }
  | { kind: 'postgres'; part: PostgresPart; store: PostgresStore };

export interface RestoredPart {
  role: 'engine' | 'store';
  /** the file, or the PostgreSQL database (and schema) */
  destination: string;
}

/**
 * Puts a backup's databases where the current configuration keeps them. Everything that can
 * refuse (manifest, checksums, configuration, a running system, existing databases without
 * force) is checked before the first database is replaced.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoredPart[]> {
  const manifest = await readManifest(options.source);
  const steps = plan(manifest, options);
  await verifyParts(options.source, manifest);
  const existing: string[] = [];
  for (const step of steps) {
    if (step.kind === 'sqlite') {
      if (!(await fileExists(step.destination))) continue;
      assertNotInUse(step.destination, step.variable);
      existing.push(`${step.destination} (${step.variable})`);
    } else if (await postgresHoldsTables(step.store)) {
      existing.push(describeDestination(step.store));
    }
  }
  if (existing.length > 0 && !options.force) {
    throw new BackupError('DESTINATION_EXISTS', `${existing.join(' and ')} already hold data; pass --force to replace them (stop the system and back them up first if they may be needed)`);
  }
  const restored: RestoredPart[] = [];
  for (const step of steps) {
    const file = join(options.source, step.part.file);
    if (step.kind === 'sqlite') {
      await placeSqlite(file, step.destination);
      restored.push({ role: step.part.role, destination: step.destination });
    } else {
      await restorePostgres(step.store, file, options.toolEnv ?? process.env);
      restored.push({ role: 'store', destination: describeDestination(step.store) });
    }
  }
  return restored;
}

/** Maps each part to where the current configuration keeps it, the engine first, refusing a configuration that does not fit the backup. */
function plan(manifest: Manifest, { engine, store }: Databases): Step[] {
  if (manifest.engineMode !== engine.mode) {
    throw new BackupError(
      'CONFIG_MISMATCH',
      manifest.engineMode === 'embedded'
        ? 'the backup holds the embedded engine database, but ZEEBE_REST_ADDRESS points at a Camunda cluster; unset it to restore the embedded engine'
        : 'the backup was taken against a Camunda cluster and holds no engine database; restored beside the embedded engine state, its store could be behind the engine. Set ZEEBE_REST_ADDRESS to the cluster (restored with Camunda’s own backup) to restore it',
    );
  }
  // readManifest has checked that an embedded backup holds one SQLite engine part and every backup one store part
  const steps: Step[] = [];
  if (engine.mode === 'embedded') {
    const part = manifest.parts.find((p): p is SqlitePart => p.role === 'engine' && p.kind === 'sqlite')!;
    steps.push({ kind: 'sqlite', part, destination: fileDestination(engine.dataPath, 'ENGINE_DATA'), variable: 'ENGINE_DATA' });
  }
  const part = manifest.parts.find((p) => p.role === 'store')!;
  if (part.kind === 'sqlite') {
    if (store.kind !== 'sqlite') throw new BackupError('CONFIG_MISMATCH', 'the backup holds an SQLite store, but STORE_URL is set; unset STORE_URL (and STORE_SCHEMA) to restore into STORE_PATH');
    steps.push({ kind: 'sqlite', part, destination: fileDestination(store.path, 'STORE_PATH'), variable: 'STORE_PATH' });
  } else {
    if (store.kind !== 'postgres') throw new BackupError('CONFIG_MISMATCH', 'the backup holds a PostgreSQL store; set STORE_URL to the database to restore it into');
    if (part.schema !== (store.schema ?? null)) {
      throw new BackupError(
        'CONFIG_MISMATCH',
        part.schema === null
          ? `the backup holds a whole database, not one schema; unset STORE_SCHEMA (now '${store.schema}') to restore it`
          : `the backup holds schema '${part.schema}'; set STORE_SCHEMA=${part.schema} to restore it (pg_restore cannot rename a schema)`,
      );
    }
    steps.push({ kind: 'postgres', part, store });
  }
  return steps;
}

function fileDestination(path: string, variable: string): string {
  if (path === ':memory:') throw new BackupError('CONFIG_MISMATCH', `${variable} is ':memory:'; set it to the file to restore into`);
  return path;
}

const describeDestination = (store: PostgresStore) => `${describePostgres(store)}${store.schema === undefined ? '' : ` schema ${store.schema}`}`;

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Copied beside the destination and renamed over it, so the database is either the old one or the whole restored one. */
async function placeSqlite(backupFile: string, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const temporary = `${destination}.restoring`;
  await copyFile(backupFile, temporary);
  await fsyncPath(temporary);
  await removeSideFiles(destination);
  await rename(temporary, destination);
  await fsyncPath(dirname(destination));
}
