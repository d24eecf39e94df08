import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { DeploymentRejectedError, compileBpmn } from '../../../engine/model/compile.js';
import type { ElementModel, ProcessModel } from '../../../engine/model/types.js';

const FIXTURES = new URL('../../fixtures/model/', import.meta.url);

function fixture(name: string): Promise<string> {
  return readFile(new URL(name, FIXTURES), 'utf8');
}

async function compileFixture(name: string): Promise<ProcessModel> {
  const models = await compileBpmn(await fixture(name), name);
  expect(models).to.have.length(1);
  return models[0];
}

async function rejection(xml: string, resourceName = 'test.bpmn'): Promise<DeploymentRejectedError> {
  try {
    await compileBpmn(xml, resourceName);
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentRejectedError);
    return err as DeploymentRejectedError;
  }
  throw new Error('expected the deployment to be rejected');
}

function element(model: ProcessModel, id: string): ElementModel {
  const found = model.elements.get(id);
  expect(found, `element ${id}`).to.exist;
  return found!;
}

/** Wraps process content (and optional root elements) into a minimal Zeebe BPMN document. */
function bpmn(processBody: string, roots = '', processAttributes = 'id="p" isExecutable="true"'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  ${roots}
  <bpmn:process ${processAttributes}>
    ${processBody}
  </bpmn:process>
</bpmn:definitions>`;
}

const correlatedMessage = `
  <bpmn:message id="Message_paid" name="paid">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
  </bpmn:message>`;

describe('engine/model compile', () => {
  describe('supported models', () => {
    it('should compile a service task with job type, retries, headers and io mappings', async () => {
      const model = await compileFixture('service-task.bpmn');

      expect(model.id).to.equal('service-task');
      expect(model.name).to.equal('Service task');
      const charge = element(model, 'charge');
      expect(charge).to.include({ behavior: 'jobTask', bpmnType: 'bpmn:ServiceTask', name: 'Charge card', parentId: 'service-task' });
      expect(charge.job).to.deep.equal({
        type: { kind: 'static', value: 'payment-charge' },
        retries: { kind: 'static', value: '5' },
        headers: { currency: 'EUR', mode: 'live' },
      });
      // a literal input source is a string, exactly as Zeebe treats it
      expect(charge.inputs).to.deep.equal([
        { source: { kind: 'feel', source: 'order.total' }, target: 'amount' },
        { source: { kind: 'static', value: 'card' }, target: 'method' },
      ]);
      expect(charge.outputs).to.deep.equal([{ source: { kind: 'feel', source: 'receipt.id' }, target: 'receiptId' }]);
      expect(charge.incoming).to.deep.equal(['f1']);
      expect(charge.outgoing).to.deep.equal(['f2']);
    });

    it('should default retries to 3 and keep a FEEL job type as an expression', async () => {
      const model = await compileFixture('service-task.bpmn');

      expect(element(model, 'notify').job).to.deep.equal({
        type: { kind: 'feel', source: '"notify-" + channel' },
        retries: { kind: 'static', value: '3' },
        headers: {},
      });
    });

    it('should record the process scope, its none start event and the flows', async () => {
      const model = await compileFixture('service-task.bpmn');

      const process = element(model, 'service-task');
      expect(process.behavior).to.equal('process');
      expect(process.childIds).to.deep.equal(['start', 'charge', 'notify', 'end']);
      expect(process.noneStartEventId).to.equal('start');
      expect(element(model, 'start').event).to.deep.equal({ type: 'none' });
      expect(model.flows.get('f2')).to.deep.equal({ id: 'f2', sourceId: 'charge', targetId: 'notify' });
    });

    it('should compile gateway conditions and the default flow', async () => {
      const model = await compileFixture('gateway.bpmn');

      const split = element(model, 'split');
      expect(split.behavior).to.equal('exclusiveGateway');
      expect(split.defaultFlowId).to.equal('standard');
      expect(split.outgoing).to.deep.equal(['express', 'standard']);
      expect(model.flows.get('express')?.condition).to.equal('priority = "high" and amount > 100');
      expect(model.flows.get('standard')?.condition).to.be.undefined;
      expect(element(model, 'join').incoming).to.deep.equal(['express', 'standard']);
    });

    it('should attach boundary events to their activities', async () => {
      const model = await compileFixture('boundary-events.bpmn');

      expect(element(model, 'work').boundaryEventIds).to.deep.equal(['reminder', 'declined', 'cancelled']);
      expect(element(model, 'sub').boundaryEventIds).to.deep.equal(['anyError']);
      expect(element(model, 'reminder')).to.deep.include({
        behavior: 'boundaryEvent',
        attachedToId: 'work',
        interrupting: false,
        parentId: 'boundary-events',
        event: { type: 'timer', timer: { kind: 'cycle', expr: { kind: 'static', value: 'R3/PT1H' } } },
      });
      expect(element(model, 'declined').event).to.deep.equal({ type: 'error', errorCode: { kind: 'static', value: 'CARD_DECLINED' } });
      expect(element(model, 'declined').interrupting).to.equal(true);
      expect(element(model, 'cancelled').event).to.deep.equal({
        type: 'message',
        messageName: { kind: 'static', value: 'order-cancelled' },
        correlationKey: { kind: 'feel', source: 'orderId' },
      });
      expect(element(model, 'anyError').event).to.deep.equal({ type: 'error' });
      expect(element(model, 'failed').event).to.deep.equal({ type: 'terminate' });
    });

    it('should compile event sub-processes with their start events', async () => {
      const model = await compileFixture('event-subprocess.bpmn');

      const process = element(model, 'event-subprocess');
      expect(process.eventSubProcessIds).to.deep.equal(['onUpdate', 'onLate']);
      expect(process.noneStartEventId).to.equal('start');
      const onUpdate = element(model, 'onUpdate');
      expect(onUpdate).to.include({ behavior: 'eventSubProcess', startEventId: 'updateStart', parentId: 'event-subprocess' });
      expect(onUpdate.childIds).to.deep.equal(['updateStart', 'updateEnd']);
      expect(element(model, 'updateStart')).to.deep.include({
        interrupting: false,
        parentId: 'onUpdate',
        event: {
          type: 'message',
          messageName: { kind: 'static', value: 'address-updated' },
          correlationKey: { kind: 'feel', source: 'customerId' },
        },
      });
      expect(element(model, 'lateStart').event).to.deep.equal({ type: 'escalation', escalationCode: { kind: 'static', value: 'LATE' } });
      expect(element(model, 'escalate')).to.deep.include({
        behavior: 'intermediateThrowEvent',
        event: { type: 'escalation', escalationCode: { kind: 'static', value: 'LATE' } },
      });
      expect(element(model, 'wait').event).to.deep.equal({ type: 'timer', timer: { kind: 'duration', expr: { kind: 'feel', source: 'waitTime' } } });
    });

    it('should compile multi-instance activities', async () => {
      const model = await compileFixture('multi-instance.bpmn');

      expect(element(model, 'ship').multiInstance).to.deep.equal({
        sequential: true,
        inputCollection: 'order.items',
        inputElement: 'item',
        outputCollection: 'results',
        outputElement: 'result',
        completionCondition: 'numberOfCompletedInstances >= 3',
      });
      expect(element(model, 'review').multiInstance).to.deep.equal({ sequential: false, inputCollection: 'reviewers' });
      expect(element(model, 'review').noneStartEventId).to.equal('reviewStart');
    });

    it('should compile a user task with assignment, schedule, form, priority, headers and listeners', async () => {
      const model = await compileFixture('user-task.bpmn');

      const approve = element(model, 'approve');
      expect(approve.behavior).to.equal('userTask');
      expect(approve.userTask).to.deep.equal({
        formId: 'approval-form',
        formBinding: { bindingType: 'latest' },
        assignee: { kind: 'feel', source: 'order.owner' },
        candidateGroups: { kind: 'static', value: 'sales, managers' },
        candidateUsers: { kind: 'feel', source: 'reviewers' },
        dueDate: { kind: 'static', value: '2025-03-02T15:35+02:00' },
        followUpDate: { kind: 'feel', source: 'now() + duration("P1D")' },
        priority: { kind: 'static', value: '75' },
        headers: { department: 'sales' },
        listeners: [
          { eventType: 'creating', type: { kind: 'static', value: 'audit-create' }, retries: { kind: 'static', value: '3' } },
          { eventType: 'assigning', type: { kind: 'static', value: 'audit-assign' }, retries: { kind: 'static', value: '1' } },
          { eventType: 'completing', type: { kind: 'feel', source: '"audit-" + kind' }, retries: { kind: 'static', value: '3' } },
        ],
      });
    });

    it('should default call activities to propagate all variables both ways and call the latest version', async () => {
      const model = await compileFixture('call-activity.bpmn');

      expect(element(model, 'callDefaults').calledElement).to.deep.equal({
        processId: { kind: 'static', value: 'child-process' },
        bindingType: 'latest',
        propagateAllChildVariables: true,
        propagateAllParentVariables: true,
      });
      expect(element(model, 'callIsolated').calledElement).to.deep.equal({
        processId: { kind: 'feel', source: 'childId' },
        bindingType: 'latest',
        propagateAllChildVariables: false,
        propagateAllParentVariables: false,
      });
    });

    it('should resolve the message name of a message start event at compile time, without correlation key', async () => {
      const [model] = await compileBpmn(
        bpmn(
          `<bpmn:startEvent id="onPaid"><bpmn:messageEventDefinition messageRef="Message_start" /></bpmn:startEvent>
           <bpmn:startEvent id="nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 2 * * ?</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`,
          `<bpmn:message id="Message_start" name="=&quot;order-&quot; + &quot;paid&quot;">
             <bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements>
           </bpmn:message>`,
        ),
        'starts.bpmn',
      );

      expect(model.messageStartEventIds).to.deep.equal(['onPaid']);
      expect(model.timerStartEventIds).to.deep.equal(['nightly']);
      expect(element(model, 'onPaid').event).to.deep.equal({ type: 'message', messageName: { kind: 'static', value: 'order-paid' } });
      expect(element(model, 'p').noneStartEventId).to.be.undefined;
    });

    it('should compile message throw events as events carrying a job', async () => {
      const [model] = await compileBpmn(
        bpmn(
          `<bpmn:startEvent id="s" />
           <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="publish" />
           <bpmn:endEvent id="publish">
             <bpmn:extensionElements><zeebe:taskDefinition type="publish-paid" /></bpmn:extensionElements>
             <bpmn:messageEventDefinition messageRef="Message_paid" />
           </bpmn:endEvent>`,
          correlatedMessage,
        ),
        'throw.bpmn',
      );

      expect(element(model, 'publish')).to.deep.include({
        behavior: 'endEvent',
        event: { type: 'message', messageName: { kind: 'static', value: 'paid' } },
        job: { type: { kind: 'static', value: 'publish-paid' }, retries: { kind: 'static', value: '3' }, headers: {} },
      });
    });

    it('should take only the executable processes of a collaboration and ignore layout and artifacts', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:collaboration id="collab">
    <bpmn:participant id="customer" processRef="customer-process" />
    <bpmn:participant id="shop" processRef="shop-process" />
  </bpmn:collaboration>
  <bpmn:process id="customer-process" isExecutable="false">
    <bpmn:serviceTask id="unused" />
  </bpmn:process>
  <bpmn:process id="shop-process" isExecutable="true">
    <bpmn:laneSet id="lanes"><bpmn:lane id="lane"><bpmn:flowNodeRef>s</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>
    <bpmn:startEvent id="s"><bpmn:documentation>begins here</bpmn:documentation></bpmn:startEvent>
    <bpmn:dataObjectReference id="ref" dataObjectRef="data" />
    <bpmn:dataObject id="data" />
    <bpmn:textAnnotation id="note"><bpmn:text>hello</bpmn:text></bpmn:textAnnotation>
    <bpmn:association id="assoc" sourceRef="s" targetRef="note" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="collab">
      <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="1" y="2" width="36" height="36" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

      const models = await compileBpmn(xml, 'collaboration.bpmn');

      expect(models.map((model) => model.id)).to.deep.equal(['shop-process']);
      expect(element(models[0], 'shop-process').childIds).to.deep.equal(['s']);
    });
  });

  describe('rejected models', () => {
    it('should reject malformed XML with one problem giving line and column', async () => {
      const error = await rejection('<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <bpmn:process id="p">\n</bpmn:definitions>', 'broken.bpmn');

      expect(error.code).to.equal('INVALID_BPMN');
      expect(error.resourceName).to.equal('broken.bpmn');
      expect(error.problems).to.have.length(1);
      expect(error.problems[0].elementId).to.equal('');
      expect(error.problems[0].message).to.match(/^malformed XML at line 4, column \d+/);
    });

    it('should reject a document that is not BPMN', async () => {
      const error = await rejection('<html xmlns="http://www.w3.org/1999/xhtml"><body /></html>');

      expect(error.problems).to.have.length(1);
      expect(error.problems[0].message).to.match(/not a BPMN 2.0 document/);
    });

    it('should reject a document without an executable process', async () => {
      const error = await rejection(bpmn('<bpmn:startEvent id="s" />', '', 'id="p" isExecutable="false"'));

      expect(error.problems).to.deep.equal([
        { elementId: 'defs', elementType: 'bpmn:Definitions', message: 'the document contains no executable process' },
      ]);
    });

    it('should reject an unsupported element naming its id and type', async () => {
      const error = await rejection(await fixture('complex-gateway.bpmn'));

      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ elementId: 'decide', elementType: 'bpmn:ComplexGateway' });
      expect(error.problems[0].message).to.match(/complex gateways are not supported/);
      expect(error.message).to.equal(
        "'test.bpmn': - Element: decide (bpmn:ComplexGateway)\n    - ERROR: complex gateways are not supported by the embedded engine",
      );
    });

    it('should reject unknown elements and attributes of the BPMN namespace', async () => {
      const error = await rejection(bpmn('<bpmn:startEvent id="s" bogus="1" />\n    <bpmn:fancyTask id="fancy" />'));

      expect(error.problems).to.deep.include({ elementId: 's', elementType: 'bpmn:StartEvent', message: 'unknown attribute <bogus>' });
      const fancy = error.problems.find((problem) => problem.elementId === 'fancy');
      expect(fancy?.elementType).to.equal('bpmn:FancyTask');
      expect(fancy?.message).to.match(/line \d+, column \d+/);
    });

    it('should reject a FEEL syntax error naming the element and the attribute', async () => {
      const error = await rejection(await fixture('feel-syntax-error.bpmn'));

      expect(error.problems).to.deep.equal([
        {
          elementId: 'compute',
          elementType: 'bpmn:ServiceTask',
          message: "FEEL syntax error in zeebe:input source (target 'sum'): failed to parse expression 'total +': Incomplete <ArithmeticExpression> at position 7",
        },
      ]);
    });

    it('should reject a FEEL syntax error in a condition naming the sequence flow', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
          <bpmn:exclusiveGateway id="x" default="f3" />
          <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="e"><bpmn:conditionExpression>=a ) b</bpmn:conditionExpression></bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="f3" sourceRef="x" targetRef="e" />
          <bpmn:endEvent id="e" />`),
      );

      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ elementId: 'f2', elementType: 'bpmn:SequenceFlow' });
      expect(error.problems[0].message).to.match(/^FEEL syntax error in conditionExpression: failed to parse expression 'a \) b'/);
    });

    it('should reject service tasks without a job type', async () => {
      const error = await rejection(await fixture('service-task-without-type.bpmn'));

      expect(error.problems.map((problem) => problem.elementId)).to.deep.equal(['work', 'other']);
      expect(error.problems[0].message).to.equal('zeebe:taskDefinition type must be present and not empty');
      expect(error.problems[1].message).to.match(/needs zeebe:taskDefinition/);
    });

    it('should report all problems of a model together', async () => {
      const error = await rejection(await fixture('multiple-problems.bpmn'));

      expect(error.problems.map(({ elementId, elementType }) => `${elementId} ${elementType}`)).to.have.members([
        'conditional bpmn:SequenceFlow',
        'conditional bpmn:SequenceFlow',
        'decide bpmn:ComplexGateway',
        'end bpmn:EndEvent',
        'end bpmn:EndEvent',
      ]);
      const messages = error.problems.map((problem) => problem.message);
      expect(messages).to.include("Found '2' duplicates based on eventType[end] and type[audit], these combinations should be unique.");
      expect(messages).to.include('end events must not have outgoing sequence flows');
      expect(messages.some((message) => message.startsWith('conditional sequence flows are only supported'))).to.equal(true);
    });

    it('should reject a message catch event whose message has no correlation key', async () => {
      const error = await rejection(
        bpmn(
          `<bpmn:startEvent id="s" />
           <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
           <bpmn:intermediateCatchEvent id="wait"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>`,
          '<bpmn:message id="m" name="paid" />',
        ),
      );

      expect(error.problems).to.deep.equal([
        { elementId: 'wait', elementType: 'bpmn:IntermediateCatchEvent', message: "message 'paid' needs zeebe:subscription with a correlationKey" },
      ]);
    });

    it('should reject embedded forms', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:userTask id="form"><bpmn:extensionElements><zeebe:userTask /><zeebe:formDefinition formKey="camunda-forms:bpmn:f" /></bpmn:extensionElements></bpmn:userTask>`),
      );

      expect(error.problems).to.deep.equal([
        { elementId: 'form', elementType: 'bpmn:UserTask', message: 'embedded/ formKey forms are not supported, use formId' },
      ]);
    });

    it('should reject a called decision without result variable, with an unknown binding type, or beside a task definition', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:businessRuleTask id="noResult"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" /></bpmn:extensionElements></bpmn:businessRuleTask>
          <bpmn:businessRuleTask id="binding"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" bindingType="newest" /></bpmn:extensionElements></bpmn:businessRuleTask>
          <bpmn:businessRuleTask id="both"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" /><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:businessRuleTask>`),
      );

      expect(error.problems).to.deep.equal([
        { elementId: 'noResult', elementType: 'bpmn:BusinessRuleTask', message: 'zeebe:calledDecision resultVariable must be present and not empty' },
        { elementId: 'binding', elementType: 'bpmn:BusinessRuleTask', message: "zeebe:calledDecision bindingType 'newest' is not one of latest, deployment, versionTag" },
        { elementId: 'both', elementType: 'bpmn:BusinessRuleTask', message: "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element" },
      ]);
    });

    it('should reject a sequence flow that leaves its scope', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:sequenceFlow id="into" sourceRef="s" targetRef="inner" />
          <bpmn:subProcess id="sub">
            <bpmn:startEvent id="subStart" />
            <bpmn:endEvent id="inner" />
          </bpmn:subProcess>`),
      );

      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ elementId: 'into', elementType: 'bpmn:SequenceFlow' });
      expect(error.problems[0].message).to.equal("a sequence flow must connect elements of one scope, but 's' is in 'p' and 'inner' in 'sub'");
    });

    it('should reject an exclusive gateway flow without condition that is not the default flow', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="x" />
          <bpmn:exclusiveGateway id="x" />
          <bpmn:sequenceFlow id="yes" sourceRef="x" targetRef="e"><bpmn:conditionExpression>=ok</bpmn:conditionExpression></bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="other" sourceRef="x" targetRef="e" />
          <bpmn:endEvent id="e" />`),
      );

      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ elementId: 'other', elementType: 'bpmn:SequenceFlow' });
      expect(error.problems[0].message).to.match(/needs a condition or must be the default flow/);
    });

    it('should reject an event-based gateway leading to anything but message, timer or signal catch events', async () => {
      const error = await rejection(
        bpmn(
          `<bpmn:startEvent id="s" />
           <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="g" />
           <bpmn:eventBasedGateway id="g" />
           <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="paid" />
           <bpmn:intermediateCatchEvent id="paid"><bpmn:messageEventDefinition messageRef="Message_paid" /></bpmn:intermediateCatchEvent>
           <bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="work" />
           <bpmn:task id="work" />`,
          correlatedMessage,
        ),
      );

      expect(error.problems).to.have.length(1);
      expect(error.problems[0]).to.include({ elementId: 'g', elementType: 'bpmn:EventBasedGateway' });
      expect(error.problems[0].message).to.match(/than message\/timer\/signal intermediate catch events \(found bpmn:Task 'work'\)/);
    });

    it('should reject events in places Zeebe does not allow them', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
          <bpmn:task id="work" />
          <bpmn:boundaryEvent id="softError" cancelActivity="false" attachedToRef="work"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
          <bpmn:boundaryEvent id="onGateway" attachedToRef="gw"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
          <bpmn:parallelGateway id="gw" />
          <bpmn:subProcess id="sub">
            <bpmn:startEvent id="timerStart"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
          </bpmn:subProcess>
          <bpmn:intermediateCatchEvent id="cond"><bpmn:conditionalEventDefinition><bpmn:condition>=x</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>`),
      );

      expect(error.problems).to.deep.equal([
        { elementId: 'softError', elementType: 'bpmn:BoundaryEvent', message: 'non-interrupting error events are not supported' },
        { elementId: 'timerStart', elementType: 'bpmn:StartEvent', message: 'timer event definitions are not allowed on start events of embedded sub-processes' },
        { elementId: 'cond', elementType: 'bpmn:IntermediateCatchEvent', message: 'conditional events are not supported by the embedded engine' },
        { elementId: 'onGateway', elementType: 'bpmn:BoundaryEvent', message: "boundary events can only be attached to activities, not to bpmn:ParallelGateway 'gw'" },
      ]);
    });

    it('should reject literal values Zeebe cannot use', async () => {
      const error = await rejection(
        bpmn(`<bpmn:startEvent id="s" />
          <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>5 minutes</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
          <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="w" retries="many" /></bpmn:extensionElements></bpmn:serviceTask>`),
      );

      // a static retries value that is no number deploys: Zeebe raises an incident when it creates the job
      expect(error.problems.map((problem) => problem.elementId)).to.deep.equal(['wait']);
      expect(error.problems[0].message).to.match(/^timer duration is invalid: .*'5 minutes'/);
    });
  });
});
