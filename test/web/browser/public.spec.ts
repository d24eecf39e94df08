import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { awaitEvents, awaitNotices, caseOf, startCase } from '../../support/case-flow.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * The public pages (办事指南, 办件查询, 网上投诉) in chromium against the whole system: the real
 * engine with every diagram, every worker, the store and the web app on one pinned clock.
 */

// Monday 2 November 2026, 10:00 China time
const START = '2026-11-02T02:00:00Z';

/** as the pages write an instant: China time, 2026-11-02 10:00 */
function chinaDateTime(at: Date): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe('web/browser public pages', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let context: BrowserContext;
  let problems: string[];

  beforeEach(async () => {
    h = await startWebSystem({ start: START });
    context = await browser().newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    problems = [];
  });
  afterEach(async function () {
    await context?.close();
    await h?.stop();
    // a script error or a CSP refusal fails the test that caused it
    if (this.currentTest?.state === 'passed') expect(problems, 'errors in the page').to.deep.equal([]);
    else if (problems.length > 0) console.error('errors in the page:', problems);
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    collectProblems(page, problems, path);
    await page.goto(`${h.web.url}${path}`);
    return page;
  }

  /** The code the applicant was sent in-app with the receipt (case-register, complaint-register). */
  async function codeSentTo(recipient: string): Promise<string> {
    return h.until(`the code sent to ${recipient}`, async () => {
      const receipt = (await h.store.outbox.forRecipient(recipient, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
      return receipt && /查询码：(\d{6})/.exec(receipt.body)![1];
    });
  }

  /** 社会团体成立登记 (承诺件, 20 working days), complete and accepted at the window. */
  async function acceptedCase(): Promise<string> {
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    const codes = item.materials.map((m) => m.code);
    const { key, caseNumber } = await startCase(h, 'promised-case', { itemCode: 'MZ-002', materials: codes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await awaitNotices(h, caseNumber, 'acceptance');
    await h.task('departmentReview', { processInstanceKey: key });
    return caseNumber;
  }

  /** 个体工商户变更登记 (即办件) handled on the spot, up to the invitation to rate it. */
  async function completedCase(): Promise<string> {
    const materials = ['application', 'id-card', 'business-license', 'power-of-attorney'];
    const { key, caseNumber } = await startCase(h, 'immediate-case', { itemCode: 'SCJG-001', materials: materials.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: key }), { verifiedMaterials: materials, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: key }), { accepted: true });
    await h.complete(await h.task('handleOnTheSpot', { processInstanceKey: key }), { decision: 'approve', opinion: '材料齐全，准予变更登记。' });
    await awaitEvents(h, caseNumber, 'evaluation-invited');
    return caseNumber;
  }

  async function lookUp(page: Page, number: string, code: string): Promise<void> {
    await page.getByLabel('办件编号 / 投诉编号').fill(number);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
  }

  it('should find an item in the service guide by keyword and show its five disclosures, materials with samples and fees', async () => {
    const page = await open('/guide');
    // the public header links the public pages and the staff log-in
    const nav = page.locator('header');
    expect(await nav.getByRole('link', { name: '办事指南' }).getAttribute('aria-current')).to.equal('page');
    expect(await nav.getByRole('link', { name: '办件查询' }).getAttribute('href')).to.equal('/lookup');
    expect(await nav.getByRole('link', { name: '网上投诉' }).getAttribute('href')).to.equal('/complaint');
    expect(await nav.getByRole('link', { name: '工作人员登录' }).getAttribute('href')).to.equal('/login');
    await page.locator('.guide-item').first().waitFor();
    const all = await page.locator('.guide-item').count();
    expect(all).to.equal((await h.store.catalogue.listItems()).length);

    await page.getByLabel('关键词').fill('存量房');
    await page.getByRole('button', { name: '查询' }).click();

    const detail = page.locator('.guide-item-detail');
    await detail.getByRole('heading', { name: '不动产转移登记（存量房买卖）' }).waitFor();
    expect(await page.locator('.guide-item').count()).to.equal(1);
    expect(page.url()).to.contain(`q=${encodeURIComponent('存量房')}`);
    const text = await detail.innerText();
    for (const heading of ['一、设定依据', '二、审批条件', '三、申报材料及示范文本', '四、办理时限', '五、收费标准及依据']) expect(text).to.contain(heading);
    expect(text).to.contain('《不动产登记暂行条例》第十四条');
    expect(text).to.contain('买卖双方共同申请');
    expect(text).to.contain('法定 30 个工作日，承诺 5 个工作日');
    expect(text).to.contain('二楼 C区 16号窗口（咨询电话 0874-3100116）');
    // every material with its form and sample text
    const materials = detail.locator('.guide-materials tbody tr');
    expect(await materials.count()).to.equal(6);
    expect(await materials.nth(3).innerText()).to.match(/存量房买卖合同\s+必交\s+原件1份\s+已网签备案的合同，载明成交价格和付款方式/);
    expect(await materials.nth(5).innerText()).to.contain('视情形提交');
    // the fees with their standard and basis
    const fees = detail.locator('.guide-fees tbody tr');
    expect(await fees.count()).to.equal(2);
    expect(await fees.nth(0).innerText()).to.match(/不动产登记费（住宅类）\s+80\.00 元 \/ 件\s+《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》/);
    expect(await fees.nth(1).innerText()).to.contain('10.00 元 / 本');
    await screenshot(page, 'guide');

    // by department: 县民政局's two items; a free item says so
    await page.getByLabel('关键词').fill('');
    await page.getByLabel('实施部门').selectOption({ label: '县民政局' });
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.guide-status', { hasText: '县民政局：共 2 个事项' }).waitFor();
    expect(page.url()).to.contain('department=MZ');
    expect(await page.locator('.guide-item-name').allInnerTexts()).to.deep.equal(['内地居民结婚登记', '社会团体成立登记']);
    await page.locator('.guide-item', { hasText: '社会团体成立登记' }).click();
    await detail.getByRole('heading', { name: '社会团体成立登记' }).waitFor();
    expect(await detail.locator('.guide-fees').innerText()).to.contain('不收费');

    // a keyword nothing matches
    await page.getByLabel('实施部门').selectOption('');
    await page.getByLabel('关键词').fill('潜水执照');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有找到符合关键词“潜水执照”的事项').waitFor();
  });

  it('should show the applicant the stage and due date of a case run through the system, and one not-found message for a wrong code and an unknown number', async () => {
    const caseNumber = await acceptedCase();
    const code = await codeSentTo(`case:${caseNumber}`);
    const theCase = await caseOf(h, caseNumber);
    expect(theCase.stage).to.be.a('string');

    const page = await open('/lookup');
    await lookUp(page, caseNumber, code);

    const card = page.locator('.lookup-case');
    await card.waitFor();
    expect(await card.locator('.lookup-stage').innerText()).to.equal(theCase.stage);
    expect(await card.locator('.lookup-due').innerText()).to.contain(chinaDateTime(theCase.dueAt!));
    expect(await card.locator('[data-status]').innerText()).to.equal('已受理');
    const facts = await card.innerText();
    expect(facts).to.contain('社会团体成立登记（承诺件）');
    expect(facts).to.contain('县民政局，一楼 B区 9号窗口');
    expect(facts).to.contain('张*');
    expect(facts).to.not.contain('张明');
    // the messages sent to the applicant, and the notices' titles
    const sent = await h.store.outbox.forRecipient(`case:${caseNumber}`, 'inapp');
    expect(sent.length).to.be.greaterThan(0);
    expect(await page.locator('.lookup-timeline li').count()).to.equal(sent.length);
    expect(await page.locator('.lookup-messages').innerText()).to.contain(sent.at(-1)!.body.split('\n')[0]);
    expect(await page.locator('.lookup-notices').innerText()).to.contain('受理通知书');
    // the code is never put in the address bar
    expect(page.url()).to.not.contain(code);
    expect(await page.locator('.lookup-rating').count(), 'no rating before completion').to.equal(0);
    await screenshot(page, 'lookup');
    // a complaint about this case starts with its number filled in
    expect(await page.locator('.lookup-complain a').getAttribute('href')).to.equal(`/complaint?case=${caseNumber}`);

    // a wrong code and an unknown number read the same
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await lookUp(page, caseNumber, wrong);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const wrongCode = await alert.innerText();
    expect(await page.locator('.lookup-case').count()).to.equal(0);
    await lookUp(page, 'SH20991231-9999', code);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).to.equal(wrongCode);
    expect(wrongCode).to.equal('未找到该办件，请核对办件编号和查询码');
  });

  it('should let the applicant rate a completed case on the look-up page, once', async () => {
    const caseNumber = await completedCase();
    const code = await codeSentTo(`case:${caseNumber}`);
    const page = await open('/lookup');
    await lookUp(page, caseNumber, code);

    const rating = page.locator('.lookup-rating');
    await rating.waitFor();
    expect(await page.locator('.lookup-case [data-status]').innerText()).to.equal('已办结');
    expect(await page.locator('.lookup-case').innerText()).to.contain('准予许可（办理）');
    expect(await rating.locator('.rating-level').allInnerTexts()).to.deep.equal(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await rating.getByLabel('基本满意').check();
    await rating.getByLabel('意见或建议').fill('等候时间稍长，希望增加叫号窗口。');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByText('感谢您的评价').waitFor();
    await screenshot(page, 'lookup-rating');

    // the rating reaches the evaluation process and is recorded once
    const theCase = await caseOf(h, caseNumber);
    const evaluation = await h.until('the rating', () => h.store.evaluations.get(theCase.id));
    expect(evaluation).to.deep.include({ level: 'basically-satisfied', comment: '等候时间稍长，希望增加叫号窗口。' });

    // looked up again, a second rating is refused with the reason
    await lookUp(page, caseNumber, code);
    await page.locator('.lookup-rating').waitFor();
    await page.locator('.lookup-rating').getByLabel('非常不满意').check();
    await page.locator('.lookup-rating').getByRole('button', { name: '提交评价' }).click();
    await page.locator('.lookup-rating').getByText('该办件已经评价过，每件只能评价一次').waitFor();
    expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'rated')).to.have.length(1);
  });

  it('should take a complaint through the online form (the office’s own form), and show the complainant the reply once the office has answered', async () => {
    // the form the page shows is the one the API checks submissions against
    const served = await h.web.client().get('/api/public/forms/complaint-registration');
    expect(served.status).to.equal(200);
    expect(served.body).to.deep.equal(h.forms.get('complaint-registration'));

    const page = await open('/complaint');
    expect(await page.locator('header').getByRole('link', { name: '网上投诉' }).getAttribute('aria-current')).to.equal('page');
    const form = page.locator('#complaint-form .fjs-form');
    await form.waitFor();
    // the channel is the server's to set (online); the clerk's intake note is not shown
    expect(await page.getByText('投诉方式').count()).to.equal(0);
    expect(await page.getByText('口头投诉应认真记录').count()).to.equal(0);

    // nothing leaves the page while the form-js checks fail
    await page.getByRole('button', { name: '提交投诉' }).click();
    await page.getByText('请按提示修改标红的内容后再提交').waitFor();
    expect(await form.locator('.fjs-form-field-error').count()).to.be.greaterThan(0);
    expect(await form.locator('.fjs-form-field-error').first().innerText()).to.equal('此项为必填项。');
    expect(await h.store.complaints.list()).to.have.length(0);

    await page.getByLabel('姓名（名称）').fill('王五');
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByLabel('通讯地址').fill('城关镇建设路12号');
    const ground = page.getByLabel('投诉事由（投诉处理办法第二条）');
    await ground.click();
    await ground.fill('一次性告知');
    await page.locator('.fjs-dropdownlist-item', { hasText: '未一次性告知所需材料，造成多次往返' }).click();
    await page.getByLabel('被投诉窗口').fill('县公安局（户政）');
    await page.getByLabel('投诉内容').fill('办理身份证换领时窗口先后三次要求补交不同材料，往返多次。');
    await page.getByLabel('投诉内容').blur();
    // every field right again: the marks and the reminder are gone
    await page.getByText('请按提示修改标红的内容后再提交').waitFor({ state: 'detached' });
    expect(await form.locator('.fjs-form-field-error').count()).to.equal(0);
    await screenshot(page, 'complaint');

    await page.getByRole('button', { name: '提交投诉' }).click();
    const receipt = page.locator('.complaint-receipt');
    await receipt.waitFor();
    const complaintNumber = await receipt.locator('.complaint-number').innerText();
    expect(complaintNumber).to.match(/^TS20261102-\d{4}$/);
    // the code is on the receipt, shown once; no SMS gateway is configured, so none is claimed
    const code = await receipt.locator('.receipt-code').innerText();
    expect(code).to.match(/^\d{6}$/);
    const sheet = await receipt.locator('.receipt-sheet').innerText();
    expect(sheet).to.contain('投诉受理回执');
    expect(sheet).to.contain('2026-11-09 17:30 前');
    expect(sheet).to.contain('请妥善保管本回执');
    expect(sheet).to.not.contain('短信');
    await screenshot(page, 'complaint-receipt');

    // registered as an online complaint on the ground chosen
    const complaint = (await h.store.complaints.getByNumber(complaintNumber))!;
    expect(complaint).to.deep.include({ channel: 'online', groundItem: '1.3', targetDepartmentCode: 'GA' });
    expect(complaint.complainant).to.deep.include({ name: '王五', phone: '13812345678' });

    // the complaint office triages it and replies in writing
    const key = complaint.processInstanceKey!;
    await h.complete(await h.task('triage', { processInstanceKey: key }), { route: 'on-the-spot', triageNote: '' });
    const replyText = '经核实，窗口未一次性告知所需材料，已责令整改并向你致歉。';
    await h.complete(await h.task('reply', { processInstanceKey: key }), { replyKind: 'written', replyText, verified: true });
    await h.until('the reply recorded', async () => (await h.store.complaints.getByNumber(complaintNumber))?.status === 'replied');
    await h.until('the reply notice', async () => (await h.store.notices.listForComplaint(complaint.id)).length > 0);

    // the complainant follows the receipt's link and looks the reply up with the code from the receipt
    await receipt.getByRole('link', { name: '查询处理进度' }).click();
    await page.waitForURL(/\/lookup\?number=TS/);
    expect(await page.getByLabel('办件编号 / 投诉编号').inputValue()).to.equal(complaintNumber);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    const found = page.locator('.lookup-complaint');
    await found.waitFor();
    expect(await found.locator('[data-status]').innerText()).to.equal('已答复');
    expect(await found.locator('.lookup-reply-text').innerText()).to.equal(replyText);
    expect(await found.locator('.lookup-reply h3').innerText()).to.contain('书面答复');
    const shown = await found.innerText();
    expect(shown).to.contain('网上');
    expect(shown).to.contain('不热情服务：未一次性告知所需材料，造成多次往返');
    expect(shown).to.contain('王*');
    expect(await page.locator('.lookup-notices').innerText()).to.contain('投诉答复书');
    await screenshot(page, 'lookup-complaint');
  });
});
