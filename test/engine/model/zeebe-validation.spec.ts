import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { DeploymentRejectedError, compileBpmn } from '../../../engine/model/compile.js';
import type { ProcessModel } from '../../../engine/model/types.js';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateExactly, completeJob, instanceState, rest } from '../flow/helpers.js';

/** Deployment validation matched to Zeebe 8.8: what it deploys is deployed and runs the same, what it refuses is refused. */

const FIXTURES = new URL('../../fixtures/engine/model/', import.meta.url);

async function compileFixture(name: string): Promise<ProcessModel> {
  const [model] = await compileBpmn(await readFile(new URL(name, FIXTURES), 'utf8'), name);
  return model;
}

async function rejection(xml: string): Promise<DeploymentRejectedError> {
  try {
    await compileBpmn(xml, 'test.bpmn');
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentRejectedError);
    return err as DeploymentRejectedError;
  }
  throw new Error('expected the deployment to be rejected');
}

function bpmn(processBody: string, roots = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  ${roots}
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="toGateway" sourceRef="s" targetRef="g" />
    <bpmn:eventBasedGateway id="g" />
    ${processBody}
  </bpmn:process>
</bpmn:definitions>`;
}

const paidCatch = `
  <bpmn:sequenceFlow id="toPaid" sourceRef="g" targetRef="paid" />
  <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Message_paid" /></bpmn:intermediateCatchEvent>`;

const paidMessage = `
  <bpmn:message id="Message_paid" name="paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
  </bpmn:message>`;

const TARGET_MESSAGE = 'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events';

describe('engine/model Zeebe 8.8 validation', () => {
  describe('accepted like Zeebe', () => {
    it('should read an empty retries attribute as absent, i.e. 3 retries', async () => {
      const model = await compileFixture('zeebe-lenient.bpmn');

      expect(model.elements.get('work')?.job?.retries).to.deep.equal({ kind: 'static', value: '3' });
    });

    it('should map an input without a source, or with an empty one, to null', async () => {
      const model = await compileFixture('zeebe-lenient.bpmn');

      expect(model.elements.get('work')?.inputs).to.deep.equal([
        { source: { kind: 'feel', source: 'null' }, target: 'cleared' },
        { source: { kind: 'feel', source: 'null' }, target: 'blank' },
      ]);
    });

    it('should deploy data stores, data store references and data input associations and ignore them', async () => {
      const model = await compileFixture('zeebe-lenient.bpmn');

      expect(model.elements.has('archiveRef')).to.equal(false);
      expect(model.elements.get('work')?.behavior).to.equal('jobTask');
    });

    it('should deploy a default flow carrying a condition and drop the condition, which Zeebe never evaluates', async () => {
      const model = await compileFixture('zeebe-lenient.bpmn');

      expect(model.elements.get('decide')?.defaultFlowId).to.equal('toWork');
      expect(model.flows.get('toWork')).to.not.have.property('condition');
      expect(model.flows.get('toNever')?.condition).to.equal('route = "never"');
    });

    it('should deploy a signal intermediate catch event after an event-based gateway', async () => {
      const model = await compileFixture('signal-after-event-gateway.bpmn');

      expect(model.elements.get('gateway')?.outgoing).to.deep.equal(['toRecall', 'toTimeout']);
      expect(model.elements.get('recalled')?.event).to.deep.equal({ type: 'signal', signalName: { kind: 'static', value: 'model-recall' } });
    });
  });

  describe('job-worker user tasks', () => {
    it('should compile a user task without zeebe:userTask into a job of type io.camunda.zeebe:userTask with one retry, its settings evaluated at job creation', async () => {
      const model = await compileFixture('job-worker-user-task.bpmn');

      expect(model.elements.get('approve')).to.include({ behavior: 'jobTask', bpmnType: 'bpmn:UserTask' });
      expect(model.elements.get('approve')?.job).to.deep.equal({
        type: { kind: 'static', value: 'io.camunda.zeebe:userTask' },
        retries: { kind: 'static', value: '1' },
        headers: { level: '2', 'io.camunda.zeebe:formKey': 'camunda-forms:bpmn:approvalForm' },
        userTask: {
          assignee: { kind: 'static', value: 'demo' },
          candidateGroups: { kind: 'static', value: 'sales, finance' },
          dueDate: { kind: 'static', value: '2031-03-02T08:00:00Z' },
        },
      });
    });
  });

  describe('start event forms', () => {
    const withStartForms = (starts: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Message_go" name="go" />
  <bpmn:process id="p" isExecutable="true">${starts}</bpmn:process>
</bpmn:definitions>`;
    const form = (attributes: string) => `<bpmn:extensionElements><zeebe:formDefinition ${attributes} /></bpmn:extensionElements>`;

    // Camunda's exporter (ProcessModelReader) takes the form of the process-level none start event
    it('should take the start form from the none start event of the process, not from a message start event', async () => {
      const [model] = await compileBpmn(
        withStartForms(`
          <bpmn:startEvent id="byMessage">${form('formId="message-form"')}<bpmn:messageEventDefinition messageRef="Message_go" /></bpmn:startEvent>
          <bpmn:startEvent id="withForm">${form('formId="request-form" bindingType="deployment"')}</bpmn:startEvent>`),
        'start-forms.bpmn',
      );

      expect(model.startFormId).to.equal('request-form');
    });

    it('should refuse a start event form with an externalReference only, with Zeebe\'s message', async () => {
      const error = await rejection(withStartForms(`<bpmn:startEvent id="s">${form('externalReference="https://forms.example/a"')}</bpmn:startEvent>`));

      expect(error.problems).to.deep.equal([
        { elementId: 's', elementType: 'bpmn:StartEvent', message: "Exactly one of the attributes 'formId, formKey' must be present and not blank" },
      ]);
    });
  });

  describe('refused like Zeebe', () => {
    it('should refuse a receive task after an event-based gateway, naming the gateway and the task', async () => {
      const error = await rejection(
        bpmn(
          `${paidCatch}
           <bpmn:sequenceFlow id="toReply" sourceRef="g" targetRef="reply" />
           <bpmn:receiveTask id="reply" messageRef="Message_reply" />`,
          `${paidMessage}
           <bpmn:message id="Message_reply" name="reply"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>`,
        ),
      );

      expect(error.problems).to.deep.equal([
        { elementId: 'g', elementType: 'bpmn:EventBasedGateway', message: `${TARGET_MESSAGE} (found bpmn:ReceiveTask 'reply').` },
      ]);
      expect(error.message).to.contain('- Element: g (bpmn:EventBasedGateway)');
    });

    it('should refuse an event-based gateway with a single outgoing flow, with Zeebe\'s message', async () => {
      const error = await rejection(bpmn(paidCatch, paidMessage));

      expect(error.problems).to.deep.equal([
        { elementId: 'g', elementType: 'bpmn:EventBasedGateway', message: 'Event-based gateway must have at least 2 outgoing sequence flows.' },
      ]);
    });

    it('should refuse an error or none intermediate catch event after an event-based gateway', async () => {
      const error = await rejection(
        bpmn(
          `${paidCatch}
           <bpmn:sequenceFlow id="toNone" sourceRef="g" targetRef="nothing" />
           <bpmn:intermediateCatchEvent id="nothing" />`,
          paidMessage,
        ),
      );

      expect(error.problems.filter((problem) => problem.elementId === 'g').map((problem) => problem.message)).to.include(
        `${TARGET_MESSAGE} (found bpmn:IntermediateCatchEvent 'nothing').`,
      );
    });

    it('should refuse a target of an event-based gateway that has another incoming flow', async () => {
      const error = await rejection(
        bpmn(
          `${paidCatch}
           <bpmn:sequenceFlow id="toLater" sourceRef="g" targetRef="later" />
           <bpmn:intermediateCatchEvent id="later"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
           <bpmn:sequenceFlow id="loopBack" sourceRef="again" targetRef="paid" />
           <bpmn:task id="again" />`,
          paidMessage,
        ),
      );

      expect(error.problems).to.deep.include({
        elementId: 'g',
        elementType: 'bpmn:EventBasedGateway',
        message: "Target elements of an event gateway must not have any additional incoming sequence flows other than that from the event gateway (found on 'paid').",
      });
    });
  });

  describe('running what Zeebe accepts', () => {
    let t: TestEngine;
    before(async () => {
      t = await startTestEngine();
      await t.deployFixtures('engine/model/zeebe-lenient.bpmn', 'engine/model/signal-after-event-gateway.bpmn', 'engine/model/job-worker-user-task.bpmn');
    });

    after(async () => {
      await t.stop();
    });

    it('should take the default flow although it carries a condition that is false, and give its job 3 retries and null inputs', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({
        processDefinitionId: 'model-lenient',
        variables: { route: 'other', cleared: 'set by the caller' },
      });

      const [job] = await activateExactly(t, 'lenient-work', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ route: 'other', cleared: null, blank: null });
      const search = await rest(t, 'POST', '/jobs/search', { filter: { jobKey: job.jobKey } });
      expect((search.body.items as Array<{ retries: number }>)[0]?.retries).to.equal(3);
      expect(await activate(t, 'lenient-never')).to.have.length(0);
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should hand a job-worker user task to a worker of type io.camunda.zeebe:userTask with its headers and complete it', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'model-job-worker-user-task', variables: {} });

      const jobs = await t.client.activateJobs({ type: 'io.camunda.zeebe:userTask', worker: 'tasklist', timeout: 60_000, maxJobsToActivate: 5, requestTimeout: -1 });
      expect(jobs).to.have.length(1);
      expect(jobs[0]).to.include({ processInstanceKey, elementId: 'approve', retries: 1 });
      expect(jobs[0]?.customHeaders).to.deep.include({ 'io.camunda.zeebe:assignee': 'demo', 'io.camunda.zeebe:candidateGroups': '["sales","finance"]' });
      await completeJob(t, jobs[0].jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should continue after an event-based gateway on the signal branch when the signal is broadcast', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'model-ebg-signal', variables: {} });
      await t.client.broadcastSignal({ signalName: 'model-recall', variables: { reason: 'defect' } });

      const [job] = await activateExactly(t, 'model-recall', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.elementId).to.equal('handleRecall');
      expect(job.variables).to.deep.equal({ reason: 'defect' });
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });
  });
});
