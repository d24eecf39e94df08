import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, rejection, until, untilInstanceState } from '../../support/scopes.js';

describe('engine/scopes: call activities', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/call-activity/ca-child-basic.bpmn',
      'engine/call-activity/ca-child-mapped.bpmn',
      'engine/call-activity/ca-child-error.bpmn',
      'engine/call-activity/ca-child-cancel.bpmn',
      'engine/call-activity/ca-parent-all.bpmn',
      'engine/call-activity/ca-parent-mapped.bpmn',
      'engine/call-activity/ca-parent-error.bpmn',
      'engine/call-activity/ca-parent-cancel.bpmn',
      'engine/call-activity/ca-parent-late.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  async function childOf(parentKey: string) {
    const found = await until(
      () => t.client.searchProcessInstances({ filter: { parentProcessInstanceKey: parentKey } }),
      (r) => r.items.length === 1,
      `the child of ${parentKey}`,
    );
    return found.items[0];
  }

  it('should pass all parent variables to the child and all child variables back to the parent', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ca-parent-all', variables: { customer: 'c-1' } });
    const child = await childOf(processInstanceKey);
    expect(child.processDefinitionId).to.equal('ca-child-basic');
    expect(child.state).to.equal('ACTIVE');

    const [work] = await activate(t.client, 'ca-child-basic-work');
    expect(work.processInstanceKey).to.equal(child.processInstanceKey);
    expect(plain(work.variables)).to.deep.equal({ customer: 'c-1' });
    await work.complete({ childResult: 'ok', customer: 'c-1b' });

    const [after] = await activate(t.client, 'ca-all-after');
    expect(plain(after.variables)).to.deep.equal({ customer: 'c-1b', childResult: 'ok' });
    await untilInstanceState(t.client, child.processInstanceKey, 'COMPLETED');
  });

  it('should pass only input mappings to the child and only output mappings back without propagating all variables', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({
      processDefinitionId: 'ca-parent-mapped',
      variables: { customer: 'c-2', secret: 's', childKind: 'mapped' },
    });
    const [work] = await activate(t.client, 'ca-child-mapped-work');
    expect(plain(work.variables)).to.deep.equal({ customerId: 'c-2' });
    await work.complete({ childResult: 'ok', noise: 1 });

    const [after] = await activate(t.client, 'ca-mapped-after');
    expect(plain(after.variables)).to.deep.equal({ customer: 'c-2', secret: 's', childKind: 'mapped', result: 'ok' });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should catch an error thrown in the child with an error boundary event on the call activity', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ca-parent-error', variables: {} });
    const child = await childOf(processInstanceKey);
    const [work] = await activate(t.client, 'ca-child-error-work');
    await work.error({ errorCode: 'CHILD_FAILED', errorMessage: 'boom', variables: {} });

    const [handle] = await activate(t.client, 'ca-error-handle');
    expect(handle.processInstanceKey).to.equal(processInstanceKey);
    await untilInstanceState(t.client, child.processInstanceKey, 'TERMINATED');
    await handle.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should terminate the child when the parent is cancelled, and refuse to cancel the child directly', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ca-parent-cancel', variables: {} });
    const child = await childOf(processInstanceKey);
    const [work] = await activate(t.client, 'ca-child-cancel-work');

    const refused = await rejection(t.client.cancelProcessInstance({ processInstanceKey: child.processInstanceKey }));
    expect(refused.status).to.equal(409);

    await t.client.cancelProcessInstance({ processInstanceKey });
    await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
    await untilInstanceState(t.client, child.processInstanceKey, 'TERMINATED');
    expect((await rejection(work.complete({}))).status).to.equal(404);
  });

  it('should raise CALLED_ELEMENT_ERROR for an unknown called process and create the child once it is deployed and the incident resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ca-parent-late', variables: { x: 1 } });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('CALLED_ELEMENT_ERROR');
    expect(incident.elementId).to.equal('call');
    expect(incident.errorMessage).to.contain("'ca-child-late'");

    await t.deployFixtures('engine/call-activity/ca-child-late.bpmn');
    expect(await activateNow(t.client, 'ca-child-late-work')).to.have.length(0);
    await t.client.resolveIncident(incident.incidentKey);

    const [work] = await activate(t.client, 'ca-child-late-work');
    expect(plain(work.variables)).to.deep.equal({ x: 1 });
    await work.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activeIncidents(t.client, processInstanceKey)).to.have.length(0);
  });
});
