import { expect } from 'chai';
import { verifyVerificationCode } from '../../domain/privacy/verification-code.js';
import { complaintRegister } from '../../workers/complaint-register.js';
import { BusinessOutcome, InvalidJobInput } from '../../workers/errors.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const MONDAY = '2026-06-01T02:00:00Z';

/** What the complaint-registration form submits. */
const form = (overrides: Record<string, unknown> = {}) => ({
  complaintChannel: 'written',
  complainant: { name: '李四', phone: '13912345678', address: '城关镇幸福路8号' },
  ground: 'poor-service.not-told-at-once',
  isMajor: false,
  targetWindow: '县公安局（户政）',
  targetStaff: '周B',
  relatedCaseNumber: 'SH20260520-0003',
  complaintContent: '办理身份证时窗口前后三次要求补交不同材料，往返多次。',
  ...overrides,
});

describe('workers/complaint-register', () => {
  let h: WorkerHarness;
  let register: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['complaint-register'], start: MONDAY });
    await h.engine.deployFixtures('workers/complaint-register.bpmn');
    register = complaintRegister.create(h.deps);
    await h.store.staff.upsertStaff({ id: 'zhou-b', name: '周B', departmentCode: 'GA', roles: ['window-clerk'], phone: null, email: null, active: true });
  });

  after(async () => {
    await h.stop();
  });

  it('should register the complaint under a new number and give the complainant a verification code, from a diagram', async () => {
    const { variables } = await h.engine.client.createProcessInstanceWithResult({ processDefinitionId: 'fixture-complaint-register', variables: form() });

    const complaintNumber = (variables as { complaintNumber: string }).complaintNumber;
    expect(complaintNumber).to.match(/^TS20260601-\d{4}$/);
    const complaint = (await h.store.complaints.getByNumber(complaintNumber))!;
    expect(complaint).to.deep.include({
      channel: 'written',
      groundCategory: 1,
      groundItem: '1.3',
      isMajor: false,
      targetDepartmentCode: 'GA',
      targetStaffId: 'zhou-b',
      caseNumber: 'SH20260520-0003',
      status: 'registered',
    });
    expect(complaint.complainant).to.deep.include({ name: '李四', phone: '13912345678' });
    const [receipt] = (await h.store.outbox.list()).filter((m) => m.recipient === `complaint:${complaintNumber}`);
    expect(receipt.channel).to.equal('inapp');
    const code = /查询码：(\d{6})/.exec(receipt.body)![1];
    expect(await verifyVerificationCode(code, complaint.verificationHash!)).to.equal(true);
    const log = JSON.stringify(h.log);
    expect(log, 'the phone number is masked in the log').to.not.contain('13912345678');
    expect(log).to.contain('139****5678');
  });

  it('should refuse a major complaint made orally with WRITTEN_REQUIRED and register nothing', async () => {
    const before = (await h.store.complaints.list()).length;

    const { variables } = await h.engine.client.createProcessInstanceWithResult({
      processDefinitionId: 'fixture-complaint-register',
      variables: form({ complaintChannel: 'phone', isMajor: true }),
    });

    expect(variables).to.include({ writtenRequired: true });
    expect(variables).to.not.have.property('complaintNumber');
    expect(await h.store.complaints.list()).to.have.length(before);
  });

  it('should accept a major complaint made online, which counts as written', async () => {
    const result = (await register(fakeJob({ type: 'complaint-register', variables: form({ complaintChannel: 'online', isMajor: true }) }))) as { complaintNumber: string };

    expect((await h.store.complaints.getByNumber(result.complaintNumber))!.isMajor).to.equal(true);
  });

  it('should keep the window and staff as given when they name nobody known', async () => {
    const result = (await register(fakeJob({ type: 'complaint-register', variables: form({ targetWindow: '一楼B区', targetStaff: '不知姓名的女同志' }) }))) as { complaintNumber: string };

    const complaint = (await h.store.complaints.getByNumber(result.complaintNumber))!;
    // no department is in '一楼B区' as written: left for the office
    expect(complaint).to.include({ targetDepartmentCode: '一楼B区', targetStaffId: '不知姓名的女同志' });
  });

  it('should read a window number whole: 7号窗口 is the window in A区, not 27号窗口', async () => {
    const result = (await register(fakeJob({ type: 'complaint-register', variables: form({ targetWindow: '7号窗口' }) }))) as { complaintNumber: string };

    expect((await h.store.complaints.getByNumber(result.complaintNumber))!.targetDepartmentCode).to.equal('GA');
  });

  it('should keep a window that names several departments as given', async () => {
    const result = (await register(fakeJob({ type: 'complaint-register', variables: form({ targetWindow: 'B区' }) }))) as { complaintNumber: string };

    // B区 holds the windows of MZ, RS and WJ: ambiguous, left for the office
    expect((await h.store.complaints.getByNumber(result.complaintNumber))!.targetDepartmentCode).to.equal('B区');
  });

  it('should refuse a ground outside 第二条, naming the variable', async () => {
    const error = await register(fakeJob({ type: 'complaint-register', variables: form({ ground: 'fees.tips' }) })).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(InvalidJobInput);
    expect((error as InvalidJobInput).variable).to.equal('ground');
  });

  it('should text the code where SMS is configured, and register once when the same job is delivered again', async () => {
    const withSms = complaintRegister.create({ ...h.deps, notifyChannels: ['sms'] });
    const once = fakeJob({ type: 'complaint-register', variables: form({ complainant: { name: '王五', phone: '13700001111' } }) });

    const first = await withSms(once);
    const second = await withSms(once);

    expect(second).to.deep.equal(first);
    expect((await h.store.complaints.list()).filter((c) => c.complainant.name === '王五')).to.have.length(1);
    const [sms] = (await h.store.outbox.list()).filter((m) => m.recipient === '13700001111');
    expect(sms.channel).to.equal('sms');
    expect(sms.body).to.match(/^【县政务服务中心】你的投诉已登记，投诉编号TS20260601-\d{4}，查询码\d{6}/);
    expect((await h.store.outbox.list()).filter((m) => m.recipient === '13700001111')).to.have.length(1);
  });

  it('should say why a major oral complaint is refused', async () => {
    const error = await register(fakeJob({ type: 'complaint-register', variables: form({ complaintChannel: 'oral', isMajor: true }) })).catch((e: unknown) => e);

    expect(error).to.be.instanceOf(BusinessOutcome);
    expect((error as BusinessOutcome).errorCode).to.equal('WRITTEN_REQUIRED');
    expect((error as Error).message).to.contain('oral');
  });

  describe('a complaint the web app registered first (complaintNumber given)', () => {
    async function preRegistered(processInstanceKey: string | null = null) {
      return h.store.complaints.create({
        channel: 'online',
        groundCategory: 1,
        groundItem: '1.3',
        complainant: { name: '赵六', phone: '13600001111' },
        content: '办理身份证时窗口前后三次要求补交不同材料。',
        verificationHash: 'scrypt:web:hash',
        processInstanceKey,
      });
    }

    it('should adopt it: link its process instance, keep its code, send nothing, and answer the same when delivered again', async () => {
      const complaint = await preRegistered();
      const messagesBefore = (await h.store.outbox.list()).length;
      const job = fakeJob({ type: 'complaint-register', variables: { ...form(), complaintNumber: complaint.complaintNumber } });

      const first = await register(job);
      const again = await register(job);

      expect(first).to.deep.equal({ complaintNumber: complaint.complaintNumber });
      expect(again).to.deep.equal(first);
      const adopted = (await h.store.complaints.getByNumber(complaint.complaintNumber))!;
      expect(adopted).to.include({ processInstanceKey: job.processInstanceKey, verificationHash: 'scrypt:web:hash', channel: 'online' });
      expect((await h.store.complaints.list()).filter((c) => c.complainant.name === '赵六')).to.have.length(1);
      expect(await h.store.outbox.list()).to.have.length(messagesBefore);
      const linked = (await h.store.audit.forTarget('complaint', complaint.id)).filter((e) => e.action === 'complaint-process-linked');
      expect(linked).to.have.length(1);
      expect(linked[0].actor).to.equal('worker:complaint-register');
    });

    it('should pass on a complaint the web app already linked to this instance without a second audit entry', async () => {
      const job = fakeJob({ type: 'complaint-register', variables: form() });
      const complaint = await preRegistered(job.processInstanceKey);

      const result = await register({ ...job, variables: { ...form(), complaintNumber: complaint.complaintNumber } });

      expect(result).to.deep.equal({ complaintNumber: complaint.complaintNumber });
      expect(await h.store.audit.forTarget('complaint', complaint.id)).to.deep.equal([]);
    });

    it('should raise an incident for a complaint another instance holds, and for an unknown number', async () => {
      const complaint = await preRegistered('2251799813699999');

      const taken = await register(fakeJob({ type: 'complaint-register', variables: { ...form(), complaintNumber: complaint.complaintNumber } })).catch((e: unknown) => e);
      const unknown = await register(fakeJob({ type: 'complaint-register', variables: { ...form(), complaintNumber: 'TS20260601-9999' } })).catch((e: unknown) => e);

      expect(taken).to.be.instanceOf(InvalidJobInput);
      expect((taken as Error).message).to.contain('2251799813699999');
      expect(unknown).to.be.instanceOf(InvalidJobInput);
      expect((unknown as InvalidJobInput).variable).to.equal('complaintNumber');
      expect((await h.store.complaints.getByNumber(complaint.complaintNumber))!.processInstanceKey).to.equal('2251799813699999');
    });
  });
});
