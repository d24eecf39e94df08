import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, rootVariables, until } from '../../support/scopes.js';

describe('engine/scopes: variables', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/variables/input-mapping-local.bpmn',
      'engine/variables/output-mapping.bpmn',
      'engine/variables/job-variables-propagate.bpmn',
      'engine/variables/job-variables-local-first.bpmn',
      'engine/variables/input-mapping-error.bpmn',
      'engine/variables/script-task.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  it('should give the job its input-mapped local variables and keep them out of the process scope', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({
      processDefinitionId: 'vars-input-local',
      variables: { order: { id: 'A-1', total: 21 } },
    });
    const [job] = await activate(t.client, 'vars-input-local');
    expect(plain(job.variables)).to.deep.equal({
      order: { id: 'A-1', total: 21 },
      orderId: 'A-1',
      payment: { amount: 42, currency: 'EUR' },
    });
    await job.complete({});

    const [after] = await activate(t.client, 'vars-input-local-after');
    expect(plain(after.variables)).to.deep.equal({ order: { id: 'A-1', total: 21 } });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ order: { id: 'A-1', total: 21 } });
  });

  it('should write only the output mappings to the process scope, merging a nested target into the existing object', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({
      processDefinitionId: 'vars-output',
      variables: { order: { id: 'A-2' } },
    });
    const [job] = await activate(t.client, 'vars-output');
    await job.complete({ status: 'OK', receipt: 'r-1' });

    const [after] = await activate(t.client, 'vars-output-after');
    expect(plain(after.variables)).to.deep.equal({ order: { id: 'A-2', paid: true }, paymentStatus: 'OK' });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ order: { id: 'A-2', paid: true }, paymentStatus: 'OK' });
  });

  it('should propagate job variables to the process scope when there are no output mappings', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'vars-propagate', variables: { input: 1 } });
    const [job] = await activate(t.client, 'vars-propagate');
    expect(plain(job.variables)).to.deep.equal({ input: 1, subLocal: 'inner' });
    await job.complete({ result: 'done', subLocal: 'changed' });

    // subLocal exists in the sub-process scope, so it is updated there; result is new and goes to the root
    const [inside] = await activate(t.client, 'vars-propagate-inside');
    expect(plain(inside.variables)).to.deep.equal({ input: 1, subLocal: 'changed', result: 'done' });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ input: 1, result: 'done' });
    await inside.complete({});

    const [after] = await activate(t.client, 'vars-propagate-after');
    expect(plain(after.variables)).to.deep.equal({ input: 1, result: 'done' });
  });

  it('should update a job variable in the task scope first when the task defines it locally', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'vars-local-first', variables: { attempt: 5 } });
    const [job] = await activate(t.client, 'vars-local-first');
    expect(plain(job.variables)).to.deep.equal({ attempt: 0 });
    await job.complete({ attempt: 1, note: 'x' });

    const [after] = await activate(t.client, 'vars-local-first-after');
    expect(plain(after.variables)).to.deep.equal({ attempt: 5, note: 'x' });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ attempt: 5, note: 'x' });
  });

  it('should raise IO_MAPPING_ERROR for a failing input mapping and go on after the variable is set and the incident resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'vars-input-error', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('IO_MAPPING_ERROR');
    expect(incident.elementId).to.equal('work');
    expect(incident.errorMessage).to.contain('customerId is required');
    expect(await activateNow(t.client, 'vars-input-error')).to.have.length(0);

    // resolving without fixing the data fails again with a new incident
    await t.client.resolveIncident(incident.incidentKey);
    const [again] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the second incident');
    expect(again.incidentKey).to.not.equal(incident.incidentKey);
    expect(again.errorType).to.equal('IO_MAPPING_ERROR');

    await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { customerId: 'C-7' } });
    await t.client.resolveIncident(again.incidentKey);
    const [job] = await activate(t.client, 'vars-input-error');
    expect(plain(job.variables)).to.deep.equal({ customerId: 'C-7', customer: 'C-7' });
    expect(await activeIncidents(t.client, processInstanceKey)).to.have.length(0);
  });

  it('should set the result variable of a FEEL script task', async () => {
    const result = await t.client.createProcessInstanceWithResult({
      processDefinitionId: 'vars-script',
      variables: { lines: [{ price: 2.5, quantity: 4 }, { price: 1, quantity: 3 }] },
    });
    expect(plain(result.variables)).to.deep.equal({
      lines: [{ price: 2.5, quantity: 4 }, { price: 1, quantity: 3 }],
      orderTotal: 13,
    });
  });
});
