import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { collectProblems, logInOnPage, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 投诉登记 in chromium against the whole system: the complainant online (/complaint → 投诉受理回执
 * → /lookup) and the complaint office registering an oral complaint (/complaints/new → receipt →
 * 投诉分流 in its inbox).
 */

// Monday 2 November 2026, 10:00 China time
const START = '2026-11-02T02:00:00Z';

describe('web/browser complaint registration', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let context: BrowserContext;
  let problems: string[];

  beforeEach(async () => {
    h = await startWebSystem({ start: START });
    context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    // window.print opens a dialog headless chromium cannot answer: count the calls instead
    await context.addInitScript(() => {
      const w = window as unknown as { printed: number };
      w.printed = 0;
      window.print = () => {
        w.printed += 1;
      };
    });
    problems = [];
  });
  afterEach(async function () {
    await context?.close();
    await h?.stop();
    if (this.currentTest?.state === 'passed') expect(problems, 'errors in the page').to.deep.equal([]);
    else if (problems.length > 0) console.error('errors in the page:', problems);
  });

  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    collectProblems(page, problems, path);
    await page.goto(`${h.web.url}${path}`);
    return page;
  }

  async function fillComplaint(page: Page, name: string): Promise<void> {
    await page.getByLabel('姓名（名称）').fill(name);
    await page.getByLabel('联系电话').fill('13812345678');
    await page.getByLabel('通讯地址').fill('城关镇建设路12号');
    const ground = page.getByLabel('投诉事由（投诉处理办法第二条）');
    await ground.click();
    await ground.fill('一次性告知');
    await page.locator('.fjs-dropdownlist-item', { hasText: '未一次性告知所需材料，造成多次往返' }).click();
    await page.getByLabel('被投诉窗口').fill('县公安局（户政）');
    await page.getByLabel('投诉内容').fill('办理身份证换领时窗口先后三次要求补交不同材料，往返多次。');
    await page.getByLabel('投诉内容').blur();
  }

  /** 王五 files a complaint on /complaint; its receipt, number and code. */
  async function fileOnline() {
    const page = await open('/complaint');
    await page.locator('#complaint-form .fjs-form').waitFor();
    await fillComplaint(page, '王五');
    await page.getByRole('button', { name: '提交投诉' }).click();
    const receipt = page.locator('.complaint-receipt');
    await receipt.waitFor();
    return { page, receipt, complaintNumber: await receipt.locator('.complaint-number').innerText(), code: await receipt.locator('.receipt-code').innerText() };
  }

  /** One look-up on /lookup, waiting for its answer. */
  async function lookUpOn(page: Page, number: string, code: string): Promise<void> {
    await page.getByLabel('办件编号 / 投诉编号').fill(number);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.lookup-result > :not(.pub-muted)').first().waitFor();
  }

  it('should give the online complainant the number and code on a printable receipt, which find the complaint on /lookup', async () => {
    const { page, receipt, complaintNumber, code } = await fileOnline();
    expect(complaintNumber).to.match(/^TS20261102-\d{4}$/);
    expect(code).to.match(/^\d{6}$/);
    const sheet = await receipt.locator('.receipt-sheet').innerText();
    for (const text of ['县政务服务中心', '投诉受理回执', '网上', '不热情服务：未一次性告知所需材料，造成多次往返', '2026-11-02 10:00', '2026-11-09 17:30 前', '第六条', '/lookup']) {
      expect(sheet).to.contain(text);
    }
    expect(sheet).to.contain('查询码不另行发送，请妥善保管本回执');
    await screenshot(page, 'complaint-online-receipt');

    // printed alone: A4, then the 80 mm receipt printer
    await receipt.getByRole('button', { name: '打印回执（A4）' }).click();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#complaint-form').evaluate((e) => getComputedStyle(e).visibility)).to.equal('hidden');
    expect(await receipt.locator('.receipt-code').evaluate((e) => getComputedStyle(e).visibility)).to.equal('visible');
    expect(await receipt.getByRole('button', { name: '打印回执（A4）' }).isVisible()).to.equal(false);
    await screenshot(page, 'complaint-online-receipt-print-a4');
    await page.emulateMedia({ media: 'screen' });
    await receipt.getByRole('button', { name: '打印小票（80 mm）' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).to.equal(2);
    expect(await page.locator('#receipt-page-size').textContent()).to.contain('80mm');
    await page.emulateMedia({ media: 'print' });
    const width = await receipt.locator('.receipt-sheet').evaluate((e) => e.getBoundingClientRect().width);
    // 74 mm at 96 dpi
    expect(width).to.be.within(270, 290);
    await screenshot(page, 'complaint-online-receipt-print-80mm');
    await page.emulateMedia({ media: 'screen' });

    // with the receipt's number and code the lookup shows the complaint
    await receipt.getByRole('link', { name: '查询处理进度' }).click();
    await page.waitForURL(/\/lookup\?number=TS/);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    const found = page.locator('.lookup-complaint');
    await found.waitFor();
    expect(await found.locator('[data-status]').innerText()).to.equal('已登记');
    const shown = await found.innerText();
    expect(shown).to.contain(`投诉 ${complaintNumber}`);
    expect(shown).to.contain('2026-11-09 17:30');
    expect(shown).to.contain('尚未答复');
    await screenshot(page, 'complaint-online-lookup');
  });

  it('should let the complaint office register an oral complaint and hand over the receipt, its triage landing in the office inbox', async () => {
    const page = await open('/complaints/new');
    await logInOnPage(page, 'complaints');
    await page.waitForURL(/\/complaints\/new$/);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '投诉登记' }).getAttribute('aria-current')).to.equal('page');
    await page.locator('#complaint-form .fjs-form').waitFor();
    // the channels a complaint comes in on at the center
    expect(await page.getByLabel('网上').count()).to.equal(0);

    await page.getByLabel('口头').check();
    await fillComplaint(page, '李四');
    // a major matter made orally is refused, on the channel field, and nothing is registered
    await page.getByLabel('重大投诉事项').check();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.getByText('涉及事项较大的投诉应当采取书面形式').first().waitFor();
    expect(await h.store.complaints.list()).to.have.length(0);
    await screenshot(page, 'complaint-office-major-oral');

    await page.getByLabel('重大投诉事项').uncheck();
    await page.getByRole('button', { name: '登记', exact: true }).click();
    const receipt = page.locator('.complaint-receipt');
    await receipt.waitFor();
    const complaintNumber = await receipt.locator('.complaint-number').innerText();
    expect(await receipt.locator('.receipt-code').innerText()).to.match(/^\d{6}$/);
    const sheet = await receipt.locator('.receipt-sheet').innerText();
    expect(sheet).to.contain('口头');
    expect(sheet).to.contain('2026-11-09 17:30 前');
    expect(await receipt.getByRole('button', { name: '打印回执（A4）' }).isVisible()).to.equal(true);
    expect(await receipt.getByRole('button', { name: '打印小票（80 mm）' }).isVisible()).to.equal(true);
    await screenshot(page, 'complaint-office-receipt');

    const stored = (await h.store.complaints.getByNumber(complaintNumber))!;
    expect(stored).to.deep.include({ channel: 'oral', targetDepartmentCode: 'GA' });
    expect(stored.complainant.name).to.equal('李四');

    // the office's next step is in its inbox
    await nav.getByRole('link', { name: '待办事项' }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByText('投诉分流').first().waitFor({ timeout: 20_000 });
    await screenshot(page, 'complaint-office-inbox');
  });

  it('should let the complaint office re-issue the code of a complainant locked out of /lookup: the old code stops working, the one sent to the complainant opens the complaint', async () => {
    const { complaintNumber, code: oldCode } = await fileOnline();
    const recipient = `complaint:${complaintNumber}`;
    const codesSent = async () => (await h.store.outbox.forRecipient(recipient, 'inapp')).flatMap((m) => /查询码：(\d{6})/.exec(m.body)?.[1] ?? []);

    // five wrong codes lock the complaint's look-ups, even with the right code
    const lookup = await open('/lookup');
    const wrong = ['000001', '000002', '000003', '000004', '000005', '000006'].filter((c) => c !== oldCode).slice(0, 5);
    for (const code of wrong) await lookUpOn(lookup, complaintNumber, code);
    await lookUpOn(lookup, complaintNumber, oldCode);
    expect(await lookup.locator('.lookup-result').innerText()).to.contain('查询码连续输错次数过多').and.contain('投诉处');

    // the complaint office opens the complaint's task in its inbox
    const officeContext = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    const office = await officeContext.newPage();
    collectProblems(office, problems, '/inbox');
    await office.goto(`${h.web.url}/inbox`);
    await logInOnPage(office, 'complaints');
    const row = office.locator(`tr[data-case-number="${complaintNumber}"]`).filter({ hasText: '投诉分流' });
    await row.waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: '办理' }).click();
    await office.locator('.task-header h1', { hasText: '投诉分流' }).waitFor();
    const reissue = office.getByRole('button', { name: '重新发放查询码' });

    // asked first; cancelling issues nothing
    const questions: string[] = [];
    office.once('dialog', (d) => {
      questions.push(d.message());
      void d.dismiss();
    });
    await reissue.click();
    expect(questions).to.have.length(1);
    expect(questions[0]).to.contain(complaintNumber).and.contain('原查询码将立即失效');

    office.once('dialog', (d) => void d.accept());
    await reissue.click();
    const issued = office.locator('.cf-code-messages .sh-message-success');
    await issued.waitFor();
    const told = await issued.innerText();
    expect(told).to.match(/^新查询码：\d{6}。/).and.contain('原查询码已失效').and.contain('已通过站内消息发给投诉人');
    await screenshot(office, 'complaint-code-reissued');
    await officeContext.close();

    // the complainant: the old code opens nothing, the code sent to them opens the complaint
    await lookUpOn(lookup, complaintNumber, oldCode);
    expect(await lookup.locator('.lookup-result').innerText()).to.contain('未找到该投诉');
    const sent = await codesSent();
    expect(sent, 'the code at filing and one re-issue (the cancelled one sent nothing)').to.have.length(2);
    const newCode = sent.find((c) => c !== oldCode)!;
    expect(told).to.contain(`新查询码：${newCode}。`);
    await lookUpOn(lookup, complaintNumber, newCode);
    const found = lookup.locator('.lookup-complaint');
    await found.waitFor();
    expect(await found.innerText()).to.contain(`投诉 ${complaintNumber}`);
    await screenshot(lookup, 'complaint-lookup-after-reissue');
  });

  it('should refuse the registration page to staff outside the complaint office', async () => {
    const clerk = await h.web.as('mz-clerk-a');
    const res = await fetch(`${h.web.url}/complaints/new`, { headers: { cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') }, redirect: 'manual' });

    expect(res.status).to.equal(403);
    expect(await res.text()).to.contain('投诉登记');
    const anonymous = await fetch(`${h.web.url}/complaints/new`, { redirect: 'manual' });
    expect(anonymous.status).to.equal(302);
    expect(anonymous.headers.get('location')).to.equal('/login?next=%2Fcomplaints%2Fnew');
  });
});
