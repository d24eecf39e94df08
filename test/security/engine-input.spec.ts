import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../support/engine.js';
import { DEFAULT_MAX_VARIABLE_BYTES, MAX_DEPLOY_FILE_BYTES, MAX_DEPLOY_TOTAL_BYTES } from '../../engine/rest/limits.js';
import { rawCall, rawDeploy } from '../engine/rest/helpers.js';
import { until } from '../support/scopes.js';

function nested(levels: number): string {
  let value = '1';
  for (let i = 0; i < levels; i++) value = `{"a":${value}}`;
  return value;
}

describe('security: bounds on what enters the engine (issue 11)', function () {
  this.timeout(30_000);
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/three-service-tasks.bpmn');
  });
  after(() => t.stop());

  it('should answer 400 to variables nested 4,500 levels, store nothing and keep serving', async () => {
    const body = `{"processDefinitionId":"three-service-tasks","variables":{"x":${nested(4500)}}}`;

    const res = await rawCall(t, 'POST', '/process-instances', body);

    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include('nested deeper than 128 levels');
    const instances = await t.client.searchProcessInstances({ filter: { processDefinitionId: 'three-service-tasks' } });
    expect(instances.items).to.have.length(0);
    expect((await rawCall(t, 'GET', '/topology')).status).to.equal(200);
  });

  it('should accept brackets inside strings and nesting within the limit', async () => {
    const body = JSON.stringify({ processDefinitionId: 'three-service-tasks', variables: { text: '['.repeat(500), tree: JSON.parse(nested(100)) as unknown } });

    const res = await rawCall(t, 'POST', '/process-instances', body);

    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  });

  it('should refuse a clock timestamp beyond year 9999 with 400 and leave the clock as it was', async () => {
    const before = await rawCall(t, 'PUT', '/clock', { timestamp: 1e20 });

    expect(before.status).to.equal(400);
    expect(String(before.body.detail)).to.include('timestamp');
    expect((await rawCall(t, 'POST', '/incidents/search', {})).status).to.equal(200);
    expect((await rawCall(t, 'POST', '/user-tasks/search', {})).status).to.equal(200);
  });

  it('should refuse a negative message time to live', async () => {
    const res = await rawCall(t, 'POST', '/messages/publication', { name: 'm', correlationKey: 'k', timeToLive: -1 });

    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include('timeToLive');
  });

  it('should refuse a job timeout of 1e308 and of more than 30 days', async () => {
    const huge = await rawCall(t, 'POST', '/jobs/activation', { type: 'x', timeout: 1e308, maxJobsToActivate: 1, requestTimeout: -1 });
    const month = await rawCall(t, 'POST', '/jobs/activation', { type: 'x', timeout: 31 * 86_400_000, maxJobsToActivate: 1, requestTimeout: -1 });

    expect([huge.status, month.status]).to.deep.equal([400, 400]);
  });

  it('should refuse a deployment of more than 100 files whole, deploying none of them', async () => {
    const form = new FormData();
    const diagram = fixture('engine/three-service-tasks.bpmn');
    for (let i = 0; i < 101; i++) form.append('resources', new Blob([diagram.replaceAll('three-service-tasks', `many-${i}`)]), `many-${i}.bpmn`);

    const res = await fetch(`${t.url}/v2/deployments`, { method: 'POST', headers: t.headers, body: form });

    expect(res.status).to.equal(400);
    const found = await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'many-0' } });
    expect(found.items).to.have.length(0);
  });

  describe('one variable larger than ENGINE_MAX_VARIABLE_BYTES (default 1 MiB as JSON)', () => {
    // 1 MiB of text is 1 MiB + 2 bytes as JSON: one over the default
    const big = 'x'.repeat(DEFAULT_MAX_VARIABLE_BYTES);
    const refusedNaming = (res: { status: number; body: Record<string, unknown> }, name: string) => {
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).to.equal(400);
      expect(String(res.body.detail)).to.include(`variable '${name}'`).and.include(`at most ${DEFAULT_MAX_VARIABLE_BYTES} bytes`);
    };
    const variableNames = async (processInstanceKey: string) =>
      (await t.client.searchVariables({ filter: { processInstanceKey } })).items.map((v) => v.name);

    before(() => t.deployFixtures('engine/user-tasks/plain.bpmn'));

    it('should refuse it when creating an instance, naming it, and create none', async () => {
      refusedNaming(await rawCall(t, 'POST', '/process-instances', { processDefinitionId: 'ut-plain', variables: { note: 'ok', scan: big } }), 'scan');

      expect((await t.client.searchProcessInstances({ filter: { processDefinitionId: 'ut-plain' } })).items).to.have.length(0);
      // one byte less is taken
      expect((await rawCall(t, 'POST', '/process-instances', { processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'size', scan: 'x'.repeat(DEFAULT_MAX_VARIABLE_BYTES - 2) } })).status).to.equal(200);
    });

    it('should refuse it when completing a job, setting variables or completing a user task, leaving the job, instance and task as they were', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'three-service-tasks', variables: { jobPrefix: 'big' } });
      const [job] = (await t.client.activateJobs({ type: 'big-a', maxJobsToActivate: 1, timeout: 60_000, worker: 'w' }));
      refusedNaming(await rawCall(t, 'POST', `/jobs/${job.jobKey}/completion`, { variables: { scan: big } }), 'scan');
      refusedNaming(await rawCall(t, 'PUT', `/element-instances/${processInstanceKey}/variables`, { variables: { scan: big } }), 'scan');
      expect(await variableNames(processInstanceKey)).to.deep.equal(['jobPrefix']);
      // the job is still the worker's to complete
      expect((await rawCall(t, 'POST', `/jobs/${job.jobKey}/completion`, { variables: { done: true } })).status).to.equal(204);

      const task = await t.client.createProcessInstance({ processDefinitionId: 'ut-plain', variables: { groups: ['office'] } });
      const [userTask] = await until(async () => (await t.client.searchUserTasks({ filter: { processInstanceKey: task.processInstanceKey } })).items, (items) => items.length === 1, 'the user task');
      refusedNaming(await rawCall(t, 'POST', `/user-tasks/${userTask.userTaskKey}/completion`, { variables: { scan: big } }), 'scan');
      expect((await t.client.searchUserTasks({ filter: { userTaskKey: userTask.userTaskKey } })).items[0].state).to.equal('CREATED');
      expect(await variableNames(task.processInstanceKey)).to.deep.equal(['groups']);
    });

    it('should refuse it in a published or correlated message, buffering nothing', async () => {
      refusedNaming(await rawCall(t, 'POST', '/messages/publication', { name: 'scan-sent', correlationKey: 'k', timeToLive: 60_000, messageId: 'scan-1', variables: { scan: big } }), 'scan');
      refusedNaming(await rawCall(t, 'POST', '/messages/correlation', { name: 'scan-sent', correlationKey: 'k', variables: { scan: big } }), 'scan');
      // nothing was buffered under that id: the same id is taken (a buffered one would be refused)
      expect((await rawCall(t, 'POST', '/messages/publication', { name: 'scan-sent', correlationKey: 'k', timeToLive: 60_000, messageId: 'scan-1' })).status).to.equal(200);
    });
  });

  describe('deployment sizes', () => {
    const diagram = (id: string, padding: number) => fixture('engine/three-service-tasks.bpmn').replaceAll('three-service-tasks', id) + `<!-- ${'x'.repeat(padding)} -->`;
    const MB = 1024 * 1024;

    it('should refuse a deployment with a resource over 10 MB whole, naming it, deploying none of it', async () => {
      const res = await rawDeploy(t, [
        { name: 'small.bpmn', content: diagram('size-small', 0) },
        { name: 'huge.bpmn', content: diagram('size-huge', MAX_DEPLOY_FILE_BYTES) },
      ]);

      expect(res.status).to.equal(400);
      expect(String(res.body.detail)).to.include(`at most ${MAX_DEPLOY_FILE_BYTES} bytes`).and.include('huge.bpmn');
      for (const id of ['size-small', 'size-huge']) expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: id } })).items).to.have.length(0);
    });

    it('should refuse resources over 50 MB together, each within 10 MB, deploying none of them', async () => {
      const resources = Array.from({ length: 6 }, (_, i) => ({ name: `part-${i}.bpmn`, content: diagram(`size-part-${i}`, 9 * MB) }));

      const res = await rawDeploy(t, resources);

      expect(res.status).to.equal(400);
      expect(String(res.body.detail)).to.include(`at most ${MAX_DEPLOY_TOTAL_BYTES} bytes together`);
      expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: 'size-part-0' } })).items).to.have.length(0);
      expect((await rawCall(t, 'GET', '/topology')).status).to.equal(200);
    });
  });
});
