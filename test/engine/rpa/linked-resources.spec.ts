import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, rejection, until } from '../../support/scopes.js';
import { rawCall } from '../rest/helpers.js';
import { strictClient } from '../rest/strict-client.js';
import { RPA_JOB, robotProcess } from './robot-process.js';

/**
 * Service tasks with zeebe:linkedResources (the RPA worker's diagrams), through the official SDKs.
 * Zeebe 8.8 deploys .rpa files as versioned resources (RpaTransformer: the JSON's id and
 * versionTag), resolves each link by its binding when the job is created and hands the job a
 * linkedResources header: a JSON array of { resourceKey, resourceType, linkName }
 * (BpmnJobBehavior). A link with no such resource is a RESOURCE_NOT_FOUND incident. The worker
 * fetches the script through GET /v2/resources/{resourceKey}/content.
 */

const rpaScript = (id: string, script: string, versionTag?: string) =>
  JSON.stringify({ id, name: id, executionPlatform: 'Camunda Cloud', executionPlatformVersion: '8.8.0', ...(versionTag ? { versionTag } : {}), script });

type LinkedResource = { resourceKey: string; resourceType: string; linkName: string | null };

const linkedResourcesOf = (job: { customHeaders: Record<string, unknown> }) => JSON.parse(String(job.customHeaders.linkedResources)) as LinkedResource[];

