import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateOne, rawCall, waitFor, waitForState } from '../rest/helpers.js';

const dmn = (name: string) => `engine/dmn/${name}`;

/**
 * Business rule tasks with zeebe:calledDecision, through the official SDK: the decision is
 * evaluated in the task's scope and its output lands in the result variable; a missing decision
 * is a CALLED_DECISION_ERROR incident and a failing one a DECISION_EVALUATION_ERROR, and
 * resolving either evaluates again, as in Zeebe 8.8.
 */
describe('engine/dmn business rule tasks', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(dmn('fee-assessment.bpmn'), dmn('job-based-rule.bpmn'));
  });
  after(() => t.stop());

  const incidentsOf = async (processInstanceKey: string) =>
    waitFor(() => t.client.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }).then((r) => r.items), (items) => items.length > 0, 'an incident');

  it('should raise CALLED_DECISION_ERROR when the decision is not deployed, and evaluate once it is and the incident is resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'fee-assessment', variables: { age: 40, serviceType: 'certificate' } });
    const [incident] = await incidentsOf(processInstanceKey);
    expect(incident).to.include({ errorType: 'CALLED_DECISION_ERROR', errorMessage: "Expected to evaluate decision 'fee', but no decision found for id 'fee'", elementId: 'assess-fee' });

    await t.deployFixtures(dmn('fee.dmn'));
    await t.client.resolveIncident(incident.incidentKey);

    await waitForState(t.client, processInstanceKey, 'COMPLETED');
    const fee = await t.client.searchVariables({ filter: { processInstanceKey, name: 'fee' } });
    expect(fee.items.map((v) => v.value)).to.deep.equal(['20']);
  });

  it('should put the decision’s output into the result variable of the task’s scope', async () => {
    const created = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'fee-assessment', variables: { age: 70, serviceType: 'licence' } });
    expect(created.variables).to.deep.include({ fee: 25 });
  });

  it('should raise DECISION_EVALUATION_ERROR naming the failure, and complete after the variables are fixed and the incident resolved', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'fee-assessment', variables: { age: 130, serviceType: 'licence' } });
    const [incident] = await incidentsOf(processInstanceKey);
    expect(incident.errorType).to.equal('DECISION_EVALUATION_ERROR');
    expect(incident.errorMessage).to.match(/^Expected to evaluate decision 'fee', but multiple rules matched for the hit policy UNIQUE, but only one may: rules 3 \(id category-senior\), 4 \(id category-implausible\)/);

    await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { age: 12 } });
    await t.client.resolveIncident(incident.incidentKey);

    await waitForState(t.client, processInstanceKey, 'COMPLETED');
    const fee = await t.client.searchVariables({ filter: { processInstanceKey, name: 'fee' } });
    expect(fee.items.map((v) => v.value)).to.deep.equal(['0']);
  });

  it('should record each evaluated decision of a business rule task as a decision instance of its process instance', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'fee-assessment', variables: { age: 30, serviceType: 'licence' } });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
    const found = await rawCall(t, 'POST', '/decision-instances/search', { filter: { processInstanceKey } });
    const items = found.body.items as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.decisionDefinitionId, i.state, i.result])).to.deep.equal([
      ['applicant-category', 'EVALUATED', '"adult"'],
      ['base-fee', 'EVALUATED', '50'],
      ['fee', 'EVALUATED', '50'],
    ]);
    expect(items[2]).to.include({ processInstanceKey, decisionDefinitionType: 'DECISION_TABLE', decisionDefinitionVersion: 1, tenantId: '<default>' });
    expect(items[2].elementInstanceKey).to.match(/^\d+$/);
  });

  it('should leave a business rule task with zeebe:taskDefinition to a job worker', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'job-based-rule', variables: {} });
    const job = await activateOne(t.client, 'external-rules');
    expect(job.elementId).to.equal('external-rules');
    await t.client.completeJob({ jobKey: job.jobKey, variables: { decided: true } });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });
});

describe('engine/dmn decision binding types', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it('should call the latest version, the one deployed with the process, or the one with the version tag', async () => {
    await t.deployFixtures(dmn('binding-rate-first.dmn'));
    await t.deployFixtures(dmn('binding-rate-second.dmn'), dmn('decision-bindings.bpmn'));
    await t.deployFixtures(dmn('binding-rate-third.dmn'));

    const created = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'decision-bindings', variables: { decisionName: 'binding-rate' } });

    expect(created.variables).to.deep.include({ latestResult: 'third rate', deploymentResult: 'second rate', taggedResult: 'first rate' });
  });
});
