import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';
import { activate, activateExactly, completeJob, instanceState, instancesOf } from './helpers.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('engine/flow signals', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/flow/signal-start.bpmn', 'engine/flow/signal-catch.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  it('should start an instance of a process with a signal start event for each broadcast, with the signal variables', async () => {
    const res = await t.client.broadcastSignal({ signalName: 'sig-go', variables: { batch: 7 } });
    expect(res.signalKey).to.match(/^\d+$/);
    const [job] = await activateExactly(t, 'sig-start-work', 1);
    expect(job.variables).to.deep.equal({ batch: 7 });
    expect((await instancesOf(t, 'flow-sig-start')).map((i) => i.processInstanceKey)).to.deep.equal([job.processInstanceKey]);

    await t.client.broadcastSignal({ signalName: 'sig-go', variables: { batch: 8 } });
    const [second] = await activateExactly(t, 'sig-start-work', 1);
    expect(second.variables).to.deep.equal({ batch: 8 });
    expect(await instancesOf(t, 'flow-sig-start')).to.have.length(2);
    await completeJob(t, job.jobKey);
    await completeJob(t, second.jobKey);
    expect(await instanceState(t, job.processInstanceKey)).to.equal('COMPLETED');
  });

  it('should trigger the signal catch event of every waiting instance once', async () => {
    const first = (await t.client.createProcessInstance({ processDefinitionId: 'flow-sig-catch', variables: { n: 1 } })).processInstanceKey;
    const second = (await t.client.createProcessInstance({ processDefinitionId: 'flow-sig-catch', variables: { n: 2 } })).processInstanceKey;
    await settle();
    expect(await activate(t, 'sig-catch-after')).to.have.length(0);

    await t.client.broadcastSignal({ signalName: 'sig-release', variables: { released: true } });
    const jobs = await activateExactly(t, 'sig-catch-after', 2);
    const byInstance = Object.fromEntries(jobs.map((j) => [j.processInstanceKey, j.variables]));
    expect(byInstance).to.deep.equal({ [first]: { n: 1, released: true }, [second]: { n: 2, released: true } });

    // the subscriptions closed with the catch events
    await t.client.broadcastSignal({ signalName: 'sig-release', variables: { released: 'again' } });
    await settle();
    expect(await activate(t, 'sig-catch-after')).to.have.length(0);
  });

  it('should not buffer a signal for an instance that subscribes after the broadcast', async () => {
    await t.client.broadcastSignal({ signalName: 'sig-release', variables: {} });
    const key = (await t.client.createProcessInstance({ processDefinitionId: 'flow-sig-catch', variables: { n: 3 } })).processInstanceKey;
    await settle();
    expect(await activate(t, 'sig-catch-after')).to.have.length(0);
    expect(await instanceState(t, key)).to.equal('ACTIVE');

    await t.client.broadcastSignal({ signalName: 'sig-release', variables: { late: true } });
    const [job] = await activateExactly(t, 'sig-catch-after', 1);
    expect(job.processInstanceKey).to.equal(key);
    expect(job.variables).to.deep.equal({ n: 3, late: true });
  });
});
