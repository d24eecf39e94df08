import type { CamundaRestClient } from '@camunda8/sdk';
import { expect } from 'chai';
import type { Store, StoreConfig } from '../../domain/store/index.js';
import { storeEnv } from './test-store.js';
import { basicAuthEnv } from './engine.js';
import type { EngineCredential } from '../../engine/index.js';
import { ApiClient, TEST_SECRET } from './web.js';
import { until as poll } from './until.js';
import { parseServerTiming } from '../../web/server-timing.js';

/**
 * A load of 内地居民结婚登记 cases (MZ-001, 即办件: material check, acceptance, handling on the
 * spot, then the result and an invitation to rate, each also sent by e-mail) worked by 王芳
 * (mz-clerk-a) logged in on every app instance, each step on the next instance in turn, and rated
 * by the applicants through the public API, again in turn. The cases are taken in at the window
 * through the engine (the hall has no HTTP intake). Shared by scenarios/two-instances, which
 * checks what the load left behind, and bench/instances, which times it.
 */

const MATERIALS = ['id-card', 'declaration', 'photo'];
export const STEPS: ReadonlyArray<{ elementId: string; variables: Record<string, unknown> }> = [
  { elementId: 'materialCheck', variables: { verifiedMaterials: MATERIALS, materialsComplete: true, fixedOnSpot: '' } },
  { elementId: 'acceptanceDecision', variables: { accepted: true } },
  { elementId: 'handleOnTheSpot', variables: { decision: 'approve', opinion: '材料齐全，当场办理结婚登记' } },
];

/** What every case's jobs log once, with its case number, on whichever instance took the job. */
export const CASE_JOB_MESSAGES = ['case registered', 'case completed', 'evaluation invited', 'rating recorded'] as const;

/** The case numbers of the lines an instance logged for `message` (a regular expression source). */
export function casesLogged(output: string, message: string): string[] {
  return [...output.matchAll(new RegExp(`^\\S+ info ${message} \\{"caseNumber":"([^"]+)"`, 'gm'))].map((m) => m[1]);
}

/** How many case jobs an instance logged, of every kind in CASE_JOB_MESSAGES. */
export const caseJobsLogged = (output: string): number => casesLogged(output, `(?:${CASE_JOB_MESSAGES.join('|')})`).length;

/** Whether a completion's answer names the steps it opened (web/inbox/completion-outcome.ts): then the store has them. */
const namesNextSteps = (body: unknown): boolean => (body as { outcome?: { kind?: unknown } } | undefined)?.outcome?.kind === 'next';

/** Polls as test/support/until.ts does, with the patience of app processes under load. */
export const until = <T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> =>
  poll(what, fn, { timeoutMs, intervalMs: 50 });

/** The variables of an app instance (`scripts/start.ts`) on a shared engine, store and SMTP server. */
export function instanceEnv(shared: { engine: { url: string; credential: EngineCredential }; store: StoreConfig; smtpUrl: string }): Record<string, string> {
  return {
    ...storeEnv(shared.store),
    ZEEBE_REST_ADDRESS: shared.engine.url,
    // the SDK's own variables, signed in with the engine's generated credential
    ...basicAuthEnv(shared.engine.credential),
    CAMUNDA_LOG_LEVEL: 'error',
    SMTP_URL: shared.smtpUrl,
    MAIL_FROM: '县政务服务中心 <noreply@example.gov.cn>',
    NOTIFY_INTERVAL_MS: '100',
    PORT: '0',
    SESSION_SECRET: TEST_SECRET,
    DEMO_ACCOUNTS: 'true',
    // every rating comes from this one address, counted across the instances in the store
    LOOKUP_RATE_LIMIT: '1000',
  };
}

export interface Desks {
  /** 王芳 (mz-clerk-a) logged in, one browser per instance */
  clerks: ApiClient[];
  /** an applicant's browser per instance, holding its CSRF token */
  applicants: ApiClient[];
}

export async function openDesks(urls: string[]): Promise<Desks> {
  const clerks = await Promise.all(
    urls.map(async (url) => {
      const browser = new ApiClient(url);
      expect((await browser.login('mz-clerk-a')).status, `log-in on ${url}`).to.equal(201);
      return browser;
    }),
  );
  const applicants = await Promise.all(
    urls.map(async (url) => {
      const browser = new ApiClient(url);
      await browser.fetchCsrfToken();
      return browser;
    }),
  );
  return { clerks, applicants };
}

export interface CaseLoadOptions {
  cases: number;
  /** cases worked at the same time, as at a few windows of the hall */
  parallel: number;
  /** every so many cases (from the first), the last step is submitted on every instance at once */
  raceLastStepEvery?: number;
}

export interface CaseLoadResult {
  /** the task keys of every inbox listing the clerk opened */
  listings: string[][];
  /** per raced submission, the answers' statuses, sorted */
  racedAnswers: number[][];
  /** per case, ms from the creation request until its instance was seen completed */
  caseMs: number[];
  /** per completion submitted on one instance only, ms for the request */
  completionMs: number[];
  /** per such completion, the phases its answer's Server-Timing header names, ms each */
  completionPhases: Array<Map<string, number>>;
  wallMs: number;
}

