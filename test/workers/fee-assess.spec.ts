import { expect } from 'chai';
import type { Case, Staff } from '../../domain/store/index.js';
import { InvalidJobInput } from '../../workers/errors.js';
import { feeAssess } from '../../workers/fee-assess.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { shape, withStatements } from '../support/statement-counter.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';

const person = (id: string, roles: string[], departmentCode = 'ZRZY'): Staff => ({ id, name: id, departmentCode, roles, phone: null, email: null, active: true });

describe('workers/fee-assess', () => {
  let h: WorkerHarness;
  let assess: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['fee-assess'], start: MONDAY });
    await h.engine.deployFixtures('workers/fee-assess.bpmn');
    assess = feeAssess.create(h.deps);
    for (const s of [person('wang-head', ['window-head']), person('zhao-deputy', ['window-clerk']), person('sun-clerk', ['window-clerk']), person('qian-head-ga', ['window-head'], 'GA')]) {
      await h.store.staff.upsertStaff(s);
    }
    await h.store.staff.upsertPost({ code: 'ZRZY-head', departmentCode: 'ZRZY', name: '不动产登记窗口负责人', candidateGroup: 'head:ZRZY' });
    await h.store.staff.setHolders('ZRZY-head', ['wang-head', 'zhao-deputy']);
  });

  after(async () => {
    await h.stop();
  });

  const newCase = (itemCode = 'ZRZY-001', departmentCode = 'ZRZY'): Promise<Case> =>
    h.store.cases.create({ itemCode, caseType: 'promised', departmentCode, applicant, actor: 'test' });
  const job = (variables: Record<string, unknown>) => fakeJob({ type: 'fee-assess', variables });
  const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

  it('should charge the published fees and answer the total in fen, from a diagram', async () => {
    const c = await newCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-fee-assess',
      variables: { caseNumber: c.caseNumber, fees: ['registration', { code: 'extra-certificate', quantity: 2 }] },
    });

    expect(variables).to.include({ feeTotalFen: 10_000 });
    const fees = await h.store.cases.fees(c.id);
    expect(fees.map((f) => [f.feeCode, f.amountFen, f.waived])).to.deep.equal([
      ['registration', 8000, false],
      ['extra-certificate', 2000, false],
    ]);
    const assessed = (await h.store.cases.events(c.id)).find((e) => e.kind === 'fees-assessed');
    expect(assessed?.detail).to.deep.include({ totalFen: 10_000 });
  });

  it('should charge the single published fee when none is named', async () => {
    const c = await newCase('GA-001', 'GA');

    expect(await assess(job({ caseNumber: c.caseNumber }))).to.deep.equal({ feeTotalFen: 2000 });
  });

  it('should store the total with the claim: the case and its item read, the claim, the fee and the event between BEGIN and COMMIT', async () => {
    const c = await newCase('GA-001', 'GA');

    const { statements, result } = await withStatements(h.storeConfig, () => assess(job({ caseNumber: c.caseNumber })));

    expect(result).to.have.property('feeTotalFen').that.is.above(0);
    expect(statements.map(shape)).to.deep.equal(['begin', 'select cases', 'select catalogue_item_versions', 'insert processed_jobs', 'insert case_fees', 'insert case_events', 'commit']);
  });

  it('should charge nothing for a free item', async () => {
    const c = await newCase('SCJG-002', 'SCJG');

    expect(await assess(job({ caseNumber: c.caseNumber }))).to.deep.equal({ feeTotalFen: 0 });
    expect(await h.store.cases.fees(c.id)).to.deep.equal([]);
  });

  it('should ask which fees apply when the item publishes several and none is named', async () => {
    const c = await newCase();

    const error = await failure(assess(job({ caseNumber: c.caseNumber })));

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as InvalidJobInput).variable).to.equal('fees');
  });

  it('should refuse a fee outside the published list with FEE_NOT_PUBLISHED and charge nothing', async () => {
    const c = await newCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-fee-assess',
      variables: { caseNumber: c.caseNumber, fees: ['registration', 'express-handling'] },
    });

    expect(variables).to.include({ feeNotPublished: true });
    expect(await h.store.cases.fees(c.id)).to.deep.equal([]);
  });

  it('should waive a fee approved by the window head of the case department, and audit it', async () => {
    const c = await newCase();

    const result = await assess(job({ caseNumber: c.caseNumber, fees: ['registration'], feeWaiver: { feeCode: 'registration', requestedBy: 'wang-head', reason: '最低生活保障对象' } }));

    expect(result).to.deep.equal({ feeTotalFen: 0 });
    const [fee] = await h.store.cases.fees(c.id);
    expect(fee).to.include({ feeCode: 'registration', amountFen: 8000, waived: true, waivedBy: 'wang-head', waiverReason: '最低生活保障对象' });
    const [audit] = await h.store.audit.forTarget('case', c.id);
    expect(audit).to.include({ actor: 'wang-head', action: 'fee-waived' });
  });

  it('should charge a fee in full and record the refusal, never an incident, when a clerk waives it, from a diagram', async () => {
    const c = await newCase();

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-fee-assess',
      variables: { caseNumber: c.caseNumber, fees: ['registration'], feeWaiver: { feeCode: 'registration', requestedBy: 'sun-clerk', reason: '熟人' } },
    });

    expect(variables).to.include({ feeTotalFen: 8000 });
    expect((await h.store.cases.fees(c.id)).map((f) => [f.feeCode, f.amountFen, f.waived])).to.deep.equal([['registration', 8000, false]]);
    const [refused] = (await h.store.cases.events(c.id)).filter((e) => e.kind === 'fee-waiver-refused');
    expect(refused.detail).to.deep.equal({ feeCode: 'registration', requestedBy: 'sun-clerk', reason: '熟人' });
    expect((await h.store.audit.forTarget('case', c.id)).map((a) => a.action)).to.deep.equal(['fee-waiver-refused']);
  });

  it("should not apply a waiver by another department's window head", async () => {
    const c = await newCase();

    const result = await assess(job({ caseNumber: c.caseNumber, fees: ['registration'], feeWaiver: { feeCode: 'registration', requestedBy: 'qian-head-ga', reason: '困难群众' } }));

    expect(result).to.deep.equal({ feeTotalFen: 8000 });
    expect((await h.store.cases.fees(c.id))[0].waived).to.equal(false);
  });

  it("should let the B holder of the head post waive while the A holder is away (AB岗)", async () => {
    const c = await newCase();
    const away = await h.store.staff.addAbsence({ staffId: 'wang-head', startsAt: new Date('2026-06-01T00:00:00Z'), endsAt: new Date('2026-06-02T00:00:00Z'), reason: '年休假' });
    try {
      const result = await assess(job({ caseNumber: c.caseNumber, fees: ['registration'], feeWaiver: { feeCode: 'registration', requestedBy: 'zhao-deputy', reason: '困难群众' } }));

      expect(result).to.deep.equal({ feeTotalFen: 0 });
    } finally {
      await h.store.staff.removeAbsence(away.id);
    }
  });

  it('should not apply a waiver by the B holder while the A holder is present', async () => {
    const c = await newCase();

    const result = await assess(job({ caseNumber: c.caseNumber, fees: ['registration'], feeWaiver: { feeCode: 'registration', requestedBy: 'zhao-deputy', reason: '困难群众' } }));

    expect(result).to.deep.equal({ feeTotalFen: 8000 });
    expect((await h.store.cases.events(c.id)).map((e) => e.kind)).to.include('fee-waiver-refused');
  });

  it('should change nothing twice when the same job is delivered again', async () => {
    const c = await newCase();
    const once = job({ caseNumber: c.caseNumber, fees: ['registration'] });

    await assess(once);
    expect(await assess(once)).to.deep.equal({ feeTotalFen: 8000 });

    expect(await h.store.cases.fees(c.id)).to.have.length(1);
    expect((await h.store.cases.events(c.id)).filter((e) => e.kind === 'fees-assessed')).to.have.length(1);
  });
});
