import { expect } from 'chai';
import { caseComplete } from '../../workers/case-complete.js';
import { InvalidJobInput } from '../../workers/errors.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const DUE = new Date('2026-10-16T09:30:00Z');

describe('workers/case-complete', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['case-complete'], start: '2026-10-09T02:00:00Z' });
    await h.engine.deployFixtures('workers/case-complete.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  const promisedCase = async () => {
    const c = await h.store.cases.create({ itemCode: 'MZ-002', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'test' });
    return h.store.cases.update(c.id, { status: 'accepted', acceptedAt: new Date('2026-10-09T02:00:00Z'), dueAt: DUE });
  };
  const complete = (caseNumber: string, decision: string) =>
    h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({ processDefinitionId: 'fixture-case-complete', variables: { caseNumber, decision }, requestTimeout: 15_000 });

  it('should complete a case before its due time as on time, through a diagram', async () => {
    const c = await promisedCase();
    await h.setTime('2026-10-16T09:30:00Z');

    const { variables } = await complete(c.caseNumber, 'approve');

    expect(variables.onTime).to.equal(true);
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored).to.include({ status: 'completed', stage: '办结', onTime: true, result: 'approved' });
    expect(stored.completedAt?.toISOString()).to.equal('2026-10-16T09:30:00.000Z');
    expect((await h.store.cases.events(c.id)).at(-1)).to.deep.include({ kind: 'completed', detail: { result: 'approved', onTime: true, dueAt: DUE.toISOString() } });
  });

  it('should complete a case after its due time as late, and a refusal as rejected', async () => {
    const c = await promisedCase();
    await h.setTime('2026-10-16T09:31:00Z');

    const { variables } = await complete(c.caseNumber, 'reject');

    expect(variables.onTime).to.equal(false);
    expect(await h.store.cases.get(c.id)).to.include({ status: 'completed', onTime: false, result: 'rejected' });
  });

  it('should store its answer with the claim: the case read, the claim, the update and the event between BEGIN and COMMIT', async () => {
    const c = await promisedCase();
    await h.setTime('2026-10-12T02:00:00Z');
    const job = fakeJob({ type: 'case-complete', variables: { caseNumber: c.caseNumber, decision: 'approve' } });

    const { statements, result } = await withStatements(h.storeConfig, () => caseComplete.create(h.deps)(job));

    expect(result).to.deep.equal({ onTime: true });
    expect(statements.map(shape)).to.deep.equal(['begin', 'select cases', 'insert processed_jobs', 'update cases', 'insert case_events', 'commit']);
  });

  it('should keep the first completion when delivered twice or completed again', async () => {
    const c = await promisedCase();
    const handler = caseComplete.create(h.deps);
    await h.setTime('2026-10-12T02:00:00Z');
    const job = fakeJob({ type: 'case-complete', variables: { caseNumber: c.caseNumber, decision: 'approve' } });
    expect(await handler(job)).to.deep.equal({ onTime: true });

    await h.setTime('2026-10-30T02:00:00Z');
    expect(await handler(job)).to.deep.equal({ onTime: true });
    expect(await handler(fakeJob({ type: 'case-complete', variables: { caseNumber: c.caseNumber, decision: 'approve' } }))).to.deep.equal({ onTime: true });

    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.completedAt?.toISOString()).to.equal('2026-10-12T02:00:00.000Z');
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'completed')).to.have.length(1);
  });

  it('should count an immediate case without a due time as on time, and refuse an unknown decision', async () => {
    const c = await h.store.cases.create({ itemCode: 'SCJG-001', caseType: 'immediate', departmentCode: 'SCJG', applicant, actor: 'test' });
    const handler = caseComplete.create(h.deps);
    expect(await handler(fakeJob({ type: 'case-complete', variables: { caseNumber: c.caseNumber, decision: 'approve' } }))).to.deep.equal({ onTime: true });
    const error = await handler(fakeJob({ type: 'case-complete', variables: { caseNumber: c.caseNumber, decision: 'ok' } })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidJobInput).and.include({ variable: 'decision' });
  });
});
