import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateNow, plain, rejection, untilInstanceState } from '../../support/scopes.js';

describe('engine/scopes: sub-processes', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures(
      'engine/subprocess/embedded.bpmn',
      'engine/subprocess/esp-message-interrupting.bpmn',
      'engine/subprocess/esp-message-non-interrupting.bpmn',
      'engine/subprocess/esp-error.bpmn',
      'engine/subprocess/error-boundary.bpmn',
      'engine/subprocess/escalation-non-interrupting.bpmn',
      'engine/subprocess/escalation-interrupting.bpmn',
    );
  });

  after(async () => {
    await t.stop();
  });

  it('should complete an embedded sub-process and continue after it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-embedded', variables: {} });
    expect(await activateNow(t.client, 'sub-embedded-after')).to.have.length(0);
    const [inner] = await activate(t.client, 'sub-embedded-inner');
    await inner.complete({ innerResult: 7 });

    const [after] = await activate(t.client, 'sub-embedded-after');
    expect(plain(after.variables)).to.deep.equal({ innerResult: 7 });
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  describe('event sub-process', () => {
    it('should terminate the running task of its scope when an interrupting message start event triggers', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-esp-msg-int', variables: { orderId: 'o-1' } });
      const [work] = await activate(t.client, 'esp-int-work');

      const correlated = await t.client.correlateMessage({ name: 'esp-int-cancel', correlationKey: 'o-1', variables: { reason: 'customer' } });
      expect(correlated.processInstanceKey).to.equal(processInstanceKey);

      expect((await rejection(work.complete({}))).status).to.equal(404);
      const [handle] = await activate(t.client, 'esp-int-handle');
      expect(plain(handle.variables)).to.deep.equal({ orderId: 'o-1', reason: 'customer' });
      await handle.complete({});

      // the event sub-process completes the embedded sub-process, which continues normally
      const [after] = await activate(t.client, 'esp-int-after');
      await after.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should run a non-interrupting message event sub-process alongside the running task, once per message', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-esp-msg-nonint', variables: { orderId: 'o-2' } });
      const [work] = await activate(t.client, 'esp-nonint-work');

      await t.client.correlateMessage({ name: 'esp-nonint-remind', correlationKey: 'o-2', variables: {} });
      await t.client.correlateMessage({ name: 'esp-nonint-remind', correlationKey: 'o-2', variables: {} });
      const reminders = await activate(t.client, 'esp-nonint-remind', 2);
      for (const r of reminders) await r.complete({});
      expect(await untilInstanceState(t.client, processInstanceKey, 'ACTIVE')).to.equal('ACTIVE');

      await work.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });

    it('should catch an error thrown by a job in an error start event sub-process of the same scope', async () => {
      const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-esp-error', variables: { amount: 10 } });
      const [work] = await activate(t.client, 'esp-error-work');
      await work.error({ errorCode: 'PAYMENT_FAILED', errorMessage: 'card declined', variables: { declineCode: 'D-1' } });

      const [handle] = await activate(t.client, 'esp-error-handle');
      expect(plain(handle.variables)).to.deep.equal({ amount: 10, declineCode: 'D-1' });
      expect(await activateNow(t.client, 'esp-error-work')).to.have.length(0);
      await handle.complete({});
      await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    });
  });

  it('should catch an error end event inside a sub-process with an error boundary event on it', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-error-boundary', variables: {} });
    const [check] = await activate(t.client, 'err-sub-check');
    await check.complete({ verdict: 'no' });

    const [handle] = await activate(t.client, 'err-sub-handle');
    expect(plain(handle.variables)).to.deep.equal({ verdict: 'no' });
    expect(await activateNow(t.client, 'err-sub-after')).to.have.length(0);
    await handle.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should let the sub-process continue when a non-interrupting escalation boundary catches an escalation end event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-escalation-nonint', variables: {} });
    const [notify] = await activate(t.client, 'esc-ni-notify');
    const [work] = await activate(t.client, 'esc-ni-work');
    await notify.complete({});
    expect(await activateNow(t.client, 'esc-ni-after')).to.have.length(0);

    await work.complete({});
    const [after] = await activate(t.client, 'esc-ni-after');
    await after.complete({});
    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
  });

  it('should terminate the sub-process when an interrupting escalation boundary catches an escalation end event', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'sub-escalation-int', variables: {} });
    const [notify] = await activate(t.client, 'esc-i-notify');
    expect(await activateNow(t.client, 'esc-i-work')).to.have.length(0);
    await notify.complete({});

    await untilInstanceState(t.client, processInstanceKey, 'COMPLETED');
    expect(await activateNow(t.client, 'esc-i-after')).to.have.length(0);
  });

  describe('timer start event sub-process', () => {
    let timed: TestEngine;

    before(async () => {
      timed = await startTestEngine();
      await timed.deployFixtures('engine/subprocess/esp-timer.bpmn');
    });

    after(async () => {
      await timed.stop();
    });

    it('should interrupt the scope when the timer of an event sub-process is due on the engine clock', async () => {
      const t0 = Date.parse('2030-03-01T08:00:00Z');
      await timed.client.pinInternalClock(t0);
      const { processInstanceKey } = await timed.client.createProcessInstance({ processDefinitionId: 'sub-esp-timer', variables: {} });
      const [work] = await activate(timed.client, 'esp-timer-work');

      await timed.client.pinInternalClock(t0 + 59 * 60_000);
      expect(await activateNow(timed.client, 'esp-timer-escalate')).to.have.length(0);

      await timed.client.pinInternalClock(t0 + 60 * 60_000);
      const [escalate] = await activate(timed.client, 'esp-timer-escalate');
      expect((await rejection(work.complete({}))).status).to.equal(404);
      await escalate.complete({});
      await untilInstanceState(timed.client, processInstanceKey, 'COMPLETED');
    });
  });
});
