import { expect } from 'chai';
import { startTestEngine, type TestEngine } from '../../support/engine.js';

/** Regressions: a token on a sequence flow is part of its scope until its target activates. */
describe('engine/regressions tokens in flight', () => {
  let t: TestEngine;

  before(async () => {
    t = await startTestEngine();
    await t.deployFixtures('engine/regressions/fork-after-start.bpmn', 'engine/regressions/interrupted-token-in-flight.bpmn');
  });

  after(async () => {
    await t.stop();
  });

  const activate = (type: string) => t.client.activateJobs({ type, worker: 'regression', timeout: 60_000, maxJobsToActivate: 10, requestTimeout: -1 });

  const stateOf = async (key: string) => {
    const found = await t.client.searchProcessInstances({ filter: { processInstanceKey: key } });
    return (found.items[0] as { state: string }).state;
  };

  it('should keep an instance active when a parallel fork right after the start event still has tokens under way', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'fork-after-start', variables: {} });

    const left = await activate('fork-after-start-left');
    const right = await activate('fork-after-start-right');

    expect(left).to.have.length(1);
    expect(right).to.have.length(1);
    expect(await stateOf(processInstanceKey)).to.equal('ACTIVE');
  });

  it('should not activate a token that was on its way when an interrupting event sub-process took over', async () => {
    const { processInstanceKey } = await t.client.createProcessInstance({ processDefinitionId: 'interrupted-token-in-flight', variables: {} });

    const late = await activate('interrupted-token-late');
    const cleanUp = await activate('interrupted-token-cleanup');

    expect(late).to.have.length(0);
    expect(cleanUp).to.have.length(1);
    await t.client.completeJob({ jobKey: cleanUp[0].jobKey, variables: {} });
    expect(await stateOf(processInstanceKey)).to.equal('COMPLETED');
  });
});
