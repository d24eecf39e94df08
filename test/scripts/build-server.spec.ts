import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildServer, SERVER_DIST, serverBundle } from '../../scripts/build-server.js';
import { spawnApp, type AppProcess } from '../support/app-process.js';
import { fixture, sdkClient } from '../support/engine.js';
import { freePort, spawnEngine, type EngineProcess } from '../support/engine-process.js';
import { StoreSandbox } from '../support/store.js';
import { storeEnv, testStoreDialect } from '../support/test-store.js';
import { ApiClient } from '../support/web.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The bundles production starts (npm start, npm run engine, the Docker image), built from the
 * sources as they are now into a folder of this run's own, and started with plain node: what the
 * other specs prove on the sources must still hold once esbuild has joined them into one file.
 */
describe('scripts/build-server', function () {
  this.timeout(180_000);
  const outdir = join(SERVER_DIST, '..', `spec-${process.pid}`);
  let dir: string;

  before(() => buildServer({ outdir }));
  after(() => rmSync(outdir, { recursive: true, force: true }));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'build-server-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('the engine bundle', () => {
    let engine: EngineProcess | undefined;
    afterEach(async () => {
      await engine?.stop();
      engine = undefined;
    });

    it('should start without tsx and run a process, and deploy a DMN 1.2 graph through the migration it loads on demand', async () => {
      engine = await spawnEngine({ port: await freePort(), dataPath: join(dir, 'engine.db'), bundle: serverBundle('engine', outdir) });
      const client = sdkClient(engine.url, engine.credential);

      await client.deployResources([{ name: 'three-service-tasks.bpmn', content: fixture('engine/three-service-tasks.bpmn') }]);
      const created = await client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: {} });
      const found = await client.searchProcessInstances({ filter: { processInstanceKey: created.processInstanceKey } });
      expect(found.items.map((i) => i.state)).to.deep.equal(['ACTIVE']);

      const deployment = await client.deployResources([{ name: 'permit-fees-dmn12.dmn', content: fixture('engine/dmn/permit-fees-dmn12.dmn') }]);
      expect(deployment.decisionRequirements.map((d) => d.decisionRequirementsId)).to.deep.equal(['permit-fees-12']);
      const evaluated = await client.evaluateDecision({ decisionDefinitionId: 'review-days-12', variables: { permitKind: 'shop', pending: 30 } });
      expect(evaluated.output).to.equal('8');
    });
  });

  describe('the app bundle', () => {
    let sandbox: StoreSandbox;
    let app: AppProcess | undefined;
    beforeEach(() => {
      sandbox = new StoreSandbox(testStoreDialect());
    });
    afterEach(async () => {
      await app?.stop();
      app = undefined;
      await sandbox.cleanup();
    });

    it('should serve on an empty data folder, finding the files that lie beside the sources', async () => {
      mkdirSync(join(dir, 'data'));
      const env = {
        ENGINE_DATA: join(dir, 'data', 'engine.db'),
        ENGINE_PORT: String(await freePort()),
        PORT: '0',
        SESSION_SECRET: randomBytes(32).toString('hex'),
        DEMO_ACCOUNTS: 'true',
        ...storeEnv(sandbox.config()),
      };

      app = await spawnApp(env, 60_000, serverBundle('start', outdir));

      // the seed catalogue beside domain/catalogue/, processes/ and forms/ at the project's root
      expect(app.output()).to.include('published the seed catalogue into the empty store');
      expect(app.output()).to.match(/deployed 27 resources: processes\/complaint\.bpmn \(not in the engine\)/);
      // the favicon beside web/pages/
      const favicon = await fetch(`${app.url}/favicon.svg`);
      expect(favicon.status).to.equal(200);
      expect(await favicon.text()).to.equal(readFileSync(join(ROOT, 'web', 'pages', 'shared', 'favicon.svg'), 'utf8'));
      // the project's .bpmnlintrc, and bpmnlint's rules and configurations, which it loads by file name
      const designer = new ApiClient(app.url);
      expect((await designer.login('designer')).status).to.equal(201);
      const saved = await designer.request('put', '/api/designer/bpmn/refusal', { body: { content: readFileSync(join(ROOT, 'processes', 'refusal.bpmn'), 'utf8'), baseVersion: 0 } });
      expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
      const lint = await designer.post('/api/designer/bpmn/refusal/lint', {});
      expect(lint.status, JSON.stringify(lint.body)).to.equal(200);
      expect(lint.body).to.include({ errors: 0 });
    });
  });
});
