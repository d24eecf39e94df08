import { rm, stat } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { BackupError } from './errors.js';
import { fsyncPath } from './files.js';

/**
 * Copies a live SQLite database with `VACUUM INTO` (docs/decisions/0008-backups.md): the copy
 * is read in one read transaction, so it is the database as of one commit, and in WAL mode that
 * transaction blocks no writer. The source is opened read-only, so the backup never checkpoints
 * or otherwise writes the running system's files. `variable` names the setting that points at
 * the source, for the error message.
 */
export async function snapshotSqlite(source: string, target: string, variable: string): Promise<void> {
  let db: Database.Database;
  try {
    db = new Database(source, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new BackupError('SOURCE_UNREADABLE', `cannot open ${source} (${variable}): ${(error as Error).message}`, { cause: error });
  }
  try {
    // a checkpoint or WAL recovery in the running system holds its lock for milliseconds
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } catch (error) {
    throw new BackupError('SOURCE_UNREADABLE', `could not copy ${source} (${variable}): ${(error as Error).message}`, { cause: error });
  } finally {
    db.close();
  }
  // VACUUM INTO does not sync its output; a backup that a power cut can tear is no backup
  await fsyncPath(target);
}

/** Checked for every source before anything is copied, so a wrong setting costs no half-made backup. */
export async function assertSourceExists(path: string, variable: string): Promise<void> {
  const hint = `set ${variable} to the file the running system uses`;
  if (path === ':memory:') throw new BackupError('SOURCE_MISSING', `${variable} is ':memory:': nothing on disk to back up; ${hint}`);
  try {
    if ((await stat(path)).isFile()) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  throw new BackupError('SOURCE_MISSING', `no database at ${path} (${variable}); ${hint}`);
}

/** SQLite's full integrity_check of a file no one else has open; 'ok' when sound. */
export function integrityCheck(path: string): string {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * Refuses when any connection, in this process or another, has the database open. Every
 * connection to a WAL database holds a shared lock on the file for as long as it is open; an
 * exclusive-mode transaction needs that lock alone and fails at once (busy_timeout 0) while the
 * engine or the store runs. Unlike probing a port, this asks about the very file to be replaced.
 */
export function assertNotInUse(path: string, variable: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new BackupError(
      'SYSTEM_RUNNING',
      `${path} (${variable}) is open in a running process; stop the system (npm start, npm run engine) before restoring`,
      { cause: error },
    );
  } finally {
    db.close();
  }
}

/**
 * The -wal, -shm and -journal files beside a database belong to the file they were written for;
 * left beside a restored file, SQLite would replay a stale WAL or journal into it.
 */
export async function removeSideFiles(path: string): Promise<void> {
  for (const suffix of ['-wal', '-shm', '-journal']) await rm(path + suffix, { force: true });
}
