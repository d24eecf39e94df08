import { expect } from 'chai';
import type { Task } from '../../domain/store/index.js';
import { readResources } from '../../scripts/lib/resources.js';
import type { ApiClient } from './web.js';
import { bodyAs, startWebOn, type WebOn } from './web-system.js';
import { startWorkerHarness, type WorkerHarness } from './workers.js';
import { until as poll } from './until.js';

/** Monday 2 March 2026, 09:00 in Beijing: a plain working week. */
export const INBOX_START = '2026-03-02T01:00:00Z';

export const PERSON = { name: '张三', kind: 'person', idNumber: '110101199005011234', phone: '13800000000' };
export const COMPANY = { name: '县清源建筑工程有限公司', kind: 'company', creditCode: '91530000MA6K278X1B', phone: '13812345678' };

/** ZJ-001 建筑工程施工许可证核发（联合审批）: lead ZJ, reviewed by ZJ, ZRZY and RS */
export const ZJ_001_MATERIALS = ['application', 'land-approval', 'planning-permit', 'contract', 'drawing-review', 'quality-safety', 'wage-account', 'funding'];
/** MZ-002 社会团体成立登记 (promised) */
export const MZ_002_MATERIALS = ['application', 'sponsor-approval', 'charter', 'meeting-minutes', 'capital-proof', 'leader-info'];
/** MZ-002 handed in without the sponsor's approval and the meeting minutes: the notice scenarios' application. */
export const MZ_002_MISSING = ['sponsor-approval', 'meeting-minutes'];
export const MZ_002_HANDED_IN = MZ_002_MATERIALS.filter((c) => !MZ_002_MISSING.includes(c));

export interface InboxHarness extends WorkerHarness {
  url: string;
  logLines: string[];
  /** a new browser: its own cookies and CSRF token */
  client(): ApiClient;
  /** a browser logged in as the demo account */
  as(username: string): Promise<ApiClient>;
  until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs?: number): Promise<T>;
  /** starts a procedure for an item and waits for its case number */
  startCase(processId: string, itemCode: string, materials: string[] | Array<{ code: string; provided: boolean }>, applicant?: Record<string, unknown>): Promise<{ processInstanceKey: string; caseNumber: string }>;
  /** waits until the task store has an open task of this element in the instance, and the engine has settled it (no listener running) */
  storeTask(elementId: string, processInstanceKey: string, filter?: (t: Task) => boolean): Promise<Task>;
  /** the same for a task of the case in any instance (a called sub-procedure's too) */
  caseTask(elementId: string, caseNumber: string, filter?: (t: Task) => boolean): Promise<Task>;
}

/**
 * The whole system behind the inbox: the real engine with every diagram and form of the project
 * deployed, every worker, the demo accounts with their posts (AB岗), and the web app over real
 * HTTP on the same store and pinned clock, its engine client the one the workers use.
 */
export async function startInboxHarness(opts: { start?: string } = {}): Promise<InboxHarness> {
  const h = await startWorkerHarness({ start: opts.start ?? INBOX_START });
  let web: WebOn;
  try {
    await h.engine.client.deployResources(await readResources());
    web = await startWebOn({ store: h.store, camunda: h.engine.client, clock: () => h.now() });
  } catch (error) {
    await h.stop();
    throw error;
  }

  const until: InboxHarness['until'] = (what, fn, timeoutMs) => poll(what, fn, timeoutMs === undefined ? {} : { timeoutMs });

  const settled = async (elementId: string, open: () => Promise<Task[]>, filter: (t: Task) => boolean): Promise<Task> => {
    const task = await until(`task ${elementId} in the store`, async () => (await open()).find((t) => t.elementId === elementId && filter(t)));
    // the creating listener's assignment runs the assigning listener next: the engine takes
    // commands for the task once that is through (a clerk's click comes later than this)
    await until(`task ${elementId} settled in the engine`, async () => {
      const found = await h.engine.client.searchUserTasks({ filter: { userTaskKey: task.userTaskKey } });
      return (found.items[0] as unknown as { state: string } | undefined)?.state === 'CREATED';
    });
    return (await h.store.tasks.get(task.userTaskKey))!;
  };

  return {
    ...h,
    url: web.url,
    logLines: web.logLines,
    client: () => web.client(),
    as: (username) => web.as(username),
    until,
    async startCase(processId, itemCode, materials, applicant = PERSON) {
      const rows = materials.map((m) => (typeof m === 'string' ? { code: m, provided: true } : m));
      const created = await h.engine.client.createProcessInstance({ processDefinitionId: processId, variables: { itemCode, applicant, materials: rows, channel: 'window' } });
      const processInstanceKey = String((created as unknown as { processInstanceKey: string }).processInstanceKey);
      const theCase = await until(`the case of instance ${processInstanceKey}`, () => h.store.cases.getByProcessInstanceKey(processInstanceKey));
      return { processInstanceKey, caseNumber: theCase.caseNumber };
    },
    storeTask(elementId, processInstanceKey, filter = () => true) {
      return settled(elementId, () => h.store.tasks.list({ processInstanceKey, state: 'created' }), filter);
    },
    async caseTask(elementId, caseNumber, filter = () => true) {
      const theCase = await until(`case ${caseNumber}`, () => h.store.cases.getByNumber(caseNumber));
      return settled(elementId, () => h.store.tasks.list({ caseId: theCase.id, state: 'created' }), filter);
    },
    async stop() {
      await web.close();
      await h.stop();
    },
  };
}

