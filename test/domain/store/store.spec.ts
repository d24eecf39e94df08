import { expect } from 'chai';
import { sql } from 'kysely';
import { migrations } from '../../../domain/store/migrations/index.js';
import { applicant, describeEachDialect } from '../../support/store.js';

describeEachDialect('domain/store openStore', ({ store, sandbox, dialect }) => {
  it('should migrate once and open an existing store unchanged', async () => {
    // given a store opened and written to
    const config = sandbox().config();
    const first = await sandbox().open(config);
    const created = await first.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    await first.close();

    // when it is opened again twice: at once on PostgreSQL (two app instances starting); one
    // after the other on SQLite, whose synchronous driver would block this one process's event
    // loop while the other connection holds the lock (two processes: see sqlite-processes.spec)
    const [second, third] =
      dialect === 'postgres' ? await Promise.all([sandbox().open(config), sandbox().open(config)]) : [await sandbox().open(config), await sandbox().open(config)];

    // then the migration is recorded once and the data is intact
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(second.db);
    expect(rows.map((r) => r.name)).to.deep.equal(Object.keys(migrations));
    expect(await second.cases.get(created.id)).to.deep.equal(created);
    expect(await third.cases.getByNumber(created.caseNumber)).to.deep.equal(created);
  });

  it('should create and migrate a new database once when two instances open it at the same moment', async () => {
    // given a database nobody has opened yet
    const config = sandbox().config();

    // when two instances open it together (one after the other on SQLite, as above)
    const [first, second] =
      dialect === 'postgres' ? await Promise.all([sandbox().open(config), sandbox().open(config)]) : [await sandbox().open(config), await sandbox().open(config)];

    // then each migration ran once, and both work on the same tables
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(first.db);
    expect(rows.map((r) => r.name)).to.deep.equal(Object.keys(migrations));
    const created = await first.cases.create({ itemCode: 'MZ-001', caseType: 'immediate', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    expect(await second.cases.get(created.id)).to.deep.equal(created);
  });

  it('should report its dialect', () => {
    expect(store().kind).to.equal(dialect);
  });

  it('should keep nothing of a transaction that fails', async () => {
    // given
    const s = store();
    const failure = new Error('worker crashed');

    // when a transaction writes to several tables and then throws
    const outcome = await s
      .transaction(async (tx) => {
        const c = await tx.cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
        await tx.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: 'received', caseId: c.id, idempotencyKey: 'sms-1' });
        await tx.audit.record({ actor: 'clerk-1', action: 'register', targetType: 'case', targetId: c.id });
        await tx.processedJobs.runOnce('job-1', 'register', () => Promise.resolve('done'));
        throw failure;
      })
      .catch((e: unknown) => e);

    // then the error comes through and no table holds a row, not even the case-number counter
    expect(outcome).to.equal(failure);
    for (const table of ['cases', 'case_events', 'counters', 'outbox', 'audit_log', 'processed_jobs'] as const) {
      const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(s.db);
      expect(Number(rows[0].n), table).to.equal(0);
    }
    // and numbering resumes where it was
    const next = await s.cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    expect(next.caseNumber).to.match(/-0001$/);
  });

  it('should enforce the schema constraints', async () => {
    const s = store();
    const c = await s.cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'clerk-1' });
    // an unauthorised waiver (no one named) is refused by the database itself
    await expectRejected(
      s.db.insertInto('case_fees').values({ id: 'f1', case_id: c.id, fee_code: 'F', amount_fen: 100, waived: 1, idempotency_key: 'k', created_at: new Date().toISOString() }).execute(),
    );
    // events need an existing case
    await expectRejected(s.cases.appendEvent('no-such-case', { kind: 'note', actor: 'x' }));
  });
});

async function expectRejected(promise: Promise<unknown>): Promise<void> {
  const outcome = await promise.then(
    () => 'resolved',
    () => 'rejected',
  );
  expect(outcome).to.equal('rejected');
}
