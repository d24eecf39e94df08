import { expect } from 'chai';
import { InvalidJobInput } from '../../workers/errors.js';
import { evaluationRecord } from '../../workers/evaluation-record.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

// Friday 9 October 2026, after the National Day holiday
const NOW = '2026-10-09T02:00:00Z';

describe('workers/evaluation-record', () => {
  let h: WorkerHarness;

  before(async () => {
    h = await startWorkerHarness({ only: ['evaluation-record'], start: NOW });
    await h.engine.deployFixtures('workers/evaluation-record.bpmn');
  });

  after(async () => {
    await h.stop();
  });

  const completedCase = () => h.store.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'test' });

  async function rate(caseNumber: string, rating: string, comment?: string) {
    const run = h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({ processDefinitionId: 'fixture-evaluation-record', variables: { caseNumber }, requestTimeout: 15_000 });
    // buffered until the instance subscribes, so no waiting for it
    await h.engine.client.publishMessage({
      name: 'fixture-evaluation-submitted',
      correlationKey: caseNumber,
      timeToLive: 60_000,
      variables: comment === undefined ? { rating } : { rating, comment },
    });
    return (await run).variables;
  }

  it('should record a bad rating with a rectification due in 15 working days, through a diagram', async () => {
    const c = await completedCase();

    const variables = await rate(c.caseNumber, 'dissatisfied', '跑了两趟');

    const calendar = await h.deps.calendar();
    const due = calendar.dueAt(new Date(NOW), 15).dueAt.toISOString();
    expect(variables).to.include({ badRating: true, rectificationDueAt: due });
    expect(await h.store.evaluations.get(c.id)).to.deep.include({ level: 'dissatisfied', comment: '跑了两趟', followUpState: 'pending', rectificationDueAt: new Date(due) });
    expect((await h.store.cases.events(c.id)).at(-1)).to.deep.include({ kind: 'rated', detail: { rating: 'dissatisfied', bad: true } });
  });

  it('should keep the first rating of a case and answer a second one with the first one\'s outcome', async () => {
    const c = await completedCase();
    const first = await rate(c.caseNumber, 'very-satisfied');

    const second = await rate(c.caseNumber, 'very-dissatisfied', '改主意了');

    expect(first).to.include({ badRating: false, rectificationDueAt: null });
    expect(second).to.include({ badRating: false, rectificationDueAt: null });
    expect(await h.store.evaluations.get(c.id)).to.deep.include({ level: 'very-satisfied', comment: null, followUpState: null });
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'rated')).to.have.length(1);
  });

  it('should store the outcome with the claim: the calendar, case and earlier rating read, the claim, the rating and the event between BEGIN and COMMIT', async () => {
    const c = await completedCase();
    const handler = evaluationRecord.create(h.deps);

    const { statements } = await withStatements(h.storeConfig, () => handler(fakeJob({ type: 'evaluation-record', variables: { caseNumber: c.caseNumber, rating: 'satisfied' } })));

    const framed = statements.map(shape).slice(statements.map(shape).indexOf('begin'));
    expect(framed).to.deep.equal(['begin', 'select cases', 'select evaluations', 'insert processed_jobs', 'insert evaluations', 'insert case_events', 'commit']);
  });

  it('should change nothing on redelivery, and refuse a rating that is not one of the five levels', async () => {
    const c = await completedCase();
    const handler = evaluationRecord.create(h.deps);
    const job = fakeJob({ type: 'evaluation-record', variables: { caseNumber: c.caseNumber, rating: 'very-dissatisfied' } });
    const first = await handler(job);
    await h.setTime('2026-10-20T02:00:00Z');
    expect(await handler(job)).to.deep.equal(first);
    await h.setTime(NOW);
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'rated')).to.have.length(1);

    const error = await handler(fakeJob({ type: 'evaluation-record', variables: { caseNumber: c.caseNumber, rating: '好' } })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidJobInput).and.include({ variable: 'rating' });
  });
});
