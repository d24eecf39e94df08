import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Task } from '../../domain/store/index.js';
import { createWebApp } from '../../web/app.js';
import { readWebConfig } from '../../web/config.js';
import { seedDemoAccounts } from '../../web/demo-accounts.js';
import { createLogger } from '../../web/log.js';
import { startWebServer } from '../../web/server.js';
import { ApiClient, TEST_COST, TEST_SECRET, type ApiResponse } from './web.js';
import { startWorkerHarness, type WorkerHarness } from './workers.js';

const root = join(import.meta.dirname, '..', '..');

/** Monday 2 March 2026, 09:00 in Beijing: a plain working week. */
export const INBOX_START = '2026-03-02T01:00:00Z';

export const PERSON = { name: '张三', kind: 'person', idNumber: '110101199003071234', phone: '13800000000' };
export const COMPANY = { name: '县清源建筑工程有限公司', kind: 'company', creditCode: '91530000MA6K7Q8X1B', phone: '13812345678' };

/** ZJ-001 建筑工程施工许可证核发（联合审批）: lead ZJ, reviewed by ZJ, ZRZY and RS */
export const ZJ_001_MATERIALS = ['application', 'land-approval', 'planning-permit', 'contract', 'drawing-review', 'quality-safety', 'wage-account', 'funding'];
/** MZ-002 社会团体成立登记 (promised) */
export const MZ_002_MATERIALS = ['application', 'sponsor-approval', 'charter', 'meeting-minutes', 'capital-proof', 'leader-info'];

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

function resources(): Array<{ name: string; content: string }> {
  const list: Array<{ name: string; content: string }> = [];
  for (const folder of ['processes', 'forms']) {
    for (const name of readdirSync(join(root, folder)).sort()) {
      if (name.endsWith('.bpmn') || name.endsWith('.form')) list.push({ name, content: readFileSync(join(root, folder, name), 'utf8') });
    }
  }
  return list;
}

/**
 * The whole system behind the inbox: the real engine with every diagram and form of the project
 * deployed, every worker, the demo accounts with their posts (AB岗), and the web app over real
 * HTTP on the same store and pinned clock, its engine client the one the workers use.
 */
export async function startInboxHarness(opts: { start?: string } = {}): Promise<InboxHarness> {
  const h = await startWorkerHarness({ start: opts.start ?? INBOX_START });
  try {
    await h.engine.client.deployResources(resources());
    await seedDemoAccounts(h.store, { cost: TEST_COST });
  } catch (error) {
    await h.stop();
    throw error;
  }
  const logLines: string[] = [];
  const config = readWebConfig({ SESSION_SECRET: TEST_SECRET }, () => {});
  const app = createWebApp({ store: h.store, camunda: h.engine.client, config, clock: () => h.now(), log: createLogger((line) => logLines.push(line), () => h.now()) });
  const server = await startWebServer(app, 0, '127.0.0.1');

  const until = async <T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const client = () => new ApiClient(server.url);

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
    url: server.url,
    logLines,
    client,
    async as(username) {
      const browser = client();
      const res = await browser.login(username);
      expect(res.status, `log-in of ${username}`).to.equal(201);
      return browser;
    },
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
      await server.close();
      await h.stop();
    },
  };
}

/** The body of an answer, as the test expects it (the client has checked it against the document). */
export const bodyOf = <T>(res: ApiResponse): T => res.body as unknown as T;
