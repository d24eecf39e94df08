import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CamundaRestClient } from '@camunda8/sdk';
import { expect } from 'chai';
import type { Store } from '../../domain/store/index.js';
import { DEMO_ACCOUNTS } from '../../web/demo-accounts.js';
import { spawnApps, type AppProcess } from '../support/app-process.js';
import { CASE_JOB_MESSAGES, caseJobsLogged, casesLogged, instanceEnv, openDesks, runCaseLoad, STEPS, until } from '../support/case-load.js';
import { sdkClient } from '../support/engine.js';
import { freePort, spawnEngine, type EngineProcess } from '../support/engine-process.js';
import { startSmtpServer, type TestSmtpServer } from '../support/mail.js';
import { assertPostgresReachable, StoreSandbox } from '../support/store.js';

/**
 * Cluster mode on one machine: one engine (its own process), one PostgreSQL schema, one SMTP
 * server, and two app processes exactly as `npm start` runs them, started at the same moment on
 * the empty schema. Each runs every job worker, the outbox dispatcher and the web app, so the two
 * compete for every job and every outbox message. The cases are taken in at the window through
 * the engine (the hall has no HTTP intake), and worked by 王芳 (mz-clerk-a) logged in on both
 * instances, each step on the instance the other step did not use; every fifth case's last step
 * is submitted on both instances at once. The applicants rate their cases through the public API,
 * alternating between the instances.
 *
 * 内地居民结婚登记 (MZ-001, 即办件): material check, acceptance, handling on the spot, then the
 * result and an invitation to rate, each also sent by e-mail (the applicant gave an address).
 */

const CASES = 30;
/** cases worked at the same time, as at a few windows of the hall */
const PARALLEL = 6;
/** every fifth case's last step goes to both instances at once */
const RACE_EVERY = 5;

