import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activeIncidents, processInstanceState, until, untilInstanceState } from '../../support/scopes.js';
import { DEFAULT_COMMAND_STEP_BUDGET } from '../../../engine/config.js';

const LOOP = ['join', 'sub', 'subStart', 'subEnd', 'again'];

describe('engine/runtime: step budget per command', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/runtime/runaway-loop.bpmn', 'engine/runtime/straight.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should answer the creation of an instance that loops without waiting and stop the loop with an incident on the element where it stopped', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'runaway-loop', variables: {} });

    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the runaway incident');
    expect(incident.errorType).to.equal('UNKNOWN');
    expect(LOOP).to.include(incident.elementId);
    expect(incident.errorMessage).to.contain(`within ${DEFAULT_COMMAND_STEP_BUDGET} element activations`);
    expect(incident.errorMessage).to.contain(`'${incident.elementId}'`);
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');

    // the engine goes on serving other commands
    const other = await t.client.createProcessInstance({ processDefinitionId: 'straight', variables: {} });
    expect(await untilInstanceState(t.client, other.processInstanceKey, 'COMPLETED')).to.equal('COMPLETED');
  });

  it('should run the loop on from the stopped element with a new budget when the incident is resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'runaway-loop', variables: {} });
    const [first] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the runaway incident');

    await t.client.resolveIncident(first.incidentKey);

    const [second] = await until(
      () => activeIncidents(t.client, processInstanceKey),
      (items) => items.length === 1 && items[0].incidentKey !== first.incidentKey,
      'the incident of the next runaway',
    );
    expect(second.errorType).to.equal('UNKNOWN');
    const elements = await t.client.searchElementInstances({ filter: { processInstanceKey, elementId: 'join' }, page: { from: 0, limit: 1 } });
    // the resolved command ran about a second budget's worth of rounds (five activations each)
    expect(Number(elements.page.totalItems)).to.be.greaterThan((2 * DEFAULT_COMMAND_STEP_BUDGET) / 5 - 5);
    expect(await processInstanceState(t.client, processInstanceKey)).to.equal('ACTIVE');
  });
});
