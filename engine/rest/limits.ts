import { invalidArgument } from '../runtime/errors.js';

/**
 * Bounds on what enters through the REST API, so that hostile or broken input gets a 400 and
 * changes nothing instead of stalling or stopping the engine (issue 11).
 */

/** A JSON request body, as express.json's limit ('10mb') counts it. */
export const MAX_JSON_BODY_BYTES = 10 * 1024 * 1024;
/** Nesting depth of a JSON body; a variable nested thousands of levels overflows the stack where it is written. */
export const MAX_JSON_DEPTH = 128;
/** Resources in one deployment, and their bytes together. */
export const MAX_DEPLOY_FILES = 100;
export const MAX_DEPLOY_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_DEPLOY_TOTAL_BYTES = 50 * 1024 * 1024;
/**
 * One variable's JSON, by default (ENGINE_MAX_VARIABLE_BYTES). Zeebe refuses a record over its
 * 4 MB maxMessageSize, all variables of a command together, and a job activation carries every
 * variable of its scope: a quarter of that per variable keeps a few of the largest workable.
 */
export const DEFAULT_MAX_VARIABLE_BYTES = 1024 * 1024;
/** A job handed out for longer than this is a mistake, not a plan (Camunda has no limit; 1e308 was accepted). */
export const MAX_JOB_TIMEOUT_MS = 30 * 24 * 60 * 60 * 1000;
/** The last millisecond of year 9999: later instants have no four-digit ISO year and break the records. */
export const MAX_EPOCH_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const OPEN = [0x7b, 0x5b]; // { [
const CLOSE = [0x7d, 0x5d]; // } ]

/** Refuses a raw JSON body nested deeper than MAX_JSON_DEPTH, before it is parsed (express.json's verify hook). */
export function checkJsonDepth(raw: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === 0x5c) i++; // skip the escaped character
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (OPEN.includes(byte)) {
      if (++depth > MAX_JSON_DEPTH) {
        throw Object.assign(new Error(`The request body is nested deeper than ${MAX_JSON_DEPTH} levels`), { status: 400, type: 'entity.too.deep' });
      }
    } else if (CLOSE.includes(byte)) {
      depth--;
    }
  }
}

/**
 * Refuses (400 naming it) a variable whose JSON is larger than `maxBytes`, before any command
 * runs; `field` is where the variables were in the body, e.g. `variables`.
 */
export function checkVariableSizes(variables: Record<string, unknown>, maxBytes: number, field: string): void {
  for (const [name, value] of Object.entries(variables)) {
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
    if (bytes > maxBytes) {
      throw invalidArgument(`Expected variable '${name}' to be at most ${maxBytes} bytes as JSON, but it is ${bytes} bytes`, { field: `${field}.${name}` });
    }
  }
}

function integer(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidArgument(`Expected ${field} to be an integer, but was ${JSON.stringify(value)}`, { field });
  return value;
}

/** PUT /v2/clock: an epoch in milliseconds between 1970 and the end of year 9999. */
export function clockTimestamp(value: unknown): number {
  const ms = integer(value, 'timestamp');
  if (ms < 0 || ms > MAX_EPOCH_MS) throw invalidArgument(`Expected timestamp to be an epoch in milliseconds between 0 and ${MAX_EPOCH_MS}, but was ${ms}`, { field: 'timestamp' });
  return ms;
}

/** A job timeout: more than 0 and at most MAX_JOB_TIMEOUT_MS. */
export function jobTimeout(value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0 || value > MAX_JOB_TIMEOUT_MS) {
    throw invalidArgument(`Expected timeout to be a number of milliseconds between 1 and ${MAX_JOB_TIMEOUT_MS} (30 days), but was ${value}`, { field: 'timeout' });
  }
  return value;
}

/** A message's time to live: 0 or more milliseconds. */
export function timeToLive(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw invalidArgument(`Expected timeToLive to be 0 or more milliseconds, but was ${value}`, { field: 'timeToLive' });
  return value;
}