describe('engine/rpa: service tasks linking RPA scripts (zeebe:linkedResources)', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.stop());

  const deploy = async (resources: Array<{ name: string; content: string }>) =>
    strictClient(t).createDeployment({ resources: resources.map((r) => new File([r.content], r.name)) });
  const rpaKeyOf = (deployment: Awaited<ReturnType<typeof deploy>>) => String(deployment.resources[0].resourceKey);

  it('should deploy a diagram with its .rpa script and hand the job the script’s key in its linkedResources header', async () => {
    const deployment = await deploy([
      { name: 'linked-rpa.bpmn', content: fixture('engine/rpa/linked-rpa.bpmn') },
      { name: 'invoice-robot.rpa', content: fixture('engine/rpa/invoice-robot.rpa') },
    ]);
    expect(deployment.resources).to.have.length(1);
    expect(deployment.resources[0]).to.include({ resourceId: 'invoice-robot', version: 1, resourceName: 'invoice-robot.rpa', tenantId: '<default>' });

    await t.client.createProcessInstance({ processDefinitionId: 'linked-rpa', variables: {} });
    const [job] = await activate(t.client, RPA_JOB);
    expect((job.customHeaders as Record<string, unknown>).linkedResources).to.equal(JSON.stringify([{ resourceKey: rpaKeyOf(deployment), resourceType: 'RPA', linkName: 'RPAScript' }]));

    const client = strictClient(t);
    const resource = await client.getResource({ resourceKey: rpaKeyOf(deployment) as never });
    expect(resource).to.deep.equal({ resourceName: 'invoice-robot.rpa', version: 1, versionTag: 'v1', resourceId: 'invoice-robot', tenantId: '<default>', resourceKey: rpaKeyOf(deployment) });
    const content = await fetch(`${t.url}/v2/resources/${rpaKeyOf(deployment)}/content`, { headers: t.headers });
    expect(await content.text()).to.equal(fixture('engine/rpa/invoice-robot.rpa'));
  });

  it('should raise Zeebe’s RESOURCE_NOT_FOUND when no script has the linked id, and create the job once it is deployed and the incident resolved', async () => {
    await t.client.deployResources([{ name: 'linked-rpa.bpmn', content: fixture('engine/rpa/linked-rpa.bpmn') }]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'linked-rpa', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident).to.include({
      errorType: 'RESOURCE_NOT_FOUND',
      errorMessage:
        "Expected to link a resource with id 'invoice-robot', but no resource with this id is found, at least a resource with this id should be available. To resolve the Incident please deploy a resource with the same id.\n",
    });

    const deployment = await deploy([{ name: 'invoice-robot.rpa', content: fixture('engine/rpa/invoice-robot.rpa') }]);
    await t.client.resolveIncident(incident.incidentKey);
    const [job] = await activate(t.client, RPA_JOB);
    expect(linkedResourcesOf(job)).to.deep.equal([{ resourceKey: rpaKeyOf(deployment), resourceType: 'RPA', linkName: 'RPAScript' }]);
  });

  it('should give a link bound by deployment the script deployed with its process, not a later version', async () => {
    const together = await deploy([
      { name: 'bound.bpmn', content: robotProcess('bound-deployment', '<zeebe:linkedResource resourceId="robot" resourceType="RPA" linkName="RPAScript" bindingType="deployment" />') },
      { name: 'robot.rpa', content: rpaScript('robot', 'first') },
    ]);
    const later = await deploy([{ name: 'robot.rpa', content: rpaScript('robot', 'second') }]);
    expect(later.resources[0].version).to.equal(2);

    await t.client.createProcessInstance({ processDefinitionId: 'bound-deployment', variables: {} });
    const [job] = await activate(t.client, RPA_JOB);
    expect(linkedResourcesOf(job).map((r) => r.resourceKey)).to.deep.equal([rpaKeyOf(together)]);
  });

  it('should version an unchanged script again when it is deployed with a changed process, so that a deployment binding finds it', async () => {
    const link = '<zeebe:linkedResource resourceId="robot" resourceType="RPA" linkName="RPAScript" bindingType="deployment" />';
    const first = await deploy([{ name: 'bound.bpmn', content: robotProcess('bound-again', link) }, { name: 'robot.rpa', content: rpaScript('robot', 'same') }]);
    const same = await deploy([{ name: 'bound.bpmn', content: robotProcess('bound-again', link) }, { name: 'robot.rpa', content: rpaScript('robot', 'same') }]);
    expect(rpaKeyOf(same)).to.equal(rpaKeyOf(first));
    const changed = await deploy([{ name: 'bound.bpmn', content: robotProcess('bound-again', link).replace('<bpmn:startEvent id="start" />', '<bpmn:startEvent id="start" name="changed" />') }, { name: 'robot.rpa', content: rpaScript('robot', 'same') }]);
    expect(changed.resources[0].version).to.equal(2);

    await t.client.createProcessInstance({ processDefinitionId: 'bound-again', variables: {} });
    const [job] = await activate(t.client, RPA_JOB);
    expect(linkedResourcesOf(job).map((r) => r.resourceKey)).to.deep.equal([rpaKeyOf(changed)]);
  });

  it('should give a link bound by version tag the script with that tag, and raise Zeebe’s RESOURCE_NOT_FOUND for a tag never deployed', async () => {
    const tagged = await deploy([{ name: 'robot.rpa', content: rpaScript('robot', 'first', 'v1') }]);
    await deploy([{ name: 'robot.rpa', content: rpaScript('robot', 'second', 'v2') }]);
    await deploy([
      { name: 'v1.bpmn', content: robotProcess('bound-v1', '<zeebe:linkedResource resourceId="robot" resourceType="RPA" linkName="RPAScript" bindingType="versionTag" versionTag="v1" />') },
      { name: 'v9.bpmn', content: robotProcess('bound-v9', '<zeebe:linkedResource resourceId="robot" resourceType="RPA" bindingType="versionTag" versionTag="v9" />') },
    ]);

    await t.client.createProcessInstance({ processDefinitionId: 'bound-v1', variables: {} });
    const [job] = await activate(t.client, RPA_JOB);
    expect(linkedResourcesOf(job)).to.deep.equal([{ resourceKey: rpaKeyOf(tagged), resourceType: 'RPA', linkName: 'RPAScript' }]);

    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'bound-v9', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident).to.include({
      errorType: 'RESOURCE_NOT_FOUND',
      errorMessage: "Expected to link a resource with id 'robot' and version tag 'v9', but no such resource found. To resolve the incident, deploy a resource with the given id and version tag.\n",
    });
  });

  it('should refuse an .rpa file without an id, and two with one id in a deployment, with Zeebe’s messages', async () => {
    const noId = await rejection(t.client.deployResources([{ name: 'nameless.rpa', content: JSON.stringify({ name: 'x', script: '' }) }]));
    expect(noId.detail).to.equal("Expected to deploy new resources, but encountered the following errors:\n'nameless.rpa': Expected the resource id to be present, but none given");
    const twice = await rejection(t.client.deployResources([{ name: 'a.rpa', content: rpaScript('robot', 'a') }, { name: 'b.rpa', content: rpaScript('robot', 'b') }]));
    expect(twice.detail).to.equal("Expected to deploy new resources, but encountered the following errors:\nExpected the resource ids to be unique within a deployment but found a duplicated id 'robot' in the resources 'a.rpa' and 'b.rpa'.");
  });

  it('should delete a script by its key, after which its key is not found and its version number is not given again', async () => {
    const deployment = await deploy([{ name: 'robot.rpa', content: rpaScript('robot', 'first') }]);
    await strictClient(t).deleteResource({ resourceKey: rpaKeyOf(deployment) as never });
    expect((await rawCall(t, 'GET', `/resources/${rpaKeyOf(deployment)}`)).status).to.equal(404);
    const again = await deploy([{ name: 'robot.rpa', content: rpaScript('robot', 'first') }]);
    expect(again.resources[0].version).to.equal(2);
  });
});
