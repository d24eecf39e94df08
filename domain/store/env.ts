import { randomBytes } from 'node:crypto';

/**
 * What the repositories take from outside: the dialect (for the few statements that differ), the
 * time (tests and the engine clock move it) and new ids. Passed to every repository factory
 * rather than read from globals.
 */
export interface StoreEnv {
  kind: 'sqlite' | 'postgres';
  now(): Date;
  newId(): string;
}

const RANDOM_MASK = (1n << 63n) - 1n;

/**
 * Ids that sort in creation order: 12 hex digits of milliseconds, then 16 of randomness that is
 * incremented instead of redrawn within the same millisecond (as ULID's monotonic factory does).
 * A case's timeline orders events that share a timestamp by id, so two events written in one
 * millisecond by one instance keep the order they were written in. 63 random bits leave room
 * for the increments.
 */
export function createIdGenerator(clock: () => number = Date.now): () => string {
  let lastMs = -1;
  let counter = 0n;
  return () => {
    const ms = clock();
    if (ms > lastMs) {
      lastMs = ms;
      counter = randomBytes(8).readBigUInt64BE() & RANDOM_MASK;
    } else {
      counter += 1n;
    }
    return lastMs.toString(16).padStart(12, '0') + counter.toString(16).padStart(16, '0');
  };
}
