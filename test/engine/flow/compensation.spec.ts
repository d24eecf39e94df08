import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, rejection, rootVariables, untilInstanceState } from '../../support/scopes.js';

/**
 * Compensation as Camunda 8.8 documents it:
 * - EVENTS: https://docs.camunda.io/docs/8.8/components/modeler/bpmn/compensation-events/
 * - HANDLER: https://docs.camunda.io/docs/8.8/components/modeler/bpmn/compensation-handler/
 * and as Zeebe 8.8 validates it (BoundaryEventValidator, CompensationTaskValidator,
 * CompensationEventDefinitionValidator, IntermediateThrowEventValidator, EndEventValidator,
 * SubProcessValidator), with Zeebe's messages.
 */

function diagram(id: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    ${body}
  </bpmn:process>
</bpmn:definitions>`;
}

const SERVICE = (id: string, attributes = '') =>
  `<bpmn:serviceTask id="${id}"${attributes}><bpmn:extensionElements><zeebe:taskDefinition type="${id}" /></bpmn:extensionElements></bpmn:serviceTask>`;
const BOUNDARY = `<bpmn:boundaryEvent id="done" attachedToRef="task"><bpmn:compensateEventDefinition id="cd" /></bpmn:boundaryEvent>`;
const ASSOCIATION = `<bpmn:association id="assoc" sourceRef="done" targetRef="undo" />`;
const THROW = (definition: string) => `<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="throw" />
  <bpmn:intermediateThrowEvent id="throw">${definition}</bpmn:intermediateThrowEvent>
  <bpmn:sequenceFlow id="f3" sourceRef="throw" targetRef="end" /><bpmn:endEvent id="end" />`;

describe('engine/flow: compensation', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/compensation/throw.bpmn',
      'engine/compensation/active-or-nothing.bpmn',
      'engine/compensation/end-event.bpmn',
      'engine/compensation/activity-ref.bpmn',
      'engine/compensation/sub-processes.bpmn',
      'engine/compensation/multi-instance.bpmn',
      'engine/compensation/event-sub-process.bpmn',
      'engine/compensation/handlers.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  async function elementStates(processInstanceKey: string): Promise<string[]> {
    const result = await t.client.searchElementInstances({ filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey' }], page: { from: 0, limit: 100 } });
    return result.items.map((e) => `${e.elementId}:${e.state}`);
  }

  async function completeNext(type: string, variables: Record<string, string | number | boolean> = {}): Promise<void> {
    const [job] = await activate(t.client, type);
    await t.client.completeJob({ jobKey: job.jobKey, variables });
  }

  // EVENTS, "Triggering compensation": all handlers of completed activities at once, the throw event waits for them
  it('should invoke the handlers of every completed activity and continue only once all of them completed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-throw', variables: { trip: 'T-1' } });
    await completeNext('comp-book-hotel', { hotel: 'H-7' });
    await completeNext('comp-book-flight', { flight: 'F-9' });

    const [cancelHotel] = await activate(t.client, 'comp-cancel-hotel');
    const [cancelFlight] = await activate(t.client, 'comp-cancel-flight');
    // the handlers run in the throw event's scope: they see the process variables
    expect(cancelHotel.variables).to.include({ trip: 'T-1', hotel: 'H-7', flight: 'F-9' });
    expect(await elementStates(processInstanceKey)).to.include.members(['undoAll:ACTIVE', 'hotelBooked:COMPLETED', 'flightBooked:COMPLETED']);

    await t.client.completeJob({ jobKey: cancelFlight.jobKey, variables: { flightCancelled: true } });
    expect(await activateNow(t.client, 'comp-notify'), 'one handler is still running').to.have.length(0);
    await t.client.completeJob({ jobKey: cancelHotel.jobKey, variables: {} });
    await completeNext('comp-notify');

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await elementStates(processInstanceKey)).to.include.members(['cancelHotel:COMPLETED', 'cancelFlight:COMPLETED', 'undoAll:COMPLETED']);
  });

  // EVENTS: "The compensation handlers of active or terminated activities are not invoked"
  it('should continue at once and never invoke the handler of an activity that is still active', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-active', variables: {} });
    await completeNext('comp-after-nothing');
    await completeNext('comp-charge');

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'comp-refund')).to.have.length(0);
    expect(await elementStates(processInstanceKey)).to.include.members(['compensate:COMPLETED', 'charge:COMPLETED']);
  });

  // EVENTS: a compensation end event; HANDLER: "Embedded subprocess as compensation handler"
  it('should end the token at a compensation end event once its sub-process handler completed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-end', variables: {} });
    await completeNext('comp-reserve');
    const [release] = await activate(t.client, 'comp-release-stock');
    expect(await elementStates(processInstanceKey)).to.include.members(['undoEnd:ACTIVE', 'release:ACTIVE']);
    await t.client.completeJob({ jobKey: release.jobKey, variables: { released: true } });

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await elementStates(processInstanceKey)).to.include.members(['release:COMPLETED', 'undoEnd:COMPLETED']);
  });

  // EVENTS, "Triggering compensation for a specific activity": activityRef enforces an order; compensated activities are not compensated again
  it('should compensate only the referenced activity, one after the other, and nothing twice', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-ref', variables: {} });
    await completeNext('comp-ref-first');
    await completeNext('comp-ref-second');

    const [undoSecond] = await activate(t.client, 'comp-ref-undo-second');
    expect(await activateNow(t.client, 'comp-ref-undo-first'), 'the first throw names only the second task').to.have.length(0);
    await t.client.completeJob({ jobKey: undoSecond.jobKey, variables: {} });
    await completeNext('comp-ref-undo-first');

    // the third throw event (no activityRef) finds both already compensated
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'comp-ref-undo-first')).to.have.length(0);
    expect(await activateNow(t.client, 'comp-ref-undo-second')).to.have.length(0);
  });

  // EVENTS, "Compensating embedded subprocesses": handlers inside completed sub-processes are invoked
  it('should invoke the handler of a task inside a completed sub-process from a process-level throw event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-nested', variables: {} });
    await completeNext('comp-nested-inner');
    await completeNext('comp-nested-undo');
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await elementStates(processInstanceKey)).to.include.members(['sub:COMPLETED', 'innerDone:COMPLETED', 'undoInner:COMPLETED', 'compensate:COMPLETED']);
  });

  // EVENTS, "Compensating embedded subprocesses", as Zeebe 8.8's BpmnCompensationSubscriptionBehaviour runs it:
  // a completed sub-process's own handler and the handlers inside it are all invoked
  it('should invoke both the handler of a completed sub-process and the handlers inside it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-sub-both', variables: {} });
    await completeNext('comp-both-charge');
    const [refund] = await activate(t.client, 'comp-both-refund');
    const [cancelOrder] = await activate(t.client, 'comp-both-cancel-order');
    await t.client.completeJob({ jobKey: refund.jobKey, variables: {} });
    expect(await elementStates(processInstanceKey)).to.include('compensate3:ACTIVE');
    await t.client.completeJob({ jobKey: cancelOrder.jobKey, variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // EVENTS: "If the compensation throw event is inside an embedded subprocess, [...] only the compensation handlers within the subprocess"
  it('should compensate only inside the sub-process when the throw event is inside it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-inner', variables: {} });
    await completeNext('comp-inner-outer');
    await completeNext('comp-inner-step');
    await completeNext('comp-inner-undo-step');
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'comp-inner-undo-outer')).to.have.length(0);
  });

  // EVENTS, "Compensating multi-instance activities": the handler is invoked only once
  it('should invoke the handler of a multi-instance activity once, not per item', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-mi', variables: { parcels: ['p1', 'p2', 'p3'] } });
    const ships = await activate(t.client, 'comp-mi-ship', 3);
    for (const job of ships) await t.client.completeJob({ jobKey: job.jobKey, variables: {} });

    const [recall] = await activate(t.client, 'comp-mi-recall');
    expect(recall.elementId).to.equal('recall');
    expect(await activateNow(t.client, 'comp-mi-recall')).to.have.length(0);
    await t.client.completeJob({ jobKey: recall.jobKey, variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // EVENTS, "Triggering compensation from an event subprocess": an error event sub-process compensates the outer scope
  it('should compensate the completed activities of the process from an error event sub-process', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-on-error', variables: {} });
    await completeNext('comp-err-pay', { paymentId: 'P-1' });
    const [deliver] = await activate(t.client, 'comp-err-deliver');
    await deliver.error({ errorCode: 'DELIVERY_FAILED', errorMessage: 'no courier', variables: {} });

    const [refund] = await activate(t.client, 'comp-err-refund');
    expect(refund.variables).to.include({ paymentId: 'P-1' });
    await t.client.completeJob({ jobKey: refund.jobKey, variables: { refunded: true } });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await rootVariables(t.client, processInstanceKey)).to.include({ refunded: true });
  });

  // EVENTS, "Triggering compensation from an event subprocess": "These compensation events can specify an activity [...] within the outer scope"
  it('should compensate only the activity an event sub-process throw event names in the scope around it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-esp-ref', variables: {} });
    await completeNext('comp-espref-a');
    await completeNext('comp-espref-b');
    const [check] = await activate(t.client, 'comp-espref-check');
    await check.error({ errorCode: 'CHECK_FAILED', errorMessage: 'rejected', variables: {} });

    await completeNext('comp-espref-undo-b');
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'comp-espref-undo-a')).to.have.length(0);
  });

  // HANDLER: "If an activity has been completed more than once, the compensation handler is invoked for the same amount";
  // "If the compensation handler has input variable mappings, those are applied"
  it('should invoke the handler once per completion of its activity, with its input mappings applied', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-loop', variables: {} });
    await completeNext('comp-loop-work', { round: 1 });
    await completeNext('comp-loop-work', { round: 2 });

    const undos = await activate(t.client, 'comp-loop-undo', 2);
    expect(undos.map((job) => (job.variables as Record<string, unknown>).label)).to.deep.equal(['undo after round 2', 'undo after round 2']);
    expect(await activateNow(t.client, 'comp-loop-undo')).to.have.length(0);
    for (const job of undos) await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // HANDLER, "Multi-instance activity as compensation handler"
  it('should run a multi-instance handler for each item of its input collection', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-mi-handler', variables: { items: ['a', 'b', 'c'] } });
    await completeNext('comp-mih-reserve');
    const unreserves = await activate(t.client, 'comp-mih-unreserve', 3);
    expect(unreserves.map((job) => String((job.variables as Record<string, unknown>).item)).sort()).to.deep.equal(['a', 'b', 'c']);
    for (const job of unreserves.slice(0, 2)) await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    expect(await elementStates(processInstanceKey)).to.include('undoEnd:ACTIVE');
    await t.client.completeJob({ jobKey: unreserves[2].jobKey, variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // HANDLER, "Call activity as compensation handler"
  it('should wait for a call activity handler until the process it called completed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-call-handler', variables: {} });
    await completeNext('comp-call-open');
    const [close] = await activate(t.client, 'comp-child-close');
    expect(close.processInstanceKey).to.not.equal(processInstanceKey);
    expect(await elementStates(processInstanceKey)).to.include.members(['compensate3:ACTIVE', 'close:ACTIVE']);
    await t.client.completeJob({ jobKey: close.jobKey, variables: {} });
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  // HANDLER: "Compensation handlers might be interrupted if the process or subprocess is terminated"
  it('should terminate running handlers with the process instance', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-throw', variables: {} });
    await completeNext('comp-book-hotel');
    await completeNext('comp-book-flight');
    await activate(t.client, 'comp-cancel-hotel');
    await activate(t.client, 'comp-cancel-flight');

    await t.client.cancelProcessInstance({ processInstanceKey });
    await untilInstanceState(t.client, processInstanceKey, 'TERMINATED');
    expect(await elementStates(processInstanceKey)).to.include.members(['undoAll:TERMINATED', 'cancelHotel:TERMINATED', 'cancelFlight:TERMINATED']);
  });

  // Zeebe's BoundaryEventValidator only asks for an association; one to a text annotation leaves nothing to invoke
  it('should not wait for a compensation boundary event whose association names no activity', async () => {
    const body = `${SERVICE('task')}<bpmn:boundaryEvent id="noted" attachedToRef="task"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="other" />${SERVICE('other')}
      <bpmn:boundaryEvent id="done" attachedToRef="other"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      ${SERVICE('undo', ' isForCompensation="true"')}
      <bpmn:sequenceFlow id="f3" sourceRef="other" targetRef="throw" /><bpmn:intermediateThrowEvent id="throw"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
      <bpmn:sequenceFlow id="f4" sourceRef="throw" targetRef="end" /><bpmn:endEvent id="end" />
      <bpmn:textAnnotation id="note"><bpmn:text>undo by hand</bpmn:text></bpmn:textAnnotation><bpmn:association id="toNote" sourceRef="noted" targetRef="note" />
      <bpmn:association id="assoc" sourceRef="done" targetRef="undo" />`;
    await t.client.deployResources([{ name: 'comp-annotation.bpmn', content: diagram('comp-annotation', body) }]);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'comp-annotation', variables: {} });
    await completeNext('task');
    await completeNext('other');
    await completeNext('undo');
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  describe('refusals, with Zeebe 8.8 messages', () => {
    async function refusal(id: string, body: string): Promise<string> {
      const refused = await rejection(t.client.deployResources([{ name: `${id}.bpmn`, content: diagram(id, body) }]));
      expect(refused.status).to.equal(400);
      expect((await t.client.searchProcessDefinitions({ filter: { processDefinitionId: id } })).items).to.have.length(0);
      return refused.detail ?? '';
    }

    it('should refuse a compensation boundary event without an association to its handler', async () => {
      const detail = await refusal('comp-no-association', SERVICE('task') + BOUNDARY + SERVICE('undo', ' isForCompensation="true"') + THROW('<bpmn:compensateEventDefinition />'));
      expect(detail).to.contain('Compensation boundary events must have a compensation association and no outgoing sequence flows');
    });

    it('should refuse a compensation handler with incoming or outgoing sequence flows', async () => {
      const body = `${SERVICE('task')}${BOUNDARY}${SERVICE('undo', ' isForCompensation="true"')}${ASSOCIATION}
        <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="undo" />
        <bpmn:sequenceFlow id="f3" sourceRef="undo" targetRef="end" /><bpmn:endEvent id="end" />`;
      const detail = await refusal('comp-handler-flows', body);
      expect(detail).to.contain('A compensation handler should have no incoming sequence flows');
      expect(detail).to.contain('A compensation handler should have no outgoing sequence flows');
    });

    it('should refuse a receive task as compensation handler', async () => {
      const body = `${SERVICE('task')}${BOUNDARY}<bpmn:receiveTask id="undo" isForCompensation="true" messageRef="m" />${ASSOCIATION}${THROW('<bpmn:compensateEventDefinition />')}`;
      const xml = diagram('comp-receive-handler', body).replace(
        '</bpmn:definitions>',
        '<bpmn:message id="m" name="undo"><bpmn:extensionElements><zeebe:subscription correlationKey="=key" /></bpmn:extensionElements></bpmn:message></bpmn:definitions>',
      );
      const refused = await rejection(t.client.deployResources([{ name: 'comp-receive-handler.bpmn', content: xml }]));
      expect(refused.detail).to.contain('Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.');
    });

    it('should refuse an activityRef that names no activity, one without a compensation boundary event, or one outside the scope', async () => {
      const missing = await refusal('comp-ref-missing', SERVICE('task') + THROW('<bpmn:compensateEventDefinition activityRef="nowhere" />'));
      expect(missing).to.contain("The referenced compensation activity 'nowhere' doesn't exist");

      const plain = await refusal('comp-ref-plain', SERVICE('task') + THROW('<bpmn:compensateEventDefinition activityRef="task" />'));
      expect(plain).to.contain("The referenced compensation activity 'task' must have either a compensation boundary event or be a subprocess");

      const outside = `<bpmn:subProcess id="task"><bpmn:startEvent id="s0" /><bpmn:sequenceFlow id="s1" sourceRef="s0" targetRef="inner" />
          <bpmn:serviceTask id="inner"><bpmn:extensionElements><zeebe:taskDefinition type="x" /></bpmn:extensionElements></bpmn:serviceTask>
          <bpmn:boundaryEvent id="innerDone" attachedToRef="inner"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
          ${SERVICE('undo', ' isForCompensation="true"')}<bpmn:association id="assoc" sourceRef="innerDone" targetRef="undo" />
          <bpmn:sequenceFlow id="s2" sourceRef="inner" targetRef="s3" /><bpmn:endEvent id="s3" /></bpmn:subProcess>
        ${THROW('<bpmn:compensateEventDefinition activityRef="inner" />')}`;
      expect(await refusal('comp-ref-outside', outside)).to.contain(
        "The referenced compensation activity 'inner' must be in the same scope as the compensation throw event",
      );
    });

    it('should refuse a compensation throw event that does not wait for completion', async () => {
      const detail = await refusal('comp-no-wait', SERVICE('task') + THROW('<bpmn:compensateEventDefinition waitForCompletion="false" />'));
      expect(detail).to.contain('A compensation intermediate throwing event waitForCompletion attribute must be true or not present');
    });

    it('should refuse execution listeners on a compensation boundary event', async () => {
      const boundary = BOUNDARY.replace(
        '<bpmn:compensateEventDefinition id="cd" />',
        '<bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="end" type="audit" /></zeebe:executionListeners></bpmn:extensionElements><bpmn:compensateEventDefinition id="cd" />',
      );
      const detail = await refusal('comp-boundary-listener', SERVICE('task') + boundary + SERVICE('undo', ' isForCompensation="true"') + ASSOCIATION + THROW('<bpmn:compensateEventDefinition />'));
      expect(detail).to.contain("Execution listeners of type 'start' and 'end' are not supported by [compensation] boundary events");
    });

    it('should refuse a compensation event sub-process, which Zeebe 8.8 does not run', async () => {
      const body = `${SERVICE('task')}<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" /><bpmn:endEvent id="end" />
        <bpmn:subProcess id="onCompensation" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>
          <bpmn:sequenceFlow id="c1" sourceRef="cs" targetRef="ce" /><bpmn:endEvent id="ce" /></bpmn:subProcess>`;
      const detail = await refusal('comp-event-sub-process', body);
      expect(detail).to.contain('Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
      expect(detail).to.contain('A compensation event subprocess is not allowed on the process level');
    });
  });
});