/**
 * Works `cases` cases, each step on the instance after the one of the step before (a case starts
 * one instance further on than the case before it), and asserts what the clerk and the applicant
 * see on the way.
 *
 * The driver shares the machine with what it measures, so it polls little: when a completion's
 * answer names the next step, the store has it and one read finds it; the store is polled (every
 * 50 ms) only where no answer tells (the first task, an outcome still pending, the rating's
 * invitation and its record); the engine, the costlier to ask, only confirms what the store
 * already shows, mostly at the first request: that a task's listeners are through before the
 * clerk's click (asked after the inbox listings, as a clerk looks before clicking), and that the
 * instance completed once its rating was recorded.
 */
export async function runCaseLoad(camunda: CamundaRestClient, store: Store, desks: Desks, options: CaseLoadOptions): Promise<CaseLoadResult> {
  const { clerks, applicants } = desks;
  const result: CaseLoadResult = { listings: [], racedAnswers: [], caseMs: [], completionMs: [], completionPhases: [], wallMs: 0 };

  const workCase = async (i: number): Promise<void> => {
    const caseStarted = performance.now();
    const created = await camunda.createProcessInstance({
      processDefinitionId: 'immediate-case',
      variables: {
        itemCode: 'MZ-001',
        applicant: { name: `申请人${i}`, kind: 'person', idNumber: '110101199005011234', phone: '13800000000', email: `applicant${i}@example.cn` },
        materials: MATERIALS.map((code) => ({ code, provided: true })),
        channel: 'window',
      },
    });
    const processInstanceKey = String((created as unknown as { processInstanceKey: string }).processInstanceKey);
    const openTask = async (elementId: string) => (await store.tasks.list({ processInstanceKey, state: 'created' })).find((t) => t.elementId === elementId);
    // the case is registered before its first task is created
    const first = await until(`${STEPS[0].elementId} of case ${i} in the task store`, () => openTask(STEPS[0].elementId));
    const theCase = (await store.cases.get(first.caseId!))!;

    let nextNamed = false;
    for (const [s, step] of STEPS.entries()) {
      const task =
        s === 0
          ? first
          : nextNamed
            ? await openTask(step.elementId)
            : await until(`${step.elementId} of case ${i} in the task store`, () => openTask(step.elementId));
      expect(task, `${step.elementId} of case ${i}, the step the completion named`).to.not.equal(undefined);
      const userTaskKey = task!.userTaskKey;
      const via = (i + s) % clerks.length;
      const inbox = await clerks[via].get(`/api/tasks?caseNumber=${theCase.caseNumber}`);
      const whole = await clerks[via].get('/api/tasks?limit=200');
      for (const listing of [inbox, whole]) {
        expect(listing.status).to.equal(200);
        result.listings.push((listing.body as unknown as { tasks: Array<{ userTaskKey: string }> }).tasks.map((t) => t.userTaskKey));
      }
      expect(result.listings.at(-2), `${step.elementId} of case ${i} in the inbox on instance ${via + 1}`).to.deep.equal([userTaskKey]);
      // the creating listener's assignment is through: the clerk's click comes later than that
      await until(`${step.elementId} of case ${i} settled in the engine`, async () => {
        const found = await camunda.searchUserTasks({ filter: { userTaskKey } });
        return (found.items[0] as unknown as { state: string } | undefined)?.state === 'CREATED';
      });

      const completion = `/api/tasks/${userTaskKey}/completion`;
      if (s === STEPS.length - 1 && options.raceLastStepEvery !== undefined && i % options.raceLastStepEvery === 0) {
        const answers = await Promise.all(clerks.map((clerk) => clerk.post(completion, { variables: step.variables })));
        result.racedAnswers.push(answers.map((a) => a.status).sort());
        for (const a of answers) if (a.status !== 200) expect(a.body.code, `the losing submission of case ${i}`).to.equal('conflict');
        nextNamed = namesNextSteps(answers.find((a) => a.status === 200)?.body);
      } else {
        const requested = performance.now();
        const done = await clerks[via].post(completion, { variables: step.variables });
        result.completionMs.push(performance.now() - requested);
        result.completionPhases.push(parseServerTiming(done.headers.get('server-timing')));
        expect(done.status, `${step.elementId} of case ${i}: ${JSON.stringify(done.body)}`).to.equal(200);
        nextNamed = namesNextSteps(done.body);
      }
    }

    const event = (kind: string) => async () => (await store.cases.events(theCase.id)).some((e) => e.kind === kind);
    await until(`the rating invitation of case ${i}`, event('evaluation-invited'));
    const receipt = (await store.outbox.forRecipient(`case:${theCase.caseNumber}`, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
    const code = /查询码：(\d{6})/.exec(receipt!.body)![1];
    const rated = await applicants[i % applicants.length].post('/api/public/rating', { caseNumber: theCase.caseNumber, verificationCode: code, rating: 'very-satisfied' });
    expect(rated.status, `rating of case ${i}: ${JSON.stringify(rated.body)}`).to.equal(202);
    // the rating's record is the instance's last job
    await until(`the rating of case ${i} recorded`, event('rated'));
    await until(`instance of case ${i} completed`, async () => {
      const found = await camunda.searchProcessInstances({ filter: { processInstanceKey } });
      return (found.items[0] as unknown as { state: string } | undefined)?.state === 'COMPLETED';
    });
    result.caseMs.push(performance.now() - caseStarted);
  };

  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.parallel, options.cases) }, async () => {
      while (next < options.cases) await workCase(next++);
    }),
  );
  result.wallMs = performance.now() - started;
  return result;
}
