import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activeIncidents, until } from '../../support/scopes.js';

/**
 * Call activity binding types as Camunda 8.8 documents them
 * (https://docs.camunda.io/docs/8.8/components/modeler/bpmn/call-activities/#binding-type):
 * latest, deployment (the version deployed together with the calling process) and versionTag
 * (the latest version with that zeebe:versionTag), with Zeebe's incident messages.
 */
describe('engine/scopes: call activity binding types', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    // v1 of the child deployed with the deployment-bound parent, then v2 as the latest version
    await t.deployFixtures('engine/call-activity/ca-binding-by-deployment.bpmn', 'engine/call-activity/ca-binding-child-v1.bpmn');
    await t.deployFixtures('engine/call-activity/ca-binding-child-v2.bpmn');
    await t.deployFixtures('engine/call-activity/ca-binding-by-version-tag.bpmn', 'engine/call-activity/ca-binding-by-missing-tag.bpmn', 'engine/call-activity/ca-binding-latest.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  /** the version of the child process the call activity of `processDefinitionId` started (v1 = 1, v2 = 2) */
  async function calledVersion(processDefinitionId: string): Promise<number> {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId, variables: {} });
    const children = await until(
      () => t.client.searchProcessInstances({ filter: { parentProcessInstanceKey: processInstanceKey } }),
      (r) => r.items.length === 1,
      `the child of ${processInstanceKey}`,
    );
    return Number(children.items[0].processDefinitionVersion);
  }

  it('should call the latest version of the called process without a binding type', async () => {
    expect(await calledVersion('ca-binding-latest')).to.equal(2);
  });

  it('should call the version deployed together with the calling process with binding type deployment', async () => {
    expect(await calledVersion('ca-binding-by-deployment')).to.equal(1);
  });

  it('should call the latest version carrying the version tag with binding type versionTag', async () => {
    expect(await calledVersion('ca-binding-by-version-tag')).to.equal(1);
  });

  it('should raise a CALLED_ELEMENT_ERROR incident with Zeebe\'s message when no version carries the version tag', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'ca-binding-by-missing-tag', variables: {} });

    const incidents = await until(() => activeIncidents(t.client, processInstanceKey), (found) => found.length === 1, 'the incident');

    expect(incidents.map((i) => ({ errorType: i.errorType, errorMessage: i.errorMessage }))).to.deep.equal([
      {
        errorType: 'CALLED_ELEMENT_ERROR',
        errorMessage:
          "Expected to call process with BPMN process id 'ca-binding-child' and version tag 'v9', but no such process found. To resolve this incident, deploy a process with the given process id and version tag.",
      },
    ]);
  });
});
