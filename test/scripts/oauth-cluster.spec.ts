import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { seedCatalogue } from '../../domain/catalogue/catalogue.js';
import { runDoctor } from '../../scripts/lib/doctor/run.js';
import { formatReport } from '../../scripts/lib/doctor/report.js';
import { engineClient, readEngineConnection } from '../../scripts/lib/engine-connection.js';
import { storeCalendar } from '../../workers/deps.js';
import { startHeartbeat } from '../../workers/heartbeat.js';
import { createWorkers } from '../../workers/index.js';
import { fixture, startTestEngine, type TestEngine } from '../support/engine.js';
import { freePort } from '../support/engine-process.js';
import { oauthClientEnv, startAuthProxy, startTokenEndpoint, type AuthProxy, type TokenEndpoint } from '../support/oauth.js';
import { until } from '../support/scopes.js';
import { applicant } from '../support/store.js';
import { openTestStore, storeEnv, type TestStore } from '../support/test-store.js';

const CLIENT = { id: 'service-hall', secret: 'client-secret-for-this-test' };
const AUDIENCE = 'zeebe-api';
const LISTENERS = ['user-task-creating', 'user-task-assigning', 'user-task-completing'];

describe('OAuth client credentials against an authenticating cluster', function () {
  this.timeout(30_000);
  let engine: TestEngine;
  let t: TestStore;
  let idp: TokenEndpoint;
  let proxy: AuthProxy;
  let root: string;

  /** The SDK's own variables, as an operator would set them for a self-managed cluster with OIDC. */
  const clusterEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({ ...oauthClientEnv(proxy.url, idp, CLIENT, AUDIENCE), ...overrides });

  before(async () => {
    engine = await startTestEngine();
    t = await openTestStore();
    await t.store.catalogue.publish(seedCatalogue(), new Date());
    idp = await startTokenEndpoint(CLIENT);
    proxy = await startAuthProxy(engine.url, (token) => idp.accepts(token, AUDIENCE), engine.headers);
    // the diagram the doctor compares: the fixture as deployed below
    root = mkdtempSync(join(tmpdir(), 'oauth-cluster-'));
    mkdirSync(join(root, 'processes'));
    writeFileSync(join(root, 'processes', 'user-task-creating.bpmn'), fixture('workers/user-task-creating.bpmn'));
  });

  after(async () => {
    await proxy?.close();
    await idp?.close();
    await engine?.stop();
    await t?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('should refuse a request without a valid token', async () => {
    const res = await fetch(`${proxy.url}/v2/topology`);
    const forged = await fetch(`${proxy.url}/v2/topology`, { headers: { authorization: 'Bearer e30.e30.forged' } });

    expect([res.status, forged.status]).to.deep.equal([401, 401]);
  });

  it('should deploy, start and run the user-task listeners through the proxy with a token from the endpoint', async () => {
    const seenBefore = proxy.seen.length;
    const tokenRequestsBefore = idp.requests.length;
    // given the app's client and its workers, configured only through the SDK's variables
    const camunda = engineClient(readEngineConnection(clusterEnv()));
    const form = readFileSync(join(import.meta.dirname, '..', '..', 'forms', 'material-check.form'), 'utf8');
    await camunda.deployResources([
      { name: 'material-check.form', content: form },
      { name: 'user-task-creating.bpmn', content: fixture('workers/user-task-creating.bpmn') },
    ]);
    const log: string[] = [];
    const workers = createWorkers({
      camunda,
      deps: { store: t.store, clock: () => new Date(), calendar: storeCalendar(t.store), log: (message) => log.push(message) },
      only: LISTENERS,
    });
    try {
      // when a case's process reaches its user task
      const c = await t.store.cases.create({ itemCode: 'GA-001', caseType: 'promised', departmentCode: 'GA', applicant, actor: 'test' });
      const { processInstanceKey } = await camunda.createProcessInstance({
        processDefinitionId: 'fixture-user-task',
        variables: { caseNumber: c.caseNumber, departmentCode: 'GA', stepDueAt: '2026-06-04T09:30:00.000Z' },
      });

      // then the creating listener recorded the task, with the name and form read from the deployed XML
      const [stored] = await until(() => t.store.tasks.list({ processInstanceKey }), (tasks) => tasks.length === 1, 'the task recorded', 10_000);
      expect(stored).to.deep.include({ elementId: 'checkMaterials', name: '材料审查', formId: 'material-check', caseId: c.id });
      // and completed its listener job, so the engine created the task
      await until(
        async () => (await camunda.searchUserTasks({ filter: { processInstanceKey } })).items,
        (items) => items.length === 1 && items[0].state === 'CREATED',
        'the user task created',
        10_000,
      );
    } finally {
      await workers.stop();
    }

    // and every request carried a token the endpoint issued for the cluster's audience
    const tokenRequests = idp.requests.slice(tokenRequestsBefore);
    expect(tokenRequests).to.not.be.empty;
    expect(tokenRequests.every((r) => r.clientId === CLIENT.id && r.audience === AUDIENCE && r.granted)).to.equal(true);
    const seen = proxy.seen.slice(seenBefore);
    expect(seen.filter((s) => !s.forwarded)).to.deep.equal([]);
    const paths = seen.map((s) => `${s.method} ${s.path.replace(/\/\d+\//, '/<key>/')}`);
    expect(paths).to.include.members([
      'POST /v2/deployments',
      'POST /v2/jobs/activation',
      'POST /v2/jobs/<key>/completion',
      'GET /v2/process-definitions/<key>/xml',
    ]);
    expect(log).to.not.include('job failed, will retry');
  });

  it('should pass the doctor with these settings', async () => {
    // given the diagram deployed as it is in the folder (again: an unchanged diagram keeps its version) and a running instance
    await engine.client.deployResources([{ name: 'user-task-creating.bpmn', content: fixture('workers/user-task-creating.bpmn') }]);
    const heartbeat = await startHeartbeat({ heartbeats: t.store.workerHeartbeats, jobTypes: LISTENERS, clock: () => new Date(), config: { intervalMs: 10_000 }, onError: () => {} });
    try {
      const findings = await runDoctor({ env: { ...clusterEnv(), ...storeEnv(t.config) }, root });

      expect(findings.filter((f) => !f.ok)).to.deep.equal([]);
      expect(findings[0].message).to.match(new RegExp(`^${proxy.url} answers \\(Camunda cluster, auth OAUTH, gateway `));
    } finally {
      await heartbeat.stop();
    }
  });

  it('should fail the doctor plainly with a wrong secret, and print neither secret', async () => {
    const wrong = 'wrong-secret-typed-by-hand';

    const findings = await runDoctor({ env: { ...clusterEnv({ ZEEBE_CLIENT_SECRET: wrong }), ...storeEnv(t.config) }, root });

    expect(findings[0]).to.deep.equal({
      check: 'engine',
      ok: false,
      message: `the token endpoint ${idp.url} (CAMUNDA_OAUTH_URL) refused the client credentials (HTTP 401); check ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and ZEEBE_TOKEN_AUDIENCE`,
    });
    const report = formatReport(findings);
    expect(report).to.not.include(wrong).and.not.include(CLIENT.secret);
  });

  it('should name the credentials when the cluster refuses the token it was given', async () => {
    // a token for another audience is issued, but the cluster does not accept it
    const findings = await runDoctor({ env: { ...clusterEnv({ ZEEBE_TOKEN_AUDIENCE: 'operate-api' }), ...storeEnv(t.config) }, root });

    expect(findings[0].message).to.equal(
      `the engine at ${proxy.url} refused the credentials (HTTP 401); check ZEEBE_CLIENT_ID, ZEEBE_CLIENT_SECRET and ZEEBE_TOKEN_AUDIENCE`,
    );
  });

  it('should say when a cluster wants credentials and none are configured', async () => {
    const findings = await runDoctor({ env: { ZEEBE_REST_ADDRESS: proxy.url, CAMUNDA_LOG_LEVEL: 'none', ...storeEnv(t.config) }, root });

    expect(findings[0].message).to.equal(
      `the engine at ${proxy.url} refused the credentials (HTTP 401); check CAMUNDA_AUTH_STRATEGY (it is NONE, but the engine wants credentials)`,
    );
  });

  it('should say the token endpoint cannot be reached, naming CAMUNDA_OAUTH_URL', async () => {
    const url = `http://127.0.0.1:${await freePort()}/oauth/token`;

    const findings = await runDoctor({ env: { ...clusterEnv({ CAMUNDA_OAUTH_URL: url }), ...storeEnv(t.config) }, root });

    expect(findings[0].message).to.equal(
      `no token: the token endpoint ${url} (CAMUNDA_OAUTH_URL) cannot be reached: connection refused: nothing listens there; check CAMUNDA_OAUTH_URL and that the identity provider runs`,
    );
  });
});
