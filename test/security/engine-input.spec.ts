import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../support/engine.js';
import { rawCall } from '../engine/rest/helpers.js';

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
});
