import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Camunda8 } from '@camunda8/sdk';
import { startEngine, type RunningEngine } from '../../engine/index.js';
import { loadOrCreateCredential, readCredential } from '../../engine/auth/credentials.js';
import { DEFAULT_HISTORY_RETENTION_DAYS, readEngineConfig } from '../../engine/config.js';
import { fixture, sdkClient, startTestEngine, type TestEngine } from '../support/engine.js';
import { oauthClientEnv, startTokenEndpoint, type TokenEndpoint } from '../support/oauth.js';
import { until } from '../support/scopes.js';

const DIAGRAM = 'engine/three-service-tasks.bpmn';

async function status(url: string, init: RequestInit = {}): Promise<{ status: number; contentType: string; body: Record<string, unknown> }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

describe('security: the engine port (issue 11)', function () {
  this.timeout(30_000);

  describe('Basic authentication, the default', () => {
    let t: TestEngine;
    before(async () => {
      t = await startTestEngine();
      await t.deployFixtures(DIAGRAM);
    });
    after(() => t.stop());

    it('should answer 401 with problem+json to a request without credentials', async () => {
      const res = await status(`${t.url}/v2/topology`);

      expect(res.status).to.equal(401);
      expect(res.contentType).to.match(/^application\/problem\+json/);
      expect(res.body).to.include({ status: 401, title: 'UNAUTHORIZED' });
    });

    it('should refuse a variables search without credentials or with a wrong password, and answer it with them', async () => {
      await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { idNumber: '110101199003077777' } });
      const search = (headers: Record<string, string>) =>
        status(`${t.url}/v2/variables/search`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
      const wrong = { authorization: `Basic ${Buffer.from(`${t.credential.username}:wrong-password-0123456789`).toString('base64')}` };

      const [anonymous, wrongPassword, signedIn] = [await search({}), await search(wrong), await search(t.headers)];

      expect([anonymous.status, wrongPassword.status, signedIn.status]).to.deep.equal([401, 401, 200]);
      expect(JSON.stringify(anonymous.body) + JSON.stringify(wrongPassword.body)).to.not.include('110101199003077777');
      expect(JSON.stringify(signedIn.body)).to.include('110101199003077777');
    });

    it('should refuse to complete, assign or unassign a user task without credentials, leaving it as it was', async () => {
      await t.deployFixtures('engine/user-tasks/plain.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ut-plain', variables: { groups: ['clerks'] } });
      const [task] = await until(
        async () => (await t.client.searchUserTasks({ filter: { processInstanceKey } })).items,
        (items) => items.length === 1 && items[0].state === 'CREATED',
        'the user task',
      );
      const json = { 'content-type': 'application/json' };
      const base = `${t.url}/v2/user-tasks/${task.userTaskKey}`;

      const answers = [
        await status(`${base}/completion`, { method: 'POST', headers: json, body: JSON.stringify({ variables: { approved: true } }) }),
        await status(`${base}/assignment`, { method: 'POST', headers: json, body: JSON.stringify({ assignee: 'intruder' }) }),
        await status(`${base}/assignee`, { method: 'DELETE' }),
      ];

      expect(answers.map((a) => a.status)).to.deep.equal([401, 401, 401]);
      const after = await t.client.getUserTask(task.userTaskKey);
      expect(after.state).to.equal('CREATED');
      expect(after.assignee ?? null).to.equal(task.assignee ?? null);
    });

    it('should work through the SDK with CAMUNDA_AUTH_STRATEGY=BASIC and fail without it', async () => {
      const basic = new Camunda8({
        ZEEBE_REST_ADDRESS: t.url,
        CAMUNDA_AUTH_STRATEGY: 'BASIC',
        CAMUNDA_BASIC_AUTH_USERNAME: t.credential.username,
        CAMUNDA_BASIC_AUTH_PASSWORD: t.credential.password,
        CAMUNDA_LOG_LEVEL: 'none',
      } as never).getCamundaRestClient();
      const anonymous = sdkClient(t.url);

      const created = await basic.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: {} });

      expect(created.processInstanceKey).to.match(/^\d+$/);
      const refused = await anonymous.getTopology().then(
        () => undefined,
        (error: { statusCode?: number }) => error.statusCode,
      );
      expect(refused).to.equal(401);
    });

    it('should refuse a cross-origin multipart deploy from a web page, with or without credentials, and deploy nothing', async () => {
      const form = () => {
        const body = new FormData();
        body.append('resources', new Blob([fixture('engine/three-service-tasks.bpmn').replace('id="three-service-tasks"', 'id="planted"')]), 'planted.bpmn');
        return body;
      };
      const page = { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };

      const withCredentials = await status(`${t.url}/v2/deployments`, { method: 'POST', headers: { ...t.headers, ...page }, body: form() });
      const without = await status(`${t.url}/v2/deployments`, { method: 'POST', headers: page, body: form() });

      expect([withCredentials.status, without.status]).to.deep.equal([403, 403]);
      const found = await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'planted' } });
      expect(found.items).to.have.length(0);
    });

    it('should refuse a Host header that does not name the engine (DNS rebinding)', async () => {
      const { request } = await import('node:http');
      const url = new URL(t.url);
      const answer = await new Promise<number>((resolve, reject) => {
        const req = request({ host: url.hostname, port: url.port, path: '/v2/topology', headers: { ...t.headers, host: `rebound.example:${url.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });

      expect(answer).to.equal(403);
    });
    // served without express (rest/hot-path.ts, ADR 0023): the same guard must stand in front of them
    it('should refuse creating an instance, activating and completing a job without credentials, with a wrong password, from a web page or for another Host, changing nothing', async () => {
      const { request } = await import('node:http');
      const url = new URL(t.url);
      const json = { 'content-type': 'application/json' };
      const wrong = { authorization: `Basic ${Buffer.from(`${t.credential.username}:wrong-password-0123456789`).toString('base64')}` };
      const page = { ...t.headers, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' };
      const rawPost = (path: string, headers: Record<string, string>, body: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: url.hostname, port: url.port, path, method: 'POST', headers: { ...json, ...headers } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end(body);
        });
      const searchJobs = async (filter: Record<string, unknown>) =>
        (await status(`${t.url}/v2/jobs/search`, { method: 'POST', headers: { ...t.headers, ...json }, body: JSON.stringify({ filter }) })).body.items as Array<Record<string, unknown>>;
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'hot' } });
      const [job] = await until(
        () => searchJobs({ processInstanceKey, type: 'hot-a' }),
        (items) => items.length === 1,
        'the first job',
      );
      const instancesBefore = (await t.client.searchProcessInstances({ filter: { processDefinitionId: 'three-service-tasks' } })).items.map((i) => i.processInstanceKey);
      const requests = [
        ['/v2/process-instances', JSON.stringify({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'intruder' } })],
        ['/v2/jobs/activation', JSON.stringify({ type: 'hot-a', timeout: 60_000, maxJobsToActivate: 10, requestTimeout: 1 })],
        [`/v2/jobs/${String(job.jobKey)}/completion`, JSON.stringify({ variables: { planted: true } })],
      ] as const;

      const answers: number[][] = [];
      for (const [path, body] of requests) {
        answers.push([
          await rawPost(path, {}, body),
          await rawPost(path, wrong, body),
          await rawPost(path, page, body),
          await rawPost(path, { ...t.headers, host: `rebound.example:${url.port}` }, body),
        ]);
      }

      expect(answers).to.deep.equal([[401, 401, 403, 403], [401, 401, 403, 403], [401, 401, 403, 403]]);
      const instances = await t.client.searchProcessInstances({ filter: { processDefinitionId: 'three-service-tasks' } });
      expect(instances.items.map((i) => i.processInstanceKey)).to.deep.equal(instancesBefore);
      const after = await searchJobs({ processInstanceKey });
      expect(after.map((j) => [j.type, j.state, j.worker])).to.deep.equal([['hot-a', 'CREATED', '']]);
      const planted = await t.client.searchVariables({ filter: { processInstanceKey, name: 'planted' } });
      expect(planted.items).to.have.length(0);
    });
  });

  describe('wrong Basic credentials, throttled', () => {
    let t: TestEngine;
    beforeEach(async () => {
      t = await startTestEngine();
    });
    afterEach(() => t.stop());

    const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
    const topology = (headers: Record<string, string>) => fetch(`${t.url}/v2/topology`, { headers }).then((res) => ({ status: res.status, retryAfter: res.headers.get('retry-after') }));

    it('should answer 429 with Retry-After after 10 wrong passwords for a username, without checking the right one', async () => {
      const answers = [];
      for (let i = 0; i < 10; i += 1) answers.push((await topology(basic(t.credential.username, `wrong-password-${i}-0123456789`))).status);

      const throttled = await topology(basic(t.credential.username, 'wrong-password-x-0123456789'));
      // the right password from the throttled caller is refused too: the comparison did not run
      const right = await topology(t.headers);

      expect(answers).to.deep.equal(Array(10).fill(401));
      expect(throttled.status).to.equal(429);
      expect(Number(throttled.retryAfter)).to.be.within(1, 900);
      expect(right.status).to.equal(429);
    });

    it('should throttle an address spraying 30 usernames, and not count requests without credentials', async () => {
      const anonymous = [];
      for (let i = 0; i < 40; i += 1) anonymous.push((await topology({})).status);
      const sprayed = [];
      for (let i = 0; i < 30; i += 1) sprayed.push((await topology(basic(`user-${i}`, 'guess-password-0123456789'))).status);

      const next = await topology(basic('user-new', 'guess-password-0123456789'));

      expect(new Set(anonymous)).to.deep.equal(new Set([401]));
      expect(new Set(sprayed)).to.deep.equal(new Set([401]));
      expect(next.status).to.equal(429);
      expect(next.retryAfter).to.match(/^\d+$/);
    });
  });

  describe('the throttle configured by environment', () => {
    let dir: string;
    let running: RunningEngine;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'engine-throttle-'));
      const env = { ENGINE_PORT: '0', ENGINE_DATA: join(dir, 'engine.db'), ENGINE_AUTH_RATE_LIMIT: '2', ENGINE_AUTH_ADDRESS_RATE_LIMIT: '3', ENGINE_AUTH_RATE_WINDOW_MINUTES: '1' };
      running = await startEngine(readEngineConfig(env));
    });
    after(async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const topology = (username: string, password: string) =>
      fetch(`${running.url}/v2/topology`, { headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } }).then((res) => ({
        status: res.status,
        retryAfter: Number(res.headers.get('retry-after')),
      }));

    it('should throttle after ENGINE_AUTH_RATE_LIMIT wrong passwords for a username and ENGINE_AUTH_ADDRESS_RATE_LIMIT for an address, within ENGINE_AUTH_RATE_WINDOW_MINUTES', async () => {
      const { username } = running.credential!;
      const first = [await topology(username, 'wrong-1'), await topology(username, 'wrong-2')];
      const third = await topology(username, 'wrong-3');
      const otherUser = await topology('someone-else', 'wrong-4');
      const anotherUser = await topology('a-third-user', 'wrong-5');

      expect(first.map((a) => a.status)).to.deep.equal([401, 401]);
      expect(third.status, 'the third for the username').to.equal(429);
      expect(third.retryAfter).to.be.within(1, 60);
      expect(otherUser.status, "the address's third failure").to.equal(401);
      expect(anotherUser.status, "past the address's three").to.equal(429);
      expect(anotherUser.retryAfter).to.be.within(1, 60);
    });
  });

  describe('the credential npm start keeps', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'engine-credential-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('should generate a random credential readable by its owner only, and keep it on the next start', () => {
      const path = join(dir, 'data', 'engine-credentials.json');

      const first = loadOrCreateCredential(path);
      const second = loadOrCreateCredential(path);

      expect(first.created).to.equal(true);
      expect(second.created).to.equal(false);
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      expect(second.credential).to.deep.equal(first.credential);
      expect(first.credential.password).to.have.length.of.at.least(40);
      expect(JSON.parse(readFileSync(path, 'utf8'))).to.deep.equal(first.credential);
    });

    it('should refuse a credential file other users can read', () => {
      const path = join(dir, 'engine-credentials.json');
      loadOrCreateCredential(path);
      chmodSync(path, 0o644);

      expect(() => readCredential(path)).to.throw(/readable by other users; chmod 600 it/);
    });
  });

  describe('the clock', () => {
    it('should refuse to pin the clock unless ENGINE_CLOCK_CONTROL is on', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'engine-clock-'));
      const dataPath = join(dir, 'engine.db');
      const running = await startEngine({
        port: 0,
        host: '127.0.0.1',
        dataPath,
        historyRetentionDays: DEFAULT_HISTORY_RETENTION_DAYS,
        auth: { method: 'basic', credentialsPath: join(dir, 'engine-credentials.json') },
        clockControl: false,
      });
      try {
        const { username, password } = running.credential!;
        const headers = { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`, 'content-type': 'application/json' };

        const pinned = await status(`${running.url}/v2/clock`, { method: 'PUT', headers, body: JSON.stringify({ timestamp: 1e20 }) });

        expect(pinned.status).to.equal(403);
        expect(String(pinned.body.detail)).to.include('ENGINE_CLOCK_CONTROL');
      } finally {
        await running.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('OIDC access tokens', () => {
    const CLIENT = { id: 'service-hall', secret: 'oidc-test-secret' };
    const AUDIENCE = 'service-hall-engine';
    let idp: TokenEndpoint;
    let running: RunningEngine;
    let dir: string;

    before(async () => {
      idp = await startTokenEndpoint(CLIENT);
      dir = mkdtempSync(join(tmpdir(), 'engine-oidc-'));
      running = await startEngine({
        port: 0,
        host: '127.0.0.1',
        dataPath: join(dir, 'engine.db'),
        historyRetentionDays: DEFAULT_HISTORY_RETENTION_DAYS,
        auth: { method: 'oidc', issuer: idp.issuer, audiences: [AUDIENCE] },
        clockControl: false,
      });
    });
    after(async () => {
      await running?.stop();
      await idp?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('should accept the SDK with CAMUNDA_AUTH_STRATEGY=OAUTH, the keys found through the issuer\'s discovery document', async () => {
      const client = new Camunda8(oauthClientEnv(running.url, idp, CLIENT, AUDIENCE)).getCamundaRestClient();

      const deployed = await client.deployResources([{ name: 'three-service-tasks.bpmn', content: fixture(DIAGRAM) }]);

      expect(deployed.processes).to.have.length(1);
    });

    it('should refuse a forged, expired, foreign-audience, foreign-issuer or unsigned token with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const good = idp.issue({ aud: AUDIENCE });
      const [header, payload] = good.split('.');
      const tampered = `${header}.${Buffer.from(JSON.stringify({ iss: idp.issuer, aud: AUDIENCE, exp: now + 9999, sub: 'admin' })).toString('base64url')}.${good.split('.')[2]}`;
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
      const tokens = {
        tampered,
        expired: idp.issue({ aud: AUDIENCE, exp: now - 3600 }),
        otherAudience: idp.issue({ aud: 'operate-api' }),
        otherIssuer: idp.issue({ aud: AUDIENCE, iss: 'https://evil.example' }),
        unsigned,
        unknownKey: idp.issue({ aud: AUDIENCE }, { kid: 'not-published' }),
      };
      const answers: Record<string, number> = {};
      for (const [name, token] of Object.entries(tokens)) {
        answers[name] = (await fetch(`${running.url}/v2/topology`, { headers: { authorization: `Bearer ${token}` } })).status;
      }
      const accepted = (await fetch(`${running.url}/v2/topology`, { headers: { authorization: `Bearer ${good}` } })).status;

      expect(answers).to.deep.equal({ tampered: 401, expired: 401, otherAudience: 401, otherIssuer: 401, unsigned: 401, unknownKey: 401 });
      expect(accepted).to.equal(200);
    });

    it('should refuse creating an instance and activating or completing a job with a forged token or none, and serve them with a good one', async () => {
      const client = new Camunda8(oauthClientEnv(running.url, idp, CLIENT, AUDIENCE)).getCamundaRestClient();
      await client.deployResources([{ name: 'three-service-tasks.bpmn', content: fixture(DIAGRAM) }]);
      const good = idp.issue({ aud: AUDIENCE });
      const forged = idp.issue({ aud: AUDIENCE }, { kid: 'not-published' });
      const post = (path: string, body: unknown, token?: string) =>
        fetch(`${running.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body),
        }).then((res) => res.status);
      const create = { processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'oidc' } };
      const activate = { type: 'oidc-a', timeout: 60_000, maxJobsToActivate: 1, requestTimeout: 1 };

      const refused = [await post('/v2/process-instances', create), await post('/v2/process-instances', create, forged), await post('/v2/jobs/activation', activate, forged), await post('/v2/jobs/1/completion', {}, forged)];
      const created = await post('/v2/process-instances', create, good);
      const jobs = await until(
        async () => (await status(`${running.url}/v2/jobs/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${good}` }, body: JSON.stringify({ filter: { type: 'oidc-a' } }) })).body.items as unknown[],
        (items) => items.length > 0,
        'the job of the instance created with a good token',
      );

      expect(refused).to.deep.equal([401, 401, 401, 401]);
      expect(created).to.equal(200);
      expect(jobs).to.have.length(1);
    });
  });
});
