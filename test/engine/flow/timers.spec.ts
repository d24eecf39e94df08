import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { HOUR, MINUTE, activate, activateExactly, completeJob, futureInstant, instanceState, instancesOf, rest, waitFor } from './helpers.js';

describe('engine/flow timers', () => {
  let t: TestEngine;
  const t0 = futureInstant();
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  // a fresh engine per test: each test owns the engine clock
  beforeEach(async () => {
    t = await startTestEngine();
    await t.client.pinInternalClock(t0);
  });

  afterEach(async () => {
    await t.stop();
  });

  describe('intermediate timer catch event', () => {
    it('should wait for a PT1H duration until the clock is past it', async () => {
      await t.deployFixtures('engine/flow/timer-catch-duration.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-duration', variables: {} });

      await t.client.pinInternalClock(t0 + 59 * MINUTE);
      await settle();
      expect(await activate(t, 'timer-duration-after')).to.have.length(0);
      expect(await instanceState(t, processInstanceKey)).to.equal('ACTIVE');

      await t.client.pinInternalClock(t0 + HOUR);
      const [job] = await activateExactly(t, 'timer-duration-after', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should take the duration from a FEEL expression', async () => {
      await t.deployFixtures('engine/flow/timer-catch-feel-duration.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-feel-duration', variables: { delay: 'PT30M' } });

      await t.client.pinInternalClock(t0 + 29 * MINUTE);
      await settle();
      expect(await activate(t, 'timer-feel-duration-after')).to.have.length(0);

      await t.client.pinInternalClock(t0 + 30 * MINUTE);
      const [job] = await activateExactly(t, 'timer-feel-duration-after', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
      expect(job.variables).to.deep.equal({ delay: 'PT30M' });
    });

    it('should raise EXTRACT_VALUE_ERROR when the duration expression has no value, and start the timer once it is fixed', async () => {
      await t.deployFixtures('engine/flow/timer-catch-feel-duration.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-feel-duration', variables: {} });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey, state: 'ACTIVE' } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      expect(incidents.items).to.have.length(1);
      expect(incidents.items[0].errorType).to.equal('EXTRACT_VALUE_ERROR');
      expect(incidents.items[0].elementId).to.equal('wait');

      await t.client.updateElementInstanceVariables({ elementInstanceKey: processInstanceKey, variables: { delay: 'PT5M' } });
      await t.client.resolveIncident(incidents.items[0].incidentKey);
      await t.client.pinInternalClock(t0 + 4 * MINUTE);
      await settle();
      expect(await activate(t, 'timer-feel-duration-after')).to.have.length(0);
      await t.client.pinInternalClock(t0 + 5 * MINUTE);
      const [job] = await activateExactly(t, 'timer-feel-duration-after', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
    });

    it('should wait until a date given as an ISO string by a FEEL expression', async () => {
      await t.deployFixtures('engine/flow/timer-catch-date.bpmn');
      const dueAt = new Date(t0 + 2 * HOUR).toISOString();
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-date', variables: { dueAt } });

      await t.client.pinInternalClock(t0 + 2 * HOUR - 1000);
      await settle();
      expect(await activate(t, 'timer-date-after')).to.have.length(0);

      await t.client.pinInternalClock(t0 + 2 * HOUR);
      const [job] = await activateExactly(t, 'timer-date-after', 1);
      expect(job.processInstanceKey).to.equal(processInstanceKey);
    });
  });

  describe('timer boundary event', () => {
    it('should terminate the task, cancel its job and take the boundary path when an interrupting timer fires', async () => {
      await t.deployFixtures('engine/flow/timer-boundary-interrupting.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-boundary-interrupting', variables: {} });
      const [work] = await activateExactly(t, 'timer-bi-work', 1);

      await t.client.pinInternalClock(t0 + 59 * MINUTE);
      await settle();
      expect(await activate(t, 'timer-bi-escalate')).to.have.length(0);

      await t.client.pinInternalClock(t0 + HOUR);
      const [escalate] = await activateExactly(t, 'timer-bi-escalate', 1);
      expect(escalate.processInstanceKey).to.equal(processInstanceKey);
      expect(escalate.elementId).to.equal('escalate');

      // the worker that still holds the job of the terminated task cannot complete it
      const late = await rest(t, 'POST', `/jobs/${work.jobKey}/completion`, { variables: { late: true } });
      expect(late.status).to.equal(404);
      expect(await activate(t, 'timer-bi-work')).to.have.length(0);
      expect(await activate(t, 'timer-bi-done')).to.have.length(0);

      await completeJob(t, escalate.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should not fire an interrupting timer of a task that completed in time', async () => {
      await t.deployFixtures('engine/flow/timer-boundary-interrupting.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-boundary-interrupting', variables: {} });
      const [work] = await activateExactly(t, 'timer-bi-work', 1);
      await completeJob(t, work.jobKey);
      const [done] = await activateExactly(t, 'timer-bi-done', 1);

      await t.client.pinInternalClock(t0 + 2 * HOUR);
      await settle();
      expect(await activate(t, 'timer-bi-escalate')).to.have.length(0);
      await completeJob(t, done.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });

    it('should fire a non-interrupting R3/PT1H cycle three times while the task stays active', async () => {
      await t.deployFixtures('engine/flow/timer-boundary-cycle.bpmn');
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'flow-timer-boundary-cycle', variables: {} });
      const [work] = await activateExactly(t, 'timer-bn-work', 1);

      const reminders = [];
      for (let hour = 1; hour <= 3; hour++) {
        await t.client.pinInternalClock(t0 + hour * HOUR);
        reminders.push(...(await activateExactly(t, 'timer-bn-remind', 1)));
      }
      await t.client.pinInternalClock(t0 + 4 * HOUR);
      await t.client.pinInternalClock(t0 + 5 * HOUR);
      await settle();
      expect(await activate(t, 'timer-bn-remind')).to.have.length(0);
      expect(reminders.map((r) => r.processInstanceKey)).to.deep.equal([processInstanceKey, processInstanceKey, processInstanceKey]);

      // the task was never interrupted: its job still completes
      await completeJob(t, work.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('ACTIVE');
      for (const r of reminders) await completeJob(t, r.jobKey);
      expect(await instanceState(t, processInstanceKey)).to.equal('COMPLETED');
    });
  });

  describe('timer start event', () => {
    it('should create an instance each time the cycle is due, as the clock moves', async () => {
      await t.deployFixtures('engine/flow/timer-start-cycle.bpmn');
      expect(await instancesOf(t, 'flow-timer-start-cycle')).to.have.length(0);

      await t.client.pinInternalClock(t0 + 59 * MINUTE);
      await settle();
      expect(await instancesOf(t, 'flow-timer-start-cycle')).to.have.length(0);

      await t.client.pinInternalClock(t0 + HOUR);
      await waitFor(() => instancesOf(t, 'flow-timer-start-cycle'), (l) => l.length >= 1, 'the first timer-started instance');
      await t.client.pinInternalClock(t0 + 2 * HOUR);
      await waitFor(() => instancesOf(t, 'flow-timer-start-cycle'), (l) => l.length >= 2, 'the second timer-started instance');

      // R2: no third repetition
      await t.client.pinInternalClock(t0 + 3 * HOUR);
      await t.client.pinInternalClock(t0 + 4 * HOUR);
      await settle();
      const instances = await instancesOf(t, 'flow-timer-start-cycle');
      expect(instances.map((i) => i.state)).to.deep.equal(['ACTIVE', 'ACTIVE']);
      const jobs = await activateExactly(t, 'timer-start-work', 2);
      expect(jobs.map((j) => j.processInstanceKey).sort()).to.deep.equal(instances.map((i) => i.processInstanceKey).sort());
    });
  });
});
