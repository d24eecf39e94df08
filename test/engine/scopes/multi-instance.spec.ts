import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, activeIncidents, plain, rejection, rootVariables, until, untilInstanceState } from '../../support/scopes.js';

describe('engine/scopes: multi-instance', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/multi-instance/parallel.bpmn',
      'engine/multi-instance/sequential.bpmn',
      'engine/multi-instance/completion-condition.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  /*
   * Zeebe nil-initialises the output element's variable in each inner instance, so a job's
   * `result` lands there and never in the process scope (camunda/zeebe#9947; multi-instance
   * variable mappings, https://docs.camunda.io/docs/8.8/components/modeler/bpmn/multi-instance/#variable-mappings).
   */
  it('should activate one job per item at once and collect the outputs in item order, whatever the completion order', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'mi-parallel', variables: { items: ['a', 'b', 'c'] } });
    const jobs = await activate(t.client, 'mi-par', 3);
    expect(jobs.map((j) => plain(j.variables))).to.have.deep.members([
      { items: ['a', 'b', 'c'], results: [null, null, null], item: 'a', loopCounter: 1, result: null },
      { items: ['a', 'b', 'c'], results: [null, null, null], item: 'b', loopCounter: 2, result: null },
      { items: ['a', 'b', 'c'], results: [null, null, null], item: 'c', loopCounter: 3, result: null },
    ]);

    const byItem = new Map(jobs.map((j) => [(j.variables as { item: string }).item, j]));
    for (const item of ['c', 'a', 'b']) await byItem.get(item)!.complete({ result: `${item}!` });

    const [after] = await activate(t.client, 'mi-par-after');
    // each inner instance's result stayed local: the process scope holds only the collection
    expect(plain(after.variables)).to.deep.equal({ items: ['a', 'b', 'c'], results: ['a!', 'b!', 'c!'] });
    expect(await rootVariables(t.client, processInstanceKey)).not.to.have.property('result');
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should run a sequential multi-instance one item at a time and keep the input element local', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'mi-sequential', variables: { items: [10, 20, 30] } });
    for (const [index, value] of [10, 20, 30].entries()) {
      const [job] = await activate(t.client, 'mi-seq');
      expect(await activateNow(t.client, 'mi-seq')).to.have.length(0);
      const vars = plain(job.variables) as { item: number; loopCounter: number };
      expect(vars.item).to.equal(value);
      expect(vars.loopCounter).to.equal(index + 1);
      await job.complete({ result: value * 2, item: -1 });
    }

    const [after] = await activate(t.client, 'mi-seq-after');
    expect(plain(after.variables)).to.deep.equal({ items: [10, 20, 30], results: [20, 40, 60] });
    expect(await rootVariables(t.client, processInstanceKey)).to.deep.equal({ items: [10, 20, 30], results: [20, 40, 60] });
  });

  it('should stop early when the completion condition holds and terminate the remaining instances', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'mi-condition', variables: { items: [1, 2, 3] } });
    const jobs = await activate(t.client, 'mi-cond', 3);
    const byItem = new Map(jobs.map((j) => [(j.variables as { item: number }).item, j]));
    await byItem.get(3)!.complete({ result: 'three' });
    expect(await activateNow(t.client, 'mi-cond-after')).to.have.length(0);
    await byItem.get(1)!.complete({ result: 'one' });

    const [after] = await activate(t.client, 'mi-cond-after');
    expect(plain(after.variables)).to.deep.equal({ items: [1, 2, 3], results: ['one', null, 'three'] });
    expect((await rejection(byItem.get(2)!.complete({ result: 'two' }))).status).to.equal(404);
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should complete at once for an empty input collection', async () => {
    await t.client.createProcessInstance({ processDefinitionId: 'mi-parallel', variables: { items: [] } });
    const [after] = await activate(t.client, 'mi-par-after');
    expect(plain(after.variables)).to.deep.equal({ items: [], results: [] });
    expect(await activateNow(t.client, 'mi-par')).to.have.length(0);
    await after.complete({});
  });

  it('should raise an incident when the input collection is not a list, and continue once it is fixed', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'mi-parallel', variables: { items: 'abc' } });
    const [incident] = await until(() => activeIncidents(t.client, processInstanceKey), (items) => items.length === 1, 'the incident');
    expect(incident.errorType).to.equal('EXTRACT_VALUE_ERROR');
    expect(incident.elementId).to.equal('each');
    expect(incident.errorMessage).to.contain("'ARRAY'");
    expect(await activateNow(t.client, 'mi-par')).to.have.length(0);

    await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { items: ['x'] } });
    await t.client.resolveIncident(incident.incidentKey);
    const [job] = await activate(t.client, 'mi-par');
    expect((plain(job.variables) as { item: string }).item).to.equal('x');
    await job.complete({ result: 'x!' });
    const [after] = await activate(t.client, 'mi-par-after');
    expect((plain(after.variables) as { results: string[] }).results).to.deep.equal(['x!']);
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });
});
