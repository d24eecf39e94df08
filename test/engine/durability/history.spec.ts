import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import Database from 'better-sqlite3';
import { activateOne, rawCall, waitFor, waitForState } from '../rest/helpers.js';
import { runRecordedCase } from '../rest/history-case.js';

const DAY_MS = 86_400_000;

/** History survives a restart on the same SQLite file and leaves after the retention period. */
describe('engine/durability history', () => {
  let dir: string;
  let t: TestEngine | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engine-history-'));
  });
  afterEach(async () => {
    await t?.stop();
    t = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const runCase = async (engine: TestEngine, decision: string) => {
    const created = await engine.client.createProcessInstance({ processDefinitionId: 'history-path', variables: { decision, caseNumber: `HP-${decision}` } });
    const job = await activateOne(engine.client, 'history-check');
    await engine.client.completeJob({ jobKey: job.jobKey, variables: { checkedBy: 'clerk-7' } });
    await waitForState(engine.client, created.processInstanceKey, 'COMPLETED');
    return created.processInstanceKey;
  };

  const pathOf = async (engine: TestEngine, processInstanceKey: string) =>
    (await engine.client.searchElementInstances({ filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] })).items.map(
      (e) => `${e.elementId}:${e.state}`,
    );

  const variablesOf = async (engine: TestEngine, processInstanceKey: string) =>
    Object.fromEntries(
      (await engine.client.searchVariables({ filter: { processInstanceKey, scopeKey: processInstanceKey } })).items.map((v) => [v.name, v.value]),
    );

  it('should find a completed case’s path and variables after the engine restarts', async () => {
    const dataPath = join(dir, 'engine.db');
    t = await startTestEngine(dataPath);
    await t.deployFixtures('engine/rest/history-path.bpmn');
    const key = await runCase(t, 'approve');
    await t.stop();

    t = await startTestEngine(dataPath);

    expect(await pathOf(t, key)).to.deep.equal(['history-path:COMPLETED', 'start:COMPLETED', 'check:COMPLETED', 'approved:COMPLETED', 'done:COMPLETED']);
    expect(await variablesOf(t, key)).to.deep.equal({ decision: '"approve"', caseNumber: '"HP-approve"', checkedBy: '"clerk-7"' });
    const found = await t.client.searchProcessInstances({ filter: { processInstanceKey: key } });
    expect(found.items[0]).to.include({ state: 'COMPLETED', processDefinitionName: 'History path' });
  });

  const recordsOf = async (engine: TestEngine, processInstanceKey: string) => {
    const states = async (path: string, field: string) =>
      ((await rawCall(engine, 'POST', `${path}/search`, { filter: { processInstanceKey } })).body.items as Array<Record<string, unknown>>).map((r) => r[field]);
    return {
      userTasks: await states('/user-tasks', 'state'),
      jobs: await states('/jobs', 'state'),
      incidents: await states('/incidents', 'state'),
      subscriptions: await states('/message-subscriptions', 'messageSubscriptionState'),
    };
  };

  it('should find a completed case’s user task, jobs, incident and subscription after the engine restarts', async () => {
    const dataPath = join(dir, 'engine.db');
    t = await startTestEngine(dataPath);
    await t.deployFixtures('engine/rest/history-records.bpmn');
    const done = await runRecordedCase(t, 'HR-restart');
    await t.stop();

    t = await startTestEngine(dataPath);

    expect(await recordsOf(t, done.processInstanceKey)).to.deep.equal({ userTasks: ['COMPLETED'], jobs: ['COMPLETED'], incidents: ['RESOLVED'], subscriptions: ['DELETED'] });
    expect((await rawCall(t, 'GET', `/user-tasks/${done.userTaskKey}`)).body).to.include({ state: 'COMPLETED', assignee: 'clerk-1' });
  });

  it('should index the jobs, tasks and subscriptions a store held before they had search rows, once, when it opens', async () => {
    const dataPath = join(dir, 'engine.db');
    t = await startTestEngine(dataPath);
    await t.deployFixtures('engine/rest/history-records.bpmn');
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'history-records', variables: { caseNumber: 'HR-old' } });
    await waitFor(() => recordsOf(t!, processInstanceKey), (r) => r.userTasks.length === 1, 'the review task');
    await t.stop();
    t = undefined;
    const db = new Database(dataPath);
    for (const table of ['user_task', 'message_subscription']) db.prepare(`DELETE FROM ${table}`).run();
    db.prepare("DELETE FROM meta WHERE name = 'recordTables'").run();
    db.close();

    t = await startTestEngine(dataPath);

    expect(await recordsOf(t, processInstanceKey)).to.deep.equal({ userTasks: ['CREATED'], jobs: [], incidents: [], subscriptions: ['CREATED'] });
  });

  it('should remove the history of instances that ended before the retention period, and keep the younger ones', async () => {
    t = await startTestEngine(join(dir, 'engine.db'));
    await t.deployFixtures('engine/rest/history-path.bpmn', 'engine/rest/history-records.bpmn');
    const start = Date.now();
    await rawCall(t, 'PUT', '/clock', { timestamp: start });
    const old = await runCase(t, 'approve');
    const oldRecords = await runRecordedCase(t, 'HR-old');
    await rawCall(t, 'PUT', '/clock', { timestamp: start + 100 * DAY_MS });
    const young = await runCase(t, 'reject');

    await rawCall(t, 'PUT', '/clock', { timestamp: start + 181 * DAY_MS });
    expect(t.running.engine.cleanHistory()).to.equal(2);
    expect(await recordsOf(t, oldRecords.processInstanceKey)).to.deep.equal({ userTasks: [], jobs: [], incidents: [], subscriptions: [] });

    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: old } })).items).to.deep.equal([]);
    expect(await pathOf(t, old)).to.deep.equal([]);
    expect(await variablesOf(t, old)).to.deep.equal({});
    expect(await pathOf(t, young)).to.have.length(5);
    expect(await variablesOf(t, young)).to.have.property('decision', '"reject"');
  });
});
