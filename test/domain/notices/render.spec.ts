import { expect } from 'chai';
import { NOTICE_KINDS, renderNotice, type NoticeHeader, type NoticeKind, type NoticeVariables } from '../../../domain/notices/index.js';

const header: NoticeHeader = {
  centerName: '某某县政务服务中心',
  number: 'BZ20261009-0001',
  issuedAt: new Date('2026-10-09T02:00:00Z'),
  recipient: { name: '张三', kind: 'person', idNumber: '110101199003071234' },
  caseNumber: 'SH20261009-0001',
  item: { code: 'MZ-001', name: '婚姻登记' },
  window: { name: '县民政局', location: '一楼 B区 9号窗口', phone: '0000-1234567' },
};

const at = (iso: string) => new Date(iso);

/** A sample of every kind, so every kind is rendered by the shared checks. */
const samples: { [K in NoticeKind]: NoticeVariables[K] } = {
  acceptance: { receivedAt: at('2026-10-08T02:00:00Z'), acceptedAt: at('2026-10-09T02:00:00Z'), promisedDays: 5, dueAt: at('2026-10-16T09:30:00Z'), acceptedAsOfReceipt: false },
  supplement: {
    receivedAt: at('2026-10-08T02:00:00Z'),
    supplementDays: 30,
    missing: [
      { code: 'id-card', name: '居民身份证', form: '原件', reason: '未提供' },
      { code: 'photo', name: '近期半身免冠照片', form: '2张', reason: '照片背景颜色不符合要求' },
    ],
  },
  refusal: { reason: '该事项不需要取得行政许可', redirectTo: { name: '县市场监督管理局', location: '一楼 A区 1–3号窗口' } },
  extension: { extensionDays: 10, extensionReason: '需要征求相关部门意见', dueAt: at('2026-10-30T09:30:00Z') },
  completion: { decision: 'approve', completedAt: at('2026-10-15T08:00:00Z'), result: '结婚证', opinion: '符合条件' },
  'special-procedure': { suspendedSince: at('2026-10-12T02:00:00Z'), procedure: null },
  forwarded: { forwardedAt: at('2026-10-10T02:00:00Z') },
  'complaint-reply': { receivedAt: at('2026-10-08T02:00:00Z'), replyText: '经核实，窗口工作人员未一次性告知，已批评教育并向你致歉。' },
  'complaint-delay': { receivedAt: at('2026-10-08T02:00:00Z'), delayReason: '涉及多个部门，需要进一步调查', replyDueAt: at('2026-10-15T09:30:00Z') },
  'not-accepted-redirect': { reason: '不属于本窗口办理范围', redirectTo: { name: '县公安局（户政）', location: '一楼 A区 7号窗口' } },
  withdrawn: {
    receivedAt: at('2026-10-08T02:00:00Z'),
    supplementNotice: { number: 'BZ20261008-0001', issuedAt: at('2026-10-08T03:00:00Z'), supplementDays: 5 },
    expiredAt: at('2026-10-15T09:31:00Z'),
  },
};

function render<K extends NoticeKind>(kind: K, vars: NoticeVariables[K], overrides: Partial<NoticeHeader> = {}) {
  return renderNotice<K>(kind, { ...header, ...overrides, ...vars });
}

