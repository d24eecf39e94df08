import { expect } from 'chai';
import type { Express } from 'express';
import { createWebApp } from '../../../web/app.js';
import { ROLES } from '../../../web/auth/roles.js';
import { readWebConfig } from '../../../web/config.js';
import { createLogger } from '../../../web/log.js';
import { openApiDocument, type Method, type Operation } from '../../../web/openapi/document.js';
import { expressPath } from '../../../web/openapi/routes.js';
import { sdkClient } from '../../support/engine.js';
import { openTestStore } from '../../support/test-store.js';
import { startWebHarness, TEST_SECRET, type WebHarness } from '../../support/web.js';

interface RouteLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** The routes Express will actually dispatch, read from its router. */
/** The JSON API's routes; the pages (web/pages.ts) are documents, not API operations. */
function registeredRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: RouteLayer[] } }).router.stack;
  return stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .filter((route) => route.split(' ')[1].startsWith('/api/'));
}

function documentedRoutes(): string[] {
  return Object.entries(openApiDocument.paths).flatMap(([path, item]) => Object.keys(item ?? {}).map((method) => `${method.toUpperCase()} ${expressPath(path)}`));
}

describe('web/api openapi', () => {
  let web: WebHarness;
  beforeEach(async () => {
    web = await startWebHarness();
  });
  afterEach(() => web.stop());

  it('should serve the document', async () => {
    const res = await web.client().get('/api/openapi.json');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument)));
  });

  it('should describe every registered route, and register every described operation', async () => {
    // given an app as npm start builds it
    const { store, close } = await openTestStore();
    try {
      const app = createWebApp({ store, camunda: sdkClient('http://127.0.0.1:9'), config: readWebConfig({ SESSION_SECRET: TEST_SECRET }), clock: () => new Date(), log: createLogger(() => {}) });

      // then its route table and the document list the same operations
      expect(registeredRoutes(app).sort()).to.deep.equal(documentedRoutes().sort());
    } finally {
      await close();
    }
  });

  it('should give every operation a unique operationId, require only known roles, and the CSRF token for every change', () => {
    const operations = Object.values(openApiDocument.paths).flatMap((item) => Object.entries(item ?? {}) as Array<[Method, Operation]>);
    const ids = operations.map(([, op]) => op.operationId);
    expect(new Set(ids).size).to.equal(ids.length);
    for (const [method, op] of operations) {
      const roles = op.security.flatMap((requirement) => requirement.session ?? []);
      expect(ROLES, op.operationId).to.include.members(roles);
      if (method !== 'get') expect(op.security.length > 0 && op.security.every((r) => 'csrf' in r), `${op.operationId} must require the CSRF token`).to.equal(true);
    }
  });

  it('should answer 400 naming the field for a body that breaks its schema, and change nothing', async () => {
    const browser = web.client();
    await browser.fetchCsrfToken();
    const cases: Array<[unknown, string, string]> = [
      [{ username: 'mz-clerk-a' }, 'password', '缺少必填项 password'],
      [{ username: 'mz-clerk-a', password: 'Demo@2026', remember: true }, 'remember', '不支持的字段 remember'],
      [{ username: 42, password: 'Demo@2026' }, 'username', 'username 应为字符串'],
      [{ username: 'mz clerk', password: 'Demo@2026' }, 'username', 'username 格式不正确'],
      [{ username: 'mz-clerk-a', password: '' }, 'password', 'password 不能为空'],
      [['mz-clerk-a', 'Demo@2026'], '', '请求体应为对象'],
    ];
    for (const [body, field, message] of cases) {
      const res = await browser.post('/api/session', body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(res.body, JSON.stringify(body)).to.include({ code: 'validation', type: 'urn:service-hall:problem:validation', field, in: 'body' });
      expect(res.body.errors![0].message).to.equal(message);
    }

    // and nothing was logged in or recorded
    expect(browser.cookies.has('sh_session')).to.equal(false);
    expect(await web.store.db.selectFrom('sessions').selectAll().execute()).to.deep.equal([]);
    expect((await web.store.audit.search({ limit: 10, offset: 0 })).total).to.equal(0);
  });

  it('should name every wrong field of one request', async () => {
    const browser = web.client();
    await browser.fetchCsrfToken();
    const res = await browser.post('/api/public/lookup', { caseNumber: 'SH2026-1', verificationCode: '12345a' });
    expect(res.status).to.equal(400);
    expect(res.body.errors).to.deep.equal([
      { in: 'body', field: 'caseNumber', message: 'caseNumber 格式不正确' },
      { in: 'body', field: 'verificationCode', message: 'verificationCode 格式不正确' },
    ]);
  });

  it('should answer 400 for a bad path parameter, malformed JSON and a missing body', async () => {
    const browser = web.client();
    await browser.login('mz-clerk-a');

    const path = await browser.get('/api/tasks/abc');
    expect(path.body).to.include({ code: 'validation', in: 'path', field: 'key' });

    const malformed = await browser.request('post', '/api/public/lookup', { rawBody: '{"caseNumber": ' });
    expect(malformed.status).to.equal(400);
    expect(malformed.body.code).to.equal('malformed-json');

    const missing = await browser.request('post', '/api/public/lookup');
    expect(missing.status).to.equal(400);
    expect(missing.body).to.include({ code: 'validation', field: '' });
  });

  it('should answer an unknown API path with a problem, not a page', async () => {
    const res = await web.client().get('/api/no-such-thing');
    expect(res.status).to.equal(404);
    expect(res.body).to.include({ code: 'no-route' });
  });
});
