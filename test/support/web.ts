import type { ValidateFunction } from 'ajv/dist/2020.js';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { openStore, type Store } from '../../domain/store/index.js';
import { createWebApp } from '../../web/app.js';
import type { ScryptCost, ScryptLimiter } from '../../web/auth/password.js';
import { readWebConfig, type WebConfig } from '../../web/config.js';
import { DEMO_PASSWORD, seedDemoAccounts } from '../../web/demo-accounts.js';
import type { Problem } from '../../web/http/problem.js';
import { createLogger } from '../../web/log.js';
import { openApiDocument, type Method, type Schema } from '../../web/openapi/document.js';
import { newAjv, withDocumentRefs } from '../../web/openapi/validate.js';
import { startWebServer, type RunningWebServer } from '../../web/server.js';
import { sdkClient } from './engine.js';
import { openTestStore } from './test-store.js';

/** Cheap hashes for the seeded accounts; the app verifies whatever cost a hash names. */
export const TEST_COST: ScryptCost = { ln: 10, r: 8, p: 1 };
export const TEST_SECRET = 'test-session-secret-of-at-least-32-chars';

export interface WebHarness {
  url: string;
  store: Store;
  config: WebConfig;
  /** every line the app logged */
  logLines: string[];
  now(): Date;
  /** moves the app's and the store's clock on */
  advance(ms: number): void;
  /** a new browser: its own cookies and CSRF token */
  client(): ApiClient;
  /**
   * A second app instance on the same database through a store connection of its own (a pool on
   * PostgreSQL, a connection to the same file on SQLite), on the same clock; stopped with this one.
   */
  anotherInstance(): Promise<AppInstance>;
  stop(): Promise<void>;
}

export interface AppInstance {
  url: string;
  client(): ApiClient;
}

/**
 * The web app over real HTTP on a free port, with a store of the TEST_STORE dialect holding the
 * demo accounts, and a pinned clock. The app gets an engine client pointed at a closed port: none
 * of these routes reach the engine.
 */
export async function startWebHarness(options: { config?: Partial<WebConfig>; scryptLimiter?: ScryptLimiter; codeLimiter?: ScryptLimiter } = {}): Promise<WebHarness> {
  let time = Date.parse('2026-11-26T01:00:00.000Z');
  const clock = () => new Date(time);
  const testStore = await openTestStore({ now: clock });
  const { store } = testStore;
  const config = { ...readWebConfig({ SESSION_SECRET: TEST_SECRET }), ...options.config };
  const logLines: string[] = [];
  const serve = (on: Store) => {
    const app = createWebApp({ store: on, camunda: sdkClient('http://127.0.0.1:9'), config, clock, log: createLogger((line) => logLines.push(line), clock), scryptLimiter: options.scryptLimiter, codeLimiter: options.codeLimiter });
    return startWebServer(app, 0, '127.0.0.1');
  };
  const others: Array<{ server: RunningWebServer; store: Store }> = [];
  let server: RunningWebServer;
  try {
    await seedDemoAccounts(store, { cost: TEST_COST });
    server = await serve(store);
  } catch (error) {
    await testStore.close();
    throw error;
  }
  return {
    url: server.url,
    store,
    config,
    logLines,
    now: clock,
    advance(ms) {
      time += ms;
    },
    client: () => new ApiClient(server.url),
    async anotherInstance() {
      const other = await openStore(testStore.config, { now: clock });
      let otherServer: RunningWebServer;
      try {
        otherServer = await serve(other);
      } catch (error) {
        await other.close();
        throw error;
      }
      others.push({ server: otherServer, store: other });
      return { url: otherServer.url, client: () => new ApiClient(otherServer.url) };
    },
    async stop() {
      for (const other of others) {
        await other.server.close();
        await other.store.close();
      }
      await server.close();
      await testStore.close();
    },
  };
}

/**
 * A suite of administrator tests: one harness with the seed catalogue published, and before each
 * test a new client logged in as the administrator 林涛 (admin).
 */
export function adminHarnessPerSuite(use: (h: WebHarness) => void, useAdmin: (admin: ApiClient) => void): void {
  let h: WebHarness | undefined;
  before(async () => {
    h = await startWebHarness();
    await h.store.catalogue.publish(seedCatalogue(), h.now());
    use(h);
  });
  after(() => h?.stop());
  beforeEach(async () => {
    const admin = h!.client();
    const res = await admin.login('admin');
    if (res.status !== 201) throw new Error(`the administrator's log-in answered ${res.status}`);
    useAdmin(admin);
  });
}

/** A request as a list row: method, path and, for a write, its body. */
export type ApiCall = [Method, string, unknown?];

/**
 * Each of `usernames`, logged in, gets 403 for every call, and a visitor without a session 401 for
 * the first: a role check refuses before anything is read or written.
 */
