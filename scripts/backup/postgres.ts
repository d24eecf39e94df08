import { spawn } from 'node:child_process';
import pg from 'pg';
import { BackupError } from './errors.js';

export interface PostgresStore {
  connectionString: string;
  /** STORE_SCHEMA; unset means the store lives in the role's default search_path */
  schema?: string;
}

/**
 * The connection string the tools get, without its password: on a command line it would show
 * in `ps` to every user of the machine, so it travels in PGPASSWORD, which libpq reads.
 */
function toolConnection(connectionString: string, env: NodeJS.ProcessEnv): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(connectionString);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: password === '' ? env : { ...env, PGPASSWORD: password } };
}

/** Where the store is, for the manifest and messages: the connection string less its password. */
export function describePostgres(store: PostgresStore): string {
  const url = new URL(store.connectionString);
  url.password = '';
  return url.toString();
}

function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(
          new BackupError(
            'TOOL_MISSING',
            `${tool} is not on PATH; install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client)`,
            { cause: error },
          ),
        );
      } else reject(error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new BackupError('TOOL_FAILED', `${tool} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || '(no output)'}`));
    });
  });
}

/** e.g. 'pg_dump (PostgreSQL) 15.20'; asked first, so a missing pg_dump stops the backup before it copies anything. */
export async function pgDumpVersion(env: NodeJS.ProcessEnv): Promise<string> {
  return (await runTool('pg_dump', ['--version'], env)).trim();
}

/**
 * pg_dump's custom format (compressed, restorable selectively by pg_restore), from one
 * repeatable-read snapshot. A schema is passed quoted: pg_dump folds an unquoted pattern to
 * lower case, but the store creates STORE_SCHEMA with its case kept.
 */
export async function dumpPostgres(store: PostgresStore, file: string, env: NodeJS.ProcessEnv): Promise<void> {
  const conn = toolConnection(store.connectionString, env);
  const schema = store.schema === undefined ? [] : [`--schema="${store.schema}"`];
  await runTool('pg_dump', ['--format=custom', `--file=${file}`, ...schema, `--dbname=${conn.dbname}`], conn.env);
}

/** Reads the archive's table of contents back: proof that pg_restore can read what pg_dump wrote. */
export async function archiveEntries(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const list = await runTool('pg_restore', ['--list', file], env);
  return list.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(';')).length;
}

/**
 * Drops what the archive holds and recreates it, in one transaction: a failure halfway leaves
 * the database as it was. Objects are owned by the restoring role (the store's own), whoever
 * owned them where the backup was taken.
 */
export async function restorePostgres(store: PostgresStore, file: string, env: NodeJS.ProcessEnv): Promise<void> {
  const conn = toolConnection(store.connectionString, env);
  await runTool('pg_restore', ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--no-owner', `--dbname=${conn.dbname}`, file], conn.env);
}

/** Whether the store's schema (STORE_SCHEMA, else the current schema) has any table: a store a restore would replace. */
export async function postgresHoldsTables(store: PostgresStore): Promise<boolean> {
  const client = new pg.Client({ connectionString: store.connectionString });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'select count(*)::int as n from information_schema.tables where table_schema = coalesce($1, current_schema())',
      [store.schema ?? null],
    );
    return rows[0].n > 0;
  } finally {
    await client.end();
  }
}
