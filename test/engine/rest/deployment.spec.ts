import { expect } from 'chai';
import { fixture, startTestEngine, type TestEngine } from '../../support/engine.js';
import { rawDeploy, rejection } from './helpers.js';

const rest = (name: string) => `engine/rest/${name}`;
const resource = (name: string, content = fixture(rest(name))) => ({ name, content });

describe('engine/rest topology', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
  });
  after(() => t.stop());

  it('should answer getTopology with one broker leading one healthy partition', async () => {
    const topology = await t.client.getTopology();

    expect(topology).to.include({ clusterSize: 1, partitionsCount: 1, replicationFactor: 1 });
    expect(topology.gatewayVersion).to.be.a('string').and.not.be.empty;
    expect(topology.brokers).to.have.length(1);
    const broker = topology.brokers[0];
    expect(broker.nodeId).to.equal(0);
    expect(broker.partitions).to.deep.equal([{ partitionId: 1, role: 'leader', health: 'healthy' }]);
  });
});

describe('engine/rest deployment', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.stop());

  async function definitionsOf(processDefinitionId: string) {
    const found = await t.client.searchProcessDefinitions({ filter: { processDefinitionId } });
    return found.items;
  }

  it('should deploy a process and a form in one call and link the user task to the form', async () => {
    const deployment = await t.deployFixtures(rest('deploy-with-form.bpmn'), rest('deploy-review.form'));

    expect(deployment.deploymentKey).to.match(/^\d+$/);
    expect(deployment.processes).to.have.length(1);
    expect(deployment.processes[0]).to.include({
      processDefinitionId: 'deploy-with-form',
      processDefinitionVersion: 1,
      resourceName: 'deploy-with-form.bpmn',
    });
    expect(deployment.forms).to.have.length(1);
    const form = deployment.forms[0];
    expect(form).to.include({ formId: 'deploy-review-form', version: 1, resourceName: 'deploy-review.form' });

    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'deploy-with-form', variables: {} });
    const tasks = await t.client.searchUserTasks({ filter: { processInstanceKey } });
    expect(tasks.items).to.have.length(1);
    expect(tasks.items[0].formKey).to.equal(form.formKey);
  });

  it('should keep the version and key when identical XML is deployed again', async () => {
    const first = await t.deployFixtures(rest('deploy-versioned-v1.bpmn'));
    const again = await t.deployFixtures(rest('deploy-versioned-v1.bpmn'));

    expect(again.processes[0]).to.include({
      processDefinitionVersion: 1,
      processDefinitionKey: first.processes[0].processDefinitionKey,
    });
    expect(await definitionsOf('deploy-versioned')).to.have.length(1);
  });

  it('should version an unchanged process again when a changed form is deployed with it, as Zeebe versions a deployment together', async () => {
    const first = await t.deployFixtures(rest('deploy-with-form.bpmn'), rest('deploy-review.form'));
    const changedForm = fixture(rest('deploy-review.form')).replace('"Approved"', '"Approved by"');

    const second = await t.client.deployResources([
      { name: 'deploy-with-form.bpmn', content: fixture(rest('deploy-with-form.bpmn')) },
      { name: 'deploy-review.form', content: changedForm },
    ]);

    expect(second.processes[0]).to.include({ processDefinitionId: 'deploy-with-form', processDefinitionVersion: 2 });
    expect(second.processes[0].processDefinitionKey).to.not.equal(first.processes[0].processDefinitionKey);
    expect(second.forms[0]).to.include({ formId: 'deploy-review-form', version: 2 });
    expect(second.forms[0].formKey).to.not.equal(first.forms[0].formKey);
    expect(await definitionsOf('deploy-with-form')).to.have.length(2);
  });

  it('should version an unchanged decision graph and its decisions again when a changed diagram is deployed with it', async () => {
    const first = await t.deployFixtures(rest('deploy-decision.dmn'), rest('deploy-versioned-v1.bpmn'));

    const second = await t.client.deployResources([
      { name: 'deploy-decision.dmn', content: fixture(rest('deploy-decision.dmn')) },
      { name: 'deploy-versioned-v1.bpmn', content: fixture(rest('deploy-versioned-v2.bpmn')) },
    ]);

    expect(second.decisionRequirements[0]).to.include({ decisionRequirementsId: 'deploy-decisions', version: 2 });
    expect(second.decisionRequirements[0].decisionRequirementsKey).to.not.equal(first.decisionRequirements[0].decisionRequirementsKey);
    expect(second.decisions[0]).to.include({ decisionDefinitionId: 'deploy-discount', version: 2 });
    expect(second.decisions[0].decisionDefinitionKey).to.not.equal(first.decisions[0].decisionDefinitionKey);
  });

  it('should answer the existing versions and keys when every resource of a deployment is unchanged', async () => {
    const first = await t.deployFixtures(rest('deploy-with-form.bpmn'), rest('deploy-review.form'));

    const again = await t.deployFixtures(rest('deploy-with-form.bpmn'), rest('deploy-review.form'));

    expect(again.processes[0]).to.include({ processDefinitionVersion: 1, processDefinitionKey: first.processes[0].processDefinitionKey });
    expect(again.forms[0]).to.include({ version: 1, formKey: first.forms[0].formKey });
    expect(await definitionsOf('deploy-with-form')).to.have.length(1);
  });

  it('should make a changed diagram version 2, start new instances on it and still run version 1 by its key', async () => {
    const v1 = (await t.deployFixtures(rest('deploy-versioned-v1.bpmn'))).processes[0];
    const v2 = (await t.deployFixtures(rest('deploy-versioned-v2.bpmn'))).processes[0];

    expect(v2.processDefinitionVersion).to.equal(2);
    expect(v2.processDefinitionKey).to.not.equal(v1.processDefinitionKey);

    const latest = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'deploy-versioned', variables: {} });
    expect(latest.processDefinitionVersion).to.equal(2);
    expect(latest.processDefinitionKey).to.equal(v2.processDefinitionKey);
    expect(latest.variables).to.deep.equal({ diagram: 'second' });

    const byKey = await t.client.createProcessInstanceWithResult({ processDefinitionKey: v1.processDefinitionKey, variables: {} });
    expect(byKey.processDefinitionVersion).to.equal(1);
    expect(byKey.variables).to.deep.equal({ diagram: 'first' });

    const byVersion = await t.client.createProcessInstanceWithResult({
      processDefinitionId: 'deploy-versioned',
      processDefinitionVersion: 1,
      variables: {},
    });
    expect(byVersion.processDefinitionKey).to.equal(v1.processDefinitionKey);
    expect(byVersion.variables).to.deep.equal({ diagram: 'first' });
  });

  it('should make the first diagram version 3 when it is deployed again after version 2', async () => {
    await t.deployFixtures(rest('deploy-versioned-v1.bpmn'));
    await t.deployFixtures(rest('deploy-versioned-v2.bpmn'));
    const v3 = (await t.deployFixtures(rest('deploy-versioned-v1.bpmn'))).processes[0];

    expect(v3.processDefinitionVersion).to.equal(3);
    const created = await t.client.createProcessInstanceWithResult({ processDefinitionId: 'deploy-versioned', variables: {} });
    expect(created.processDefinitionVersion).to.equal(3);
    expect(created.variables).to.deep.equal({ diagram: 'first' });
  });

  it('should find the latest version of a process by sorting its definitions by version, numerically', async () => {
    // given versions 1 to 11 of one process (text order would put 9 after 11)
    const v1 = fixture(rest('deploy-versioned-v1.bpmn'));
    for (let n = 1; n <= 11; n += 1) {
      await t.client.deployResources([{ name: 'deploy-versioned.bpmn', content: v1.replace('&quot;first&quot;', `&quot;v${n}&quot;`) }]);
    }

    // when searching as `npm run doctor` does
    const found = await t.client.searchProcessDefinitions({
      filter: { processDefinitionId: 'deploy-versioned' },
      sort: [{ field: 'version', order: 'DESC' }],
      page: { from: 0, limit: 1 },
    });

    // then the one result is version 11, and its XML is the last deployed
    expect(found.page.totalItems).to.equal(11);
    expect(found.items.map((d) => d.version)).to.deep.equal([11]);
    expect(await t.client.getProcessDefinitionXML(found.items[0].processDefinitionKey)).to.include('&quot;v11&quot;');
  });

  it('should reject malformed XML with a problem naming the resource and deploy nothing', async () => {
    const res = await rawDeploy(t, [resource('deploy-malformed.bpmn')]);

    expect(res.status).to.equal(400);
    expect(res.contentType).to.match(/^application\/problem\+json/);
    expect(res.body).to.include({ status: 400, title: 'INVALID_ARGUMENT' });
    expect(res.body.detail).to.be.a('string').and.include("'deploy-malformed.bpmn'").and.include('malformed XML at line 7');
    expect(await definitionsOf('deploy-malformed')).to.deep.equal([]);
  });

  it('should reject an unsupported element naming its id and type', async () => {
    const problem = await rejection(t.deployFixtures(rest('deploy-complex-gateway.bpmn')));

    expect(problem.statusCode).to.equal(400);
    expect(problem.title).to.equal('INVALID_ARGUMENT');
    expect(problem.detail).to.include("'deploy-complex-gateway.bpmn'");
    expect(problem.detail).to.include('route');
    expect(problem.detail).to.include('bpmn:ComplexGateway');
    expect(await definitionsOf('deploy-complex-gateway')).to.deep.equal([]);
  });

  it('should reject a FEEL syntax error naming the element', async () => {
    const problem = await rejection(t.deployFixtures(rest('deploy-feel-error.bpmn')));

    expect(problem.statusCode).to.equal(400);
    expect(problem.detail).to.include("'deploy-feel-error.bpmn'");
    expect(problem.detail).to.include('Element: charge (bpmn:ServiceTask)').and.include('FEEL syntax error');
    expect(await definitionsOf('deploy-feel-error')).to.deep.equal([]);
  });

  it('should reject a resource the engine cannot run (txt) naming it', async () => {
    const res = await rawDeploy(t, [resource('deploy-notes.txt')]);

    expect(res.status).to.equal(400);
    expect(res.contentType).to.match(/^application\/problem\+json/);
    expect(res.body.detail).to.be.a('string').and.include('deploy-notes.txt');
  });

  it('should reject a form without an id', async () => {
    const res = await rawDeploy(t, [{ name: 'anonymous.form', content: JSON.stringify({ components: [] }) }]);

    expect(res.status).to.equal(400);
    expect(res.body.detail).to.be.a('string').and.include('anonymous.form');
  });

  for (const order of ['bad first', 'good first']) {
    it(`should deploy neither resource when one of two is invalid (${order})`, async () => {
      const good = resource('deploy-atomic-good.bpmn');
      const bad = resource('deploy-complex-gateway.bpmn');
      const form = resource('deploy-review.form');

      const res = await rawDeploy(t, order === 'bad first' ? [bad, good, form] : [good, form, bad]);

      expect(res.status).to.equal(400);
      expect(await definitionsOf('deploy-atomic-good')).to.deep.equal([]);
      expect(await definitionsOf('deploy-complex-gateway')).to.deep.equal([]);
      // the form of the rejected deployment does not exist either: a good deployment gets version 1
      const later = await t.deployFixtures(rest('deploy-review.form'), rest('deploy-atomic-good.bpmn'));
      expect(later.forms[0].version).to.equal(1);
      expect(later.processes[0].processDefinitionVersion).to.equal(1);
    });
  }

  it('should reject two resources declaring the same process id', async () => {
    const res = await rawDeploy(t, [resource('deploy-versioned-v1.bpmn'), resource('deploy-versioned-v2.bpmn')]);

    expect(res.status).to.equal(400);
    expect(res.body.detail).to.be.a('string').and.include("Duplicated process id in resources 'deploy-versioned-v1.bpmn' and 'deploy-versioned-v2.bpmn'");
    expect(await definitionsOf('deploy-versioned')).to.deep.equal([]);
  });

  it('should reject two forms with the same id in one deployment', async () => {
    const res = await rawDeploy(t, [resource('deploy-review.form'), resource('copy.form', fixture(rest('deploy-review.form')))]);

    expect(res.status).to.equal(400);
    expect(res.body.detail).to.be.a('string').and.include(
      "found a duplicated id 'deploy-review-form' in the resources 'deploy-review.form' and 'copy.form'",
    );
  });

  it('should reject a deployment without resources', async () => {
    const res = await rawDeploy(t, []);

    expect(res.status).to.equal(400);
    expect(res.contentType).to.match(/^application\/problem\+json/);
  });
});
