import { expect } from 'chai';
import { runJob } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { until } from '../support/until.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/run-job', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['case-complete'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/case-complete.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  it('should log an incident from invalid job input as a warning naming the case number, through a diagram', async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-002', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'test' });

    // a decision the case-complete worker does not know stops the instance at an incident
    await h.engine.client.createProcessInstance({ processDefinitionId: 'fixture-case-complete', variables: { caseNumber: c.caseNumber, decision: 'maybe' } });

    const line = await until('the incident logged', () => h.log.find((l) => l.detail?.caseNumber === c.caseNumber));
    expect(line).to.deep.include({ message: 'incident raised: invalid job input', level: 'warn' });
    expect(line.detail).to.include({ jobType: 'case-complete', variable: 'decision' });
  });

  it('should log a technical failure as a warning, and the last try as an incident, with the case number', async () => {
    const failed: unknown[] = [];
    const job = fakeJob({ type: 'case-complete', variables: { caseNumber: 'SH20261009-0042' }, extra: { retries: 1, fail: (answer: unknown) => Promise.resolve(failed.push(answer)) } });

    await runJob(job, () => Promise.reject(new Error('store unavailable')), h.deps);

    expect(failed[0]).to.deep.include({ errorMessage: 'store unavailable', retries: 0 });
    expect(h.log.at(-1)).to.deep.include({ message: 'incident raised: job failed with no retries left', level: 'warn' });
    expect(h.log.at(-1)?.detail).to.include({ caseNumber: 'SH20261009-0042', retries: 0 });
  });
});
