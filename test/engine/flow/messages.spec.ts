import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { HOUR, activate, activateExactly, completeJob, futureInstant, instanceState, instancesOf, rest, waitFor } from './helpers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('engine/flow messages', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/flow/message-catch.bpmn',
      'engine/flow/message-catch-other-process.bpmn',
      'engine/flow/message-catch-ttl.bpmn',
      'engine/flow/message-catch-twice.bpmn',
      'engine/flow/message-start.bpmn',
      'engine/flow/message-boundary-service-interrupting.bpmn',
      'engine/flow/message-boundary-service-non-interrupting.bpmn',
      'engine/flow/message-boundary-user-interrupting.bpmn',
      'engine/flow/message-boundary-user-non-interrupting.bpmn',
      'engine/flow/message-receive-task.bpmn',
      'engine/flow/message-parallel-catch.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  const create = async (processDefinitionId: string, variables: Record<string, unknown>) =>
    (await t.client.createProcessInstance({ processDefinitionId, variables })).processInstanceKey;

  describe('publishMessage', () => {
    it('should correlate to the instance waiting with the correlation key and merge the message variables', async () => {
      const paid = await create('flow-msg-catch', { orderId: 'o-1', status: 'new' });
      const other = await create('flow-msg-catch', { orderId: 'o-2', status: 'new' });
      await t.client.publishMessage({ name: 'msg-payment', correlationKey: 'o-1', variables: { status: 'paid', amount: 42 }, timeToLive: 0 });

      const [job] = await activateExactly(t, 'msg-catch-after', 1);
      expect(job.processInstanceKey).to.equal(paid);
      expect(job.variables).to.deep.equal({ orderId: 'o-1', status: 'paid', amount: 42 });
      expect(await instanceState(t, other)).to.equal('ACTIVE');
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, paid)).to.equal('COMPLETED');
    });

    it('should match a numeric correlation key variable against the message correlation key text', async () => {
      const key = await create('flow-msg-catch', { orderId: 4711 });
      await t.client.publishMessage({ name: 'msg-payment', correlationKey: '4711', variables: { status: 'paid' }, timeToLive: 0 });
      const [job] = await activateExactly(t, 'msg-catch-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 4711, status: 'paid' });
    });

    it('should buffer a message with a time to live and correlate it when an instance subscribes', async () => {
      await t.client.publishMessage({ name: 'msg-ttl', correlationKey: 't-1', variables: { early: true }, timeToLive: HOUR });
      const key = await create('flow-msg-ttl', { orderId: 't-1' });

      const [job] = await activateExactly(t, 'msg-ttl-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 't-1', early: true });
    });

    it('should not buffer a message with a time to live of 0', async () => {
      await t.client.publishMessage({ name: 'msg-ttl', correlationKey: 't-0', variables: { early: true }, timeToLive: 0 });
      const key = await create('flow-msg-ttl', { orderId: 't-0' });
      await settle();
      expect(await activate(t, 'msg-ttl-after')).to.have.length(0);

      // the instance does wait for the message: one published now correlates
      await t.client.publishMessage({ name: 'msg-ttl', correlationKey: 't-0', variables: { late: true }, timeToLive: 0 });
      const [job] = await activateExactly(t, 'msg-ttl-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 't-0', late: true });
    });

    it('should raise EXTRACT_VALUE_ERROR when the correlation key cannot be evaluated, and subscribe once it is fixed', async () => {
      const key = await create('flow-msg-catch', { status: 'no order id' });
      const incidents = await waitFor(
        () => t.client.searchIncidents({ filter: { processInstanceKey: key, state: 'ACTIVE' } }),
        (r) => r.items.length > 0,
        'an incident',
      );
      expect(incidents.items).to.have.length(1);
      expect(incidents.items[0].errorType).to.equal('EXTRACT_VALUE_ERROR');
      expect(incidents.items[0].elementId).to.equal('waitForPayment');
      expect(incidents.items[0].errorMessage).to.contain("Failed to extract the correlation key for 'orderId'");

      await t.client.updateElementInstanceVariables({ elementInstanceKey: key, variables: { orderId: 'fixed-1' } });
      await t.client.resolveIncident(incidents.items[0].incidentKey);
      await t.client.publishMessage({ name: 'msg-payment', correlationKey: 'fixed-1', variables: { status: 'paid' }, timeToLive: 0 });
      const [job] = await activateExactly(t, 'msg-catch-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 'fixed-1', status: 'paid' });
    });

    it('should correlate a buffered message to one instance of a process only', async () => {
      await t.client.publishMessage({ name: 'msg-ttl', correlationKey: 't-once', variables: { n: 1 }, timeToLive: HOUR });
      const first = await create('flow-msg-ttl', { orderId: 't-once' });
      const second = await create('flow-msg-ttl', { orderId: 't-once' });

      const [job] = await activateExactly(t, 'msg-ttl-after', 1);
      expect(job.processInstanceKey).to.equal(first);
      await settle();
      expect(await activate(t, 'msg-ttl-after')).to.have.length(0);
      expect(await instanceState(t, second)).to.equal('ACTIVE');
    });

    it('should reject a messageId that is still buffered with 409 ALREADY_EXISTS and correlate the message once', async () => {
      const published = await rest(t, 'POST', '/messages/publication', {
        name: 'msg-dedup', correlationKey: 'd-1', messageId: 'm-1', timeToLive: HOUR, variables: { attempt: 1 },
      });
      expect(published.status).to.equal(200);
      const duplicate = await rest(t, 'POST', '/messages/publication', {
        name: 'msg-dedup', correlationKey: 'd-1', messageId: 'm-1', timeToLive: HOUR, variables: { attempt: 2 },
      });
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body.title).to.equal('ALREADY_EXISTS');

      // the process waits for the message twice in a row: only one message was buffered
      const key = await create('flow-msg-twice', { orderId: 'd-1' });
      await settle();
      expect(await activate(t, 'msg-twice-after')).to.have.length(0);

      await t.client.publishMessage({ name: 'msg-dedup', correlationKey: 'd-1', messageId: 'm-3', variables: { attempt: 3 }, timeToLive: 0 });
      const [job] = await activateExactly(t, 'msg-twice-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 'd-1', attempt: 3 });
    });

    it('should correlate a message once per process instance even when two branches wait for it', async () => {
      const key = await create('flow-msg-parallel', { orderId: 'par-1' });
      await t.client.publishMessage({ name: 'msg-parallel', correlationKey: 'par-1', variables: { n: 1 }, timeToLive: HOUR });

      const [first] = await activateExactly(t, 'msg-parallel-after', 1);
      expect(first.processInstanceKey).to.equal(key);
      await settle();
      expect(await activate(t, 'msg-parallel-after')).to.have.length(0);

      await t.client.publishMessage({ name: 'msg-parallel', correlationKey: 'par-1', variables: { n: 2 }, timeToLive: 0 });
      const [second] = await activateExactly(t, 'msg-parallel-after', 1);
      expect([first.elementId, second.elementId].sort()).to.deep.equal(['afterA', 'afterB']);
    });

    it('should correlate a message to one instance per process but to every process that waits for it', async () => {
      const first = await create('flow-msg-catch', { orderId: 'dup-1' });
      const second = await create('flow-msg-catch', { orderId: 'dup-1' });
      const other = await create('flow-msg-catch-other', { orderId: 'dup-1' });
      await t.client.publishMessage({ name: 'msg-payment', correlationKey: 'dup-1', variables: { round: 1 }, timeToLive: 0 });

      const [same] = await activateExactly(t, 'msg-catch-after', 1);
      const [otherJob] = await activateExactly(t, 'msg-catch-other-after', 1);
      expect(same.processInstanceKey).to.equal(first);
      expect(otherJob.processInstanceKey).to.equal(other);
      await settle();
      expect(await activate(t, 'msg-catch-after')).to.have.length(0);

      await t.client.publishMessage({ name: 'msg-payment', correlationKey: 'dup-1', variables: { round: 2 }, timeToLive: 0 });
      const [next] = await activateExactly(t, 'msg-catch-after', 1);
      expect(next.processInstanceKey).to.equal(second);
      expect(next.variables).to.deep.equal({ orderId: 'dup-1', round: 2 });
    });
  });

  describe('correlateMessage', () => {
    it('should answer with the key of the process instance the message correlated to', async () => {
      const key = await create('flow-msg-catch', { orderId: 'c-1' });
      const res = await t.client.correlateMessage({ name: 'msg-payment', correlationKey: 'c-1', variables: { status: 'confirmed' } });
      expect(res.processInstanceKey).to.equal(key);
      expect(res.messageKey).to.match(/^\d+$/);

      const [job] = await activateExactly(t, 'msg-catch-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 'c-1', status: 'confirmed' });
    });

    it('should correlate to every process that waits, once each, and answer with one of their instances', async () => {
      const first = await create('flow-msg-catch', { orderId: 'c-all' });
      const second = await create('flow-msg-catch', { orderId: 'c-all' });
      const other = await create('flow-msg-catch-other', { orderId: 'c-all' });
      const res = await t.client.correlateMessage({ name: 'msg-payment', correlationKey: 'c-all', variables: { status: 'all' } });
      expect(res.processInstanceKey).to.be.oneOf([first, other]);

      const [same] = await activateExactly(t, 'msg-catch-after', 1);
      const [otherJob] = await activateExactly(t, 'msg-catch-other-after', 1);
      expect(same.processInstanceKey).to.equal(first);
      expect(otherJob.processInstanceKey).to.equal(other);
      expect(await instanceState(t, second)).to.equal('ACTIVE');
    });

    it('should answer 404 when no subscription waits, and not buffer the message', async () => {
      const nobody = await rest(t, 'POST', '/messages/correlation', { name: 'msg-nobody-listens', correlationKey: 'x' });
      expect(nobody.status).to.equal(404);
      expect(nobody.body.title).to.equal('NOT_FOUND');

      const wrongKey = await rest(t, 'POST', '/messages/correlation', { name: 'msg-payment', correlationKey: 'c-404', variables: { status: 'lost' } });
      expect(wrongKey.status).to.equal(404);
      const key = await create('flow-msg-catch', { orderId: 'c-404' });
      await settle();
      expect(await activate(t, 'msg-catch-after')).to.have.length(0);
      expect(await instanceState(t, key)).to.equal('ACTIVE');
    });

    it('should start an instance through a message start event and answer with its key', async () => {
      const before = (await instancesOf(t, 'flow-msg-start')).length;
      const res = await t.client.correlateMessage({ name: 'msg-order-placed', correlationKey: 'cs-1', variables: { orderId: 'cs-1' } });
      const after = await instancesOf(t, 'flow-msg-start');
      expect(after).to.have.length(before + 1);
      expect(after.map((i) => i.processInstanceKey)).to.include(res.processInstanceKey);
      const jobs = await activateExactly(t, 'msg-start-work', 1);
      expect(jobs[0].processInstanceKey).to.equal(res.processInstanceKey);
      expect(jobs[0].variables).to.deep.equal({ orderId: 'cs-1' });
      await completeJob(t, jobs[0].jobKey);
    });
  });

  describe('message start event', () => {
    it('should create an instance with the message variables and start no second one for the same correlation key while it is active', async () => {
      const before = (await instancesOf(t, 'flow-msg-start')).length;
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-1', variables: { orderId: 'ms-1', total: 3 }, timeToLive: 0 });

      const [job] = await activateExactly(t, 'msg-start-work', 1);
      expect(job.variables).to.deep.equal({ orderId: 'ms-1', total: 3 });
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 1);
      expect(await instanceState(t, job.processInstanceKey)).to.equal('ACTIVE');

      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-1', variables: { orderId: 'ms-1', total: 4 }, timeToLive: 0 });
      await settle();
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 1);
      expect(await activate(t, 'msg-start-work')).to.have.length(0);

      // once that instance has ended, the same correlation key starts a new one (the refused message was not buffered)
      await completeJob(t, job.jobKey);
      expect(await instanceState(t, job.processInstanceKey)).to.equal('COMPLETED');
      await settle();
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 1);
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-1', variables: { orderId: 'ms-1', total: 5 }, timeToLive: 0 });
      const [next] = await activateExactly(t, 'msg-start-work', 1);
      expect(next.processInstanceKey).to.not.equal(job.processInstanceKey);
      expect(next.variables).to.deep.equal({ orderId: 'ms-1', total: 5 });
      await completeJob(t, next.jobKey);
    });

    it('should start the next instance from a buffered message with the same correlation key when the active one ends', async () => {
      const before = (await instancesOf(t, 'flow-msg-start')).length;
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-buf', variables: { n: 1 }, timeToLive: 0 });
      const [first] = await activateExactly(t, 'msg-start-work', 1);
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-buf', variables: { n: 2 }, timeToLive: HOUR });
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: 'ms-buf', variables: { n: 3 }, timeToLive: HOUR });
      await settle();
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 1);

      await completeJob(t, first.jobKey);
      const [second] = await activateExactly(t, 'msg-start-work', 1);
      expect(second.variables).to.deep.equal({ n: 2 });
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 2);

      await completeJob(t, second.jobKey);
      const [third] = await activateExactly(t, 'msg-start-work', 1);
      expect(third.variables).to.deep.equal({ n: 3 });
      await completeJob(t, third.jobKey);
      await settle();
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 3);
    });

    it('should start an instance for every message without a correlation key', async () => {
      const before = (await instancesOf(t, 'flow-msg-start')).length;
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: '', variables: { n: 1 }, timeToLive: 0 });
      await t.client.publishMessage({ name: 'msg-order-placed', correlationKey: '', variables: { n: 2 }, timeToLive: 0 });
      const jobs = await activateExactly(t, 'msg-start-work', 2);
      expect(jobs.map((j) => j.variables.n).sort()).to.deep.equal([1, 2]);
      expect(await instancesOf(t, 'flow-msg-start')).to.have.length(before + 2);
      for (const j of jobs) await completeJob(t, j.jobKey);
    });
  });

  describe('message boundary event', () => {
    it('should terminate a service task and take the boundary path when an interrupting message arrives', async () => {
      const key = await create('flow-msg-boundary-svc-int', { orderId: 'bsi-1' });
      const [work] = await activateExactly(t, 'msg-bsi-work', 1);
      await t.client.publishMessage({ name: 'msg-cancel-svc', correlationKey: 'bsi-1', variables: { reason: 'customer' }, timeToLive: 0 });

      const [handle] = await activateExactly(t, 'msg-bsi-handle', 1);
      expect(handle.processInstanceKey).to.equal(key);
      expect(handle.variables).to.deep.equal({ orderId: 'bsi-1', reason: 'customer' });
      const late = await rest(t, 'POST', `/jobs/${work.jobKey}/completion`, {});
      expect(late.status).to.equal(404);
      await completeJob(t, handle.jobKey);
      expect(await instanceState(t, key)).to.equal('COMPLETED');
    });

    it('should keep a service task active and take the boundary path for each non-interrupting message', async () => {
      const key = await create('flow-msg-boundary-svc-nonint', { orderId: 'bsn-1' });
      const [work] = await activateExactly(t, 'msg-bsn-work', 1);
      await t.client.publishMessage({ name: 'msg-note-svc', correlationKey: 'bsn-1', variables: { note: 1 }, timeToLive: 0 });
      await t.client.publishMessage({ name: 'msg-note-svc', correlationKey: 'bsn-1', variables: { note: 2 }, timeToLive: 0 });

      const handles = await activateExactly(t, 'msg-bsn-handle', 2);
      expect(handles.map((h) => h.processInstanceKey)).to.deep.equal([key, key]);
      await completeJob(t, work.jobKey, { worked: true });
      expect(await instanceState(t, key)).to.equal('ACTIVE');
      for (const h of handles) await completeJob(t, h.jobKey);
      expect(await instanceState(t, key)).to.equal('COMPLETED');
    });

    it('should correlate every buffered message to a non-interrupting boundary event once it subscribes', async () => {
      await t.client.publishMessage({ name: 'msg-note-svc', correlationKey: 'bsn-buf', variables: { note: 1 }, timeToLive: HOUR });
      await t.client.publishMessage({ name: 'msg-note-svc', correlationKey: 'bsn-buf', variables: { note: 2 }, timeToLive: HOUR });
      const key = await create('flow-msg-boundary-svc-nonint', { orderId: 'bsn-buf' });

      const handles = await activateExactly(t, 'msg-bsn-handle', 2);
      expect(handles.map((h) => h.processInstanceKey)).to.deep.equal([key, key]);
      const [work] = await activateExactly(t, 'msg-bsn-work', 1);
      await completeJob(t, work.jobKey);
      for (const h of handles) await completeJob(t, h.jobKey);
      expect(await instanceState(t, key)).to.equal('COMPLETED');
    });

    it('should cancel a user task and take the boundary path when an interrupting message arrives', async () => {
      const key = await create('flow-msg-boundary-user-int', { orderId: 'bui-1' });
      const tasks = await waitFor(
        () => t.client.searchUserTasks({ filter: { processInstanceKey: key } }),
        (r) => r.items.length === 1,
        'the user task',
      );
      expect(tasks.items[0].state).to.equal('CREATED');
      await t.client.publishMessage({ name: 'msg-cancel-user', correlationKey: 'bui-1', variables: { reason: 'withdrawn' }, timeToLive: 0 });

      const [handle] = await activateExactly(t, 'msg-bui-handle', 1);
      expect(handle.processInstanceKey).to.equal(key);
      expect(handle.variables).to.deep.equal({ orderId: 'bui-1', reason: 'withdrawn' });
      const task = await t.client.getUserTask(tasks.items[0].userTaskKey);
      expect(task.state).to.equal('CANCELED');
      const completion = await rest(t, 'POST', `/user-tasks/${tasks.items[0].userTaskKey}/completion`, {});
      expect(completion.status).to.be.oneOf([404, 409]);
    });

    it('should keep a user task open and take the boundary path when a non-interrupting message arrives', async () => {
      const key = await create('flow-msg-boundary-user-nonint', { orderId: 'bun-1' });
      const tasks = await waitFor(
        () => t.client.searchUserTasks({ filter: { processInstanceKey: key } }),
        (r) => r.items.length === 1,
        'the user task',
      );
      await t.client.publishMessage({ name: 'msg-note-user', correlationKey: 'bun-1', variables: { note: 'call back' }, timeToLive: 0 });

      const [handle] = await activateExactly(t, 'msg-bun-handle', 1);
      expect(handle.variables).to.deep.equal({ orderId: 'bun-1', note: 'call back' });
      expect((await t.client.getUserTask(tasks.items[0].userTaskKey)).state).to.equal('CREATED');

      await t.client.completeUserTask({ userTaskKey: tasks.items[0].userTaskKey });
      expect(await instanceState(t, key)).to.equal('ACTIVE');
      await completeJob(t, handle.jobKey);
      expect(await instanceState(t, key)).to.equal('COMPLETED');
    });
  });

  describe('receive task', () => {
    it('should wait for its message and merge the message variables', async () => {
      const key = await create('flow-msg-receive', { orderId: 'rcv-1' });
      await settle();
      expect(await activate(t, 'msg-receive-after')).to.have.length(0);
      await t.client.publishMessage({ name: 'msg-shipment', correlationKey: 'rcv-1', variables: { trackingId: 'TRK-9' }, timeToLive: 0 });

      const [job] = await activateExactly(t, 'msg-receive-after', 1);
      expect(job.processInstanceKey).to.equal(key);
      expect(job.variables).to.deep.equal({ orderId: 'rcv-1', trackingId: 'TRK-9' });
    });
  });
});

