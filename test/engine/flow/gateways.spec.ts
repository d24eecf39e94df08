import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { HOUR, MINUTE, activate, activateExactly, completeJob, futureInstant, instanceState, rest, waitFor } from './helpers.js';

describe('engine/flow gateways', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/flow/exclusive-gateway.bpmn',
      'engine/flow/exclusive-gateway-no-default.bpmn',
      'engine/flow/parallel-gateway.bpmn',
      'engine/flow/inclusive-gateway.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  describe('exclusive gateway', () => {
    it('should take the flow whose FEEL condition is true', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor', variables: { category: 'b', amount: 5 } });
      const [job] = await activateExactly(t, 'xor-b', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.elementId).to.equal('handleB');
      expect(await activate(t, 'xor-a')).to.have.length(0);
      expect(await activate(t, 'xor-other')).to.have.length(0);
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should take only the first flow in order when several conditions are true', async () => {
      // category "a" matches toA, amount > 100 matches toB: Zeebe takes the first one
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor', variables: { category: 'a', amount: 500 } });
      const [job] = await activateExactly(t, 'xor-a', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(await activate(t, 'xor-b')).to.have.length(0);
      expect(await activate(t, 'xor-other')).to.have.length(0);
    });

    it('should take the default flow when no condition matches', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor', variables: { category: 'z', amount: 1 } });
      const [job] = await activateExactly(t, 'xor-other', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.elementId).to.equal('handleOther');
      expect(await activate(t, 'xor-a')).to.have.length(0);
      expect(await activate(t, 'xor-b')).to.have.length(0);
    });

    it('should raise a CONDITION_ERROR incident when nothing matches and there is no default flow', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor-no-default', variables: { category: 'z' } });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      expect(incidents.items).to.have.length(1);
      const incident = incidents.items[0];
      expect(incident.errorType).to.equal('CONDITION_ERROR');
      expect(incident.elementId).to.equal('route');
      expect(incident.state).to.equal('ACTIVE');
      expect(incident.errorMessage).to.contain('Expected at least one condition to evaluate to true');
      expect(await instanceState(t, processInstanceKey)).to.equal('ACTIVE');
      expect(await activate(t, 'xor-nd-a')).to.have.length(0);
      expect(await activate(t, 'xor-nd-b')).to.have.length(0);
    });

    it('should raise a CONDITION_ERROR incident when a condition does not evaluate to a boolean', async () => {
      // category "z" fails the first condition; without amount, amount > 100 is null and so is the second condition
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor', variables: { category: 'z' } });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      expect(incidents.items.map((i) => [i.errorType, i.elementId])).to.deep.equal([['CONDITION_ERROR', 'route']]);
      expect(await activate(t, 'xor-other')).to.have.length(0);
    });

    it('should continue on the matching path after the variables are fixed and the incident is resolved', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-xor-no-default', variables: { category: 'z' } });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { category: 'b' } });
      await t.client.resolveIncident(incidents.items[0].incidentKey);

      const [job] = await activateExactly(t, 'xor-nd-b', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ category: 'b' });
      expect(await activate(t, 'xor-nd-a')).to.have.length(0);
      const after = await t.client.searchIncidents({ filter: { processInstanceKey } });
      expect(after.items.map((i) => i.state)).to.deep.equal(['RESOLVED']);
      const pi = await rest(t, 'GET', `/process-instances/${processInstanceKey}`);
      expect(pi.body.hasIncident).to.equal(false);
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });
  });

  describe('parallel gateway', () => {
    it('should fork into every outgoing flow', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-and', variables: { run: 'fork' } });
      for (const type of ['and-a', 'and-b', 'and-c']) {
        const [job] = await activateExactly(t, type, 1);
        expect(job.processInstanceKey).to.equal(processInstanceKey);
        await completeJob(t, job.jobKey);
      }
      await activateExactly(t, 'and-after', 1);
    });

    it('should activate the join exactly once, after the last branch arrived', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-and', variables: { run: 'join' } });
      const a = await activateExactly(t, 'and-a', 1);
      const b = await activateExactly(t, 'and-b', 1);
      const c = await activateExactly(t, 'and-c', 1);

      await completeJob(t, a[0].jobKey, { fromA: 1 });
      expect(await activate(t, 'and-after')).to.have.length(0);
      await completeJob(t, c[0].jobKey, { fromC: 3 });
      expect(await activate(t, 'and-after')).to.have.length(0);
      await completeJob(t, b[0].jobKey, { fromB: 2 });

      const after = await activateExactly(t, 'and-after', 1);
      expect(after[0].processInstanceKey).to.equal(processInstanceKey);
      expect(after[0].variables).to.deep.equal({ run: 'join', fromA: 1, fromB: 2, fromC: 3 });
      // no late second activation of the task after the join
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await activate(t, 'and-after')).to.have.length(0);
      await completeJob(t, after[0].jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });
  });

  describe('inclusive gateway', () => {
    it('should fork into every flow whose condition is true', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-or', variables: { a: true, b: false, c: true } });
      const a = await activateExactly(t, 'or-a', 1);
      const c = await activateExactly(t, 'or-c', 1);
      expect(a[0].processInstanceKey).to.equal(processInstanceKey);
      expect(c[0].processInstanceKey).to.equal(processInstanceKey);
      expect(await activate(t, 'or-b')).to.have.length(0);
      await completeJob(t, a[0].jobKey);
      await completeJob(t, c[0].jobKey);
      await activateExactly(t, 'or-after', 1);
    });

    it('should raise a CONDITION_ERROR incident when no condition is true and there is no default flow', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-or', variables: { a: false, b: false, c: false } });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      expect(incidents.items.map((i) => [i.errorType, i.elementId])).to.deep.equal([['CONDITION_ERROR', 'fork']]);
      for (const type of ['or-a', 'or-b', 'or-c']) expect(await activate(t, type)).to.have.length(0);
    });

    it('should not wait at the join when only one branch was taken', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-or', variables: { a: false, b: true, c: false } });
      const [b] = await activateExactly(t, 'or-b', 1);
      await completeJob(t, b.jobKey);
      const [after] = await activateExactly(t, 'or-after', 1);
      expect(after.processInstanceKey).to.equal(processInstanceKey);
      await completeJob(t, after.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should wait at the join for both taken branches and then activate once', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-or', variables: { a: true, b: true, c: false } });
      const [a] = await activateExactly(t, 'or-a', 1);
      const [b] = await activateExactly(t, 'or-b', 1);
      expect(await activate(t, 'or-c')).to.have.length(0);

      await completeJob(t, b.jobKey);
      expect(await activate(t, 'or-after')).to.have.length(0);
      await completeJob(t, a.jobKey);

      const after = await activateExactly(t, 'or-after', 1);
      expect(after[0].processInstanceKey).to.equal(processInstanceKey);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await activate(t, 'or-after')).to.have.length(0);
      await completeJob(t, after[0].jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });
  });
});

