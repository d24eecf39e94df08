/**
 * One line of the doctor's report: a check that passed, one thing wrong and what to do about it,
 * or a warning: nothing is broken, but what runs is not what a file says (the designer's version
 * is live on purpose), which someone should know.
 */
export interface Finding {
  check: 'engine' | 'store' | 'diagrams' | 'forms' | 'workers';
  ok: boolean;
  /** set on warnings, which are ok */
  warning?: true;
  message: string;
}

export const pass = (check: Finding['check'], message: string): Finding => ({ check, ok: true, message });
export const fail = (check: Finding['check'], message: string): Finding => ({ check, ok: false, message });
export const warn = (check: Finding['check'], message: string): Finding => ({ check, ok: true, warning: true, message });

/** A check that got no answer in time; the doctor must end, whatever the network does. */
export class CheckTimeoutError extends Error {
  readonly code = 'CHECK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`);
    this.name = 'CheckTimeoutError';
  }
}

/** Settles with `work`, or rejects with CheckTimeoutError after timeoutMs; the work itself is left to finish or fail. */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckTimeoutError(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An address to print: no user name, password or query, which may carry secrets. */
export function safeUrl(text: string): string {
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

const NETWORK: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'the host name is not known (DNS)',
  EAI_AGAIN: 'the host name could not be looked up (DNS)',
  ETIMEDOUT: 'the connection timed out',
  ECONNRESET: 'the connection was closed before an answer',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

const TLS = /CERT|SELF_SIGNED|TLS|SSL/;

/**
 * What went wrong with a request, read from the error's network code (Node, got) or HTTP status
 * (got's HTTPError) rather than its message: an HTTP answer, no answer (`reason` in words without
 * secrets), or an answer that made no sense.
 */
export type RequestFailure = { kind: 'http'; status: number } | { kind: 'unreachable'; reason: string } | { kind: 'other'; reason: string };

export function requestFailure(error: unknown): RequestFailure {
  if (error instanceof CheckTimeoutError) return { kind: 'unreachable', reason: error.message };
  const e = error as { code?: unknown; response?: { statusCode?: unknown } } | null;
  const status = e?.response?.statusCode;
  if (typeof status === 'number') return { kind: 'http', status };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code !== undefined && NETWORK[code]) return { kind: 'unreachable', reason: NETWORK[code] };
  if (code !== undefined && TLS.test(code)) return { kind: 'unreachable', reason: `its TLS certificate is not trusted (${code})` };
  return { kind: 'other', reason: error instanceof Error && error.message !== '' ? error.message.slice(0, 200) : (code ?? String(error)) };
}