describe('engine/flow message time to live', () => {
  let t: TestEngine;
  const t0 = futureInstant();

  before(async () => {
    t = await startTestEngine();
    await t.client.pinInternalClock(t0);
    await t.deployFixtures('engine/flow/message-catch-ttl.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should not correlate a buffered message once the clock has passed its time to live', async () => {
    await t.client.publishMessage({ name: 'msg-ttl', correlationKey: 'exp-1', variables: { stale: true }, timeToLive: HOUR });
    await t.client.pinInternalClock(t0 + HOUR + 1000);
    const key = (await t.client.createProcessInstance({ processDefinitionId: 'flow-msg-ttl', variables: { orderId: 'exp-1' } })).processInstanceKey;
    await settle();
    expect(await activate(t, 'msg-ttl-after')).to.have.length(0);
    expect(await instanceState(t, key)).to.equal('ACTIVE');
  });

  it('should accept a messageId again once the message carrying it has expired', async () => {
    const now = t0 + 2 * HOUR;
    await t.client.pinInternalClock(now);
    const body = { name: 'msg-ttl', correlationKey: 'exp-2', messageId: 'exp-id', timeToLive: HOUR, variables: { n: 1 } };
    expect((await rest(t, 'POST', '/messages/publication', body)).status).to.equal(200);
    expect((await rest(t, 'POST', '/messages/publication', body)).status).to.equal(409);
    await t.client.pinInternalClock(now + HOUR + 1000);
    expect((await rest(t, 'POST', '/messages/publication', { ...body, variables: { n: 2 } })).status).to.equal(200);

    const key = (await t.client.createProcessInstance({ processDefinitionId: 'flow-msg-ttl', variables: { orderId: 'exp-2' } })).processInstanceKey;
    const [job] = await activateExactly(t, 'msg-ttl-after', 1);
    expect(job.processInstanceKey).to.equal(key);
    expect(job.variables).to.deep.equal({ orderId: 'exp-2', n: 2 });
  });
});
