import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import { migrations } from '../../domain/store/migrations/index.js';
import { formatReport } from '../../scripts/lib/doctor/report.js';
import { runDoctor } from '../../scripts/lib/doctor/run.js';
import { deployProjectFiles } from '../../scripts/lib/file-deployments.js';
import { readResources } from '../../scripts/lib/resources.js';
import { startHeartbeat, type RunningHeartbeat } from '../../workers/heartbeat.js';
import { workerModules } from '../../workers/index.js';
import { fixture } from '../support/engine.js';
import { freePort } from '../support/engine-process.js';
import { openTestStore, storeEnv } from '../support/test-store.js';
import { startWebOn } from '../support/web-system.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';
import { runCommand } from './run-command.js';

/** `npm run doctor` as a person runs it: a separate process with the settings in its environment. */
const runDoctorProcess = (env: Record<string, string>) => runCommand('doctor.ts', [], env);

describe('scripts/doctor', function () {
  this.timeout(60_000);
  let h: WorkerHarness;
  let heartbeat: RunningHeartbeat;
  /** the settings `npm start` would run this system with */
  let env: Record<string, string>;
  const roots: string[] = [];
  const heartbeatErrors: unknown[] = [];

  before(async () => {
    // a running system: engine, store, every worker, processes/ and forms/ deployed, a heartbeat
    h = await startWorkerHarness();
    await h.engine.client.deployResources(await readResources());
    heartbeat = await startHeartbeat({
      heartbeats: h.store.workerHeartbeats,
      jobTypes: workerModules().map((m) => m.jobType),
      clock: () => new Date(),
      config: { intervalMs: 10_000 },
      onError: (error) => heartbeatErrors.push(error),
    });
    env = { ENGINE_HOST: '127.0.0.1', ENGINE_PORT: new URL(h.engine.url).port, ENGINE_DATA: h.engine.dataPath, ...storeEnv(h.storeConfig) };
  });

  after(async () => {
    await heartbeat?.stop();
    await h?.stop();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  /** A project folder whose processes/ holds just these diagrams. */
  function projectWith(diagrams: Record<string, string>): string {
    const root = mkdtempSync(join(tmpdir(), 'doctor-'));
    roots.push(root);
    mkdirSync(join(root, 'processes'));
    for (const [name, xml] of Object.entries(diagrams)) writeFileSync(join(root, 'processes', name), xml);
    return root;
  }

  const failures = (findings: Awaited<ReturnType<typeof runDoctor>>) => findings.filter((f) => !f.ok).map((f) => `${f.check}: ${f.message}`);

  it('should pass every check on a running system', async () => {
    const findings = await runDoctor({ env });

    expect(failures(findings)).to.deep.equal([]);
    expect(findings.map((f) => f.check)).to.deep.equal(['engine', 'store', 'diagrams', 'forms', 'workers']);
    expect(findings[0].message).to.equal(`${h.engine.url} answers (embedded engine, auth BASIC, gateway ${(await h.engine.client.getTopology()).gatewayVersion})`);
    expect(findings[2].message).to.match(/^the 8 process\(es\) of processes\/ \(8 file\(s\)\) are deployed at their current version$/);
    expect(findings[3].message).to.equal('none of the 19 form(s) of forms/ changed since npm start last deployed it');
    expect(findings[4].message).to.include(`pid ${process.pid}`);
    expect(heartbeatErrors).to.deep.equal([]);
  });

  it('should say it cannot sign in when the engine credential file is missing, naming the file', async () => {
    const missing = join(tmpdir(), 'no-such-folder', 'engine-credentials.json');

    const findings = await runDoctor({ env: { ...env, ENGINE_CREDENTIALS: missing } });

    expect(findings[0].ok).to.equal(false);
    expect(findings[0].message).to.include(`cannot sign in to the engine at ${h.engine.url}: ${missing}: cannot read the engine credential file (ENOENT)`);
  });

  it('should name a diagram that is not deployed', async () => {
    const root = projectWith({ 'doctor-undeployed.bpmn': fixture('scripts/doctor/doctor-check.bpmn').replaceAll('doctor-check', 'doctor-undeployed') });

    const findings = await runDoctor({ env, root });

    expect(failures(findings)).to.deep.equal([
      'diagrams: process doctor-undeployed of processes/doctor-undeployed.bpmn is not deployed; restart the app (npm start deploys a process the engine lacks) or deploy it from the designer',
    ]);
  });

  /** A fixture diagram under its own process id, so that each test has a process of its own in the shared engine. */
  const diagramOf = (id: string, taskName = '记录') => fixture('scripts/doctor/doctor-check.bpmn').replaceAll('doctor-check', id).replace('name="记录"', `name="${taskName}"`);
  /** What `npm start` does with processes/ and forms/ of the project folder. */
  const start = (root: string) => deployProjectFiles({ camunda: h.engine.client, store: h.store, root });
  const warnings = (findings: Awaited<ReturnType<typeof runDoctor>>) => findings.filter((f) => f.warning).map((f) => `${f.check}: ${f.message}`);

  /** The designer page's save and deploy, as the designer account. */
  async function designerDeploys(kind: 'bpmn' | 'form', id: string, content: string): Promise<void> {
    const web = await startWebOn({ store: h.store, camunda: h.engine.client, clock: () => new Date() });
    try {
      const designer = await web.as('designer');
      const saved = await designer.request('put', `/api/designer/${kind}/${id}`, { body: { content } });
      expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
      const deployed = await designer.post(`/api/designer/${kind}/${id}/deploy`, { version: (saved.body as { version: number }).version });
      expect(deployed.status, JSON.stringify(deployed.body)).to.equal(201);
    } finally {
      await web.close();
    }
  }

  it('should name a file that changed since npm start deployed it, with the live version, until a restart deploys it', async () => {
    // given npm start deployed the file as version 1, and the file was edited since
    const root = projectWith({ 'doctor-started.bpmn': diagramOf('doctor-started') });
    await start(root);
    writeFileSync(join(root, 'processes', 'doctor-started.bpmn'), diagramOf('doctor-started', '登记'));

    // when the doctor compares
    const findings = await runDoctor({ env, root });

    // then the edit is named with the version that is live
    expect(failures(findings)).to.deep.equal([
      'diagrams: processes/doctor-started.bpmn changed since npm start deployed it as engine version 1 of process doctor-started, which is live; restart the app to deploy the file',
    ]);
    // and once a start deployed it, all is well
    await start(root);
    const after = await runDoctor({ env, root });
    expect(failures(after)).to.deep.equal([]);
    expect(warnings(after)).to.deep.equal([]);
  });

  it('should name a live version that neither npm start nor the designer deployed', async () => {
    await h.engine.client.deployResources([{ name: 'doctor-foreign.bpmn', content: diagramOf('doctor-foreign') }]);

    const findings = await runDoctor({ env, root: projectWith({ 'doctor-foreign.bpmn': diagramOf('doctor-foreign', '登记') }) });

    expect(failures(findings)).to.deep.equal([
      'diagrams: engine version 1 of process doctor-foreign is live, differs from processes/doctor-foreign.bpmn, and was deployed neither by npm start nor by the designer; restart the app to deploy the file, or deploy it from the designer',
    ]);
  });

  it('should warn, not fail, when the designer version is live and the file differs, naming the designer and engine versions', async () => {
    // given npm start deployed the file, then the designer deployed its own version
    const root = projectWith({ 'doctor-designed.bpmn': diagramOf('doctor-designed') });
    await start(root);
    await designerDeploys('bpmn', 'doctor-designed', diagramOf('doctor-designed', '设计器改过'));

    const findings = await runDoctor({ env, root });

    expect(failures(findings)).to.deep.equal([]);
    expect(warnings(findings)).to.have.length(1);
    expect(warnings(findings)[0]).to.match(
      /^diagrams: the designer's version 1 of process doctor-designed is live \(engine version 2, deployed \S+ by the designer\) and processes\/doctor-designed\.bpmn differs from it; npm start leaves it live: to run the file instead, save its content as a new version in the designer and deploy that/,
    );
    const report = formatReport(findings);
    expect(report).to.match(/^⚠ diagrams: the designer's version 1 of process doctor-designed is live/m);
    expect(report.trim().split('\n').at(-1)).to.equal('All checks passed, with 1 warning(s).');
  });

  it('should warn when the file is live over a designer version the designer page still shows as deployed', async () => {
    // given the designer's version replaced by the file, as npm start did before it kept records
    const root = projectWith({ 'doctor-reverted.bpmn': diagramOf('doctor-reverted') });
    await start(root);
    await designerDeploys('bpmn', 'doctor-reverted', diagramOf('doctor-reverted', '设计器改过'));
    await h.engine.client.deployResources([{ name: 'doctor-reverted.bpmn', content: diagramOf('doctor-reverted') }]);

    const findings = await runDoctor({ env, root });

    expect(failures(findings)).to.deep.equal([]);
    expect(warnings(findings)).to.have.length(1);
    expect(warnings(findings)[0]).to.match(
      /^diagrams: processes\/doctor-reverted\.bpmn is live as engine version 3 of process doctor-reverted; the designer's version 1, deployed \S+, no longer runs new cases$/,
    );
  });

  it('should name a form changed since npm start deployed it, and warn about a newer designer form the file differs from', async () => {
    const form = fixture('web/designer-demo-form.form');
    const other = form.replaceAll('designer-demo-form', 'doctor-designed-form');
    const root = projectWith({});
    mkdirSync(join(root, 'forms'));
    writeFileSync(join(root, 'forms', 'designer-demo-form.form'), form);
    writeFileSync(join(root, 'forms', 'doctor-designed-form.form'), other);
    await start(root);
    await designerDeploys('form', 'doctor-designed-form', other.replace('"姓名"', '"申请人姓名"'));
    writeFileSync(join(root, 'forms', 'designer-demo-form.form'), form.replace('"姓名"', '"名字"'));

    const findings = await runDoctor({ env, root });

    expect(failures(findings)).to.deep.equal([
      'forms: forms/designer-demo-form.form changed since npm start deployed it as version 1 of form designer-demo-form; restart the app to deploy the file',
    ]);
    expect(warnings(findings)).to.have.length(1);
    expect(warnings(findings)[0]).to.match(/^forms: the designer's version 1 of form doctor-designed-form is live \(deployed \S+ by the designer\) and forms\/doctor-designed-form\.form differs from it/);
  });

  it('should name a job type no worker module implements, found in a sub-process', async () => {
    const xml = fixture('scripts/doctor/doctor-unknown-job.bpmn');
    await h.engine.client.deployResources([{ name: 'doctor-unknown-job.bpmn', content: xml }]);

    const findings = await runDoctor({ env, root: projectWith({ 'doctor-unknown-job.bpmn': xml }) });

    // the FEEL-computed type cannot be known before a run and is left out
    expect(failures(findings)).to.deep.equal([
      'workers: job type doctor-no-such-worker (processes/doctor-unknown-job.bpmn) has no worker module; add one to workers/ and list it in workers/index.ts, or correct the type in the diagram',
    ]);
  });

  it('should name the job types no running instance polls', async () => {
    // given, a minute from now, only an instance polling case-stage has beaten recently
    const later = new Date(Date.now() + 60_000);
    await h.store.workerHeartbeats.record({ instanceId: 'other:1:x', host: 'other', pid: 1, jobTypes: ['case-stage'], startedAt: later, seenAt: later });
    try {
      const root = projectWith({ 'doctor-unknown-job.bpmn': fixture('scripts/doctor/doctor-unknown-job.bpmn'), 'doctor-check.bpmn': fixture('scripts/doctor/doctor-check.bpmn') });

      const findings = await runDoctor({ env, root, now: () => later });

      expect(failures(findings).filter((f) => f.startsWith('workers: no running'))).to.deep.equal([
        'workers: no running app instance polls job type user-task-creating; start the app (npm start) or check its logs',
      ]);
    } finally {
      await h.store.workerHeartbeats.remove('other:1:x');
    }
  });

  it('should say that no instance runs when no heartbeat is recent', async () => {
    const findings = await runDoctor({ env, now: () => new Date(Date.now() + 31_000) });

    expect(failures(findings)).to.deep.equal([
      'workers: no running app instance polls any job type (no worker heartbeat in the last 30 s); start the app (npm start) or check its logs',
    ]);
  });

  it('should say the engine cannot be reached at a closed port, naming the address, and skip the diagrams', async () => {
    const port = await freePort();

    const findings = await runDoctor({ env: { ...env, ENGINE_PORT: String(port) } });

    expect(failures(findings)).to.deep.equal([
      `engine: the engine at http://127.0.0.1:${port} cannot be reached: connection refused: nothing listens there; start the app (npm start runs the embedded engine), or set ENGINE_HOST and ENGINE_PORT to where it listens`,
      'diagrams: not compared with the engine, which could not be reached (see above)',
    ]);
  });

  it('should give up on an engine that accepts connections but never answers', async () => {
    // given a server that holds every connection open in silence
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const started = Date.now();
      const findings = await runDoctor({ env: { ...env, ENGINE_PORT: String(port) }, timeoutMs: 300 });

      expect(failures(findings)[0]).to.equal(
        `engine: the engine at http://127.0.0.1:${port} cannot be reached: no answer within 0.3 s; start the app (npm start runs the embedded engine), or set ENGINE_HOST and ENGINE_PORT to where it listens`,
      );
      expect(Date.now() - started).to.be.below(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  it('should report a store that lacks a migration, and leave it as it is', async () => {
    // given a store whose last migration has not run
    const last = Object.keys(migrations).at(-1)!;
    const behind = await openTestStore();
    try {
      await sql`delete from kysely_migration where name = ${last}`.execute(behind.store.db);

      const findings = await runDoctor({ env: { ...env, ...storeEnv(behind.config) } });

      expect(failures(findings)[0]).to.match(new RegExp(`^store: .* lacks migration\\(s\\) ${last}; back it up, then start this version of the app once`));
      // the forms and workers checks need the store, and say so
      expect(failures(findings).slice(1)).to.deep.equal([
        'forms: not compared: what was deployed is recorded in the store, which could not be used (see above)',
        'workers: running workers not checked: their heartbeats are in the store, which could not be used (see above)',
      ]);
      const { rows } = await sql<{ name: string }>`select name from kysely_migration where name = ${last}`.execute(behind.store.db);
      expect(rows, 'the doctor did not migrate').to.deep.equal([]);
    } finally {
      await behind.close();
    }
  });

  it('should name the variable of a setting it cannot use', async () => {
    const findings = await runDoctor({ env: { ...env, ZEEBE_CLIENT_ID: 'hall' } });

    expect(failures(findings)[0]).to.match(/^engine: ZEEBE_REST_ADDRESS: not set, but ZEEBE_CLIENT_ID is: .*; correct the setting$/);
  });

  it('should exit 0 with a ✔ line per check as a process on a running system, and 1 naming what is wrong', async () => {
    const closed = await freePort();

    const [healthy, broken] = await Promise.all([runDoctorProcess(env), runDoctorProcess({ ...env, ENGINE_PORT: String(closed) })]);

    expect(healthy.code, healthy.stdout + healthy.stderr).to.equal(0);
    const lines = healthy.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).to.deep.equal(['✔ engine', '✔ store', '✔ diagrams', '✔ forms', '✔ workers', 'All checks passed.']);
    expect(broken.code, broken.stdout + broken.stderr).to.equal(1);
    expect(broken.stdout).to.include(`✘ engine: the engine at http://127.0.0.1:${closed} cannot be reached: connection refused`);
    expect(broken.stdout.trim().split('\n').at(-1)).to.equal('2 problem(s) found.');
  });
});
