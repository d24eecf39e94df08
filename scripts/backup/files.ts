import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, constants, mkdir, open, readdir } from 'node:fs/promises';
import { BackupError } from './errors.js';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A backup or restored file is only as durable as its last fsync, and a rename only once its folder is synced. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes `dir` an empty, writable folder; returns whether it was created here, so a failed backup
 * removes only what it made. A non-empty folder is refused: mixing two backups' files would
 * leave a manifest that describes neither.
 */
export async function prepareEmptyDir(dir: string): Promise<boolean> {
  let created = false;
  try {
    const entries = await readdir(dir);
    if (entries.length > 0) {
      throw new BackupError('TARGET_NOT_EMPTY', `backup folder ${dir} is not empty (${entries.length} entries); name a new or empty folder`);
    }
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw notWritable(dir, error);
    try {
      await mkdir(dir, { recursive: true });
      created = true;
    } catch (mkdirError) {
      throw notWritable(dir, mkdirError);
    }
  }
  try {
    await access(dir, constants.W_OK);
  } catch (error) {
    throw notWritable(dir, error);
  }
  return created;
}

function notWritable(dir: string, error: unknown): BackupError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOTDIR' ? 'it or a parent is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
  return new BackupError('TARGET_NOT_WRITABLE', `cannot write the backup to ${dir}: ${reason}`, { cause: error });
}
