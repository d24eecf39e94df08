import { expect } from 'chai';
import { CASE_SEARCH_COUNT_CAP, StoreNotFoundError, type NewCase } from '../../../domain/store/index.js';
import { applicant, describeEachDialect } from '../../support/store.js';

const newCase = (overrides: Partial<NewCase> = {}): NewCase => ({
  itemCode: 'MZ-001',
  caseType: 'promised',
  departmentCode: 'MZ',
  applicant,
  actor: 'clerk-1',
  ...overrides,
});

describeEachDialect('domain/store cases', ({ store, config, sandbox, dialect }) => {
  it('should register a case with a number for the China day of receipt and a first timeline event', async () => {
    // given an application received at 00:30 on 26 Nov in Beijing (still 25 Nov in UTC)
    const receivedAt = new Date('2026-11-25T16:30:00.000Z');

    // when it is registered
    const c = await store().cases.create(newCase({ receivedAt, verificationHash: 'h1' }));

    // then
    expect(c.caseNumber).to.equal('SH20261126-0001');
    expect(c).to.include({ status: 'registered', itemCode: 'MZ-001', caseType: 'promised', verificationHash: 'h1', suspendedWorkingDays: 0, onTime: null });
    expect(c.applicant).to.deep.equal(applicant);
    expect(c.receivedAt).to.deep.equal(receivedAt);
    expect(await store().cases.get(c.id)).to.deep.equal(c);
    expect(await store().cases.getByNumber('SH20261126-0001')).to.deep.equal(c);
    const events = await store().cases.events(c.id);
    expect(events.map((e) => [e.kind, e.actor, e.at.toISOString()])).to.deep.equal([['registered', 'clerk-1', receivedAt.toISOString()]]);
  });

  it('should number each China day from 0001', async () => {
    const a = await store().cases.create(newCase({ receivedAt: new Date('2026-11-26T01:00:00Z') }));
    const b = await store().cases.create(newCase({ receivedAt: new Date('2026-11-26T02:00:00Z') }));
    const c = await store().cases.create(newCase({ receivedAt: new Date('2026-11-26T17:00:00Z') }));
    expect([a.caseNumber, b.caseNumber, c.caseNumber]).to.deep.equal(['SH20261126-0001', 'SH20261126-0002', 'SH20261127-0001']);
  });

  it('should hand out unique, gapless numbers under 50 concurrent registrations', async () => {
    // given two app instances on the same database (on SQLite, one store: its one connection serialises them)
    const stores = dialect === 'postgres' ? [store(), await sandbox().open(config())] : [store()];
    const receivedAt = new Date('2026-11-26T03:00:00Z');

    // when 50 registrations run at once
    const cases = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % stores.length].cases.create(newCase({ receivedAt }))));

    // then every number is different and together they are 0001..0050
    const numbers = cases.map((c) => c.caseNumber).sort();
    expect(new Set(numbers).size).to.equal(50);
    expect(numbers).to.deep.equal(Array.from({ length: 50 }, (_, i) => `SH20261126-${String(i + 1).padStart(4, '0')}`));
  });

  it('should change only the fields a patch names', async () => {
    // given a case with a due time
    const c = await store().cases.create(newCase());
    const dueAt = new Date('2026-12-10T09:00:00Z');
    await store().cases.update(c.id, { status: 'accepted', acceptedAt: new Date('2026-11-26T03:00:00Z'), dueAt, processInstanceKey: '2251799813685249' });

    // when another patch suspends the clock and clears nothing else
    const updated = await store().cases.update(c.id, { status: 'supplementing', suspendedSince: new Date('2026-11-27T02:00:00Z'), calendarFlag: 'unknown-year:2027', onTime: false });

    // then
    expect(updated).to.include({ status: 'supplementing', calendarFlag: 'unknown-year:2027', onTime: false, processInstanceKey: '2251799813685249' });
    expect(updated.dueAt).to.deep.equal(dueAt);
    expect(updated.suspendedSince).to.deep.equal(new Date('2026-11-27T02:00:00Z'));
    expect(await store().cases.getByProcessInstanceKey('2251799813685249')).to.deep.equal(updated);
    // and null clears
    expect((await store().cases.update(c.id, { suspendedSince: null })).suspendedSince).to.equal(null);
  });

  it('should refuse to update an unknown case', async () => {
    const error = await store().cases.update('nope', { status: 'accepted' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(StoreNotFoundError).and.include({ entity: 'case', id: 'nope' });
  });

  it('should list cases by status and due time', async () => {
    // given three cases, two open with due times
    const early = await store().cases.create(newCase());
    const late = await store().cases.create(newCase());
    const done = await store().cases.create(newCase());
    await store().cases.update(early.id, { status: 'in_review', dueAt: new Date('2026-12-01T09:00:00Z') });
    await store().cases.update(late.id, { status: 'accepted', dueAt: new Date('2026-12-20T09:00:00Z') });
    await store().cases.update(done.id, { status: 'completed', dueAt: new Date('2026-11-30T09:00:00Z') });

    // when supervision asks for open cases due before 10 Dec
    const due = await store().cases.list({ status: ['accepted', 'in_review'], dueBefore: new Date('2026-12-10T00:00:00Z') });

    // then
    expect(due.map((c) => c.id)).to.deep.equal([early.id]);
    expect(await store().cases.list({ status: [] })).to.deep.equal([]);
    expect((await store().cases.list({ departmentCode: 'MZ' })).map((c) => c.id)).to.deep.equal([early.id, late.id, done.id]);
  });

  it('should keep the timeline in writing order when events share a millisecond', async () => {
    // given a store whose clock stands still
    const at = new Date('2026-11-26T03:00:00Z');
    const frozen = await sandbox().open(config(), { now: () => at });
    const c = await frozen.cases.create(newCase());

    // when several events are written in the same millisecond
    for (const kind of ['accepted', 'assigned', 'reviewed', 'approved', 'completed']) {
      await frozen.cases.appendEvent(c.id, { kind, actor: 'clerk-1', detail: { step: kind } });
    }

    // then they come back in that order
    const events = await frozen.cases.events(c.id);
    expect(events.map((e) => e.kind)).to.deep.equal(['registered', 'accepted', 'assigned', 'reviewed', 'approved', 'completed']);
    expect(events[1].detail).to.deep.equal({ step: 'accepted' });
  });

  it('should record a fee once per idempotency key, a waiver naming who and why', async () => {
    // given
    const c = await store().cases.create(newCase());

    // when the same fee is recorded twice
    const first = await store().cases.addFee({ caseId: c.id, feeCode: 'GB', amountFen: 5_000_000_000, idempotencyKey: 'fee-1' });
    const replay = await store().cases.addFee({ caseId: c.id, feeCode: 'GB', amountFen: 1, idempotencyKey: 'fee-1' });

    // then the replay returns the first, amounts beyond 32 bits intact
    expect(replay).to.deep.equal(first);
    expect(first).to.include({ amountFen: 5_000_000_000, waived: false, receiptNumber: null });
    const receipted = await store().cases.setReceipt(first.id, 'NO.0012345');
    expect(receipted.receiptNumber).to.equal('NO.0012345');
    const waived = await store().cases.addFee({ caseId: c.id, feeCode: 'GB2', amountFen: 100, waiver: { by: 'head-1', reason: '低保户' }, idempotencyKey: 'fee-2' });
    expect(waived).to.include({ waived: true, waivedBy: 'head-1', waiverReason: '低保户' });
    expect((await store().cases.fees(c.id)).map((f) => f.feeCode)).to.deep.equal(['GB', 'GB2']);
  });

  it('should count a search’s matches up to the cap and say when there are more, with the page unaffected', async () => {
    const s = store();
    const first = await s.cases.create(newCase({ receivedAt: new Date('2026-03-02T01:00:00Z') }));
    const row = await s.db.selectFrom('cases').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    const copies = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...row, id: `copy-${from + i}`, case_number: `SH20260302-C${String(from + i).padStart(5, '0')}` }));
    for (let from = 0; from < CASE_SEARCH_COUNT_CAP - 1; from += 1000) {
      await s.db.insertInto('cases').values(copies(from, Math.min(1000, CASE_SEARCH_COUNT_CAP - 1 - from))).execute();
    }
    const atCap = await s.cases.search({ limit: 5 });
    expect(atCap).to.deep.include({ total: CASE_SEARCH_COUNT_CAP, moreThanTotal: false });
    expect(atCap.cases).to.have.length(5);
    await s.db.insertInto('cases').values(copies(CASE_SEARCH_COUNT_CAP, 1)).execute();
    const past = await s.cases.search({ limit: 5, offset: 10 });
    expect(past).to.deep.include({ total: CASE_SEARCH_COUNT_CAP, moreThanTotal: true });
    expect(past.cases).to.have.length(5);
    expect(await s.cases.search({ numberPrefix: 'SH20260302-C0000', limit: 5 })).to.deep.include({ total: 10, moreThanTotal: false });
  });
});
