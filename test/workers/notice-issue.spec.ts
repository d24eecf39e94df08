import { expect } from 'chai';
import { plain } from '../support/case-flow.js';
import type { Case } from '../../domain/store/index.js';
import { InvalidJobInput } from '../../workers/errors.js';
import { noticeIssue } from '../../workers/notice-issue.js';
import type { JobHandler } from '../../workers/run-job.js';
import { fakeJob } from '../support/jobs.js';
import { applicant } from '../support/store.js';
import { startWorkerHarness, type WorkerHarness } from '../support/workers.js';

const NOW = '2026-10-09T02:00:00Z';

describe('workers/notice-issue', () => {
  let h: WorkerHarness;
  let issue: JobHandler;

  before(async () => {
    h = await startWorkerHarness({ only: ['notice-issue'], start: NOW });
    await h.engine.deployFixtures('workers/notice-issue.bpmn');
    issue = noticeIssue.create({ ...h.deps, notifyChannels: ['email', 'sms'], noticeConfig: { centerName: '某某县政务服务中心', complaintOffice: { name: '投诉处', location: '一楼服务台' } } });
  });

  after(async () => {
    await h.stop();
  });

  const withEmail = { ...applicant, email: 'zhangsan@example.com' };
  const newCase = (itemCode: string, caseType: Case['caseType'], departmentCode: string) =>
    h.store.cases.create({ itemCode, caseType, departmentCode, applicant: withEmail, actor: 'test', receivedAt: new Date('2026-10-08T02:00:00Z') });
  const job = (kind: string, variables: Record<string, unknown>) => fakeJob({ type: 'notice-issue', headers: { kind }, variables });
  const run = async (kind: string, variables: Record<string, unknown>) => {
    const { noticeNumber } = (await issue(job(kind, variables))) as { noticeNumber: string };
    return (await h.store.notices.getByNumber(noticeNumber))!;
  };
  const failure = async (kind: string, variables: Record<string, unknown>) => {
    const error = await issue(job(kind, variables)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidJobInput);
    return error as InvalidJobInput;
  };

  it('should list every missing material of a joint case by department in one supplement notice, through a diagram', async () => {
    // given a joint case with materials missing for three departments
    const c = await newCase('ZJ-001', 'joint', 'ZJ');
    const missing = [
      { code: 'land-approval', reason: '未提供' },
      { code: 'wage-account', reason: '开户证明已过期' },
      { code: 'contract', reason: '缺少发包方盖章' },
    ];

    // when the diagram issues the supplement notice
    const { variables } = await h.engine.client.createProcessInstanceWithResult<Record<string, unknown>, Record<string, unknown>>({
      processDefinitionId: 'fixture-notice-issue',
      variables: { caseNumber: c.caseNumber, missing, supplementDays: 20 },
      requestTimeout: 15_000,
    });

    // then the notice is stored under the number the diagram got
    expect(variables.noticeNumber).to.match(/^BZ20261009-\d{4}$/);
    const notice = (await h.store.notices.getByNumber(variables.noticeNumber as string))!;
    expect(notice).to.include({ caseId: c.id, complaintId: null, kind: 'supplement', title: '补齐申请材料通知书' });
    // and it names every material from the catalogue, with its reason, under its department
    const item = (await h.store.catalogue.getItem('ZJ-001'))!;
    const name = (code: string) => item.materials.find((m) => m.code === code)!.name;
    for (const m of missing) expect(notice.html).to.contain(name(m.code)).and.contain(m.reason);
    for (const dept of ['县住房和城乡建设局', '县自然资源局', '县人力资源和社会保障局']) expect(notice.html).to.contain(`<h2>${dept}`);
    expect(notice.html).to.contain('共3项').and.contain('20个工作日内补齐').and.contain(String(variables.noticeNumber));
    // and the applicant's in-app message says the same; the timeline records the notice
    const [inapp] = await h.store.outbox.list({ caseId: c.id });
    expect(inapp).to.include({ channel: 'inapp', recipient: `case:${c.caseNumber}`, noticeId: notice.id });
    for (const m of missing) expect(inapp.body).to.contain(`材料名称：${name(m.code)}`).and.contain(m.reason);
    const events = await h.store.cases.events(c.id);
    expect(events.at(-1)).to.deep.include({ kind: 'notice-issued', detail: { kind: 'supplement', number: notice.number, title: notice.title } });
  });

  it('should issue one notice and one message per channel when the job is delivered twice', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const j = job('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: '背景颜色不符' }] });

    const first = await issue(j);
    const second = await issue(j);

    expect(second).to.deep.equal(first);
    expect(await h.store.notices.listForCase(c.id)).to.have.length(1);
    const messages = await h.store.outbox.list({ caseId: c.id });
    expect(messages.map((m) => m.channel)).to.deep.equal(['inapp', 'email', 'sms']);
    expect(messages.every((m) => m.noticeId === messages[0].noticeId)).to.equal(true);
    expect(messages[2].body).to.contain('【某某县政务服务中心】').and.contain(c.caseNumber);
    expect(messages[1].subject).to.equal(`补齐申请材料通知书（${(first as { noticeNumber: string }).noticeNumber}）`);
  });

  it('should refuse a supplement list that is empty or asks for a material the item does not have', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    expect((await failure('supplement', { caseNumber: c.caseNumber, missing: [] })).variable).to.equal('missing');
    const unrelated = await failure('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: 'x' }, { code: 'business-license', reason: 'x' }] });
    expect(unrelated.variable).to.equal('missing[1].code');
    expect((await failure('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: ' ' }] })).variable).to.equal('missing[0].reason');
    expect(await h.store.notices.listForCase(c.id)).to.deep.equal([]);
  });

  it('should refuse a later supplement list of the same application naming a material the first did not list, and issue one about what the supplement brought', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const first = await run('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: '缺少照片' }] });

    const different = await failure('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: '背景颜色不符' }, { code: 'declaration', reason: '未签字' }] });
    expect(different.variable).to.equal('missing[1].code');
    expect(await h.store.notices.listForCase(c.id)).to.have.length(1);

    const second = await run('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: '补交的照片背景颜色不符' }] });
    expect(plain(second.html)).to.contain(`《补齐申请材料通知书》（${first.number}）补正的材料`).and.contain('本通知书只涉及该次补正的材料');
  });

  it('should give a refusal\'s reason and the department to go to, with its location', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const notice = await run('refusal', { caseNumber: c.caseNumber, refusalReason: '该事项属于市场监管部门职责', redirectTo: 'SCJG' });
    expect(notice.number).to.match(/^BY/);
    expect(notice.html).to.contain('不予受理的理由：该事项属于市场监管部门职责').and.contain('请向县市场监督管理局（一楼 A区 1–3号窗口）提出申请或者咨询');
    expect((await failure('refusal', { caseNumber: c.caseNumber, redirectTo: 'SCJG' })).variable).to.equal('refusalReason');
  });

  it('should render a <script> typed into a variable inert', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const notice = await run('refusal', { caseNumber: c.caseNumber, refusalReason: '<script>alert(1)</script>', redirectTo: '<img src=x onerror=alert(1)>' });
    expect(notice.html).not.to.contain('<script>alert').and.not.to.contain('<img');
    expect(notice.html).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('should direct the applicant to the right window in a redirect notice', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const notice = await run('not-accepted-redirect', { caseNumber: c.caseNumber, redirectTo: 'GA-001' });
    expect(notice.title).to.equal('办理指引告知书');
    expect(notice.html).to.contain('县公安局（户政）').and.contain('不属于本窗口的办理范围');
  });

  it('should tell the acceptance, the extension with its reason and new date, and a special procedure in writing', async () => {
    const c = await newCase('MZ-002', 'promised', 'MZ');
    await h.store.cases.update(c.id, { acceptedAt: new Date(NOW), dueAt: new Date('2026-10-23T09:30:00Z') });
    const acceptance = await run('acceptance', { caseNumber: c.caseNumber });
    expect(acceptance.html).to.contain('受理日期为2026年10月9日').and.contain('2026年10月23日17:30前办结');

    const extension = await run('extension', { caseNumber: c.caseNumber, extensionDays: 10, extensionReason: '需要实地核查', dueAt: '2026-11-06T09:30:00.000Z' });
    expect(extension.html).to.contain('因需要实地核查').and.contain('延长10个工作日').and.contain('2026年11月6日17:30');
    expect((await failure('extension', { caseNumber: c.caseNumber, extensionDays: 10 })).variable).to.equal('extensionReason');

    await h.store.cases.update(c.id, { suspendedSince: new Date('2026-10-12T02:00:00Z') });
    const special = await run('special-procedure', { caseNumber: c.caseNumber });
    expect(special.html).to.contain('第四十五条').and.contain('自2026年10月12日起').and.contain('不计算在办理时限内');
  });

  it('should give the result of a completed case, and refuse a rejection without a reason', async () => {
    const c = await newCase('FG-001', 'joint', 'FG');
    const notice = await run('completion', {
      caseNumber: c.caseNumber,
      decision: 'approve',
      opinion: '同意',
      reviews: [
        { departmentCode: 'ZRZY', decision: 'approve', opinion: '选址可行', deemedConsent: false },
        { departmentCode: 'STHJ', decision: 'approve', opinion: null, deemedConsent: true },
      ],
    });
    const item = (await h.store.catalogue.getItem('FG-001'))!;
    expect(notice.html).to.contain(`办理结果：${item.result}`).and.contain('县自然资源局').and.contain('逾期未答复，视为同意');
    expect((await failure('completion', { caseNumber: c.caseNumber, decision: 'reject' })).variable).to.equal('refusalReason');
    expect((await failure('completion', { caseNumber: c.caseNumber, decision: 'maybe' })).variable).to.equal('decision');
  });

  it('should list the fees charged to the case with their published standard and basis in the result, and none for a rejection', async () => {
    const c = await newCase('ZRZY-001', 'promised', 'ZRZY');
    await h.store.cases.addFee({ caseId: c.id, feeCode: 'registration', amountFen: 8000, idempotencyKey: `t:${c.id}:1` });
    await h.store.cases.addFee({ caseId: c.id, feeCode: 'extra-certificate', amountFen: 2000, idempotencyKey: `t:${c.id}:2` });

    const notice = await run('completion', { caseNumber: c.caseNumber, decision: 'approve', opinion: '准予登记' });

    const basis = (await h.store.catalogue.getItem('ZRZY-001'))!.fees[0].basis;
    expect(notice.html).to.contain('不动产登记费（住宅类）').and.contain('80.00元/件').and.contain(basis);
    expect(notice.html).to.contain('不动产权属证书工本费（第二本起）').and.contain('10.00元/本').and.contain('<td>2</td>');
    expect(notice.html).to.contain('合计应缴100.00元');
    const rejected = await run('completion', { caseNumber: c.caseNumber, decision: 'reject', refusalReason: '权属不清' });
    expect(rejected.html).not.to.contain('应缴');
  });

  it('should tell the applicant that the application is withdrawn, citing the last supplement notice', async () => {
    const c = await newCase('MZ-001', 'immediate', 'MZ');
    const supplement = await run('supplement', { caseNumber: c.caseNumber, missing: [{ code: 'photo', reason: '未提供' }], supplementDays: 10 });

    const notice = await run('withdrawn', { caseNumber: c.caseNumber });

    expect(notice).to.include({ caseId: c.id, kind: 'withdrawn', title: '视为撤回申请告知书' });
    expect(notice.number).to.match(/^CH20261009-\d{4}$/);
    expect(notice.html).to.contain(`《补齐申请材料通知书》（${supplement.number}）`).and.contain('补正期限为10个工作日').and.contain('视为撤回');
  });

  it('should issue a complaint\'s written reply and delay notice to the complainant', async () => {
    const complaint = await h.store.complaints.create({
      channel: 'written',
      groundCategory: 1,
      complainant: { name: '李四', phone: '13900000000' },
      content: '没有一次性告知',
      at: new Date('2026-10-08T02:00:00Z'),
    });

    const reply = await run('complaint-reply', { complaintNumber: complaint.complaintNumber, replyText: '经核实，情况属实，已责令整改并致歉。' });
    const delay = await run('complaint-delay', { complaintNumber: complaint.complaintNumber, delayReason: '涉及两个部门，需要进一步调查' });

    expect(reply).to.include({ complaintId: complaint.id, caseId: null, kind: 'complaint-reply', title: '投诉答复书' });
    expect(reply.html).to.contain('投诉人').and.contain('李四').and.contain('已责令整改并致歉').and.contain('一楼服务台');
    expect(delay.html).to.contain('涉及两个部门，需要进一步调查');
    expect((await h.store.notices.listForComplaint(complaint.id)).map((n) => n.id)).to.deep.equal([reply.id, delay.id]);
    const messages = (await h.store.outbox.list()).filter((m) => m.noticeId === reply.id);
    expect(messages.map((m) => [m.channel, m.recipient])).to.deep.equal([
      ['inapp', `complaint:${complaint.complaintNumber}`],
      ['sms', '13900000000'],
    ]);
    expect((await failure('complaint-reply', { complaintNumber: 'TS20000101-0001', replyText: 'x' })).variable).to.equal('complaintNumber');
  });

  it('should refuse an unknown kind and an unknown case, naming them', async () => {
    expect((await failure('memo', { caseNumber: 'SH20261009-0001' })).variable).to.equal('header:kind');
    expect((await failure('refusal', { caseNumber: 'SH19990101-0001', refusalReason: 'x' })).variable).to.equal('caseNumber');
  });
});
