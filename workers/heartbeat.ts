import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { WorkerHeartbeatsRepo } from '../domain/store/index.js';

/**
 * Variables:
 * - WORKER_HEARTBEAT_MS (integer, default 10000): how often a running app records that its job
 *   workers poll; `npm run doctor` counts an instance live for three of these (at least 30 s).
 */
export interface HeartbeatConfig {
  intervalMs: number;
}

/** A heartbeat setting the app cannot use; `variable` names the environment variable to fix. */
export class HeartbeatConfigError extends Error {
  readonly code = 'HEARTBEAT_CONFIG';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'HeartbeatConfigError';
  }
}

export function readHeartbeatConfig(env: NodeJS.ProcessEnv = process.env): HeartbeatConfig {
  const text = env.WORKER_HEARTBEAT_MS?.trim();
  if (text === undefined || text === '') return { intervalMs: 10_000 };
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new HeartbeatConfigError('WORKER_HEARTBEAT_MS', `expected a positive integer (milliseconds), got '${text}'`);
  return { intervalMs: n };
}

/** How long after its last beat an instance still counts as running: three beats missed, and never under 30 s. */
export function liveWindowMs(config: HeartbeatConfig): number {
  return Math.max(30_000, 3 * config.intervalMs);
}

/** Rows silent this long are crashed instances' leftovers, removed when another instance starts. */
const FORGET_AFTER_MS = 7 * 24 * 3600_000;

export interface RunningHeartbeat {
  instanceId: string;
  /** Stops beating and removes the instance's row, so it stops counting at once. */
  stop(): Promise<void>;
}

/**
 * Records at once, then every intervalMs, that this process's job workers poll `jobTypes`. A
 * failed beat is reported and the next one tried: a store that is briefly unreachable must not
 * stop the app, and the doctor shows a silent instance anyway.
 */
export async function startHeartbeat({
  heartbeats,
  jobTypes,
  clock,
  config,
  onError,
}: {
  heartbeats: WorkerHeartbeatsRepo;
  jobTypes: readonly string[];
  clock: () => Date;
  config: HeartbeatConfig;
  onError: (error: unknown) => void;
}): Promise<RunningHeartbeat> {
  const host = hostname();
  const instanceId = `${host}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const startedAt = clock();
  const beat = () => heartbeats.record({ instanceId, host, pid: process.pid, jobTypes: [...jobTypes], startedAt, seenAt: clock() });

  await heartbeats.removeSeenBefore(new Date(startedAt.getTime() - FORGET_AFTER_MS));
  await beat();
  let inFlight: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    inFlight = beat().catch(onError);
  }, config.intervalMs);
  // the web server and the workers keep the process alive; a heartbeat alone must not
  timer.unref();
  return {
    instanceId,
    async stop() {
      clearInterval(timer);
      // a beat still writing would otherwise put the row back after it was removed
      await inFlight;
      await heartbeats.remove(instanceId);
    },
  };
}
