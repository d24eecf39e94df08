import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildServer, SERVER_DIST, serverBundle } from '../scripts/build-server.js';

/**
 * The engine as production starts it, bundled from the sources as they are now (never a bundle
 * left from an earlier build), into a folder of this run's own so that a concurrent build or
 * `npm start` does not replace it mid-run.
 */
export async function freshEngineBundle(): Promise<{ path: string; remove: () => Promise<void> }> {
  const outdir = join(SERVER_DIST, '..', `bench-${process.pid}`);
  await buildServer({ outdir });
  return { path: serverBundle('engine', outdir), remove: () => rm(outdir, { recursive: true, force: true }) };
}
