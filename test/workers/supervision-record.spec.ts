import { expect } from 'chai';
import type { Case } from '../../domain/store/index.js';
import type { JobHandler } from '../../workers/run-job.js';
import { SERIOUS_OVERDUE_WORKING_DAYS, supervisionRecord } from '../../workers/supervision-record.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

// due Monday 8 June 2026, 17:30 China time; the overdue timer fires then
const DUE = '2026-06-08T09:30:00.000Z';

describe('workers/supervision-record', () => {
  let h: WorkerHarness;
  let record: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['supervision-record'], start: DUE });
    await h.engine.deployFixtures('workers/supervision-record.bpmn');
    record = supervisionRecord.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  beforeEach(async () => {
    await h.setTime(DUE);
  });

  const newCase = (): Promise<Case> => h.store.cases.create({ itemCode: 'SCJG-002', caseType: 'promised', departmentCode: 'SCJG', applicant, actor: 'test' });
  const job = (kind: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fakeJob({ type: 'supervision-record', headers: { kind, ...headers }, variables });

  it('should give an overdue case a yellow card and tell the supervision section, from a diagram', async () => {
    const c = await newCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-supervision-record',
      variables: { caseNumber: c.caseNumber, dueAt: DUE },
    });

    expect(variables).to.include({ cardLevel: 'yellow-card' });
    const [card] = await h.store.supervision.listForCase(c.id);
    expect(card).to.include({ kind: 'yellow-card', userTaskKey: null });
    expect(card.reason).to.contain(c.caseNumber).and.to.contain('2026-06-08 17:30');
    const messages = await h.store.outbox.list({ caseId: c.id });
    expect(messages).to.have.length(1);
    expect(messages[0]).to.include({ channel: 'inapp', recipient: 'group:supervision', subject: `电子监察黄牌：${c.caseNumber}` });
  });

  it('should record a warning without a card', async () => {
    const c = await newCase();
    await h.setTime('2026-06-05T09:30:00Z');

    expect(await record(job('warning', { caseNumber: c.caseNumber, dueAt: DUE }))).to.deep.equal({});

    const [warning] = await h.store.supervision.listForCase(c.id);
    expect(warning.kind).to.equal('warning');
    expect(warning.reason).to.contain('将于 2026-06-08 17:30 到期');
  });

  it('should give a red card when the case already has a yellow card (a repeated breach)', async () => {
    const c = await newCase();
    await h.setTime('2026-06-03T09:30:00Z');
    await record(job('step-overdue', { caseNumber: c.caseNumber, stepDueAt: '2026-06-03T09:30:00.000Z' }, { step: '部门审查' }));
    await h.setTime(DUE);

    expect(await record(job('overdue', { caseNumber: c.caseNumber, dueAt: DUE }))).to.deep.equal({ cardLevel: 'red-card' });

    expect((await h.store.supervision.listForCase(c.id)).map((r) => r.kind)).to.deep.equal(['yellow-card', 'red-card']);
  });

  it(`should give a red card at once when found overdue by more than ${SERIOUS_OVERDUE_WORKING_DAYS} working days`, async () => {
    const c = await newCase();
    // Tuesday 16 June: six working days after the due day
    await h.setTime('2026-06-16T02:00:00Z');

    expect(await record(job('overdue', { caseNumber: c.caseNumber, dueAt: DUE }))).to.deep.equal({ cardLevel: 'red-card' });

    const [card] = await h.store.supervision.listForCase(c.id);
    expect(card.reason).to.contain('逾期 6 个工作日');
  });

  it('should keep one record per case, kind and due time when a re-armed timer fires again', async () => {
    const c = await newCase();
    await record(job('overdue', { caseNumber: c.caseNumber, dueAt: DUE }));

    // a new element instance: the diagram re-entered the watched step with the same due time
    const again = await record(job('overdue', { caseNumber: c.caseNumber, dueAt: DUE }));

    expect(again).to.deep.equal({ cardLevel: 'yellow-card' });
    expect(await h.store.supervision.listForCase(c.id)).to.have.length(1);
    expect(await h.store.outbox.list({ caseId: c.id })).to.have.length(1);
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const c = await newCase();
    const once = job('overdue', { caseNumber: c.caseNumber, dueAt: DUE });

    const first = await record(once);
    const second = await record(once);

    expect(second).to.deep.equal(first);
    expect(await h.store.supervision.listForCase(c.id)).to.have.length(1);
    expect(await h.store.outbox.list({ caseId: c.id })).to.have.length(1);
  });

  it('should attach a step card to the overdue user task of that step', async () => {
    const c = await newCase();
    const processInstanceKey = '2251799813999001';
    await h.store.tasks.record({
      userTaskKey: '2251799813999002',
      processInstanceKey,
      elementId: 'departmentReview',
      name: '部门审查',
      candidateGroups: ['review:SCJG'],
      caseId: c.id,
      dueAt: new Date(DUE),
    });

    await record(fakeJob({ type: 'supervision-record', headers: { kind: 'step-overdue', step: '部门审查' }, variables: { caseNumber: c.caseNumber, stepDueAt: DUE }, processInstanceKey }));

    const [card] = await h.store.supervision.listForCase(c.id);
    expect(card).to.include({ kind: 'yellow-card', userTaskKey: '2251799813999002' });
    expect(card.reason).to.contain('「部门审查」环节');
  });
});
