import { expect } from 'chai';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreConfig } from '../../../domain/store/index.js';
import { sha256File } from '../../../scripts/backup/files.js';
import type { Manifest } from '../../../scripts/backup/manifest.js';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { openTestStore, storeEnv, type TestStore } from '../../support/test-store.js';
import { until as poll } from '../../support/until.js';
import { runCommand, type CommandResult } from '../run-command.js';

/**
 * `npm run backup` against a system under load: an engine creating process instances and a
 * worker recording each job's effect in the store (processedJobs.runOnce, as the project's
 * workers do) and completing it, while the command runs in its own process. Then `npm run
 * restore` into a fresh place, and an engine and store started on what it restored. The store
 * is TEST_STORE's: an SQLite file (copied with VACUUM INTO) or a PostgreSQL schema (pg_dump).
 */

const PROCESS_ID = 'backup-record-then-wait';
const RECORD = 'backup-record';
const WAIT = 'backup-wait';
const CREATION_LANES = 8;
/** acknowledged creations before the backup starts */
const WARM_UP = 300;
/** short, so jobs activated when the engine was copied are handed out again soon after the restore */
const JOB_TIMEOUT_MS = 2_000;
const DEADLINE_MS = 30_000;

const until = (what: string, condition: () => boolean | Promise<boolean>) => poll(what, condition, { timeoutMs: DEADLINE_MS, intervalMs: 20 });

