import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activeIncidents, plain, rejection, until, untilInstanceState } from '../../support/scopes.js';
import { NOW, strictClient } from '../rest/strict-client.js';

/**
 * Forms outside Camunda user tasks, as Camunda 8.8 documents them:
 * - "User tasks" > Job worker implementation: a user task without zeebe:userTask is a job of type
 *   io.camunda.zeebe:userTask; "assignments, scheduling, and other user task-specific details are
 *   included in the job as task headers" (Zeebe's BpmnJobBehavior evaluates them when it creates the
 *   job, a linked formId becoming the formKey header with the key of the form's latest version).
 * - "User tasks" > User task forms: a job-worker user task references a custom form or an embedded
 *   form (zeebe:userTaskForm on the process) through formKey.
 * - "Get process start form" (GET /v2/process-definitions/{key}/form): "will only return linked
 *   forms"; 204 when "the process was found, but no form is associated with it".
 */

const USER_TASK_JOB = 'io.camunda.zeebe:userTask';

const definitions = (processId: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="${processId}-defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="toTask" sourceRef="start" targetRef="task" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;

const jobWorkerTask = (extensions: string) => `<bpmn:userTask id="task"><bpmn:extensionElements>${extensions}</bpmn:extensionElements></bpmn:userTask>`;

describe('engine/user-tasks: forms of job-worker user tasks and start events', () => {
  let t: TestEngine;
  let reviewFormKey: string;
  let requestFormKey: string;

  before(async () => {
    t = await startTestEngine();
    const deployment = await t.deployFixtures('engine/forms/job-worker-forms.bpmn', 'engine/forms/request.form', 'engine/forms/review.form', 'engine/forms/start-form-key.bpmn');
    requestFormKey = deployment.forms.find((f) => f.formId === 'forms-request')!.formKey;
    reviewFormKey = deployment.forms.find((f) => f.formId === 'forms-review')!.formKey;
  });

  after(async () => {
    await t.stop();
  });

  it('should hand a job-worker user task its evaluated assignment, schedule and linked form key as io.camunda.zeebe headers', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({
      processDefinitionId: 'forms-job-worker',
      variables: { reviewer: 'zoe', teams: ['audit', 'legal'], due: '2031-02-01T10:00:00Z' },
    });

    const [review] = await activate(t.client, USER_TASK_JOB);
    expect(review.elementId).to.equal('review');
    expect(review.retries).to.equal(1);
    expect(plain(review.customHeaders)).to.deep.equal({
      'io.camunda.zeebe:assignee': 'zoe',
      'io.camunda.zeebe:candidateGroups': '["audit","legal"]',
      'io.camunda.zeebe:candidateUsers': '["ann","bo"]',
      'io.camunda.zeebe:dueDate': '2031-02-01T10:00:00Z',
      'io.camunda.zeebe:followUpDate': '2031-01-02T08:00:00Z',
      'io.camunda.zeebe:formKey': reviewFormKey,
    });
    await review.complete({ approved: true });

    const [check] = await activate(t.client, USER_TASK_JOB);
    expect(check.elementId).to.equal('check');
    expect(plain(check.customHeaders)).to.deep.equal({ 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:checkForm' });
    await check.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should answer the linked start form of a process through GET /v2/process-definitions/{key}/form and mark it hasStartForm', async () => {
    const official = strictClient(t);
    const [definition] = (await official.searchProcessDefinitions({ filter: { processDefinitionId: 'forms-job-worker' as never } }, NOW)).items ?? [];
    expect(definition.hasStartForm).to.equal(true);

    // raw: the 8.8 API documents schema as "a JSON document serialized as a string" (as GET /user-tasks/{key}/form
    // answers it), while the official client 8.8.4 validates it as an object; neither SDK has this call otherwise
    const answer = await fetch(`${t.url}/v2/process-definitions/${definition.processDefinitionKey}/form`, { headers: t.headers });
    expect(answer.status).to.equal(200);
    const form = (await answer.json()) as { schema: string };
    expect(form).to.deep.include({ formId: 'forms-request', formKey: requestFormKey, version: 1, tenantId: '<default>' });
    expect((JSON.parse(form.schema) as { components: Array<{ key: string }> }).components[0].key).to.equal('subject');
    expect((await official.getProcessDefinition({ processDefinitionKey: definition.processDefinitionKey as never }, NOW)).hasStartForm).to.equal(true);
  });

  it('should answer 204 for a process whose start event has a form key only (not a linked form), and 404 for an unknown process', async () => {
    const [definition] = (await strictClient(t).searchProcessDefinitions({ filter: { processDefinitionId: 'forms-start-key' as never } }, NOW)).items ?? [];
    expect(definition.hasStartForm).to.equal(false);
    const answer = await fetch(`${t.url}/v2/process-definitions/${definition.processDefinitionKey}/form`, { headers: t.headers });
    expect(answer.status).to.equal(204);
    expect((await fetch(`${t.url}/v2/process-definitions/1/form`, { headers: t.headers })).status).to.equal(404);

    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'forms-start-key', variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should raise FORM_NOT_FOUND for a job-worker user task whose linked form is not deployed, and create the job once it is', async () => {
    await t.client.deployResources([{ name: 'forms-late.bpmn', content: definitions('forms-late', jobWorkerTask('<zeebe:formDefinition formId="forms-late-form" />')) }]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'forms-late', variables: {} });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('FORM_NOT_FOUND');
    expect(incident.elementId).to.equal('task');

    const form = { id: 'forms-late-form', type: 'default', schemaVersion: 16, components: [] };
    const deployment = await t.client.deployResources([{ name: 'late.form', content: JSON.stringify(form) }]);
    await t.client.resolveIncident(incident.incidentKey);
    const [job] = await activate(t.client, USER_TASK_JOB);
    expect(job.customHeaders).to.deep.include({ 'io.camunda.zeebe:formKey': deployment.forms[0].formKey });
  });

  it('should raise EXTRACT_VALUE_ERROR when a job-worker user task\'s candidateGroups expression is not a list of strings', async () => {
    const task = jobWorkerTask('<zeebe:assignmentDefinition candidateGroups="=teams" />');
    await t.client.deployResources([{ name: 'forms-bad-groups.bpmn', content: definitions('forms-bad-groups', task) }]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'forms-bad-groups', variables: { teams: 'audit' } });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('EXTRACT_VALUE_ERROR');
    expect(incident.errorMessage).to.contain("'ARRAY' containing 'STRING' items");
  });

  it('should refuse a job-worker user task form with neither formId nor formKey, or with formKey and bindingType, with Zeebe\'s messages', async () => {
    const external = await rejection(
      t.client.deployResources([{ name: 'forms-external.bpmn', content: definitions('forms-external', jobWorkerTask('<zeebe:formDefinition externalReference="https://forms.example/a" />')) }]),
    );
    expect(external.status).to.equal(400);
    expect(external.detail).to.contain("Exactly one of the attributes 'formId, formKey' must be present and not blank");

    const bound = await rejection(
      t.client.deployResources([{ name: 'forms-bound.bpmn', content: definitions('forms-bound', jobWorkerTask('<zeebe:formDefinition formKey="my-form" bindingType="latest" />')) }]),
    );
    expect(bound.detail).to.contain("Attribute 'formKey' must not be used in combination with attribute 'bindingType'");
  });
});
