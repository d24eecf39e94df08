import { expect } from 'chai';
import { CALENDAR_LOCK } from '../../domain/calendar/store-calendar.js';
import type { Case } from '../../domain/store/index.js';
import { deadlineSet } from '../../workers/deadline-set.js';
import { InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

// Monday 1 June 2026, 10:00 China time: an ordinary working week
const MONDAY = '2026-06-01T02:00:00Z';

describe('workers/deadline-set', () => {
  let h: WorkerHarness;
  let handler: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['deadline-set'], start: MONDAY });
    await h.engine.deployFixtures('workers/deadline-set.bpmn');
    handler = deadlineSet.create(h.deps);
  });

  after(async () => {
    await h.stop();
  });

  beforeEach(async () => {
    await h.setTime(MONDAY);
  });

  const newCase = (receivedAt = new Date(MONDAY)): Promise<Case> =>
    h.store.cases.create({ itemCode: 'SCJG-002', caseType: 'promised', departmentCode: 'SCJG', applicant, actor: 'test', receivedAt });

  const job = (headers: Record<string, string>, variables: Record<string, unknown>) => fakeJob({ type: 'deadline-set', headers, variables });

  it('should give the case its deadline and the step its own, as process variables, from a diagram', async () => {
    const c = await newCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-deadline-set',
      variables: { caseNumber: c.caseNumber, promisedDays: 5 },
    });

    expect(variables).to.include({
      dueAt: '2026-06-08T09:30:00.000Z',
      warnAt: '2026-06-05T09:30:00.000Z',
      stepDueAt: '2026-06-04T09:30:00.000Z',
      stepWarnAt: '2026-06-03T09:30:00.000Z',
    });
    const stored = (await h.store.cases.getByNumber(c.caseNumber))!;
    expect(stored.dueAt?.toISOString()).to.equal('2026-06-08T09:30:00.000Z');
    expect(stored.warnAt?.toISOString()).to.equal('2026-06-05T09:30:00.000Z');
    expect(stored.acceptedAt?.toISOString()).to.equal(MONDAY.replace('Z', '.000Z'));
    expect(stored.calendarFlag).to.equal(null);
    const events = (await h.store.cases.events(c.id)).map((e) => e.kind);
    expect(events).to.deep.equal(['registered', 'deadline-set']);
  });

  it('should count from receipt when the application counts as accepted on receipt (Art. 32)', async () => {
    const c = await newCase(new Date('2026-05-25T02:00:00Z'));

    const result = await handler(job({ deadline: 'case', days: '=promisedDays' }, { caseNumber: c.caseNumber, promisedDays: 5, acceptedAsOfReceipt: true }));

    expect(result).to.deep.equal({ dueAt: '2026-06-01T09:30:00.000Z', warnAt: '2026-05-29T09:30:00.000Z' });
    expect((await h.store.cases.get(c.id))!.acceptedAt?.toISOString()).to.equal('2026-05-25T02:00:00.000Z');
  });

  it('should count from the variable from when it is given', async () => {
    const c = await newCase();

    const result = await handler(job({ deadline: 'forward', days: '3', output: 'forwardDue' }, { caseNumber: c.caseNumber, from: '2026-06-03T01:00:00Z' }));

    expect(result).to.deep.equal({ forwardDueAt: '2026-06-08T09:30:00.000Z', forwardWarnAt: '2026-06-05T09:30:00.000Z' });
    expect((await h.store.cases.get(c.id))!.dueAt, 'only a case deadline is the case due time').to.equal(null);
  });

  it('should move the case deadline on by the extension days', async () => {
    const c = await newCase();
    await handler(job({ deadline: 'case', days: '=promisedDays' }, { caseNumber: c.caseNumber, promisedDays: 5 }));

    const result = await handler(job({ deadline: 'extension', days: '=extensionDays' }, { caseNumber: c.caseNumber, extensionDays: 3 }));

    expect(result).to.deep.equal({ dueAt: '2026-06-11T09:30:00.000Z', warnAt: '2026-06-10T09:30:00.000Z' });
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.dueAt?.toISOString()).to.equal('2026-06-11T09:30:00.000Z');
    expect(stored.extensionDays).to.equal(3);
    expect((await h.store.cases.events(c.id)).map((e) => e.kind)).to.include('deadline-extended');
  });

  it('should flag the case and tell its timeline when the deadline falls in a year without a schedule', async () => {
    await h.setTime('2026-12-21T02:00:00Z');
    const c = await newCase(new Date('2026-12-21T02:00:00Z'));

    const result = await handler(job({ deadline: 'case', days: '=promisedDays' }, { caseNumber: c.caseNumber, promisedDays: 10 }));

    expect(result).to.deep.equal({ dueAt: '2027-01-04T09:30:00.000Z', warnAt: '2027-01-01T09:30:00.000Z' });
    expect((await h.store.cases.get(c.id))!.calendarFlag).to.equal('unknown-year:2027');
    const flagged = (await h.store.cases.events(c.id)).find((e) => e.kind === 'calendar-unknown-year');
    expect(flagged?.detail).to.deep.include({ deadline: 'case', years: [2027] });
  });

  it('should set the reply limit of a complaint on the complaint', async () => {
    const complaint = await h.store.complaints.create({ channel: 'written', groundCategory: 2, complainant: { name: '李四' }, content: '承诺件超时未办结' });

    const result = await handler(job({ deadline: 'complaint-reply', days: '5', output: 'replyDue' }, { complaintNumber: complaint.complaintNumber }));

    expect(result).to.deep.equal({ replyDueAt: '2026-06-08T09:30:00.000Z', replyWarnAt: '2026-06-05T09:30:00.000Z' });
    expect((await h.store.complaints.get(complaint.id))!.replyDueAt?.toISOString()).to.equal('2026-06-08T09:30:00.000Z');
  });

  it('should store the due times with the claim: the calendar and case read, the claim, the update and the event between BEGIN and COMMIT', async () => {
    const c = await newCase();

    const { statements } = await withStatements(h.storeConfig, () => handler(job({ deadline: 'case', days: '5' }, { caseNumber: c.caseNumber })));

    // PostgreSQL first takes the calendar's lock in shared mode (SQLite's transactions are serialised already)
    const lock = h.storeConfig.kind === 'postgres' ? ['select'] : [];
    expect(statements.map(shape)).to.deep.equal(['begin', ...lock, 'select calendar_overrides', 'select cases', 'insert processed_jobs', 'update cases', 'insert case_events', 'commit']);
  });

  it('should count a deadline on the year schedule an administrator is entering meanwhile, so the recount of open cases cannot miss it', async () => {
    const c = await newCase();
    // while the administrator's change (holding its lock, as 工作日历 does) makes Friday 5 June a holiday
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const admin = h.store.exclusive(CALENDAR_LOCK, async (tx) => {
      await tx.calendar.setYearSchedule(2026, [{ date: '2026-06-05', kind: 'holiday', reason: '临时调整' }], 'admin', null);
      entered();
      await held;
    });
    await inside;
    const counted = handler(job({ deadline: 'case', days: '5' }, { caseNumber: c.caseNumber }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await admin;

    // five working days from Monday 1 June without Friday 5 June: Tuesday 9 June, not Monday 8 June
    expect(await counted).to.deep.equal({ dueAt: '2026-06-09T09:30:00.000Z', warnAt: '2026-06-08T09:30:00.000Z' });
    await h.store.calendar.setYearSchedule(2026, [], 'admin', null);
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const c = await newCase();
    const extension = job({ deadline: 'extension', days: '2' }, { caseNumber: c.caseNumber });
    await handler(job({ deadline: 'case', days: '5' }, { caseNumber: c.caseNumber }));

    const first = await handler(extension);
    const second = await handler(extension);

    expect(second).to.deep.equal(first);
    const stored = (await h.store.cases.get(c.id))!;
    expect(stored.extensionDays).to.equal(2);
    expect(stored.dueAt?.toISOString()).to.equal('2026-06-10T09:30:00.000Z');
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'deadline-extended')).to.have.length(1);
  });

  it('should name the variable when days refers to a missing one', async () => {
    const c = await newCase();

    const error = await handler(job({ deadline: 'supplement', days: '=supplementDays', output: 'supplementDue' }, { caseNumber: c.caseNumber, supplementDays: null })).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as InvalidJobInput).variable).to.equal('supplementDays');
  });

  it('should refuse an unknown case number, naming it', async () => {
    const error = await handler(job({ deadline: 'step', days: '1', output: 'stepDue' }, { caseNumber: 'SH20260601-9999' })).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as Error).message).to.contain('SH20260601-9999');
  });
});
