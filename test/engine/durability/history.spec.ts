import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateOne, rawCall, waitForState } from '../rest/helpers.js';

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

  it('should remove the history of instances that ended before the retention period, and keep the younger ones', async () => {
    t = await startTestEngine(join(dir, 'engine.db'));
    await t.deployFixtures('engine/rest/history-path.bpmn');
    const start = Date.now();
    await rawCall(t.url, 'PUT', '/clock', { timestamp: start });
    const old = await runCase(t, 'approve');
    await rawCall(t.url, 'PUT', '/clock', { timestamp: start + 100 * DAY_MS });
    const young = await runCase(t, 'reject');

    await rawCall(t.url, 'PUT', '/clock', { timestamp: start + 181 * DAY_MS });
    expect(t.running.engine.cleanHistory()).to.equal(1);

    expect((await t.client.searchProcessInstances({ filter: { processInstanceKey: old } })).items).to.deep.equal([]);
    expect(await pathOf(t, old)).to.deep.equal([]);
    expect(await variablesOf(t, old)).to.deep.equal({});
    expect(await pathOf(t, young)).to.have.length(5);
    expect(await variablesOf(t, young)).to.have.property('decision', '"reject"');
  });
});
