import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { defaultCredentialsPath, readCredential, type EngineCredential } from '../../engine/index.js';
import { basicAuthorization, type EngineAccess } from './engine.js';

/**
 * The engine as a separate process (`node --import tsx engine/main.ts`, or a bundle that
 * scripts/build-server.ts built), for tests and benchmarks that must kill it, restart it on the
 * same data file or measure its own CPU and memory.
 */

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const READY = /embedded engine listening on (\S+)/;

export interface EngineProcess extends EngineAccess {
  child: ChildProcess;
  pid: number;
  port: number;
  dataPath: string;
  /** the Basic credential the engine generated beside its data file (or found there) */
  credential: EngineCredential;
  /** resolves with how the process ended */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** everything it printed on stderr so far (for failure messages) */
  stderr(): string;
  /** resident set size from /proc/<pid>/status, in bytes */
  rss(): number;
  /** SIGTERM (graceful: commits and closes the store) and waits for the exit */
  stop(): Promise<void>;
}

/** A port that was free a moment ago; the engine binds it right after (restarts reuse it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** resident set size of a running process, in bytes */
export const rssOf = (pid: number): number => statusBytes(pid, 'VmRSS');

/** CPU time (user + system) a running process has used so far, in milliseconds */
export function cpuMsOf(pid: number): number {
  // fields after the command name, which is in parentheses and may contain spaces
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime (fields 14 and 15 of proc(5)) in clock ticks, 100 a second on Linux
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** the largest resident set size a running process has had so far, in bytes */
export const peakRssOf = (pid: number): number => statusBytes(pid, 'VmHWM');

export async function spawnEngine(opts: {
  port: number;
  dataPath: string;
  nodeArgs?: string[];
  startTimeoutMs?: number;
  /** the bundled engine to run, as production starts it; tests leave it out and run the sources */
  bundle?: string;
}): Promise<EngineProcess> {
  const entry = opts.bundle ? [opts.bundle] : ['--import', 'tsx', 'engine/main.ts'];
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ENGINE_PORT: String(opts.port), ENGINE_HOST: '127.0.0.1', ENGINE_DATA: opts.dataPath, ENGINE_AUTH_METHOD: 'basic', ENGINE_CREDENTIALS: defaultCredentialsPath(opts.dataPath) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine did not start within ${opts.startTimeoutMs ?? 20_000} ms; stderr: ${err}`));
    }, opts.startTimeoutMs ?? 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = READY.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`engine exited before listening (code ${code}, signal ${signal}); stderr: ${err}`));
    });
  });
  const pid = child.pid!;
  const credential = readCredential(defaultCredentialsPath(opts.dataPath));
  return {
    child,
    pid,
    url,
    credential,
    headers: basicAuthorization(credential),
    port: opts.port,
    dataPath: opts.dataPath,
    exited,
    stderr: () => err,
    rss: () => rssOf(pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
