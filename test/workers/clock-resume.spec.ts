import { expect } from 'chai';
import type { Case } from '../../domain/store/index.js';
import { clockResume } from '../../workers/clock-resume.js';
import { clockSuspend } from '../../workers/clock-suspend.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { until } from '../support/scopes.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';
// due Monday 8 June 17:30, warned Friday 5 June 17:30
const DUE = new Date('2026-06-08T09:30:00Z');
const WARN = new Date('2026-06-05T09:30:00Z');

describe('workers/clock-resume', () => {
  let h: WorkerHarness;
  let suspend: JobHandler;
  let resume: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['clock-suspend', 'clock-resume'], start: MONDAY });
    await h.engine.deployFixtures('workers/clock-resume.bpmn');
    suspend = clockSuspend.create(h.deps);
    resume = clockResume.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  beforeEach(async () => {
    await h.setTime(MONDAY);
  });

  async function acceptedCase(): Promise<Case> {
    const c = await h.store.cases.create({ itemCode: 'SCJG-002', caseType: 'promised', departmentCode: 'SCJG', applicant, actor: 'test' });
    return h.store.cases.update(c.id, { acceptedAt: new Date(MONDAY), dueAt: DUE, warnAt: WARN });
  }

  it('should move the deadline by the working days the clock stood still, through a diagram', async () => {
    const c = await acceptedCase();
    const run = h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-clock',
      variables: { caseNumber: c.caseNumber, dueAt: DUE.toISOString(), warnAt: WARN.toISOString() },
      requestTimeout: 15_000,
    });
    await until(() => h.store.cases.get(c.id), (s) => s?.suspendedSince !== null, 'the clock suspended');

    // waited Tuesday to Thursday: 3 working days
    await h.setTime('2026-06-04T03:00:00Z');
    await h.engine.client.publishMessage({ name: 'fixture-clock-resume', correlationKey: c.caseNumber, variables: {} });
    const { variables } = await run;

    expect(variables).to.include({ dueAt: '2026-06-11T09:30:00.000Z', warnAt: '2026-06-10T09:30:00.000Z' });
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.dueAt?.toISOString()).to.equal('2026-06-11T09:30:00.000Z');
    expect(stored.warnAt?.toISOString()).to.equal('2026-06-10T09:30:00.000Z');
    expect(stored.suspendedSince).to.equal(null);
    expect(stored.suspendedWorkingDays).to.equal(3);
    const kinds = (await h.store.cases.events(c.id)).map((e) => e.kind);
    expect(kinds).to.deep.equal(['registered', 'clock-suspended', 'clock-resumed']);
  });

  it('should change nothing on a second resume of the same suspension', async () => {
    const c = await acceptedCase();
    await suspend(fakeJob({ type: 'clock-suspend', headers: { reason: 'supplement' }, variables: { caseNumber: c.caseNumber } }));
    await h.setTime('2026-06-03T02:00:00Z');
    const first = await resume(fakeJob({ type: 'clock-resume', variables: { caseNumber: c.caseNumber } }));

    await h.setTime('2026-06-05T02:00:00Z');
    const redelivered = fakeJob({ type: 'clock-resume', variables: { caseNumber: c.caseNumber } });
    const second = await resume(redelivered);
    const third = await resume(redelivered);

    expect(first).to.deep.equal({ dueAt: '2026-06-10T09:30:00.000Z', warnAt: '2026-06-09T09:30:00.000Z' });
    expect(second).to.deep.equal(first);
    expect(third).to.deep.equal(first);
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.suspendedWorkingDays).to.equal(2);
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'clock-resumed')).to.have.length(1);
  });

  it('should not move the deadline when suspended and resumed on the same day', async () => {
    const c = await acceptedCase();
    await suspend(fakeJob({ type: 'clock-suspend', headers: { reason: 'supplement' }, variables: { caseNumber: c.caseNumber } }));
    await h.setTime('2026-06-01T08:00:00Z');

    const result = await resume(fakeJob({ type: 'clock-resume', variables: { caseNumber: c.caseNumber } }));

    expect(result).to.deep.equal({ dueAt: DUE.toISOString(), warnAt: WARN.toISOString() });
    expect((await h.store.cases.get(c.id))!.suspendedSince).to.equal(null);
  });

  it('should not move a deadline that had already passed when the clock stopped', async () => {
    const c = await acceptedCase();
    // suspended on Tuesday 9 June, the day after the case fell due
    await h.setTime('2026-06-09T02:00:00Z');
    await suspend(fakeJob({ type: 'clock-suspend', headers: { reason: 'higher-level' }, variables: { caseNumber: c.caseNumber } }));
    await h.setTime('2026-06-12T02:00:00Z');

    const result = await resume(fakeJob({ type: 'clock-resume', variables: { caseNumber: c.caseNumber } }));

    expect(result).to.deep.equal({ dueAt: DUE.toISOString(), warnAt: WARN.toISOString() });
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.suspendedSince).to.equal(null);
    expect(stored.suspendedWorkingDays).to.equal(3);
    const [resumed] = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'clock-resumed');
    expect(resumed.detail).to.deep.include({ workingDays: 3, passedBeforeSuspension: true });
  });

  it('should record the waiting days of a case not yet accepted, without inventing a deadline', async () => {
    const c = await h.store.cases.create({ itemCode: 'SCJG-002', caseType: 'promised', departmentCode: 'SCJG', applicant, actor: 'test' });
    await suspend(fakeJob({ type: 'clock-suspend', headers: { reason: 'supplement' }, variables: { caseNumber: c.caseNumber } }));
    await h.setTime('2026-06-02T02:00:00Z');

    const result = await resume(fakeJob({ type: 'clock-resume', variables: { caseNumber: c.caseNumber } }));

    expect(result).to.deep.equal({});
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.dueAt).to.equal(null);
    expect(stored.suspendedWorkingDays).to.equal(1);
  });
});
