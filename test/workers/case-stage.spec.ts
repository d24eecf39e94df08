import { expect } from 'chai';
import { watchInstance } from '../../domain/store/change-signals.js';
import { caseStage } from '../../workers/case-stage.js';
import { InvalidJobInput } from '../../workers/errors.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

describe('workers/case-stage', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['case-stage'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/case-stage.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  const newCase = () => h.store.cases.create({ itemCode: 'SCJG-001', caseType: 'immediate', departmentCode: 'SCJG', applicant, actor: 'test' });

  it('should move the case to the diagram\'s stage and status, with a timeline event each, through a diagram', async () => {
    const c = await newCase();

    await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({ processDefinitionId: 'fixture-case-stage', variables: { caseNumber: c.caseNumber }, requestTimeout: 15_000 });

    const stored = (await h.store.cases.get(c.id))!;
    expect(stored).to.include({ stage: '部门审查', status: 'accepted' });
    // an immediate case has no deadline worker to stamp the acceptance
    expect(stored.acceptedAt?.toISOString()).to.equal('2026-10-09T02:00:00.000Z');
    const events = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'stage');
    expect(events.map((e) => e.detail)).to.deep.equal([
      { stage: '受理', status: 'accepted', previousStatus: 'registered' },
      { stage: '部门审查', status: 'accepted', previousStatus: 'accepted' },
    ]);
  });

  it('should tell a completion waiting in this process that the case ended when the status ends it, and not for a step', async () => {
    const handler = caseStage.create(h.deps);
    const ended = await newCase();
    const going = await newCase();
    const endedWatch = watchInstance('2251799813690001');
    const goingWatch = watchInstance('2251799813690002');
    try {
      await handler(fakeJob({ type: 'case-stage', processInstanceKey: '2251799813690001', headers: { stage: '不予受理', status: 'refused' }, variables: { caseNumber: ended.caseNumber } }));
      await handler(fakeJob({ type: 'case-stage', processInstanceKey: '2251799813690002', headers: { stage: '受理', status: 'accepted' }, variables: { caseNumber: going.caseNumber } }));

      expect(await endedWatch.next(0)).to.deep.equal([{ kind: 'case-finished' }]);
      expect(await goingWatch.next(0)).to.deep.equal([]);
    } finally {
      endedWatch.close();
      goingWatch.close();
    }
  });

  it('should write one event when the job is delivered twice, and keep an earlier acceptance time', async () => {
    const c = await newCase();
    await h.store.cases.update(c.id, { acceptedAt: new Date('2026-10-08T02:00:00Z') });
    const handler = caseStage.create(h.deps);
    const job = fakeJob({ type: 'case-stage', headers: { stage: '受理', status: 'accepted' }, variables: { caseNumber: c.caseNumber } });

    await handler(job);
    await handler(job);

    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'stage')).to.have.length(1);
    expect((await h.store.cases.get(c.id))!.acceptedAt?.toISOString()).to.equal('2026-10-08T02:00:00.000Z');
  });

  it('should close an open suspension when the case ends as withdrawn, the waiting working days recorded', async () => {
    const c = await newCase();
    // a supplement notice of Wednesday 30 September whose validity has passed; the National Day holiday does not count
    await h.store.cases.update(c.id, { suspendedSince: new Date('2026-09-30T02:00:00Z'), status: 'supplementing' });
    const handler = caseStage.create(h.deps);

    await handler(fakeJob({ type: 'case-stage', headers: { stage: '视为撤回', status: 'withdrawn' }, variables: { caseNumber: c.caseNumber } }));

    const stored = (await h.store.cases.get(c.id))!;
    expect(stored).to.include({ status: 'withdrawn', suspendedSince: null });
    const calendar = await h.deps.calendar();
    const waited = calendar.workingDaysBetween('2026-09-30', '2026-10-09').days;
    expect(waited).to.be.within(1, 7);
    expect(stored.suspendedWorkingDays).to.equal(waited);
    const [closed] = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'clock-closed');
    expect(closed.detail).to.deep.include({ suspendedSince: '2026-09-30T02:00:00.000Z', workingDays: waited, status: 'withdrawn' });
  });

  it('should refuse an unknown status or a missing stage, naming the header', async () => {
    const c = await newCase();
    const handler = caseStage.create(h.deps);
    for (const [headers, name] of [
      [{ stage: '受理', status: 'approved-ish' }, 'header:status'],
      [{ status: 'accepted' }, 'header:stage'],
    ] as const) {
      const error = await handler(fakeJob({ type: 'case-stage', headers, variables: { caseNumber: c.caseNumber } })).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(InvalidJobInput).and.include({ variable: name });
    }
    expect((await h.store.cases.get(c.id))!.status).to.equal('registered');
  });
});