describe('domain/notices renderNotice', () => {
  for (const kind of NOTICE_KINDS) {
    it(`should render the ${kind} notice as a printable A4 page with its particulars, window and seal`, () => {
      const notice = render(kind, samples[kind]);
      expect(notice.html).to.match(/^<!DOCTYPE html>\n<html lang="zh-CN">/);
      expect(notice.html).to.contain('@page { size: A4;');
      expect(notice.html).to.contain(`<h1>${notice.title}</h1>`);
      for (const text of [notice.html, notice.text]) {
        expect(text).to.contain('某某县政务服务中心');
        expect(text).to.contain('BZ20261009-0001');
        expect(text).to.contain('2026年10月9日');
        expect(text).to.contain('SH20261009-0001');
        expect(text).to.contain('婚姻登记（MZ-001）');
        expect(text).to.contain('张三');
        expect(text).to.contain('110101********1234');
        expect(text).not.to.contain('110101199003071234');
        expect(text).to.contain('县民政局');
        expect(text).to.contain('一楼 B区 9号窗口');
      }
      expect(notice.html).to.contain('class="seal"');
    });
  }

  it('should list every missing material with its reason, once, and say the list is complete', () => {
    const notice = render('supplement', samples.supplement);
    expect(notice.title).to.equal('补齐申请材料通知书');
    for (const text of [notice.html, notice.text]) {
      expect(text).to.contain('共2项');
      expect(text).to.contain('居民身份证');
      expect(text).to.contain('未提供');
      expect(text).to.contain('近期半身免冠照片');
      expect(text).to.contain('照片背景颜色不符合要求');
      expect(text).to.contain('一次性告知');
      expect(text).to.contain('不再要求补正其他材料');
      expect(text).to.contain('30个工作日内补齐');
    }
    expect(notice.text).to.contain('1. 材料名称：居民身份证；要求：原件；需补正的原因：未提供');
    expect(notice.text).to.contain('2. 材料名称：近期半身免冠照片');
  });

  it('should group a joint case\'s list by department, numbering across the groups', () => {
    const zrzy = { name: '县自然资源局', location: '二楼 C区 15–16号窗口' };
    const stj = { name: '市生态环境局县分局', location: '二楼 C区 21号窗口' };
    const notice = render('supplement', {
      ...samples.supplement,
      missing: [
        { code: 'land', name: '用地预审意见', reason: '未提供', department: zrzy },
        { code: 'eia', name: '环境影响报告表', reason: '未盖章', department: stj },
        { code: 'plan', name: '规划选址意见', reason: '已过期', department: zrzy },
      ],
    });
    const text = notice.text;
    expect(text.indexOf('【县自然资源局（二楼 C区 15–16号窗口）】')).to.be.lessThan(text.indexOf('1. 材料名称：用地预审意见'));
    expect(text.indexOf('2. 材料名称：规划选址意见')).to.be.lessThan(text.indexOf('【市生态环境局县分局'));
    expect(text.indexOf('【市生态环境局县分局')).to.be.lessThan(text.indexOf('3. 材料名称：环境影响报告表'));
    expect(notice.html).to.contain('<h2>县自然资源局（二楼 C区 15–16号窗口）</h2>');
  });

  it('should render a <script> value inert wherever it appears', () => {
    const evil = '<script>alert("x")</script>';
    const notice = render(
      'refusal',
      { reason: evil, redirectTo: { name: evil, location: evil } },
      { recipient: { name: evil, idNumber: null }, item: { code: evil, name: evil }, window: { name: evil, location: evil }, centerName: evil, number: evil },
    );
    expect(notice.html).not.to.contain('<script>');
    expect(notice.html).to.contain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    // the text version is for text channels and keeps the value as typed
    expect(notice.text).to.contain(evil);
  });

  it('should give a refusal\'s reason and the window to go to, with its location', () => {
    const notice = render('refusal', samples.refusal);
    expect(notice.text).to.contain('不予受理的理由：该事项不需要取得行政许可');
    expect(notice.text).to.contain('请向县市场监督管理局（一楼 A区 1–3号窗口）提出申请或者咨询');
    expect(notice.text).to.contain('行政复议');
  });

  it('should give an extension\'s reason and new date, and a special procedure\'s uncounted time', () => {
    const extension = render('extension', samples.extension);
    expect(extension.text).to.contain('因需要征求相关部门意见');
    expect(extension.text).to.contain('延长10个工作日');
    expect(extension.text).to.contain('2026年10月30日17:30');
    const special = render('special-procedure', { ...samples['special-procedure'], procedure: 'expert-review' });
    expect(special.text).to.contain('依法需要进行专家评审');
    expect(special.text).to.contain('第四十五条');
    expect(special.text).to.contain('自2026年10月12日起');
    expect(special.text).to.contain('不计算在办理时限内');
  });

  it('should show a joint case\'s department opinions, and refuse to render a rejection without a reason', () => {
    const notice = render('completion', {
      ...samples.completion,
      reviews: [
        { department: '县自然资源局', decision: 'approve', opinion: '同意选址' },
        { department: '市生态环境局县分局', decision: 'approve', deemedConsent: true },
      ],
    });
    expect(notice.text).to.contain('1. 部门：县自然资源局；意见：同意：同意选址');
    expect(notice.text).to.contain('2. 部门：市生态环境局县分局；意见：逾期未答复，视为同意');
    expect(() => render('completion', { decision: 'reject', completedAt: at('2026-10-15T08:00:00Z') })).to.throw(/refusalReason/);
  });

  it('should list each fee of an approval with its standard, quantity and basis, and the total against an official receipt', () => {
    const basis = '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）';
    const notice = render('completion', {
      ...samples.completion,
      fees: [
        { code: 'registration', name: '不动产登记费（住宅类）', unitFen: 8000, unit: '件', quantity: 1, amountFen: 8000, basis },
        { code: 'extra-certificate', name: '不动产权属证书工本费（第二本起）', unitFen: 1000, unit: '本', quantity: 2, amountFen: 2000, basis, waived: true },
      ],
    });
    expect(notice.text).to.contain('1. 收费项目：不动产登记费（住宅类）；收费标准：80.00元/件；数量：1；金额（元）：80.00；收费依据：' + basis);
    expect(notice.text).to.contain('2. 收费项目：不动产权属证书工本费（第二本起）；收费标准：10.00元/本；数量：2；金额（元）：20.00（已依规减免）');
    expect(notice.text).to.contain('合计应缴80.00元').and.contain('正式票据').and.contain('不收取任何其他费用');
    expect(render('completion', { ...samples.completion, fees: [] }).text).to.contain('本事项不收取任何费用');
    // fees not assessed (a rejection, or a notice issued without assessment): nothing is said about them
    expect(render('completion', samples.completion).text).not.to.contain('费用');
  });

  it('should tell the applicant of a reported case the forward limit and that the higher level\'s time is not counted', () => {
    const acceptance = render('acceptance', { ...samples.acceptance, promisedDays: 3, dueAt: at('2026-10-14T09:30:00Z'), forwardToHigherLevel: true });
    expect(acceptance.text).to.contain('本中心自受理之日起3个工作日内（2026年10月14日17:30前）完成初审并上报上级机关');
    expect(acceptance.text).to.contain('上级机关审批所需时间不计算在本中心的办理时限内').and.contain('收到上级机关的决定后即书面告知');
    expect(acceptance.text).not.to.contain('承诺办结时限');
    const forwarded = render('forwarded', samples.forwarded);
    expect(forwarded.text).to.contain('已于2026年10月10日上报').and.contain('3个工作日内上报').and.contain('不计算在本中心的办理时限内').and.contain('收到上级机关的决定后即书面告知');
  });

  it('should tell the applicant that the application is treated as withdrawn, citing the supplement notice, and may be filed again', () => {
    const notice = render('withdrawn', samples.withdrawn);
    expect(notice.title).to.equal('视为撤回申请告知书');
    expect(notice.text).to.contain('你（单位）于2026年10月8日提出的“婚姻登记”申请');
    expect(notice.text).to.contain('《补齐申请材料通知书》（BZ20261008-0001）').and.contain('补正期限为5个工作日');
    expect(notice.text).to.contain('截至2026年10月15日17:31补正期限届满').and.contain('本次申请视为撤回');
    expect(notice.text).to.contain('可以在备齐材料后重新提出申请');
  });

  it('should address a complaint notice to the complainant under the complaint number', () => {
    const notice = render('complaint-reply', samples['complaint-reply'], {
      caseNumber: undefined,
      item: undefined,
      complaintNumber: 'TS20261008-0002',
      recipient: { name: '李四' },
      window: { name: '投诉处' },
    });
    expect(notice.text).to.contain('投诉编号：TS20261008-0002');
    expect(notice.text).to.contain('投诉人：李四');
    expect(notice.text).to.contain('已批评教育并向你致歉');
    expect(notice.text).not.to.contain('办件编号');
  });
});