function integrityCheck(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** The worker's effect, once per job key whatever the number of deliveries; true when this delivery ran it. */
async function recordEffect(store: Store, jobKey: string, processInstanceKey: string): Promise<boolean> {
  let ran = false;
  await store.processedJobs.runOnce(`${RECORD}:${jobKey}`, RECORD, async (tx) => {
    ran = true;
    await tx.audit.record({ actor: 'backup-spec', action: RECORD, targetType: 'process-instance', targetId: processInstanceKey });
  });
  return ran;
}

describe('scripts/backup: backing up a running system and restoring it', function () {
  this.timeout(120_000);

  let dir: string;
  let live: TestEngine | undefined;
  let liveStore: TestStore | undefined;
  let restoredEngine: TestEngine | undefined;
  let restoredStore: Store | undefined;
  let restoredStoreConfig: StoreConfig;
  let backupDir: string;
  let backup: CommandResult;
  let restore: CommandResult;
  const acknowledged = new Set<string>();
  const recorded = new Set<string>();
  let acknowledgedBefore: Set<string>;
  let recordedBefore: Set<string>;
  let acknowledgedDuring: number;
  let recordedDuring: number;
  const callFailures: unknown[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backup-live-'));
    backupDir = join(dir, 'backup');
    live = await startTestEngine(join(dir, 'live', 'engine.db'));
    liveStore = await openTestStore();
    const { client } = live;
    const store = liveStore.store;
    await client.deployResources([{ name: 'record-then-wait.bpmn', content: fixture('scripts/backup/record-then-wait.bpmn') }]);

    let running = true;
    let handlersInFlight = 0;
    const lane = async () => {
      while (running) {
        try {
          acknowledged.add((await client.createProcessInstance({ processDefinitionId: PROCESS_ID, variables: {} })).processInstanceKey);
        } catch (error) {
          callFailures.push(error);
        }
      }
    };
    client.createJobWorker({
      type: RECORD,
      worker: 'backup-spec',
      timeout: JOB_TIMEOUT_MS,
      maxJobsToActivate: 32,
      requestTimeout: 1_000,
      pollIntervalMs: 20,
      maxBackoffTimeMs: 250,
      jobHandler: async (job) => {
        handlersInFlight++;
        try {
          await recordEffect(store, job.jobKey, job.processInstanceKey);
          recorded.add(job.processInstanceKey);
          return await job.complete({});
        } catch (error) {
          if (running) callFailures.push(error);
          return job.forward();
        } finally {
          handlersInFlight--;
        }
      },
    });
    const lanes = Array.from({ length: CREATION_LANES }, lane);

    await until(`${WARM_UP} acknowledged creations`, () => acknowledged.size >= WARM_UP && recorded.size >= WARM_UP / 2);
    acknowledgedBefore = new Set(acknowledged);
    recordedBefore = new Set(recorded);
    backup = await runCommand('backup.ts', [backupDir], { ENGINE_DATA: live.dataPath, ...storeEnv(liveStore.config) });
    acknowledgedDuring = acknowledged.size - acknowledgedBefore.size;
    recordedDuring = recorded.size - recordedBefore.size;

    running = false;
    await Promise.all(lanes);
    client.stopWorkers();
    await until('the last job handlers', () => handlersInFlight === 0);
    await live.stop();
    live = undefined;
    // a PostgreSQL store's schema is dropped here: the restore recreates it
    await liveStore.close();
    if (backup.code !== 0) throw new Error(`backup failed (exit ${backup.code}): ${backup.stderr}`);

    const restoredDir = join(dir, 'restored');
    restoredStoreConfig = liveStore.config.kind === 'sqlite' ? { kind: 'sqlite', path: join(restoredDir, 'store.db') } : liveStore.config;
    restore = await runCommand('restore.ts', [backupDir], { ENGINE_DATA: join(restoredDir, 'engine.db'), ...storeEnv(restoredStoreConfig) });
    if (restore.code !== 0) throw new Error(`restore failed (exit ${restore.code}): ${restore.stderr}`);
  });

  after(async () => {
    live?.client.stopWorkers();
    restoredEngine?.client.stopWorkers();
    await live?.stop();
    await liveStore?.close();
    await restoredEngine?.stop();
    await restoredStore?.close();
    if (restoredStoreConfig?.kind === 'postgres') {
      const client = new pg.Client({ connectionString: restoredStoreConfig.connectionString });
      await client.connect();
      await client.query(`drop schema if exists "${restoredStoreConfig.schema}" cascade`);
      await client.end();
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should take the backup while instances are created and jobs completed, failing no call', () => {
    console.log(
      `      ${liveStore!.config.kind} store: backup command ${backup.ms} ms with ${acknowledgedDuring} creations and ${recordedDuring} recorded jobs ` +
        `acknowledged meanwhile (${acknowledgedBefore.size} and ${recordedBefore.size} before it); restore command ${restore.ms} ms`,
    );
    console.log(backup.stdout.replace(/^/gm, '      | ').trimEnd());
    expect(backup.code, backup.stderr).to.equal(0);
    expect(callFailures, 'engine or store calls that failed during the load').to.deep.equal([]);
    expect(acknowledgedDuring, 'creations acknowledged while the backup command ran').to.be.greaterThan(0);
  });

  it('should describe each copy in the manifest, engine first, with size, checksum and check', async () => {
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.engineMode).to.equal('embedded');
    expect(manifest.parts.map((p) => `${p.role}:${p.kind}`)).to.deep.equal(['engine:sqlite', `store:${liveStore!.config.kind}`]);
    const [engine, store] = manifest.parts;
    expect(Date.parse(engine.snapshotAt)).to.be.at.most(Date.parse(store.snapshotAt));
    for (const part of manifest.parts) {
      expect(part.sha256, part.file).to.equal(await sha256File(join(backupDir, part.file)));
      expect(part.bytes, part.file).to.equal(readFileSync(join(backupDir, part.file)).length);
    }
    expect(engine.kind === 'sqlite' && engine.integrityCheck).to.equal('ok');
    if (store.kind === 'sqlite') expect(store.integrityCheck).to.equal('ok');
    else expect(store.schema).to.equal(liveStore!.config.kind === 'postgres' ? liveStore!.config.schema : undefined);
  });

  it('should restore files that pass the integrity check', () => {
    expect(restore.stdout).to.contain(join(dir, 'restored', 'engine.db'));
    expect(integrityCheck(join(dir, 'restored', 'engine.db'))).to.equal('ok');
    if (restoredStoreConfig.kind === 'sqlite') expect(integrityCheck(restoredStoreConfig.path)).to.equal('ok');
  });

  describe('the engine and store started on the restored databases', () => {
    before(async () => {
      restoredEngine = await startTestEngine(join(dir, 'restored', 'engine.db'));
      restoredStore = await openStore(restoredStoreConfig);
    });

    const instances = async () =>
      (await restoredEngine!.client.searchProcessInstances({ filter: { processDefinitionId: PROCESS_ID }, page: { from: 0, limit: 100_000 } })).items;
    const effects = async () => (await restoredStore!.audit.byActor('backup-spec')).map((e) => e.targetId);

    it('should hold every process instance whose creation was acknowledged before the backup began', async () => {
      const held = new Set((await instances()).map((i) => i.processInstanceKey));
      expect([...acknowledgedBefore].filter((key) => !held.has(key)), 'acknowledged instances missing').to.deep.equal([]);
    });

    it('should hold every store row written before the backup began', async () => {
      const held = new Set(await effects());
      expect([...recordedBefore].filter((key) => !held.has(key)), 'recorded effects missing').to.deep.equal([]);
    });

    it('should resume: waiting jobs complete, redelivered jobs find their effect recorded, and every instance completes with one effect', async () => {
      const { client } = restoredEngine!;
      const store = restoredStore!;
      let replayed = 0;
      client.createJobWorker({
        type: RECORD,
        worker: 'backup-spec-restored',
        timeout: JOB_TIMEOUT_MS,
        maxJobsToActivate: 32,
        pollIntervalMs: 20,
        jobHandler: async (job) => {
          if (!(await recordEffect(store, job.jobKey, job.processInstanceKey))) replayed++;
          return job.complete({});
        },
      });
      let waited = 0;
      client.createJobWorker({
        type: WAIT,
        worker: 'backup-spec-restored',
        timeout: JOB_TIMEOUT_MS,
        maxJobsToActivate: 32,
        pollIntervalMs: 20,
        jobHandler: (job) => {
          waited++;
          return job.complete({});
        },
      });
      await until('every restored instance to complete', async () => {
        const active = await client.searchProcessInstances({ filter: { processDefinitionId: PROCESS_ID, state: 'ACTIVE' }, page: { from: 0, limit: 1 } });
        return active.page.totalItems === 0;
      });
      client.stopWorkers();
      const all = await instances();
      console.log(`      ${all.length} instances restored; ${waited} waiting jobs completed; ${replayed} redelivered jobs found their effect already in the store`);
      expect(all.length).to.be.at.least(acknowledgedBefore.size);
      expect(new Set(all.map((i) => i.state))).to.deep.equal(new Set(['COMPLETED']));
      expect(waited).to.be.greaterThan(0);
      // a store behind the engine would show as an instance past its record task without the effect
      const perInstance = new Map<string, number>();
      for (const key of await effects()) perInstance.set(key, (perInstance.get(key) ?? 0) + 1);
      const wrong = all.map((i) => i.processInstanceKey).filter((key) => perInstance.get(key) !== 1);
      expect(wrong, 'instances with no effect or more than one').to.deep.equal([]);
    });
  });
});
