import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { StoreConfig } from '../../domain/store/index.js';
import { liveDefinition } from '../../scripts/lib/process-definitions.js';
import { spawnApp, stopAppWhileStarting, type AppProcess } from '../support/app-process.js';
import { sdkClient } from '../support/engine.js';
import { defaultCredentialsPath, readCredential } from '../../engine/index.js';
import { freePort } from '../support/engine-process.js';
import { StoreSandbox } from '../support/store.js';
import { storeEnv, testStoreDialect } from '../support/test-store.js';
import { ApiClient } from '../support/web.js';
import { runCommand } from './run-command.js';

const REFUSAL = readFileSync(join(import.meta.dirname, '..', '..', 'processes', 'refusal.bpmn'), 'utf8');

/** `npm start` as a process manager runs it, on its own engine folder and store, restarted as often as a test needs. */
describe('scripts/start', function () {
  this.timeout(180_000);
  let dir: string;
  let sandbox: StoreSandbox;
  let storeConfig: StoreConfig;
  let env: Record<string, string>;
  let app: AppProcess | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'start-'));
    mkdirSync(join(dir, 'data'));
    sandbox = new StoreSandbox(testStoreDialect());
    storeConfig = sandbox.config();
    env = {
      ENGINE_DATA: join(dir, 'data', 'engine.db'),
      ENGINE_PORT: String(await freePort()),
      PORT: '0',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      DEMO_ACCOUNTS: 'true',
      ...storeEnv(storeConfig),
    };
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await sandbox.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should keep a designer deployment live across two restarts, and the doctor should name it as the live version', async () => {
    // given a first start, which deploys every file of processes/ and forms/
    app = await spawnApp(env);
    expect(app.output()).to.match(/deployed 27 resources: processes\/complaint\.bpmn \(not in the engine\)/);
    // and the designer's own version of 不予受理, saved and deployed through the designer's API as the designer page does
    const designer = new ApiClient(app.url);
    expect((await designer.login('designer')).status).to.equal(201);
    const saved = await designer.request('put', '/api/designer/bpmn/refusal', { body: { content: REFUSAL.replace('不予受理', '不予受理（设计器版）'), baseVersion: 0 } });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    const deployed = await designer.post('/api/designer/bpmn/refusal/deploy', { version: 1 });
    expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    const designersKey = (deployed.body as { deployedVersionKey: string }).deployedVersionKey;

    // when the app is restarted twice
    for (const restart of [1, 2]) {
      expect(await app.stop(), `exit code before restart ${restart}`).to.equal(0);
      app = await spawnApp(env);

      // then each start deploys nothing, and the designer's version is the one new cases run
      expect(app.output(), `restart ${restart}`).to.include('deployed no resources; 27 unchanged since the last start');
      expect(app.output(), `restart ${restart}`).to.not.include('warning:');
      const camunda = sdkClient(`http://127.0.0.1:${env.ENGINE_PORT}`, readCredential(defaultCredentialsPath(env.ENGINE_DATA)));
      expect(await liveDefinition(camunda, 'refusal'), `restart ${restart}`).to.deep.equal({ processDefinitionKey: designersKey, version: 2 });
    }

    // and the doctor passes, warning that the designer's version is live and the file differs from it
    const doctor = await runCommand('doctor.ts', [], { ENGINE_HOST: '127.0.0.1', ENGINE_PORT: env.ENGINE_PORT, ENGINE_DATA: env.ENGINE_DATA, ...storeEnv(storeConfig) });
    expect(doctor.code, doctor.stdout + doctor.stderr).to.equal(0);
    expect(doctor.stdout).to.match(/^⚠ diagrams: the designer's version 1 of process refusal is live \(engine version 2, deployed \S+ by the designer\) and processes\/refusal\.bpmn differs from it/m);
    expect(doctor.stdout.trim().split('\n').at(-1)).to.equal('All checks passed, with 1 warning(s).');
  });

  it('should finish starting and then stop cleanly when SIGTERM arrives while it starts', async () => {
    // when a process manager stops the app while it deploys, before it serves
    const { code, output } = await stopAppWhileStarting(env, /deployed \d+ resources/);

    // then it was not killed half-way: it said so, stopped what it had started and exited 0
    expect(code, output).to.equal(0);
    expect(output).to.include('SIGTERM while starting: stopping as soon as the start is complete');
    expect(output).to.include('SIGTERM: stopping web app, workers and engine');
    expect(output).to.not.include('Service Hall running');
    // and its worker heartbeat is gone, so the doctor does not count a stopped instance
    const store = await sandbox.open(storeConfig);
    expect(await store.workerHeartbeats.listSeenSince(new Date(0))).to.deep.equal([]);
  });
});
