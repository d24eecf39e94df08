/**
 * The pages' one way to the JSON API: same-origin fetch with the session cookie, the CSRF token
 * on every state change (docs/decisions/0005), and problem+json errors turned into ApiError.
 */

export interface Problem {
  type?: string;
  code?: string;
  title?: string;
  detail?: string;
  status: number;
  field?: string;
  errors?: Array<{ field: string; message: string }>;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

export interface SessionInfo {
  authenticated: boolean;
  /** an administrator set the password: the user must pick their own before anything else */
  mustChangePassword?: boolean;
  csrfToken: string;
  user?: { username: string; displayName: string; roles: string[]; departmentCode: string | null; candidateGroups: string[] };
  expiresAt?: string;
  idleExpiresAt?: string;
}

let csrfToken: string | undefined;

export async function session(): Promise<SessionInfo> {
  const info = await request<SessionInfo>('GET', '/api/session');
  csrfToken = info.csrfToken;
  return info;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken === undefined) await session();
    headers['x-csrf-token'] = csrfToken!;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    throw new ApiError(typeof payload === 'object' && payload !== null ? (payload as Problem) : { status: res.status, detail: String(payload) });
  }
  return payload as T;
}

/** A multipart upload (files): the same token and error handling as request(); fetch writes the boundary. */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  if (csrfToken === undefined) await session();
  const res = await fetch(path, { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': csrfToken! }, credentials: 'same-origin', body: form });
  const type = res.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw new ApiError(typeof payload === 'object' && payload !== null ? (payload as Problem) : { status: res.status, detail: String(payload) });
  return payload as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Text into the page without ever interpreting it as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string | null | undefined>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return node;
}