export async function expectRefusedToOthers(h: WebHarness, usernames: string[], calls: ApiCall[]): Promise<void> {
  for (const username of usernames) {
    const other = h.client();
    await other.login(username);
    for (const [method, path, body] of calls) {
      const res = await other.request(method, path, body === undefined ? {} : { body });
      if (res.status !== 403) throw new Error(`${username} ${method} ${path} answered ${res.status}, not 403`);
    }
  }
  const anonymous = h.client();
  await anonymous.fetchCsrfToken();
  const [method, path] = calls[0];
  const res = await anonymous.request(method, path);
  if (res.status !== 401) throw new Error(`a visitor without a session: ${method} ${path} answered ${res.status}, not 401`);
}

/**
 * The documented answers merged into one shape: a test reads the fields of the answer it expects,
 * and the client has already checked the body against the document's schema for its status.
 */
export interface ApiBody extends Partial<Problem> {
  authenticated?: boolean;
  csrfToken?: string;
  user?: { username: string; displayName: string; departmentCode: string; roles: string[]; candidateGroups: string[] };
  expiresAt?: string;
  idleExpiresAt?: string;
  entries?: Array<{ id: string; at: string; actor: string; action: string; targetType: string; targetId: string; detail: unknown }>;
  total?: number;
  limit?: number;
  offset?: number;
  userTaskKey?: string;
  name?: string;
  state?: string;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  body: ApiBody;
}

export interface RequestOptions {
  body?: unknown;
  /** sent as is, with contentType */
  rawBody?: string;
  /** sent as multipart/form-data (fetch writes the boundary) */
  formData?: FormData;
  contentType?: string;
  /** the X-CSRF-Token to send: the client's own by default, null for none */
  csrf?: string | null;
  /** further headers, e.g. X-Forwarded-For behind a trusted proxy */
  headers?: Record<string, string>;
}

/** One browser: keeps the cookies the app sets and the CSRF token it hands out. */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(readonly baseUrl: string) {}

  async request(method: Method, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const csrf = options.csrf === undefined ? this.csrfToken : options.csrf;
    if (csrf !== undefined && csrf !== null) headers['x-csrf-token'] = csrf;
    let body: string | FormData | undefined;
    if (options.formData !== undefined) {
      body = options.formData;
    } else if (options.rawBody !== undefined) {
      body = options.rawBody;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method: method.toUpperCase(), headers, body });
    this.keepCookies(res.headers.getSetCookie());
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed: unknown = text !== '' && /json/.test(type) ? JSON.parse(text) : text;
    checkAgainstDocument(method, path, res.status, type, parsed);
    return { status: res.status, headers: res.headers, body: parsed as ApiBody };
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('get', path, options);
  }

  post(path: string, body: unknown, options: RequestOptions = {}): Promise<ApiResponse> {
    return this.request('post', path, { body, ...options });
  }

  delete(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('delete', path, options);
  }

  /** What a page does first: ask for the session, and with it the token for the next change. */
  async fetchCsrfToken(): Promise<string> {
    const res = await this.get('/api/session');
    this.csrfToken = res.body.csrfToken;
    return res.body.csrfToken!;
  }

  async login(username: string, password = DEMO_PASSWORD): Promise<ApiResponse> {
    await this.fetchCsrfToken();
    const res = await this.post('/api/session', { username, password });
    if (res.status === 201) this.csrfToken = res.body.csrfToken;
    return res;
  }

  private keepCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now());
      if (value === '' || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The Set-Cookie line for a cookie, to check its attributes. */
export function setCookieLine(res: ApiResponse, name: string): string | undefined {
  return res.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

const responseAjv = newAjv(openApiDocument, { coerceTypes: false });
const compiled = new Map<Schema, ValidateFunction>();

function resolveResponse(response: Schema): Schema {
  const ref = response.$ref;
  if (typeof ref !== 'string') return response;
  return openApiDocument.components.responses[ref.split('/').pop()!];
}

/**
 * Every answer of a documented operation must be one the document lists, with a body of the
 * documented schema: the document stays true to what the app does, not only to what it accepts.
 */
function checkAgainstDocument(method: Method, url: string, status: number, contentType: string, body: unknown): void {
  const path = url.split('?')[0];
  const template = Object.keys(openApiDocument.paths).find((t) => new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
  const operation = template === undefined ? undefined : openApiDocument.paths[template]?.[method];
  if (!operation) return;
  const documented = operation.responses[String(status)];
  if (!documented) throw new Error(`${operation.operationId} answered ${status}, which openapi.json does not list`);
  const content = resolveResponse(documented).content as Record<string, { schema: Schema }> | undefined;
  if (!content) {
    if (body !== '') throw new Error(`${operation.operationId} ${status} has a body, but openapi.json documents none`);
    return;
  }
  const mediaType = contentType.split(';')[0].trim();
  const schema = content[mediaType]?.schema;
  if (!schema) throw new Error(`${operation.operationId} ${status} answered ${mediaType}, openapi.json documents ${Object.keys(content).join(', ')}`);
  let validate = compiled.get(schema);
  if (!validate) {
    validate = responseAjv.compile(withDocumentRefs(schema) as Schema);
    compiled.set(schema, validate);
  }
  if (!validate(body)) throw new Error(`${operation.operationId} ${status} does not match openapi.json: ${responseAjv.errorsText(validate.errors)}`);
}
