import { expect } from 'chai';
import { DeploymentRejectedError, compileBpmn } from '../../../engine/model/compile.js';
import { robotProcess } from './robot-process.js';

/** zeebe:linkedResource as Zeebe 8.8's validators take it: resourceId and resourceType required, bindingType one of its values. */

const serviceTask = (links: string) => robotProcess('p', links);

async function problemsOf(xml: string): Promise<string[]> {
  try {
    await compileBpmn(xml, 'robot.bpmn');
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentRejectedError);
    return (err as DeploymentRejectedError).problems.map((p) => p.message);
  }
  throw new Error('expected the deployment to be rejected');
}

describe('engine/rpa: reading zeebe:linkedResources', () => {
  it('should read each link with its binding, latest when none is written', async () => {
    const [model] = await compileBpmn(
      serviceTask('<zeebe:linkedResource resourceId="robot" resourceType="RPA" linkName="RPAScript" /><zeebe:linkedResource resourceId="before" resourceType="RPA" linkName="Before" bindingType="versionTag" versionTag="v2" />'),
      'robot.bpmn',
    );
    expect(model.elements.get('robot')!.job!.linkedResources).to.deep.equal([
      { resourceId: 'robot', resourceType: 'RPA', linkName: 'RPAScript', binding: { bindingType: 'latest' } },
      { resourceId: 'before', resourceType: 'RPA', linkName: 'Before', binding: { bindingType: 'versionTag', versionTag: 'v2' } },
    ]);
  });

  it('should refuse a link without resourceId or resourceType, or with an unknown bindingType', async () => {
    expect(await problemsOf(serviceTask('<zeebe:linkedResource resourceType="RPA" />'))).to.include("Attribute 'resourceId' must be present and not empty");
    expect(await problemsOf(serviceTask('<zeebe:linkedResource resourceId="robot" />'))).to.include("Attribute 'resourceType' must be present and not empty");
    expect(await problemsOf(serviceTask('<zeebe:linkedResource resourceId="robot" resourceType="RPA" bindingType="newest" />'))).to.include(
      "Attribute 'bindingType' must be one of: deployment, latest, versionTag",
    );
  });
});
