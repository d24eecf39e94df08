import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateOne, rawCall, rejection, waitForState } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Element-instance search and get, process definition by key and variables by key, in the 8.8
 * shapes (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/search-element-instances/).
 */
describe('engine/rest element instances and variables', () => {
  let t: TestEngine;
  let definitionKey: string;
  before(async () => {
    t = await startTestEngine();
    const deployed = await t.deployFixtures('engine/rest/history-path.bpmn');
    definitionKey = deployed.processes[0].processDefinitionKey;
  });
  after(() => t.stop());

  const path = async (processInstanceKey: string) =>
    (await t.client.searchElementInstances({ filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] })).items.map(
      (e) => `${e.elementId}:${e.type}:${e.state}`,
    );

  it('should list the live element instances of a waiting instance and the ones it has passed', async () => {
    const created = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: { decision: 'approve' } });
    await activateOne(t.client, 'history-check');

    expect(await path(created.processInstanceKey)).to.deep.equal(['history-path:PROCESS:ACTIVE', 'start:START_EVENT:COMPLETED', 'check:SERVICE_TASK:ACTIVE']);
    const check = (await t.client.searchElementInstances({ filter: { processInstanceKey: created.processInstanceKey, elementId: 'check' } })).items[0];
    expect(check).to.include({ elementName: 'Check', processDefinitionId: 'history-path', processDefinitionKey: definitionKey, hasIncident: false, tenantId: '<default>' });
    expect(check).not.to.have.property('endDate');
    expect(check).not.to.have.property('incidentKey');
  });

  it('should keep the completed path of an ended instance, with end dates', async () => {
    const created = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: { decision: 'reject' } });
    const job = await activateOne(t.client, 'history-check');
    await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    await waitForState(t.client, created.processInstanceKey, 'COMPLETED');

    expect(await path(created.processInstanceKey)).to.deep.equal([
      'history-path:PROCESS:COMPLETED',
      'start:START_EVENT:COMPLETED',
      'check:SERVICE_TASK:COMPLETED',
      'approved:EXCLUSIVE_GATEWAY:COMPLETED',
      'rejected:END_EVENT:COMPLETED',
    ]);
    const root = await t.client.getElementInstance(created.processInstanceKey);
    expect(root).to.include({ elementName: 'History path', state: 'COMPLETED' });
    expect(Date.parse(root.endDate)).to.be.at.least(Date.parse(root.startDate));
  });

  it('should mark the element instances of a cancelled instance as terminated', async () => {
    const created = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: {} });
    await t.client.cancelProcessInstance({ processInstanceKey: created.processInstanceKey });

    expect(await path(created.processInstanceKey)).to.deep.equal(['history-path:PROCESS:TERMINATED', 'start:START_EVENT:COMPLETED', 'check:SERVICE_TASK:TERMINATED']);
  });

  it('should filter by state, type and element id, sort, and page with cursors without overlap', async () => {
    const tasks = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path', type: 'SERVICE_TASK', state: 'COMPLETED' } });
    expect(tasks.items.map((e) => e.elementId)).to.deep.equal(['check']);

    const all = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path' }, sort: [{ field: 'elementId', order: 'DESC' }] });
    const ids = all.items.map((e) => e.elementId);
    expect(ids).to.deep.equal([...ids].sort().reverse());
    expect(all.page.totalItems).to.equal(11);

    const first = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path' }, page: { limit: 4 } } as never);
    const second = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path' }, page: { limit: 4, after: first.page.endCursor } } as never);
    const back = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path' }, page: { limit: 4, before: second.page.startCursor } } as never);
    const keys = (r: typeof first) => r.items.map((e) => e.elementInstanceKey);
    expect(keys(first)).to.have.length(4);
    expect(keys(second)).to.have.length(4);
    expect(keys(second).filter((k) => keys(first).includes(k))).to.deep.equal([]);
    expect(keys(back)).to.deep.equal(keys(first));
    const eight = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path' }, page: { limit: 8 } } as never);
    expect([...keys(first), ...keys(second)]).to.deep.equal(keys(eight));

    const states = await t.client.searchElementInstances({ filter: { processDefinitionId: 'history-path', state: { $in: ['ACTIVE', 'TERMINATED'] } } as never });
    expect(new Set(states.items.map((e) => e.state))).to.deep.equal(new Set(['ACTIVE', 'TERMINATED']));
  });

  it('should answer 404 for an unknown element instance and 400 naming an unknown filter field', async () => {
    expect((await rejection(t.client.getElementInstance('2251799813999999'))).statusCode).to.equal(404);
    const res = await rawCall(t, 'POST', '/element-instances/search', { filter: { elementColour: 'red' } });
    expect(res.status).to.equal(400);
    expect(String(res.body.detail)).to.include("'elementColour'");
  });

  it('should give each variable a key that reads it back, for live and ended scopes', async () => {
    const created = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: { decision: 'approve', applicant: { name: '张三' } } });
    const job = await activateOne(t.client, 'history-check');
    await t.client.completeJob({ jobKey: job.jobKey, variables: { checked: true } });
    await waitForState(t.client, created.processInstanceKey, 'COMPLETED');

    const found = await t.client.searchVariables({ filter: { processInstanceKey: created.processInstanceKey }, sort: [{ field: 'name', order: 'ASC' }] } as never);
    expect(found.items.map((v) => `${v.name}=${v.value}@${v.scopeKey === created.processInstanceKey ? 'process' : 'task'}`)).to.deep.equal([
      'applicant={"name":"张三"}@process',
      'attempt=1@task',
      'checked=true@process',
      'decision="approve"@process',
    ]);
    const applicant = found.items.find((v) => v.name === 'applicant')!;
    const read = await rawCall(t, 'GET', `/variables/${(applicant as unknown as { variableKey: string }).variableKey}`);
    expect(read.body).to.include({ name: 'applicant', value: '{"name":"张三"}', processInstanceKey: created.processInstanceKey });
    expect(read.body).not.to.have.property('isTruncated');
    expect((await rejection(t.client.getVariable({ variableKey: '2251799813999999' }))).statusCode).to.equal(404);
  });

  it('should answer a process definition by key, and 404 for an unknown one', async () => {
    const def = await t.client.getProcessDefinition(definitionKey);
    expect(def).to.deep.equal({
      name: 'History path',
      resourceName: 'history-path.bpmn',
      version: 1,
      processDefinitionId: 'history-path',
      tenantId: '<default>',
      processDefinitionKey: definitionKey,
      hasStartForm: false,
    });
    expect((await rejection(t.client.getProcessDefinition('2251799813999999'))).statusCode).to.equal(404);
  });

  it('should answer in shapes the official 8.8 client accepts under strict validation', async () => {
    const official = strictClient(t);
    const created = await t.client.createProcessInstance({ processDefinitionId: 'history-path', variables: { decision: 'approve' } });
    await activateOne(t.client, 'history-check');
    const key = created.processInstanceKey as never;

    const elements = (await official.searchElementInstances({ filter: { processInstanceKey: key } }, NOW)).items ?? [];
    expect(elements).to.have.length(3);
    await official.getElementInstance({ elementInstanceKey: elements[0].elementInstanceKey }, NOW);
    const vars = (await official.searchVariables({ filter: { processInstanceKey: key } }, NOW)).items ?? [];
    await official.getVariable({ variableKey: vars[0].variableKey }, NOW);
    await official.getProcessDefinition({ processDefinitionKey: definitionKey as never }, NOW);
    const instances = await official.searchProcessInstances({ filter: { processInstanceKey: key } }, NOW);
    expect(instances.items[0]).not.to.have.property('endDate');
    expect(instances.items[0]).not.to.have.property('parentProcessInstanceKey');
    await official.getProcessInstance({ processInstanceKey: key }, NOW);
    const none = await official.searchElementInstances({ filter: { elementId: 'no-such-element' as never } }, NOW);
    expect(Number(none.page.totalItems)).to.equal(0);
    expect(none.page).not.to.have.property('startCursor');
  });
});
