import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import { migrations } from '../../domain/store/migrations/index.js';
import { runDoctor } from '../../scripts/lib/doctor/run.js';
import { readResources } from '../../scripts/lib/resources.js';
import { startHeartbeat, type RunningHeartbeat } from '../../workers/heartbeat.js';
import { workerModules } from '../../workers/index.js';
import { fixture } from '../support/engine.js';
import { freePort } from '../support/engine-process.js';
import { openTestStore, storeEnv } from '../support/test-store.js';
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
    env = { ENGINE_HOST: '127.0.0.1', ENGINE_PORT: new URL(h.engine.url).port, ...storeEnv(h.storeConfig) };
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
    expect(findings.map((f) => f.check)).to.deep.equal(['engine', 'store', 'diagrams', 'workers']);
    expect(findings[0].message).to.equal(`${h.engine.url} answers (embedded engine, gateway ${(await h.engine.client.getTopology()).gatewayVersion})`);
    expect(findings[2].message).to.match(/^the 8 process\(es\) of processes\/ \(8 file\(s\)\) are deployed at their current version$/);
    expect(findings[3].message).to.include(`pid ${process.pid}`);
    expect(heartbeatErrors).to.deep.equal([]);
  });

  it('should name a diagram that is not deployed', async () => {
    const root = projectWith({ 'doctor-undeployed.bpmn': fixture('scripts/doctor/doctor-check.bpmn').replaceAll('doctor-check', 'doctor-undeployed') });

    const findings = await runDoctor({ env, root });

    expect(failures(findings)).to.deep.equal([
      'diagrams: process doctor-undeployed of processes/doctor-undeployed.bpmn is not deployed; restart the app (it deploys processes/ at start) or deploy it from the designer',
    ]);
  });

  it('should name a diagram whose file changed after deployment, with the version deployed', async () => {
    // given version 1 deployed, and the file edited since
    const deployed = fixture('scripts/doctor/doctor-check.bpmn');
    await h.engine.client.deployResources([{ name: 'doctor-check.bpmn', content: deployed }]);
    const root = projectWith({ 'doctor-check.bpmn': deployed.replace('name="记录"', 'name="登记"') });

    // when the doctor compares
    const findings = await runDoctor({ env, root });

    // then the edit is named, and the file as deployed passes
    expect(failures(findings)).to.deep.equal([
      'diagrams: deployed version 1 of process doctor-check differs from processes/doctor-check.bpmn; restart the app (it deploys processes/ at start) or deploy it from the designer',
    ]);
    expect(failures(await runDoctor({ env, root: projectWith({ 'doctor-check.bpmn': deployed }) }))).to.deep.equal([]);
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
      // the workers check needs the store, and says so
      expect(failures(findings)[1]).to.equal('workers: running workers not checked: their heartbeats are in the store, which could not be used (see above)');
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
    expect(lines.map((l) => l.split(':')[0])).to.deep.equal(['✔ engine', '✔ store', '✔ diagrams', '✔ workers', 'All checks passed.']);
    expect(broken.code, broken.stdout + broken.stderr).to.equal(1);
    expect(broken.stdout).to.include(`✘ engine: the engine at http://127.0.0.1:${closed} cannot be reached: connection refused`);
    expect(broken.stdout.trim().split('\n').at(-1)).to.equal('2 problem(s) found.');
  });
});
