import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateNow, rejection, waitFor, waitForState } from './helpers.js';
import { NOW, strictClient } from './strict-client.js';

/**
 * Migrating catch events through the SDK, as 8.8 does it
 * (https://docs.camunda.io/docs/8.8/components/concepts/process-instance-migration/#dealing-with-catch-events):
 * a mapped catch event keeps its subscription (a timer its due date), an unmapped one in the
 * source is unsubscribed, one of the target no mapping names is subscribed fresh; boundary events,
 * event sub-process start events and active catch events alike. The catch-event limitations
 * (#limitations) refuse the migration with Zeebe's messages and change nothing.
 */
describe('engine/rest process-instance migration of catch events', () => {
  const MINUTE = 60_000;
  const HOUR = 60 * MINUTE;
  const t0 = Date.parse('2026-11-02T09:00:00Z');
  let t: TestEngine;
  let v1: string;
  let v2: string;
  let waitV1: string;
  let waitV2: string;
  before(async () => {
    t = await startTestEngine();
    [v1, waitV1] = (await t.deployFixtures('engine/rest/migrate-events-v1.bpmn', 'engine/rest/migrate-wait-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    v2 = (await t.deployFixtures('engine/rest/migrate-events-v2.bpmn')).processes[0].processDefinitionKey;
    waitV2 = (await t.deployFixtures('engine/rest/migrate-wait-v2.bpmn')).processes[0].processDefinitionKey;
  });
  after(() => t.stop());

  let order = 0;
  async function startV1() {
    await t.client.pinInternalClock(t0);
    const orderId = `MIG-${++order}`;
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionKey: v1, variables: { orderId } });
    return { processInstanceKey, orderId };
  }
  const migrate = (processInstanceKey: string, mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>, targetProcessDefinitionKey = v2) =>
    t.client.migrateProcessInstance({ processInstanceKey, targetProcessDefinitionKey, mappingInstructions });
  const subscriptions = async (processInstanceKey: string) =>
    (await strictClient(t).searchMessageSubscriptions({ filter: { processInstanceKey: processInstanceKey as never } }, NOW)).items ?? [];
  const jobsOf = async (type: string) => (await activateNow(t.client, type)).map((j) => j.processInstanceKey);

  // #a-mapping-instruction-is-provided-between-the-catch-events: the timer is migrated, its duration preserved
  it('should keep a mapped timer boundary event: it fires at its original due date on the target path', async () => {
    const { processInstanceKey } = await startV1();
    await t.client.pinInternalClock(t0 + 30 * MINUTE);
    await migrate(processInstanceKey, [
      { sourceElementId: 'work', targetElementId: 'work' },
      { sourceElementId: 'remind', targetElementId: 'remind2' },
      { sourceElementId: 'escalate', targetElementId: 'escalate2' },
    ]);

    await t.client.pinInternalClock(t0 + HOUR + MINUTE);
    await waitFor(() => jobsOf('migrate-events-reminded-v2'), (keys) => keys.includes(processInstanceKey), 'the migrated timer to fire at t0 + 1h');
    const work = (await t.client.searchElementInstances({ filter: { processInstanceKey, elementId: 'work' } })).items[0];
    expect(work.state).to.equal('TERMINATED');
  });

  // #no-mapping-instruction-is-provided-between-the-catch-events and #add-or-remove-catch-events
  it('should subscribe an unmapped target timer afresh, unsubscribe a removed message boundary event and subscribe an added signal one', async () => {
    const { processInstanceKey, orderId } = await startV1();
    expect((await subscriptions(processInstanceKey)).map((s) => s.elementId).sort()).to.deep.equal(['cancel', 'escalate']);
    await t.client.pinInternalClock(t0 + 30 * MINUTE);
    await migrate(processInstanceKey, [
      { sourceElementId: 'work', targetElementId: 'work' },
      { sourceElementId: 'escalate', targetElementId: 'escalate2' },
    ]);

    const cancel = (await subscriptions(processInstanceKey)).find((s) => s.elementId === 'cancel')!;
    expect(cancel.messageSubscriptionState).to.equal('DELETED');
    expect((await rejection(t.client.correlateMessage({ name: 'migrate-cancel', correlationKey: orderId, variables: {} }))).statusCode).to.equal(404);
    // the source timer (due at t0 + 1h) is gone; the target's PT2H runs from the migration
    await t.client.pinInternalClock(t0 + HOUR + MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await jobsOf('migrate-events-reminded-v1')).not.to.include(processInstanceKey);
    expect(await jobsOf('migrate-events-reminded-v2')).not.to.include(processInstanceKey);

    await t.client.broadcastSignal({ signalName: 'migrate-stop', variables: {} });
    await waitFor(() => jobsOf('migrate-events-stopped'), (keys) => keys.includes(processInstanceKey), 'the added signal boundary event to catch the signal');
  });

  it('should fire an unmapped target timer its full duration after the migration', async () => {
    const { processInstanceKey } = await startV1();
    await t.client.pinInternalClock(t0 + 30 * MINUTE);
    await migrate(processInstanceKey, [
      { sourceElementId: 'work', targetElementId: 'work' },
      { sourceElementId: 'escalate', targetElementId: 'escalate2' },
    ]);
    await t.client.pinInternalClock(t0 + 2 * HOUR + 29 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await jobsOf('migrate-events-reminded-v2')).not.to.include(processInstanceKey);
    await t.client.pinInternalClock(t0 + 2 * HOUR + 31 * MINUTE);
    await waitFor(() => jobsOf('migrate-events-reminded-v2'), (keys) => keys.includes(processInstanceKey), 'the new timer to fire 2h after the migration');
  });

  // "if you want to keep the message name the same for a message event subprocess, you should map the start event"
  it('should keep a mapped event sub-process start event subscription: same key, now MIGRATED for the target start event', async () => {
    const { processInstanceKey, orderId } = await startV1();
    const before = (await subscriptions(processInstanceKey)).find((s) => s.elementId === 'escalate')!;
    await migrate(processInstanceKey, [
      { sourceElementId: 'work', targetElementId: 'work' },
      { sourceElementId: 'escalate', targetElementId: 'escalate2' },
    ]);

    const after = (await subscriptions(processInstanceKey)).find((s) => s.messageSubscriptionKey === before.messageSubscriptionKey)!;
    expect(after).to.include({ elementId: 'escalate2', processDefinitionKey: v2, messageSubscriptionState: 'MIGRATED', messageName: 'migrate-escalate', correlationKey: orderId });
    await t.client.correlateMessage({ name: 'migrate-escalate', correlationKey: orderId, variables: {} });
    expect(await jobsOf('migrate-events-escalated-v2')).to.include(processInstanceKey);
  });

  // #migrate-catch-events: an active message catch event keeps its subscription under its target id
  it('should migrate an active message catch event with its subscription, which then correlates on the target path', async () => {
    const orderId = `WAIT-${++order}`;
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionKey: waitV1, variables: { orderId } });
    const [before] = await subscriptions(processInstanceKey);
    await migrate(processInstanceKey, [{ sourceElementId: 'wait', targetElementId: 'wait2' }], waitV2);

    const [after] = await subscriptions(processInstanceKey);
    expect(after).to.include({ messageSubscriptionKey: before.messageSubscriptionKey, elementId: 'wait2', messageSubscriptionState: 'MIGRATED' });
    await t.client.correlateMessage({ name: 'migrate-wait', correlationKey: orderId, variables: {} });
    const [job] = await activateNow(t.client, 'migrate-wait-after-v2');
    expect(job).to.include({ processInstanceKey, elementId: 'after2' });
    await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  // #dealing-with-gateways and #migrate-catch-events: an active event-based gateway keeps the subscriptions of its mapped targets
  it('should migrate an active event-based gateway: a mapped target keeps its subscription, a removed timer is closed, an added signal subscribed', async () => {
    const [gwV1] = (await t.deployFixtures('engine/rest/migrate-gateway-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    const [gwV2] = (await t.deployFixtures('engine/rest/migrate-gateway-v2.bpmn')).processes.map((p) => p.processDefinitionKey);
    await t.client.pinInternalClock(t0);
    const started = await Promise.all(['GW-1', 'GW-2'].map((orderId) => t.client.createProcessInstance({ processDefinitionKey: gwV1, variables: { orderId } })));
    const mapping = [
      { sourceElementId: 'gw', targetElementId: 'gw2' },
      { sourceElementId: 'answer', targetElementId: 'answer2' },
    ];
    for (const { processInstanceKey } of started) await migrate(processInstanceKey, mapping, gwV2);

    await t.client.pinInternalClock(t0 + 2 * HOUR);
    await t.client.correlateMessage({ name: 'migrate-gw-answer', correlationKey: 'GW-1', variables: {} });
    expect(await jobsOf('migrate-gw-answered')).to.deep.equal([started[0].processInstanceKey]);
    await t.client.broadcastSignal({ signalName: 'migrate-gw-withdraw', variables: {} });
    expect(await jobsOf('migrate-gw-closed')).to.deep.equal([started[1].processInstanceKey]);
    // the source timer was closed: neither instance left the gateway by it
    for (const { processInstanceKey } of started) {
      const path = await t.client.searchElementInstances({ filter: { processInstanceKey } });
      expect(path.items.map((e) => e.elementId)).not.to.include('timeout');
    }
  });

  // #correcting-mistakes-in-a-process-instance: migrate the instance to the fixed version, then resolve the incident
  it('should migrate an exclusive gateway stuck on a condition incident, whose retry then follows the target conditions', async () => {
    const [decideV1] = (await t.deployFixtures('engine/rest/migrate-decide-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    const [decideV2] = (await t.deployFixtures('engine/rest/migrate-decide-v2.bpmn')).processes.map((p) => p.processDefinitionKey);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionKey: decideV1, variables: { approval: true } });
    const incident = await waitFor(
      async () => (await t.client.searchIncidents({ filter: { processInstanceKey } })).items,
      (items) => items.length === 1,
      'the condition incident',
    );
    expect(incident[0]).to.include({ errorType: 'CONDITION_ERROR', elementId: 'decide' });

    await migrate(processInstanceKey, [{ sourceElementId: 'decide', targetElementId: 'decide' }], decideV2);
    await t.client.resolveIncident(incident[0].incidentKey);
    expect(await jobsOf('migrate-decide-approved-v2')).to.deep.equal([processInstanceKey]);
  });

  // #compensation-boundary-events: a completed activity's compensation subscription follows its mapped
  // compensation boundary event (and its target's handler); without that mapping it is dropped
  it('should keep the compensation subscription of a completed activity whose compensation boundary event is mapped, and drop an unmapped one', async () => {
    const [compV1] = (await t.deployFixtures('engine/rest/migrate-comp-v1.bpmn')).processes.map((p) => p.processDefinitionKey);
    const [compV2] = (await t.deployFixtures('engine/rest/migrate-comp-v2.bpmn')).processes.map((p) => p.processDefinitionKey);
    const started = await Promise.all([1, 2].map(() => t.client.createProcessInstance({ processDefinitionKey: compV1, variables: {} })));
    for (const job of await activateNow(t.client, 'migrate-comp-charge')) await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    const toWait = { sourceElementId: 'wait', targetElementId: 'wait' };
    await migrate(started[0].processInstanceKey, [toWait, { sourceElementId: 'charged', targetElementId: 'charged2' }], compV2);
    await migrate(started[1].processInstanceKey, [toWait], compV2);

    for (const job of await activateNow(t.client, 'migrate-comp-wait')) await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    const [refund] = await activateNow(t.client, 'migrate-comp-refund-v2');
    expect(refund).to.include({ processInstanceKey: started[0].processInstanceKey, elementId: 'refund2' });
    await waitForState(t.client, started[1].processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'migrate-comp-refund-v1')).to.deep.equal([]);
    await t.client.completeJob({ jobKey: refund.jobKey, variables: {} });
    await waitForState(t.client, started[0].processInstanceKey, 'COMPLETED');
  });

  describe('catch-event refusals (409), leaving the instance and its subscriptions as they were', () => {
    let processInstanceKey: string;
    let before: unknown;
    const state = async () => ({
      elements: (await t.client.searchElementInstances({ filter: { processInstanceKey } })).items.map((e) => [e.elementId, e.state, e.processDefinitionKey]),
      subscriptions: (await subscriptions(processInstanceKey)).map((s) => [s.messageSubscriptionKey, s.elementId, s.messageSubscriptionState]),
    });
    beforeEach(async () => {
      ({ processInstanceKey } = await startV1());
      before = await state();
    });
    afterEach(async () => {
      expect(await state()).to.deep.equal(before);
    });
    const refused = async (mappingInstructions: Array<{ sourceElementId: string; targetElementId: string }>) => {
      const problem = await rejection(migrate(processInstanceKey, mappingInstructions));
      expect(problem.statusCode).to.equal(409);
      return problem.detail;
    };
    const toWork = { sourceElementId: 'work', targetElementId: 'work' };
    const keepEscalate = { sourceElementId: 'escalate', targetElementId: 'escalate2' };

    it('should refuse a boundary event mapped to one attached to another element', async () => {
      expect(await refused([toWork, keepEscalate, { sourceElementId: 'remind', targetElementId: 'otherTimer' }])).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but active element with id 'work' is mapped to an element with id 'work' and has a catch event with id 'remind' that is mapped to a catch event with id 'otherTimer'. These mappings detach the catch event from the element in the target process. Catch events must stay attached to the same element instance.`,
      );
    });

    it('should refuse two catch events mapped to the same target catch event', async () => {
      expect(await refused([toWork, keepEscalate, { sourceElementId: 'remind', targetElementId: 'remind2' }, { sourceElementId: 'cancel', targetElementId: 'remind2' }])).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but active element with id 'work' has a catch event attached that is mapped to a catch event with id 'remind2'. There are multiple mapping instructions that target this catch event: 'cancel', 'remind'. Catch events cannot be merged by process instance migration. Please ensure the mapping instructions target a catch event only once.`,
      );
    });

    it('should refuse a catch event mapped to one of another event type', async () => {
      expect(await refused([toWork, keepEscalate, { sourceElementId: 'remind', targetElementId: 'stop' }])).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but active element with id 'work' has a catch event with id 'remind' that is mapped to a catch event with id 'stop'. These catch events have different event types: 'TIMER' and 'SIGNAL'. The event type of a catch event cannot be changed by process instance migration. Please ensure the event type of the catch event remains the same or remove the mapping instruction for these catch events.`,
      );
    });

    // #add-or-remove-catch-events, tip: a message catch event cannot be re-created with a message name it is subscribed to
    it('should refuse to subscribe an unmapped message start event with the message name the instance is already subscribed to', async () => {
      expect(await refused([toWork])).to.equal(
        `Expected to migrate process instance '${processInstanceKey}' but active element with id 'migrate-events' attempts to subscribe to a message it is already subscribed to with name 'migrate-escalate'. Migrating active elements that subscribe to a message they are already subscribed to is not possible yet. Please provide a mapping instruction to message catch event with id 'escalate2' to migrate the respective message subscription.`,
      );
    });
  });
});
