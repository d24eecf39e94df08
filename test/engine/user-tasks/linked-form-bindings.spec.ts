import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, rejection, until } from '../../support/scopes.js';

/**
 * Linked forms bound by binding type, through the official SDK. Zeebe 8.8 resolves a
 * zeebe:formDefinition formId with bindingType latest, deployment or versionTag the same way for a
 * Camunda user task (the task's formKey) and a job-worker user task (the io.camunda.zeebe:formKey
 * header of its job): BpmnJobBehavior hands the job-worker task's binding to BpmnUserTaskBehavior's
 * evaluateFormIdExpressionToFormKey. A form's version tag is its JSON's versionTag.
 */

const USER_TASK_JOB = 'io.camunda.zeebe:userTask';

const processXml = (processId: string, task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${processId}-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="task" />
    ${task}
  </bpmn:process>
</bpmn:definitions>`;

const jobWorkerTask = (form: string) => `<bpmn:userTask id="task"><bpmn:extensionElements>${form}</bpmn:extensionElements></bpmn:userTask>`;
const camundaUserTask = (form: string) => `<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:userTask />${form}</bpmn:extensionElements></bpmn:userTask>`;

const formJson = (id: string, label: string, versionTag?: string) =>
  JSON.stringify({ id, ...(versionTag ? { versionTag } : {}), type: 'default', schemaVersion: 16, components: [{ type: 'textfield', key: 'note', label }] });

describe('engine/user-tasks: linked forms bound by deployment or version tag', () => {
  let t: TestEngine;
  beforeEach(async () => {
    t = await startTestEngine();
  });
  afterEach(() => t.stop());

  const deploy = (resources: Array<{ name: string; content: string }>) => t.client.deployResources(resources);
  const incidentOf = async (processInstanceKey: string) => {
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    return incident;
  };

  it('should give a job-worker user task bound by deployment the form deployed with its process, not the latest', async () => {
    const together = await deploy([
      { name: 'bound.bpmn', content: processXml('bound-deployment', jobWorkerTask('<zeebe:formDefinition formId="permit-form" bindingType="deployment" />')) },
      { name: 'permit.form', content: formJson('permit-form', 'first') },
    ]);
    const later = await deploy([{ name: 'permit.form', content: formJson('permit-form', 'second') }]);
    expect(later.forms[0].version).to.equal(2);

    await t.client.createProcessInstance({ processDefinitionId: 'bound-deployment', variables: {} });
    const [job] = await activate(t.client, USER_TASK_JOB);
    expect(job.customHeaders).to.deep.include({ 'io.camunda.zeebe:formKey': together.forms[0].formKey });
  });

  it('should give a job-worker user task bound by version tag the form with that tag, and raise Zeebe’s FORM_NOT_FOUND for a tag never deployed', async () => {
    const tagged = await deploy([{ name: 'permit.form', content: formJson('permit-form', 'first', 'v1') }]);
    await deploy([{ name: 'permit.form', content: formJson('permit-form', 'second', 'v2') }]);
    await deploy([
      { name: 'by-tag.bpmn', content: processXml('bound-tag', jobWorkerTask('<zeebe:formDefinition formId="permit-form" bindingType="versionTag" versionTag="v1" />')) },
      { name: 'by-missing-tag.bpmn', content: processXml('bound-missing-tag', jobWorkerTask('<zeebe:formDefinition formId="permit-form" bindingType="versionTag" versionTag="v9" />')) },
    ]);

    await t.client.createProcessInstance({ processDefinitionId: 'bound-tag', variables: {} });
    const [job] = await activate(t.client, USER_TASK_JOB);
    expect(job.customHeaders).to.deep.include({ 'io.camunda.zeebe:formKey': tagged.forms[0].formKey });

    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'bound-missing-tag', variables: {} });
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorType).to.equal('FORM_NOT_FOUND');
    expect(incident.errorMessage).to.equal(
      "Expected to use a form with id 'permit-form' and version tag 'v9', but no such form found. To resolve the incident, deploy a form with the given id and version tag.\n",
    );
  });

  it('should raise Zeebe’s FORM_NOT_FOUND for a form bound by deployment that its process’s deployment lacks, though another deployment has it', async () => {
    await deploy([{ name: 'permit.form', content: formJson('permit-form', 'alone') }]);
    const processDeployment = await deploy([
      { name: 'bound.bpmn', content: processXml('bound-elsewhere', jobWorkerTask('<zeebe:formDefinition formId="permit-form" bindingType="deployment" />')) },
    ]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'bound-elsewhere', variables: {} });
    const incident = await incidentOf(processInstanceKey);
    expect(incident.errorType).to.equal('FORM_NOT_FOUND');
    expect(incident.elementId).to.equal('task');
    expect(incident.errorMessage).to.equal(
      `Expected to use a form with id 'permit-form' with binding type 'deployment', but no such form found in the deployment with key ${processDeployment.deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended form to use.',
    );
  });

  it('should resolve a Camunda user task’s linked form by the same binding types', async () => {
    const together = await deploy([
      { name: 'camunda.bpmn', content: processXml('camunda-bound', camundaUserTask('<zeebe:formDefinition formId="permit-form" bindingType="deployment" />')) },
      { name: 'permit.form', content: formJson('permit-form', 'first', 'v1') },
    ]);
    await deploy([{ name: 'permit.form', content: formJson('permit-form', 'second', 'v2') }]);
    await deploy([{ name: 'tagged.bpmn', content: processXml('camunda-tagged', camundaUserTask('<zeebe:formDefinition formId="permit-form" bindingType="versionTag" versionTag="v1" />')) }]);

    for (const processDefinitionId of ['camunda-bound', 'camunda-tagged']) {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId, variables: {} });
      const [task] = await until(() => t.client.searchUserTasks({ filter: { processInstanceKey } }).then((r) => r.items), (items) => items.length === 1, `the task of ${processDefinitionId}`);
      expect(task.formKey, processDefinitionId).to.equal(together.forms[0].formKey);
    }
  });

  it('should raise the latest binding’s FORM_NOT_FOUND with Zeebe 8.8’s whole message', async () => {
    await deploy([{ name: 'latest.bpmn', content: processXml('bound-latest', jobWorkerTask('<zeebe:formDefinition formId="never-deployed" />')) }]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'bound-latest', variables: {} });
    expect((await incidentOf(processInstanceKey)).errorMessage).to.equal(
      "Expected to find a form with id 'never-deployed', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id",
    );
  });

  it('should refuse a version tag binding without a tag, and a tag with another binding type, with Zeebe’s messages', async () => {
    const untagged = await rejection(deploy([{ name: 'untagged.bpmn', content: processXml('untagged', jobWorkerTask('<zeebe:formDefinition formId="permit-form" bindingType="versionTag" />')) }]));
    expect(untagged.detail).to.contain("Attribute 'versionTag' must be present and not empty if 'bindingType' is 'versionTag'");
    const stray = await rejection(deploy([{ name: 'stray.bpmn', content: processXml('stray', camundaUserTask('<zeebe:formDefinition formId="permit-form" bindingType="deployment" versionTag="v1" />')) }]));
    expect(stray.detail).to.contain("Attribute 'versionTag' may only be used if 'bindingType' is 'versionTag'");
  });
});
