import { expect } from 'chai';
import { clockSuspend } from '../../workers/clock-suspend.js';
import { InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';

describe('workers/clock-suspend', () => {
  let h: WorkerHarness;
  let suspend: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: [], start: MONDAY });
    suspend = clockSuspend.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  beforeEach(async () => {
    await h.setTime(MONDAY);
  });

  const newCase = () => h.store.cases.create({ itemCode: 'SCJG-002', caseType: 'promised', departmentCode: 'SCJG', applicant, actor: 'test' });
  const job = (caseNumber: string, reason: string) => fakeJob({ type: 'clock-suspend', headers: { reason }, variables: { caseNumber } });

  it('should stop the clock now and say why on the timeline', async () => {
    const c = await newCase();

    expect(await suspend(job(c.caseNumber, 'special-procedure'))).to.equal(undefined);

    expect((await h.store.cases.get(c.id))!.suspendedSince?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
    const [, event] = await h.store.cases.events(c.id);
    expect(event.kind).to.equal('clock-suspended');
    expect(event.detail).to.deep.include({ reason: 'special-procedure' });
  });

  it('should stop the clock of a forwarded reported case while the higher level decides', async () => {
    const c = await h.store.cases.create({ itemCode: 'ZRZY-002', caseType: 'reported', departmentCode: 'ZRZY', applicant, actor: 'test' });

    await suspend(job(c.caseNumber, 'higher-level'));

    expect((await h.store.cases.get(c.id))!.suspendedSince?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
    const event = (await h.store.cases.events(c.id)).find((e) => e.kind === 'clock-suspended')!;
    expect(event.detail).to.deep.include({ reason: 'higher-level' });
    expect((event.detail as { note: string }).note).to.contain('上级机关');
  });

  it('should keep the first suspension when suspended again', async () => {
    const c = await newCase();
    await suspend(job(c.caseNumber, 'supplement'));
    await h.setTime('2026-06-02T02:00:00Z');

    await suspend(job(c.caseNumber, 'special-procedure'));

    expect((await h.store.cases.get(c.id))!.suspendedSince?.toISOString()).to.equal('2026-06-01T02:00:00.000Z');
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'clock-suspended')).to.have.length(1);
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const c = await newCase();
    const once = job(c.caseNumber, 'supplement');

    await suspend(once);
    await h.setTime('2026-06-02T02:00:00Z');
    await suspend(once);

    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'clock-suspended')).to.have.length(1);
  });

  it('should refuse a reason the contract does not know, naming the header', async () => {
    const c = await newCase();

    const error = await suspend(job(c.caseNumber, 'lunch')).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as InvalidJobInput).variable).to.equal('header:reason');
    expect((await h.store.cases.get(c.id))!.suspendedSince).to.equal(null);
  });
});
