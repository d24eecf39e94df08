import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `scripts/<script>` as `npm run backup` / `npm run restore` / `npm run doctor` would, in its
 * own process, with the engine and store variables given and every other one of them cleared, so
 * the developer's own settings cannot redirect it.
 */
export function runCommand(script: 'backup.ts' | 'restore.ts' | 'doctor.ts', args: string[], vars: Record<string, string>): Promise<CommandResult> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join('scripts', script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ZEEBE_REST_ADDRESS: '', ENGINE_DATA: '', STORE_URL: '', STORE_SCHEMA: '', STORE_PATH: '', ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) }));
  });
}
