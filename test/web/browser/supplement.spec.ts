import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { caseOf } from '../../support/case-flow.js';
import { collectProblems, logInOnPage, screenshot, useBrowser } from '../../support/browser.js';
import { caseAwaitingSupplement, PDF, type WaitingCase } from '../../support/supplement-flow.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * The supplement loop and the notices in chromium against the whole system: the applicant answers
 * the one-time notice on /lookup with an upload and prints a notice; a window clerk records
 * materials handed in from the case file; staff open a notice print-ready in one click.
 */

// Monday 2 November 2026, 10:00 China time
const START = '2026-11-02T02:00:00Z';

describe('web/browser supplements and notices', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let waiting: WaitingCase;
  let context: BrowserContext;
  let problems: string[];

  beforeEach(async () => {
    h = await startWebSystem({ start: START });
    waiting = await caseAwaitingSupplement(h);
    context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 900 } });
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

  async function lookUp(page: Page): Promise<void> {
    await page.getByLabel('办件编号 / 投诉编号').fill(waiting.caseNumber);
    await page.getByLabel('查询码').fill(waiting.code);
    await page.getByRole('button', { name: '查询' }).click();
  }

  it('should let the applicant answer the one-time notice on /lookup with a PDF, once, and the case goes back to the material check', async () => {
    const page = await open('/lookup');
    await lookUp(page);
    const section = page.getByRole('region', { name: '补正材料' });
    await section.waitFor();
    // exactly what the notice asked for: its number, validity, each material with its reason
    const [notice] = await h.store.notices.listForCase((await caseOf(h, waiting.caseNumber)).id);
    expect(await section.locator('.supplement-notice-number').textContent()).to.equal(notice.number);
    expect(await section.locator('.supplement-valid-until').textContent()).to.equal('2026-11-16 17:30');
    expect(await section.textContent()).to.include('未提交业务主管单位的批准文件').and.include('未提交发起人会议纪要').and.include('单个文件不超过 10 MB');

    await page.getByLabel('业务主管单位审查同意的文件的补正说明').fill('已补正，附业务主管单位批复');
    await page.getByLabel('业务主管单位审查同意的文件的文件').setInputFiles({ name: '业务主管单位批复.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByLabel('会员大会（会员代表大会）会议纪要及选举结果的补正说明').fill('会议纪要见附件一并提交');
    await screenshot(page, 'lookup-supplement-form');
    await page.getByRole('button', { name: '提交补正材料' }).click();

    // the page looks the case up again: resumed, back at the material check, the supplement shown
    await page.getByText(/已于 .* 网上补正，办件已恢复办理/).waitFor();
    await page.locator('.lookup-stage', { hasText: '材料已补齐，审查中' }).waitFor();
    expect(await page.locator('.lookup-supplement').textContent()).to.include('业务主管单位批复.pdf');
    expect(await page.getByRole('button', { name: '提交补正材料' }).count()).to.equal(0);
    await screenshot(page, 'lookup-supplement-done');
    await h.task('materialCheck', { processInstanceKey: waiting.key });
    const files = await h.store.supplements.files((await h.store.supplements.listForCase((await caseOf(h, waiting.caseNumber)).id)).map((s) => s.id));
    expect(files.map((f) => [f.fileName, f.contentType, f.scanStatus])).to.deep.equal([['业务主管单位批复.pdf', 'application/pdf', 'unscanned']]);
  });

  it('should open a notice from /lookup as an A4 page with a print button, the notice alone on paper', async () => {
    const page = await open('/lookup');
    await lookUp(page);
    const [notice] = await h.store.notices.listForCase((await caseOf(h, waiting.caseNumber)).id);
    await page.getByRole('button', { name: `查看并打印补齐申请材料通知书（${notice.number}）` }).click();
    const view = page.getByRole('dialog', { name: '补齐申请材料通知书' });
    await view.waitFor();
    expect(await view.locator('article.notice').textContent()).to.include('未提交发起人会议纪要').and.include(notice.number).and.include('县书法家协会');
    // the code is in no address the page used
    expect(page.url()).to.not.include(waiting.code);
    await screenshot(page, 'lookup-notice-print');

    // 打印 prints; on paper only the notice, without the page around it or the toolbar
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await view.getByRole('button', { name: '打印', exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).to.equal(1);
    // shown in the page's place, so on paper only the notice, without the toolbar
    expect(await page.locator('.pub-header').isVisible()).to.equal(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.notice-print-toolbar').isVisible()).to.equal(false);
    expect(await page.locator('.notice-paper').isVisible()).to.equal(true);
    await page.emulateMedia({ media: 'screen' });

    // on an applicant's 390 px phone the sheet fits the screen: no sideways scrolling, the text wraps
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth), 'page width').to.be.at.most(390);
    const sheet = await view.locator('article.notice').boundingBox();
    expect(sheet?.x).to.be.at.least(0);
    expect((sheet?.x ?? 0) + (sheet?.width ?? Infinity)).to.be.at.most(390);
    expect(await view.locator('.notice-paper').evaluate((e) => e.scrollWidth <= e.clientWidth + 1), 'notice scrolled sideways').to.equal(true);
    await screenshot(page, 'lookup-notice-print-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    await view.getByRole('button', { name: '返回' }).click();
    expect(await view.count()).to.equal(0);
    expect(await page.locator('.pub-header').isVisible()).to.equal(true);
  });

  it('should let a window clerk record the materials handed in from the case file, and open a notice print-ready in one click', async () => {
    const page = await open('/inbox');
    await logInOnPage(page, 'mz-clerk-a');
    await page.getByLabel('查办件').fill(waiting.caseNumber);
    await page.getByRole('button', { name: '打开案卷' }).click();
    const record = page.getByRole('form', { name: '登记补正材料' });
    await record.waitFor();
    await page.getByLabel('会员大会（会员代表大会）会议纪要及选举结果的收取形式').selectOption('original-and-copy');
    await screenshot(page, 'case-file-window-supplement');
    await page.getByRole('button', { name: '材料已补齐，登记' }).click();
    await page.getByText('补正材料已登记，办件恢复办理').waitFor();
    await page.locator('.cs-supplied', { hasText: '窗口收取（王芳）' }).waitFor();
    await h.task('materialCheck', { processInstanceKey: waiting.key });

    // the notice: one click from the case file to the print-ready page
    const [notice] = await h.store.notices.listForCase((await caseOf(h, waiting.caseNumber)).id);
    const print = page.getByRole('link', { name: `打印补齐申请材料通知书（${notice.number}）` });
    expect(await print.getAttribute('href')).to.equal(`/notices/${notice.number}`);
    const [printPage] = await Promise.all([context.waitForEvent('page'), print.click()]);
    collectProblems(printPage, problems, 'notice page');
    await printPage.getByRole('button', { name: '打印' }).waitFor();
    expect(await printPage.getByRole('document').locator('article.notice').textContent()).to.include('未提交业务主管单位的批准文件');
    await screenshot(printPage, 'staff-notice-print');

    // another department's clerk gets no notice
    const other = await browser().newContext({ locale: 'zh-CN' });
    try {
      const otherPage = await other.newPage();
      await otherPage.goto(`${h.web.url}/notices/${notice.number}`);
      await logInOnPage(otherPage, 'zj-clerk-a');
      await otherPage.getByRole('heading', { name: '无法打开文书' }).waitFor();
      expect(await otherPage.getByRole('alert').textContent()).to.include('没有这份文书');
    } finally {
      await other.close();
    }
  });
});