const count = <T>(items: T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const repeated = (counts: Map<string, number>) => [...counts].filter(([, n]) => n > 1);

describe('scenarios/two-instances', function () {
  this.timeout(240_000);
  const sandbox = new StoreSandbox('postgres');
  let dir: string | undefined;
  let engine: EngineProcess | undefined;
  let smtp: TestSmtpServer | undefined;
  const apps: AppProcess[] = [];
  let store: Store | undefined;

  after(async () => {
    for (const app of apps) await app.stop();
    await engine?.stop();
    await smtp?.close();
    await sandbox.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should complete every case once: no task listed twice, no notification sent twice, no completion lost', async () => {
    // given an engine, an SMTP server and an empty PostgreSQL schema
    await assertPostgresReachable();
    dir = mkdtempSync(join(tmpdir(), 'two-instances-'));
    engine = await spawnEngine({ port: await freePort(), dataPath: join(dir, 'engine.db') });
    smtp = await startSmtpServer();
    const storeConfig = sandbox.config();
    const env = instanceEnv({ engine, store: storeConfig, smtpUrl: smtp.url });

    // when two app instances start at the same moment on it
    const started = Date.now();
    apps.push(...(await spawnApps(env, 2)));
    const startMs = Date.now() - started;
    store = await sandbox.open(storeConfig);
    const camunda: CamundaRestClient = sdkClient(engine.url, engine.credential);

    // then the catalogue and the demo accounts were seeded by one of them, and each deployed the same resources
    const outputs = () => apps.map((app) => app.output());
    expect(outputs().filter((o) => o.includes('published the seed catalogue')), 'instances that seeded the catalogue').to.have.length(1);
    expect(outputs().filter((o) => o.includes('seeded the demo accounts')), 'instances that seeded the demo accounts').to.have.length(1);
    expect(await store.users.count()).to.equal(DEMO_ACCOUNTS.length);
    // (whichever deploys second finds the files deployed, or sends them again unchanged)
    for (const o of outputs()) expect(o).to.match(/deployed (?:\d+ resources: .*|no resources); \d+ unchanged since the last start/);
    // (the engine keeps one version of a resource deployed again unchanged)
    const definitions = (await camunda.searchProcessDefinitions({ filter: {}, page: { limit: 100 } } as never)).items as unknown as Array<{ processDefinitionId: string; version: number }>;
    const diagrams = readdirSync(join(import.meta.dirname, '..', '..', 'processes')).filter((name) => name.endsWith('.bpmn'));
    expect(definitions.map((d) => `${d.processDefinitionId} v${d.version}`).sort()).to.deep.equal(diagrams.map((name) => `${name.replace(/\.bpmn$/, '')} v1`).sort());

    // and when 王芳 works a load of cases on both instances
    const { listings, racedAnswers, wallMs: runMs } = await runCaseLoad(camunda, store, await openDesks(apps.map((app) => app.url)), {
      cases: CASES,
      parallel: PARALLEL,
      raceLastStepEvery: RACE_EVERY,
    });
    await until('every outbox message handled', async () => (await store!.outbox.list({ status: 'pending' })).length === 0);
    const emails = (await store.outbox.list()).filter((m) => m.channel === 'email');
    await until('every e-mail received', () => Promise.resolve(smtp!.received.length >= emails.length));

    // then every process instance completed in the engine, without an incident
    const instances = (await camunda.searchProcessInstances({ filter: {}, page: { limit: 1000 } } as never)).items as unknown as Array<{ processDefinitionId: string; state: string }>;
    expect(count(instances, (p) => `${p.processDefinitionId} ${p.state}`)).to.deep.equal(
      new Map([
        [`immediate-case COMPLETED`, CASES],
        [`evaluation COMPLETED`, CASES],
      ]),
    );
    expect((await camunda.searchIncidents({ filter: {} })).items).to.deep.equal([]);

    // and every case finished, rated once, with the same timeline, notices and messages as the others
    const cases = await store.db.selectFrom('cases').select(['id', 'status', 'result']).execute();
    expect(count(cases, (c) => `${c.status} ${c.result}`)).to.deep.equal(new Map([['completed approved', CASES]]));
    expect(await store.db.selectFrom('evaluations').select('case_id').execute()).to.have.length(CASES);
    const perCase = async (id: string) => ({
      events: (await store!.cases.events(id)).map((e) => e.kind).sort(),
      notices: (await store!.notices.listForCase(id)).map((n) => n.kind).sort(),
      outbox: (await store!.outbox.list({ caseId: id })).map((m) => `${m.channel} ${m.subject?.replace(/[A-Z]{2}\d{8}-\d{4}/g, '<n>')}`).sort(),
    });
    const first = await perCase(cases[0].id);
    expect(first.events, 'a case timeline').to.include.members(['completed', 'evaluation-invited', 'rated']);
    for (const c of cases) expect(await perCase(c.id), `case ${c.id}`).to.deep.equal(first);

    // and every task is recorded once and completed once, however often it was listed or submitted
    const tasks = await store.tasks.list();
    expect(tasks).to.have.length(CASES * STEPS.length);
    expect(repeated(count(tasks, (t) => `${t.processInstanceKey} ${t.elementId}`)), 'tasks recorded twice').to.deep.equal([]);
    expect(count(tasks, (t) => t.state)).to.deep.equal(new Map([['completed', CASES * STEPS.length]]));
    const completions = await store.db.selectFrom('audit_log').select('target_id').where('action', '=', 'task.complete').execute();
    expect(repeated(count(completions, (c) => c.target_id)), 'tasks completed twice').to.deep.equal([]);
    expect(completions).to.have.length(CASES * STEPS.length);
    for (const keys of listings) expect(repeated(count(keys, (k) => k)), 'an inbox listing').to.deep.equal([]);
    expect(racedAnswers, 'submissions of one task on both instances at once').to.deep.equal(Array.from({ length: CASES / RACE_EVERY }, () => [200, 409]));

    // and every message was delivered once: claimed once, sent once, received once
    const outbox = await store.outbox.list();
    expect(count(outbox, (m) => `${m.status} ${m.attempts}`)).to.deep.equal(new Map([['sent 1', outbox.length]]));
    expect(emails).to.have.length(CASES * first.outbox.filter((m) => m.startsWith('email')).length);
    const received = count(smtp.received, (mail) => `${mail.to.join(',')} ${mail.subject}`);
    expect(repeated(received), 'e-mails received twice').to.deep.equal([]);
    expect(new Set(received.keys())).to.deep.equal(new Set(emails.map((m) => `${m.recipient} ${m.subject}`)));

    // and the shared rate limit counted the ratings on both instances together
    const ratingCount = await store.db.selectFrom('rate_limits').select(['key', 'hits']).where('key', 'like', 'code:%').execute();
    expect(ratingCount.map((r) => r.hits)).to.deep.equal([CASES]);

    // and both instances took jobs and served the clerk, and each job's work was logged once in all
    for (const message of CASE_JOB_MESSAGES) {
      const all = outputs().flatMap((o) => casesLogged(o, message));
      expect(all, `'${message}' logged`).to.have.length(CASES);
      expect(new Set(all).size, `cases '${message}' was logged for`).to.equal(CASES);
    }
    const jobsPerInstance = outputs().map(caseJobsLogged);
    for (const [n, jobs] of jobsPerInstance.entries()) expect(jobs, `jobs logged by instance ${n + 1}`).to.be.greaterThan(0);
    for (const o of outputs()) expect(o).to.match(/POST \/api\/tasks\/\d+\/completion 200/);

    // and both stop cleanly when told to
    const codes = await Promise.all(apps.map((app) => app.stop()));
    expect(codes).to.deep.equal([0, 0]);
    console.log(
      `      two instances: started in ${startMs} ms; ${CASES} cases (${tasks.length} tasks, ${outbox.length} messages, ${emails.length} e-mails) in ${Math.round(runMs)} ms; ` +
        `case jobs logged per instance ${jobsPerInstance.join(' / ')}`,
    );
  });
});
