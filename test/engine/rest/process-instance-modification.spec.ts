import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activateOne, instanceState, rawCall, rejection, waitFor, waitForState } from './helpers.js';

/**
 * Process-instance modification through the SDK
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/modify-process-instance/,
 * rules: https://docs.camunda.io/docs/8.8/components/concepts/process-instance-modification/):
 * activate elements (with variables for them and their flow scopes), terminate element
 * instances, and Zeebe's refusals, which change nothing.
 */
describe('engine/rest process-instance modification', () => {
  let t: TestEngine;
  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/rest/modify-flow.bpmn');
  });
  after(() => t.stop());

  const start = () => t.client.createProcessInstance({ processDefinitionId: 'modify-flow', variables: {} });

  async function elements(processInstanceKey: string) {
    const found = await t.client.searchElementInstances({ filter: { processInstanceKey }, page: { from: 0, limit: 100 } });
    return found.items.map((e) => ({ elementId: e.elementId, state: e.state, key: e.elementInstanceKey }));
  }

  const active = async (processInstanceKey: string) => (await elements(processInstanceKey)).filter((e) => e.state === 'ACTIVE').map((e) => e.elementId).sort();

  async function variablesOf(processInstanceKey: string) {
    const found = await t.client.searchVariables({ filter: { processInstanceKey } });
    return found.items.map((v) => ({ name: v.name, value: v.value, scopeKey: v.scopeKey }));
  }

  it('should move the token: terminate the waiting task, activate a later one with a global variable, and go on from there', async () => {
    const { processInstanceKey } = await start();
    const taskA = (await elements(processInstanceKey)).find((e) => e.elementId === 'taskA')!;

    await t.client.modifyProcessInstance({
      processInstanceKey,
      activateInstructions: [{ elementId: 'taskC', variableInstructions: [{ variables: { skipped: true } }] }],
      terminateInstructions: [{ elementInstanceKey: taskA.key }],
    });

    expect(await active(processInstanceKey)).to.deep.equal(['modify-flow', 'taskC']);
    expect((await elements(processInstanceKey)).find((e) => e.key === taskA.key)!.state).to.equal('TERMINATED');
    expect(await variablesOf(processInstanceKey)).to.deep.equal([{ name: 'skipped', value: 'true', scopeKey: processInstanceKey }]);
    const job = await activateOne(t.client, 'modify-c');
    expect(job.elementId).to.equal('taskC');
    await t.client.completeJob({ jobKey: job.jobKey, variables: {} });
    await waitForState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should create the sub-process an element is activated in, with the variables of its scope, and complete it from there', async () => {
    const { processInstanceKey } = await start();

    await t.client.modifyProcessInstance({
      processInstanceKey,
      activateInstructions: [{ elementId: 'taskB', variableInstructions: [{ scopeId: 'sub', variables: { inSub: 1 } }, { scopeId: 'taskB', variables: { own: 2 } }] }],
    });

    expect(await active(processInstanceKey)).to.deep.equal(['modify-flow', 'sub', 'taskA', 'taskB']);
    const all = await elements(processInstanceKey);
    const scopeOf = (elementId: string) => all.find((e) => e.elementId === elementId)!.key;
    expect((await variablesOf(processInstanceKey)).sort((a, b) => a.name.localeCompare(b.name))).to.deep.equal([
      { name: 'inSub', value: '1', scopeKey: scopeOf('sub') },
      { name: 'own', value: '2', scopeKey: scopeOf('taskB') },
    ]);
    const jobB = await activateOne(t.client, 'modify-b');
    await t.client.completeJob({ jobKey: jobB.jobKey, variables: {} });
    // the sub-process completed and its token moved on to taskC; taskA still waits
    expect(await active(processInstanceKey)).to.deep.equal(['modify-flow', 'taskA', 'taskC']);
  });

  it('should end the process instance when its last element instance is terminated', async () => {
    const { processInstanceKey } = await start();
    const taskA = (await elements(processInstanceKey)).find((e) => e.elementId === 'taskA')!;

    await t.client.modifyProcessInstance({ processInstanceKey, terminateInstructions: [{ elementInstanceKey: taskA.key }] });

    expect(await instanceState(t.client, processInstanceKey)).to.equal('TERMINATED');
  });

  it('should activate an element in the flow scope instance the ancestor key names', async () => {
    const { processInstanceKey } = await start();
    await t.client.modifyProcessInstance({ processInstanceKey, activateInstructions: [{ elementId: 'taskB' }] });
    const sub = (await elements(processInstanceKey)).find((e) => e.elementId === 'sub')!;

    await t.client.modifyProcessInstance({ processInstanceKey, activateInstructions: [{ elementId: 'subEnd', ancestorElementInstanceKey: sub.key }] });

    // the end event ran in the existing sub-process instance, which still holds taskB
    const subs = (await elements(processInstanceKey)).filter((e) => e.elementId === 'sub');
    expect(subs).to.have.length(1);
    expect(await active(processInstanceKey)).to.deep.equal(['modify-flow', 'sub', 'taskA', 'taskB']);
  });

  describe('refusals (400 INVALID_ARGUMENT, 404), leaving the instance as it was', () => {
    let processInstanceKey: string;
    let before: Awaited<ReturnType<typeof elements>>;
    beforeEach(async () => {
      ({ processInstanceKey } = await start());
      before = await elements(processInstanceKey);
    });
    afterEach(async () => {
      expect(await elements(processInstanceKey)).to.deep.equal(before);
      expect(await variablesOf(processInstanceKey)).to.deep.equal([]);
    });

    const refused = async (body: Record<string, unknown>) => {
      const answer = await rawCall(t, 'POST', `/process-instances/${processInstanceKey}/modification`, body);
      expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
      expect(answer.body.title).to.equal('INVALID_ARGUMENT');
      return String(answer.body.detail);
    };
    const prefix = "Expected to modify instance of process 'modify-flow' but it contains one or more";

    it('should refuse to activate a start event or a boundary event', async () => {
      expect(await refused({ activateInstructions: [{ elementId: 'subStart', variableInstructions: [{ variables: { x: 1 } }] }] })).to.match(
        new RegExp(`^${prefix} activate instructions for elements that are unsupported: 'subStart'. The activation of elements with type 'START_EVENT' is not supported.`),
      );
      expect(await refused({ activateInstructions: [{ elementId: 'timeout' }] })).to.contain("unsupported: 'timeout'. The activation of elements with type 'BOUNDARY_EVENT' is not supported.");
    });

    it('should refuse an element the process does not have and an element instance it does not hold', async () => {
      expect(await refused({ activateInstructions: [{ elementId: 'nowhere' }, { elementId: 'taskC' }] })).to.equal(
        `${prefix} activate instructions with an element that could not be found: 'nowhere'`,
      );
      expect(await refused({ activateInstructions: [{ elementId: 'taskC' }], terminateInstructions: [{ elementInstanceKey: '2251799813999999' }] })).to.equal(
        `${prefix} terminate instructions with an element instance that could not be found: '2251799813999999'`,
      );
    });

    it('should refuse variables for a scope that is not a flow scope of the element', async () => {
      expect(await refused({ activateInstructions: [{ elementId: 'taskC', variableInstructions: [{ scopeId: 'sub', variables: { x: 1 } }] }] })).to.equal(
        "Expected to modify instance of process 'modify-flow' but it contains one or more variable instructions with a scope element that doesn't belong to the activating element's flow scope. These variables should be set before or after the modification.",
      );
    });

    it('should refuse an ancestor that is not an ancestor of the element', async () => {
      const taskA = before.find((e) => e.elementId === 'taskA')!;
      expect(await refused({ activateInstructions: [{ elementId: 'taskC', ancestorElementInstanceKey: taskA.key }] })).to.equal(
        `${prefix} activate instructions with an ancestor scope key that is not an ancestor of the element to activate:\n- instance '${taskA.key}' of element 'taskA' is not an ancestor of element 'taskC'`,
      );
    });

    it('should refuse an activation in a flow scope instance the same modification terminates', async () => {
      expect(await refused({ activateInstructions: [{ elementId: 'taskC' }], terminateInstructions: [{ elementInstanceKey: processInstanceKey }] })).to.contain(
        `element 'taskC' requires flow scope instance '${processInstanceKey}' which is being terminated`,
      );
    });

    it('should answer 404 for an instance that does not exist and a malformed instruction with 400', async () => {
      const missing = await rejection(t.client.modifyProcessInstance({ processInstanceKey: '2251799813999999', activateInstructions: [{ elementId: 'taskC' }] }));
      expect(missing).to.include({ statusCode: 404, detail: "Expected to modify process instance but no process instance found with key '2251799813999999'" });
      expect(await refused({ activateInstructions: [{ variableInstructions: [] }] })).to.equal('No activateInstructions[0].elementId provided.');
      expect(await refused({ terminateInstructions: [{ elementInstanceKey: 'abc' }] })).to.equal('Expected terminateInstructions[0].elementInstanceKey to be a numeric key, but was "abc"');
    });
  });

  // Zeebe rejects a modification whose new flow scope cannot subscribe to its catch events as INVALID_ARGUMENT
  // (the REST reference, https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/modify-process-instance/,
  // answers 400 "The provided data is not valid"; it lists no 409): a refusal, not an internal error
  it('should refuse with 400 an activation whose new flow scope has a boundary timer it cannot evaluate, changing nothing', async () => {
    await t.deployFixtures('engine/rest/modify-scope-timer.bpmn');
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'modify-scope-timer', variables: {} });
    const before = await elements(processInstanceKey);

    const answer = await rawCall(t, 'POST', `/process-instances/${processInstanceKey}/modification`, { activateInstructions: [{ elementId: 'inner' }] });
    expect(answer.status, JSON.stringify(answer.body)).to.equal(400);
    expect(answer.body.title).to.equal('INVALID_ARGUMENT');
    expect(String(answer.body.detail)).to.contain('timer expression');
    expect(await elements(processInstanceKey)).to.deep.equal(before);
  });

  // https://docs.camunda.io/docs/8.8/components/concepts/process-instance-modification/#set-variables: "The process instance
  // sets the variables before activating the given element. As a result, the variables are available when applying the input
  // variable mappings and creating the event subscriptions of the element" — and of the flow scopes it creates (#activate-a-nested-element)
  describe('variables given with an activation are in place before the new flow scopes subscribe', () => {
    it("should subscribe a new sub-process's boundary timer with the duration given as its local variable", async () => {
      const t0 = Date.parse('2026-11-02T09:00:00Z');
      await t.client.pinInternalClock(t0);
      await t.deployFixtures('engine/rest/modify-scope-timer.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'modify-scope-timer', variables: {} });

      await t.client.modifyProcessInstance({
        processInstanceKey,
        activateInstructions: [{ elementId: 'inner', variableInstructions: [{ scopeId: 'sub', variables: { deadline: 'PT1H' } }] }],
      });

      expect(await active(processInstanceKey)).to.deep.equal(['inner', 'modify-scope-timer', 'sub', 'wait']);
      await t.client.pinInternalClock(t0 + 61 * 60_000);
      await waitFor(() => elements(processInstanceKey), (all) => all.some((e) => e.elementId === 'deadlinePassed' && e.state === 'COMPLETED'), 'the boundary timer to fire');
      expect(await active(processInstanceKey)).to.deep.equal(['modify-scope-timer', 'wait']);
    });

    it("should subscribe a new sub-process's message boundary event with the correlation key given as a global variable", async () => {
      await t.deployFixtures('engine/rest/modify-scope-message.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'modify-scope-message', variables: {} });

      await t.client.modifyProcessInstance({ processInstanceKey, activateInstructions: [{ elementId: 'inner', variableInstructions: [{ variables: { caseId: 'CASE-7' } }] }] });

      await t.client.correlateMessage({ name: 'modify-sm-withdrawn', correlationKey: 'CASE-7', variables: {} });
      expect(await active(processInstanceKey)).to.deep.equal(['modify-scope-message', 'wait']);
      expect((await elements(processInstanceKey)).find((e) => e.elementId === 'withdrawn')!.state).to.equal('COMPLETED');
    });
  });
});
