import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StoreConfig } from '../../domain/store/index.js';
import { storeEnv } from './test-store.js';
import { basicAuthEnv } from './engine.js';
import type { EngineCredential } from '../../engine/index.js';

/** Worker modules in a child process (test/support/worker-process-main.ts), for scenarios that kill it. */

const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** resolves with the first stdout line starting with `prefix` (e.g. 'HELD') */
  line(prefix: string, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  /** SIGKILL: no handler, no cleanup, no completion reaches the engine */
  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function spawnWorkers(opts: {
  engine: { url: string; credential: EngineCredential };
  store: StoreConfig;
  clock: Date;
  types: string[];
  holdAfterCommit?: string;
  notifyChannels?: string[];
}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/worker-process-main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ENGINE_URL: opts.engine.url,
      ...basicAuthEnv(opts.engine.credential),
      ...storeEnv(opts.store),
      WORKER_CLOCK: opts.clock.toISOString(),
      WORKER_TYPES: opts.types.join(','),
      HOLD_AFTER_COMMIT: opts.holdAfterCommit ?? '',
      NOTIFY_CHANNELS: (opts.notifyChannels ?? []).join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting: Array<{ prefix: string; resolve: (line: string) => void }> = [];
  const check = () => {
    for (const w of [...waiting]) {
      const found = out.split('\n').find((l) => l.startsWith(w.prefix));
      if (found !== undefined) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(found);
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const line = (prefix: string, timeoutMs = 20_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker process printed no '${prefix}' line within ${timeoutMs} ms; stderr: ${err}`)), timeoutMs);
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`worker process exited (code ${code}, signal ${signal}) before printing '${prefix}'; stderr: ${err}`));
      });
      waiting.push({
        prefix,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      check();
    });
  const worker: WorkerProcess = {
    child,
    pid: child.pid!,
    line,
    exited,
    stderr: () => err,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
  await line('READY');
  return worker;
}
