import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, rejection, rootVariables, until, untilInstanceState } from '../../support/scopes.js';
import { strictClient } from '../rest/strict-client.js';
import { DeploymentRejectedError, compileBpmn } from '../../../engine/model/compile.js';

function adHocDiagram(contents: string, attributes = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://x">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="work" />
    <bpmn:adHocSubProcess id="work"${attributes}>${contents}</bpmn:adHocSubProcess>
  </bpmn:process>
</bpmn:definitions>`;
}

async function refusal(xml: string): Promise<string[]> {
  try {
    await compileBpmn(xml, 'p.bpmn');
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentRejectedError);
    return (err as DeploymentRejectedError).problems.map((p) => `${p.elementId}: ${p.message}`);
  }
  throw new Error('expected the diagram to be refused');
}

/**
 * Ad-hoc sub-processes as Camunda 8.8 documents them
 * (https://docs.camunda.io/docs/8.8/components/modeler/bpmn/ad-hoc-subprocesses/) and the 8.8
 * activation endpoint
 * (https://docs.camunda.io/docs/8.8/apis-tools/orchestration-cluster-api-rest/specifications/activate-ad-hoc-sub-process-activities/),
 * called through the official 8.8 client.
 */
describe('engine/scopes: ad-hoc sub-processes', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/ad-hoc/activate-on-entry.bpmn',
      'engine/ad-hoc/completion-cancel-remaining.bpmn',
      'engine/ad-hoc/completion-wait-remaining.bpmn',
      'engine/ad-hoc/job-worker.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  const elementInstances = async (processInstanceKey: string) =>
    (await t.client.searchElementInstances({ filter: { processInstanceKey }, sort: [{ field: 'elementInstanceKey', order: 'ASC' }] })).items;

  const adHocKey = async (processInstanceKey: string) => {
    const [work] = await until(
      async () => (await elementInstances(processInstanceKey)).filter((e) => e.elementId === 'work' && e.state === 'ACTIVE'),
      (items) => items.length === 1,
      'the active ad-hoc sub-process',
    );
    return work.elementInstanceKey;
  };

  /*
   * "When a process instance reaches an ad-hoc sub-process, it evaluates the expression
   * activeElementsCollection and activates all elements whose element IDs are in the list."
   * "When an inner flow completes, the outputElement expression is evaluated and the result is
   * added to the outputCollection"; "When the ad-hoc sub-process completes, the outputCollection
   * variable is propagated to the parent scope." Without a completionCondition it completes
   * "after all activated elements are completed".
   */
  it('should start the listed elements on entry, collect each inner flow’s output element and complete when they all completed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-entry', variables: { toActivate: ['taskA', 'taskB'] } });
    const [a] = await activate(t.client, 'adhoc-a');
    const [b] = await activate(t.client, 'adhoc-b');
    expect(await activateNow(t.client, 'adhoc-c')).to.have.length(0);

    // "the adHocSubProcessElements variable is created in its scope": the activatable elements
    // (no incoming flow), with name, documentation and properties
    const elements = (plain(a.variables) as { adHocSubProcessElements: Array<{ elementId: string }> }).adHocSubProcessElements;
    expect(elements.map((e) => e.elementId)).to.deep.equal(['taskA', 'taskB', 'taskC']);
    expect(elements[0]).to.deep.equal({ elementId: 'taskA', elementName: 'Task A', documentation: 'does A', properties: { tool: 'a-tool' }, parameters: [] });
    expect(plain(a.variables)).to.deep.include({ results: [], result: null, toActivate: ['taskA', 'taskB'] });

    const types = (await elementInstances(processInstanceKey)).filter((e) => e.state === 'ACTIVE').map((e) => `${e.elementId}:${e.type}`);
    expect(types).to.include.members(['work:AD_HOC_SUB_PROCESS', 'work#innerInstance:AD_HOC_SUB_PROCESS_INNER_INSTANCE', 'taskA:SERVICE_TASK', 'taskB:SERVICE_TASK']);

    await a.complete({ result: 'from A' });
    await b.complete({ result: 'from B' });
    const [b2] = await activate(t.client, 'adhoc-b2');
    expect(await activateNow(t.client, 'adhoc-after')).to.have.length(0);
    await b2.complete({ result: 'from B2' });

    const [after] = await activate(t.client, 'adhoc-after');
    // the output element variable stayed in each inner instance; only the collection left the sub-process
    expect(plain(after.variables)).to.deep.equal({ toActivate: ['taskA', 'taskB'], results: ['from A', 'from B2'] });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  /*
   * "If the list is empty or the expression is not defined, no element is activated and the
   * ad-hoc sub-process remains active." The activation endpoint activates elements afterwards,
   * with variables for them.
   */
  it('should stay active with nothing listed and start an element the activation endpoint names, with its variables', async () => {
    const official = strictClient(t);
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-entry', variables: { toActivate: [] } });
    const key = await adHocKey(processInstanceKey);
    expect(await activateNow(t.client, 'adhoc-after')).to.have.length(0);

    await official.activateAdHocSubProcessActivities({ adHocSubProcessInstanceKey: key as never, elements: [{ elementId: 'taskC' as never, variables: { hint: 'urgent' } }] });
    const [c] = await activate(t.client, 'adhoc-c');
    expect(plain(c.variables)).to.deep.include({ hint: 'urgent' });
    await c.complete({ result: 'from C' });

    const [after] = await activate(t.client, 'adhoc-after');
    expect(plain(after.variables)).to.deep.equal({ toActivate: [], results: ['from C'] });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should refuse an activation of duplicates (400), of an element with an incoming flow or of no ad-hoc sub-process (404)', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-entry', variables: { toActivate: [] } });
    const key = await adHocKey(processInstanceKey);
    const post = (target: string, elements: unknown[]) =>
      fetch(`${t.url}/v2/element-instances/ad-hoc-activities/${target}/activation`, {
        method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ elements }),
      });
    const answer = async (target: string, elements: unknown[]) => {
      const response = await post(target, elements);
      return { status: response.status, detail: ((await response.json()) as { detail: string }).detail };
    };
    expect(await answer(key, [{ elementId: 'taskA' }, { elementId: 'taskA' }])).to.deep.equal({
      status: 400,
      detail: `Expected to activate activities for ad-hoc sub-process with key '${key}', but duplicate activities were given.`,
    });
    expect(await answer(key, [{ elementId: 'taskB2' }, { elementId: 'nope' }])).to.deep.equal({
      status: 404,
      detail: `Expected to activate activities for ad-hoc sub-process with key '${key}', but the given elements [taskB2, nope] do not exist.`,
    });
    expect(await answer(processInstanceKey, [{ elementId: 'taskA' }])).to.deep.equal({
      status: 404,
      detail: `Expected to activate activities for ad-hoc sub-process but no ad-hoc sub-process instance found with key '${processInstanceKey}'.`,
    });
    expect(await activateNow(t.client, 'adhoc-a')).to.have.length(0);
    await t.client.cancelProcessInstance({ processInstanceKey });
  });

  /*
   * "If the expression doesn't evaluate to a list of strings, or the list contains other values
   * than inner element IDs, the process instance creates an incident."
   */
  it('should raise an incident when activeElementsCollection is no list of inner element ids', async () => {
    for (const toActivate of ['taskA', ['taskB2']]) {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-entry', variables: { toActivate } });
      const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'an incident');
      expect(incident).to.include({ errorType: 'EXTRACT_VALUE_ERROR', elementId: 'work' });
      expect(await activateNow(t.client, 'adhoc-a')).to.have.length(0);
      await t.client.cancelProcessInstance({ processInstanceKey });
    }
  });

  /*
   * "If the expression evaluates to true after completing an inner element, the ad-hoc
   * sub-process is completed"; cancelRemainingInstances "If set to true (default value), all
   * remaining active instances of inner elements are terminated".
   */
  it('should terminate the other inner elements and complete once the completion condition holds', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-cancel', variables: {} });
    const [a] = await activate(t.client, 'adhoc-cancel-a');
    const [b] = await activate(t.client, 'adhoc-cancel-b');
    await a.complete({ done: true });

    const [after] = await activate(t.client, 'adhoc-cancel-after');
    expect((await rejection(b.complete({}))).status).to.equal(404);
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  /* "If set to false, the ad-hoc sub-process waits for the completion of all active instances before completing." */
  it('should wait for the running inner elements when cancelRemainingInstances is false', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-wait', variables: {} });
    const [a] = await activate(t.client, 'adhoc-wait-a');
    const [b] = await activate(t.client, 'adhoc-wait-b');
    await a.complete({ done: true });
    expect(await activateNow(t.client, 'adhoc-wait-after')).to.have.length(0);
    await b.complete({ fromB: 1 });

    const [after] = await activate(t.client, 'adhoc-wait-after');
    expect(plain(after.variables)).to.deep.equal({ done: true, fromB: 1 });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should stay active after every inner element completed while the completion condition is false', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-wait', variables: { done: false } });
    for (const type of ['adhoc-wait-a', 'adhoc-wait-b']) {
      const [job] = await activate(t.client, type);
      await job.complete({});
    }
    await adHocKey(processInstanceKey);
    expect(await activateNow(t.client, 'adhoc-wait-after')).to.have.length(0);
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ done: false });
    await t.client.cancelProcessInstance({ processInstanceKey });
  });

  /* Constraints: "Must have at least one activity", "Must not have start events or end events" (Zeebe's messages). */
  it('should refuse an empty ad-hoc sub-process and one with a start or end event, naming it', async () => {
    expect(await refusal(adHocDiagram(''))).to.deep.equal(['work: Must have at least one activity.']);
    expect(await refusal(adHocDiagram('<bpmn:startEvent id="in" /><bpmn:task id="t" /><bpmn:endEvent id="out" />'))).to.deep.equal([
      'work: Must not contain a start event.',
      'work: Must not contain an end event.',
    ]);
  });

  it('should deploy an ad-hoc sub-process whose expressions are empty attributes, as Zeebe reads them absent', async () => {
    const [model] = await compileBpmn(adHocDiagram('<bpmn:extensionElements><zeebe:adHoc activeElementsCollection="" /></bpmn:extensionElements><bpmn:task id="t" />'), 'p.bpmn');
    expect(model.elements.get('work')!.adHoc).to.include({ cancelRemainingInstances: true });
    expect(model.elements.get('work')!.adHoc!.activeElementsCollection).to.equal(undefined);
    expect(model.elements.get('work')!.adHoc!.activityIds).to.deep.equal(['t']);
  });

  describe('job worker implementation', () => {
    const completeWorkerJob = (jobKey: string, result: Record<string, unknown>) =>
      fetch(`${t.url}/v2/jobs/${jobKey}/completion`, {
        method: 'POST',
        headers: { ...t.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ result: { type: 'adHocSubProcess', ...result } }),
      });

    /*
     * "When an ad-hoc sub-process is defined as a job worker, it creates a job upon activation";
     * the worker "completes the job with an adHocSubProcess job result", Zeebe "activates the
     * elements from the job result", and "When any of the flows inside the ad-hoc sub-process
     * completes, Zeebe creates a new job"; fulfilling the completion condition completes it.
     */
    it('should hand the decisions to a worker job: activate from its result, a new job after each inner flow, complete when it says so', async () => {
      const official = strictClient(t);
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-job', variables: { goal: 'ship' } });
      const [first] = await activate(t.client, 'adhoc-job-worker');
      const data = plain(first) as unknown as { kind: string; retries: number; customHeaders: Record<string, string>; variables: { adHocSubProcessElements: Array<{ elementId: string }> } };
      expect(data).to.include({ kind: 'AD_HOC_SUB_PROCESS', retries: 2 });
      expect(data.customHeaders).to.deep.equal({ agent: 'planner' });
      expect(data.variables.adHocSubProcessElements.map((e) => e.elementId)).to.deep.equal(['taskA', 'taskB']);

      await official.completeJob({ jobKey: first.jobKey as never, result: { type: 'adHocSubProcess', activateElements: [{ elementId: 'taskA' as never, variables: { step: 1 } }] } as never });
      const [a] = await activate(t.client, 'adhoc-job-a');
      expect(plain(a.variables)).to.deep.include({ goal: 'ship', step: 1 });
      expect(await activateNow(t.client, 'adhoc-job-worker')).to.have.length(0);
      await a.complete({ shipped: true });

      const [second] = await activate(t.client, 'adhoc-job-worker');
      expect(plain(second.variables)).to.deep.include({ shipped: true });
      expect((await completeWorkerJob(second.jobKey, { isCompletionConditionFulfilled: true })).status).to.equal(204);
      const [after] = await activate(t.client, 'adhoc-job-after');
      await after.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should refuse a worker result naming an unknown element (404) or activating while fulfilling the condition (400)', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'adhoc-job', variables: {} });
      const [job] = await activate(t.client, 'adhoc-job-worker');
      const unknown = await completeWorkerJob(job.jobKey, { activateElements: [{ elementId: 'nope' }] });
      expect(unknown.status).to.equal(404);
      expect(((await unknown.json()) as { detail: string }).detail).to.contain('but the given elements [nope] do not exist.');
      const both = await completeWorkerJob(job.jobKey, { activateElements: [{ elementId: 'taskA' }], isCompletionConditionFulfilled: true });
      expect(both.status).to.equal(400);

      // the refused completions changed nothing: the job still completes, and starts taskB
      expect((await completeWorkerJob(job.jobKey, { activateElements: [{ elementId: 'taskB' }] })).status).to.equal(204);
      await activate(t.client, 'adhoc-job-b');
      expect(await activateNow(t.client, 'adhoc-job-worker')).to.have.length(0);
      await t.client.cancelProcessInstance({ processInstanceKey });
    });

    it('should refuse a job worker ad-hoc sub-process with a completion condition, activeElementsCollection or cancelRemainingInstances="false"', async () => {
      const job = '<bpmn:extensionElements><zeebe:taskDefinition type="w" /><zeebe:adHoc activeElementsCollection="=ids" /></bpmn:extensionElements><bpmn:task id="t" />';
      expect(await refusal(adHocDiagram(`${job}<bpmn:completionCondition>=done</bpmn:completionCondition>`, ' cancelRemainingInstances="false"'))).to.deep.equal([
        'work: Must not set cancelRemainingInstances to false in combination with zeebe:taskDefinition',
        'work: Must not set completionCondition in combination with zeebe:taskDefinition',
        'work: Must not set activeElementsCollection in combination with zeebe:taskDefinition',
      ]);
    });
  });
});
