/**
 * Failed Basic log-ins on the engine port, counted in memory per address and per address and
 * username, each in its own fixed window (the engine is one process; nothing to share). A caller
 * over either limit is refused before its credentials are compared, so guessing costs it a 429
 * and the engine no work. No count per username from every address: the engine has one user, and
 * such a count would let anyone who can reach the port lock the workers and the web app out.
 */
export interface BasicThrottleOptions {
  /** failures per address and username per window */
  perUsername: number;
  /** failures per address, all usernames together, per window */
  perAddress: number;
  windowMs: number;
  now?: () => number;
}

export const DEFAULT_BASIC_THROTTLE: BasicThrottleOptions = { perUsername: 10, perAddress: 30, windowMs: 15 * 60_000 };

/** Past this many keys expired windows are dropped, so a flood of addresses cannot grow the map without end. */
const SWEEP_AT = 10_000;

export interface BasicThrottle {
  /** Seconds until the caller may try again, or undefined when it may try now. */
  retryAfter(address: string, username: string): number | undefined;
  failed(address: string, username: string): void;
}

export function createBasicThrottle(options: BasicThrottleOptions = DEFAULT_BASIC_THROTTLE): BasicThrottle {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { count: number; resetAt: number }>();
  const keys = (address: string, username: string) =>
    [
      [`a:${address}`, options.perAddress],
      [`u:${address}|${username}`, options.perUsername],
    ] as const;
  const sweep = (at: number) => {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
  };
  return {
    retryAfter(address, username) {
      const at = now();
      let wait = 0;
      for (const [key, limit] of keys(address, username)) {
        const window = windows.get(key);
        if (window && window.resetAt > at && window.count >= limit) wait = Math.max(wait, window.resetAt - at);
      }
      return wait > 0 ? Math.ceil(wait / 1000) : undefined;
    },
    failed(address, username) {
      const at = now();
      if (windows.size > SWEEP_AT) sweep(at);
      for (const [key] of keys(address, username)) {
        const window = windows.get(key);
        if (window && window.resetAt > at) window.count += 1;
        else windows.set(key, { count: 1, resetAt: at + options.windowMs });
      }
    },
  };
}
