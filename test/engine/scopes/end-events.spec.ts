import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, rejection, until, untilInstanceState } from '../../support/scopes.js';

describe('engine/scopes: end events', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/end-events/terminate.bpmn',
      'engine/end-events/terminate-in-subprocess.bpmn',
      'engine/end-events/error-end-uncaught.bpmn',
      'engine/end-events/escalation-end-uncaught.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  it('should end the process at a terminate end event although another branch is still waiting', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'end-terminate', variables: {} });
    const [a] = await activate(t.client, 'term-a');
    const [b] = await activate(t.client, 'term-b');
    await a.complete({});

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect((await rejection(b.complete({}))).status).to.equal(404);
    // no job is left open: the waiting branch's job was canceled by the terminate end event
    const jobs = await t.client.callApiEndpoint<{ filter: object; sort: object[] }, { items: Array<{ type: string; state: string }> }>({
      method: 'POST',
      urlPath: 'jobs/search',
      body: { filter: { processInstanceKey }, sort: [{ field: 'type' }] },
    });
    expect(jobs.items.map((j) => `${j.type}:${j.state}`)).to.deep.equal(['term-a:COMPLETED', 'term-b:CANCELED']);
  });

  it('should terminate only the enclosing sub-process at a terminate end event inside it and continue after it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'end-terminate-sub', variables: {} });
    const [a] = await activate(t.client, 'term-sub-a');
    const [b] = await activate(t.client, 'term-sub-b');
    await a.complete({});

    const [after] = await activate(t.client, 'term-sub-after');
    expect((await rejection(b.complete({}))).status).to.equal(404);
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should raise UNHANDLED_ERROR_EVENT when nothing catches an error end event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'end-error-uncaught', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('UNHANDLED_ERROR_EVENT');
    expect(incident.elementId).to.equal('failEnd');
    expect(incident.errorMessage).to.contain("'FATAL'");
    expect(await untilInstanceState(t.client, processInstanceKey, 'ACTIVE')).to.equal('ACTIVE');
  });

  it('should complete the process when nothing catches an escalation end event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'end-escalation-uncaught', variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activeIncidents(t.client, processInstanceKey)).to.have.length(0);
  });
});
