import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupError } from './errors.js';
import { fsyncPath, sha256File } from './files.js';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'service-hall-backup';

interface PartBase {
  /** the engine is always copied before the store (docs/decisions/0008-backups.md) */
  role: 'engine' | 'store';
  /** name inside the backup folder */
  file: string;
  bytes: number;
  sha256: string;
  /** when the copy's snapshot was taken (its read transaction began just before) */
  snapshotAt: string;
}

export interface SqlitePart extends PartBase {
  kind: 'sqlite';
  /** absolute path of the database that was copied */
  source: string;
  /** SQLite's integrity_check of the copy */
  integrityCheck: string;
}

export interface PostgresPart extends PartBase {
  role: 'store';
  kind: 'postgres';
  /** connection string without its password */
  source: string;
  /** the dumped schema, or null for the whole database */
  schema: string | null;
  /** entries pg_restore --list found in the archive */
  archiveEntries: number;
  pgDump: string;
}

export type BackupPart = SqlitePart | PostgresPart;

export interface Manifest {
  format: typeof FORMAT;
  version: 1;
  /** 'remote': a Camunda cluster, whose state Camunda's own backup covers; the backup holds the store only */
  engineMode: 'embedded' | 'remote';
  startedAt: string;
  finishedAt: string;
  parts: BackupPart[];
}

/** Written last and synced: a folder without a manifest is an unfinished backup and is never restored. */
export async function writeManifest(dir: string, manifest: Manifest): Promise<void> {
  const path = join(dir, MANIFEST_FILE);
  await writeFile(path, JSON.stringify(manifest, null, 2) + '\n', { flag: 'wx' });
  await fsyncPath(path);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BackupError(
      'MANIFEST_INVALID',
      missing ? `${path} does not exist: not a backup folder, or a backup that did not finish` : `cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw new BackupError('MANIFEST_INVALID', `${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const problem = manifestProblem(manifest);
  if (problem !== undefined) throw new BackupError('MANIFEST_INVALID', `${path}: ${problem}`);
  return manifest as Manifest;
}

function manifestProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null) return 'expected an object';
  const o = m as Record<string, unknown>;
  if (o.format !== FORMAT || o.version !== 1) return `expected format '${FORMAT}' version 1, got '${String(o.format)}' version ${String(o.version)}`;
  if (o.engineMode !== 'embedded' && o.engineMode !== 'remote') return `unknown engineMode '${String(o.engineMode)}'`;
  if (!Array.isArray(o.parts)) return 'parts is not a list';
  for (const [i, part] of (o.parts as unknown[]).entries()) {
    const p = (part ?? {}) as Record<string, unknown>;
    // the restore opens these names inside the backup folder; a path would reach outside it
    if (typeof p.file !== 'string' || !/^[\w.-]+$/.test(p.file) || p.file.startsWith('.')) return `parts[${i}].file is not a plain file name`;
    if (p.role !== 'engine' && p.role !== 'store') return `parts[${i}].role must be engine or store`;
    if (p.kind !== 'sqlite' && p.kind !== 'postgres') return `parts[${i}].kind must be sqlite or postgres`;
    if (p.kind === 'postgres' && p.role !== 'store') return `parts[${i}]: only the store can be a PostgreSQL dump`;
    if (p.kind === 'postgres' && p.schema !== null && typeof p.schema !== 'string') return `parts[${i}].schema must be a name or null`;
    if (!Number.isSafeInteger(p.bytes)) return `parts[${i}].bytes is not a byte count`;
    if (typeof p.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p.sha256)) return `parts[${i}].sha256 is not a SHA-256 digest`;
  }
  const roles = (o.parts as Array<{ role: string }>).map((p) => p.role);
  if (roles.filter((r) => r === 'store').length !== 1) return 'expected exactly one store part';
  const engines = roles.filter((r) => r === 'engine').length;
  if (engines !== (o.engineMode === 'embedded' ? 1 : 0)) return `expected ${o.engineMode === 'embedded' ? 'one engine part' : 'no engine part'} for engineMode ${o.engineMode}`;
  return undefined;
}

/** Size and SHA-256 of every file against the manifest, before anything is restored. */
export async function verifyParts(dir: string, manifest: Manifest): Promise<void> {
  for (const part of manifest.parts) {
    const path = join(dir, part.file);
    let bytes: number;
    try {
      bytes = (await stat(path)).size;
    } catch (error) {
      throw new BackupError('CHECKSUM_MISMATCH', `${path} (the ${part.role}) is missing from the backup`, { cause: error });
    }
    const sha256 = bytes === part.bytes ? await sha256File(path) : undefined;
    if (sha256 !== part.sha256) {
      throw new BackupError(
        'CHECKSUM_MISMATCH',
        `${path} (the ${part.role}) is not the file that was backed up (${bytes} bytes${sha256 ? `, sha256 ${sha256}` : ''}; ` +
          `the manifest says ${part.bytes} bytes, sha256 ${part.sha256}); the backup is damaged, restore another one`,
      );
    }
  }
}
