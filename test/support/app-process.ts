import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm start` as a child process (`node --import tsx scripts/start.ts`, without building the
 * pages, or a bundle of it that scripts/build-server.ts built), for tests that run several app
 * instances against one store and one engine.
 */

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const READY = /Service Hall running: web app at (\S+?),/;

export interface AppProcess {
  pid: number;
  /** the web app's address, as the app logged it */
  url: string;
  /** everything it printed so far, stdout and stderr interleaved */
  output(): string;
  /** SIGTERM, as a process manager stops it; resolves with the exit code (null when killed by a signal) */
  stop(): Promise<number | null>;
}

/** Variables of this process that would redirect the child, left out so `env` alone decides. */
const INHERITED_NOT = /^(?:STORE_|ZEEBE_|CAMUNDA_|ENGINE_|SMTP_|SMS_|PORT$|SESSION_SECRET$|NODE_ENV$|DEMO_ACCOUNTS$)/;

/**
 * `imports`: modules to load after tsx, before the app (bench/round-trips-preload.ts). Not through
 * NODE_OPTIONS: its --import runs before the command line's, so a TypeScript module would load
 * before tsx, and a second tsx there hangs the start.
 */
function spawnStart(env: Record<string, string>, bundle?: string, imports: readonly string[] = []) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !INHERITED_NOT.test(name)));
  return spawn(process.execPath, bundle ? [bundle] : ['--import', 'tsx', ...imports.flatMap((m) => ['--import', m]), 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts the app and sends SIGTERM as soon as it prints a line matching `when`, before it serves,
 * as a process manager stopping a start; resolves with the exit code (null when the signal killed it) and the output.
 */
export function stopAppWhileStarting(env: Record<string, string>, when: RegExp): Promise<{ code: number | null; output: string }> {
  const child = spawnStart(env);
  let out = '';
  const take = (chunk: string) => {
    out += chunk;
    if (when.test(out) && child.exitCode === null && child.signalCode === null && !child.killed) child.kill('SIGTERM');
  };
  child.stdout.setEncoding('utf8').on('data', take);
  child.stderr.setEncoding('utf8').on('data', take);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output: out })));
}

/**
 * `bundle`: the bundled app to run, as production starts it; tests leave it out and run the sources.
 * `imports`: modules loaded into the sources' run before the app (spawnStart).
 */
export async function spawnApp(env: Record<string, string>, startTimeoutMs = 60_000, bundle?: string, imports: readonly string[] = []): Promise<AppProcess> {
  const child = spawnStart(env, bundle, imports);
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app did not start within ${startTimeoutMs} ms; it printed:\n${out}`));
    }, startTimeoutMs);
    let served = false;
    const take = (chunk: string) => {
      out += chunk;
      // not once it served: matching flattens the whole output, which grows with every line it logs
      if (served) return;
      const match = READY.exec(out);
      if (match) {
        served = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with code ${code} before it served; it printed:\n${out}`));
    });
  });
  return {
    pid: child.pid!,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Starts `count` instances at the same moment; when one fails, stops the others and throws its error. */
export async function spawnApps(env: Record<string, string>, count: number, imports: readonly string[] = []): Promise<AppProcess[]> {
  const spawned = await Promise.allSettled(Array.from({ length: count }, () => spawnApp(env, undefined, undefined, imports)));
  const started = spawned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = spawned.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((app) => app.stop()));
    throw failed.reason;
  }
  return started;
}
