import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The one user the embedded engine's Basic authentication accepts. */
export interface EngineCredential {
  username: string;
  password: string;
}

export class CredentialFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'CredentialFileError';
  }
}

/** The user name written into a generated file; any name works, this one says what it is for. */
const GENERATED_USERNAME = 'service-hall';

/** Reads the credential file; it must exist and be readable by its owner only. */
export function readCredential(path: string): EngineCredential {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CredentialFileError(path, `cannot read the engine credential file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  // a password others on the machine can read is no password
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new CredentialFileError(path, 'the engine credential file is readable by other users; chmod 600 it');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CredentialFileError(path, 'expected JSON {"username": "…", "password": "…"}');
  }
  const { username, password } = (parsed ?? {}) as Record<string, unknown>;
  if (typeof username !== 'string' || username === '' || username.includes(':')) {
    throw new CredentialFileError(path, 'expected a non-empty "username" without ":"');
  }
  if (typeof password !== 'string' || password.length < 16) throw new CredentialFileError(path, 'expected a "password" of at least 16 characters');
  return { username, password };
}

/**
 * The credential `npm start` keeps for its in-process engine: read from `path`, or generated (a
 * random 256-bit password) and written there with mode 0600 when the file does not exist, so the
 * engine is closed from the first start with nothing to set up.
 */
export function loadOrCreateCredential(path: string): { credential: EngineCredential; created: boolean } {
  const credential: EngineCredential = { username: GENERATED_USERNAME, password: randomBytes(32).toString('base64url') };
  mkdirSync(dirname(path), { recursive: true });
  try {
    // 'wx' fails when the file exists, so two processes starting at once keep one credential
    writeFileSync(path, `${JSON.stringify(credential, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600);
    return { credential, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new CredentialFileError(path, `cannot write the engine credential file: ${String(error)}`);
  }
  return { credential: readCredential(path), created: false };
}