/** The body of an answer, as the test expects it (the client has checked it against the document). */
export const bodyOf = bodyAs;

/** completes a task through the inbox API, as the pages do, and expects it done */
export async function completeTask(client: ApiClient, userTaskKey: string, variables: Record<string, unknown>): Promise<void> {
  const res = await client.post(`/api/tasks/${userTaskKey}/completion`, { variables });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
}

/**
 * A ZJ-001 joint case brought to its departments' review through the inbox API: applied for with
 * two materials missing, told once in a supplement notice by the lead window's clerk (zj-clerk-a),
 * supplied, checked again and accepted. Answers the case and the three open review tasks.
 */
export async function jointCaseInReview(h: InboxHarness): Promise<{ caseNumber: string; processInstanceKey: string; reviews: { ZJ: Task; ZRZY: Task; RS: Task } }> {
  const missing = new Set(['funding', 'wage-account']);
  const { caseNumber, processInstanceKey } = await h.startCase(
    'joint-approval',
    'ZJ-001',
    ZJ_001_MATERIALS.map((code) => ({ code, provided: !missing.has(code) })),
    COMPANY,
  );
  const clerk = await h.as('zj-clerk-a');

  // the lead window lists everything missing in one notice
  const firstCheck = await h.storeTask('materialCheck', processInstanceKey);
  await completeTask(clerk, firstCheck.userTaskKey, {
    verifiedMaterials: ZJ_001_MATERIALS.filter((c) => !missing.has(c)),
    materialsComplete: false,
    missing: [
      { code: 'funding', reason: '未提交建设资金已经落实的证明' },
      { code: 'wage-account', reason: '未提交农民工工资专用账户开户证明' },
    ],
    fixedOnSpot: '',
  });
  const confirm = await h.caseTask('confirmNotice', caseNumber);
  await completeTask(clerk, confirm.userTaskKey, { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });
  const theCase = (await h.store.cases.getByNumber(caseNumber))!;
  await h.until('the supplement notice', async () => (await h.store.notices.listForCase(theCase.id)).some((n) => n.kind === 'supplement'));

  // the applicant brings the rest; the lead window checks again and accepts
  await h.engine.client.publishMessage({
    name: 'supplement-received',
    correlationKey: caseNumber,
    timeToLive: 3_600_000,
    variables: { materials: ZJ_001_MATERIALS.map((code) => ({ code, provided: true })) },
  });
  const secondCheck = await h.storeTask('materialCheck', processInstanceKey, (t) => t.userTaskKey !== firstCheck.userTaskKey);
  await completeTask(clerk, secondCheck.userTaskKey, { verifiedMaterials: ZJ_001_MATERIALS, materialsComplete: true, fixedOnSpot: '' });
  const decision = await h.storeTask('acceptanceDecision', processInstanceKey);
  await completeTask(clerk, decision.userTaskKey, { accepted: true, siteInspectionNeeded: false });

  // three departments review at once, each in its own group
  const review = (dept: string) => h.storeTask('departmentReview', processInstanceKey, (t) => t.candidateGroups.includes(`review:${dept}`));
  return { caseNumber, processInstanceKey, reviews: { ZJ: await review('ZJ'), ZRZY: await review('ZRZY'), RS: await review('RS') } };
}