describe('engine/flow event-based gateway', () => {
  let t: TestEngine;
  const t0 = futureInstant();

  beforeEach(async () => {
    t = await startTestEngine();
    await t.client.pinInternalClock(t0);
    await t.deployFixtures('engine/flow/event-based-gateway.bpmn');
  });

  afterEach(async () => {
    await t.stop();
  });

  it('should continue with the message when it arrives before the timer', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-ebg', variables: { requestId: 'r-1' } });
    await t.client.publishMessage({ name: 'ebg-reply', correlationKey: 'r-1', variables: { answer: 'yes' }, timeToLive: 0 });

    const [job] = await activateExactly(t, 'ebg-reply', 1);
    expect(job.processInstanceKey).to.equal(processInstanceKey);
    expect(job.elementId).to.equal('handleReply');
    expect(job.variables).to.deep.equal({ requestId: 'r-1', answer: 'yes' });

    // the timer subscription was closed with the gateway
    await t.client.pinInternalClock(t0 + HOUR);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await activate(t, 'ebg-timeout')).to.have.length(0);
  });

  it('should continue with a message that was buffered before the gateway was reached', async () => {
    await t.client.publishMessage({ name: 'ebg-reply', correlationKey: 'r-buf', variables: { answer: 'early' }, timeToLive: HOUR });
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-ebg', variables: { requestId: 'r-buf' } });
    const [job] = await activateExactly(t, 'ebg-reply', 1);
    expect(job.processInstanceKey).to.equal(processInstanceKey);
    expect(job.variables).to.deep.equal({ requestId: 'r-buf', answer: 'early' });
    await t.client.pinInternalClock(t0 + HOUR);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await activate(t, 'ebg-timeout')).to.have.length(0);
  });

  it('should continue with the timer when it is due before the message, and close the message subscription', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-ebg', variables: { requestId: 'r-2' } });
    await t.client.pinInternalClock(t0 + 9 * MINUTE);
    expect(await activate(t, 'ebg-timeout')).to.have.length(0);
    await t.client.pinInternalClock(t0 + 10 * MINUTE);

    const [job] = await activateExactly(t, 'ebg-timeout', 1);
    expect(job.processInstanceKey).to.equal(processInstanceKey);
    expect(job.elementId).to.equal('handleTimeout');

    const late = await rest(t, 'POST', '/messages/correlation', { name: 'ebg-reply', correlationKey: 'r-2', variables: { answer: 'late' } });
    expect(late.status).to.equal(404);
    expect(late.body.title).to.equal('NOT_FOUND');
    expect(await activate(t, 'ebg-reply')).to.have.length(0);
  });
});
