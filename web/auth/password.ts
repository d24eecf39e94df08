import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashes as PHC strings, `$scrypt$ln=15,r=8,p=3$<salt>$<hash>`: the cost travels with
 * each hash, so raising it later needs no migration and old hashes still verify.
 */
export interface ScryptCost {
  /** log2 of scrypt's N */
  ln: number;
  r: number;
  p: number;
}

/** One of OWASP's equivalent scrypt settings (N=2^15, r=8, p=3): 32 MiB per hash rather than 128. */
export const DEFAULT_COST: ScryptCost = { ln: 15, r: 8, p: 3 };

const KEY_LENGTH = 32;
const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.ln;
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 256 * N * cost.r };
  return new Promise((resolve, reject) => {
    // NFC: the same password typed on two input methods can arrive as different code points
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return `$scrypt$ln=${cost.ln},r=${cost.r},p=${cost.p}$${b64(salt)}$${b64(key)}`;
}

/** False for a wrong password and for a stored value this app cannot read; compares in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = PHC.exec(stored);
  if (!match) return false;
  const [, ln, r, p, salt, hash] = match;
  const cost = { ln: Number(ln), r: Number(r), p: Number(p) };
  // a damaged row must not make one log-in allocate gigabytes
  if (cost.ln < 10 || cost.ln > 20 || cost.r < 1 || cost.p < 1) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length !== KEY_LENGTH) return false;
  return timingSafeEqual(await derive(password, Buffer.from(salt, 'base64'), cost), expected);
}

/** Refused without any work: as much password work is running and waiting as the limiter allows. */
export class PasswordCheckBusy extends Error {
  constructor() {
    super('too many password checks in progress');
    this.name = 'PasswordCheckBusy';
  }
}

export interface PasswordCheckLimits {
  /** derivations running at once; each holds one of libuv's threads (4 by default) and 32 MiB */
  concurrency: number;
  /** derivations waiting for a free slot; past it one is refused at once with PasswordCheckBusy */
  queue: number;
}

/** Two of libuv's four threads, so file and DNS work still gets through a flood of log-ins. */
export const DEFAULT_CHECK_LIMITS: PasswordCheckLimits = { concurrency: 2, queue: 32 };

/** Runs scrypt work within the limits, or refuses it at once with PasswordCheckBusy. */
export interface ScryptLimiter {
  run<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * One app's bound on scrypt work (log-ins, password changes and resets): scrypt runs on libuv's
 * thread pool (async crypto.scrypt), never on the event loop; at most `concurrency` at once and
 * `queue` waiting, beyond that PasswordCheckBusy at once, so a flood costs bounded memory and
 * threads and cannot queue work without end.
 */
export function createScryptLimiter(limits: PasswordCheckLimits = DEFAULT_CHECK_LIMITS): ScryptLimiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(work) {
      if (running < limits.concurrency) running += 1;
      else if (waiting.length >= limits.queue) throw new PasswordCheckBusy();
      // a finishing one hands its slot straight to the next in line, so none can jump the queue
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else running -= 1;
      }
    },
  };
}
