import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { verifyVerificationCode } from '../../../domain/privacy/verification-code.js';
import { collectProblems, logInOnPage, openClerkPage, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * Where cases start, in chromium against the whole system: 收件登记 at the window (/register) to
 * the printed receipt and the inbox, and 网上申报 from the service guide (/guide → /apply).
 */

// Thursday 26 November 2026, 10:00 China time
const START = '2026-11-26T02:00:00Z';

describe('web/browser intake pages', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;

  beforeEach(async () => {
    h = await startWebSystem({ start: START });
  });
  afterEach(async () => {
    await h?.stop();
  });

  /** the printed receipt's case number and code */
  async function receiptNumbers(page: Page): Promise<{ caseNumber: string; code: string }> {
    const sheet = page.getByRole('article', { name: '收件回执' });
    return { caseNumber: (await sheet.locator('.rc-case-number').textContent())!, code: (await sheet.locator('.rc-code').textContent())! };
  }

  it('should register a walk-in applicant at the window, print the receipt, and show 材料审查 in the inbox', async () => {
    const { page, context, errors } = await openClerkPage(browser(), h.now());
    try {
      await page.goto(`${h.web.url}/register`);
      await logInOnPage(page, 'mz-clerk-a');
      await page.waitForURL(/\/register$/);
      expect(await page.getByRole('link', { name: '收件登记' }).getAttribute('aria-current')).to.equal('page');

      // the item, found by name
      await page.getByLabel('查找事项').fill('社会团体');
      await page.getByRole('button', { name: '查找' }).click();
      await page.getByLabel('收取：社会团体法人登记申请表').waitFor();
      expect(await page.getByLabel('办理事项', { exact: true }).inputValue()).to.equal('MZ-002');

      // the applicant: an organisation, its credit code mistyped first
      await page.getByLabel('其他组织').check();
      await page.getByLabel('姓名或名称').fill('县书法家协会');
      await page.getByLabel('统一社会信用代码').fill('51530000MJ0018001Y');
      await page.getByLabel('联系人').fill('王五');
      await page.getByLabel('联系电话').fill('13900139000');
      await page.getByLabel('收取：社会团体法人登记申请表').check();
      await page.getByLabel('社会团体法人登记申请表 原件份数').fill('1');
      await page.getByLabel('收取：经会员大会通过的章程').check();
      await page.getByLabel('经会员大会通过的章程 复印件份数').fill('2');
      await page.getByRole('button', { name: '登记' }).click();
      await page.getByText('统一社会信用代码校验位不符，请逐位核对代码').first().waitFor();
      expect(await h.store.cases.list()).to.deep.equal([]);

      // corrected, and registered with a double click: one case
      await page.getByLabel('统一社会信用代码').fill('51530000MJ0018001X');
      await page.getByRole('button', { name: '登记' }).dblclick();
      await page.getByText(/登记成功：办件编号 SH20261126-\d{4}/).waitFor();

      const { caseNumber, code } = await receiptNumbers(page);
      const cases = await h.store.cases.list();
      expect(cases.map((c) => c.caseNumber)).to.deep.equal([caseNumber]);
      expect(await verifyVerificationCode(code, cases[0].verificationHash!)).to.equal(true);
      const sheet = page.getByRole('article', { name: '收件回执' });
      for (const text of ['社会团体成立登记', '县民政局', '一楼 B区 9号窗口', '承诺 20 个工作日', '/lookup', '县政务服务中心', '王芳']) {
        expect(await sheet.textContent(), text).to.contain(text);
      }
      await screenshot(page, 'register-receipt-a4');

      // the narrow receipt-printer layout, printed alone
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => {
          (window as unknown as { printed: number }).printed += 1;
        };
      });
      await page.getByLabel('80 毫米回执打印机').check();
      await page.getByRole('button', { name: '打印回执' }).click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).to.equal(1);
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: '打印回执' }).isVisible()).to.equal(false);
      expect(await page.locator('.sh-header').evaluate((node) => getComputedStyle(node).visibility)).to.equal('hidden');
      await screenshot(page, 'register-receipt-80mm-print');
      await page.emulateMedia({ media: 'screen' });

      // the first task is in the inbox already
      await page.getByRole('link', { name: '到待办事项办理' }).click();
      await page.waitForURL(/\/inbox/);
      await page.getByText(caseNumber).first().waitFor();
      expect(await page.getByText('材料审查').count()).to.be.greaterThan(0);
      expect(errors).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });

  it('should take an online application from the service guide to the printable receipt', async () => {
    const context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      collectProblems(page, problems);
      await page.goto(`${h.web.url}/guide#MZ-002`);
      await page.getByRole('link', { name: '网上申报' }).click();
      await page.waitForURL(/\/apply\?item=MZ-002$/);
      await page.getByRole('heading', { name: '网上申报：社会团体成立登记' }).waitFor();

      await page.getByLabel('自然人').check();
      await page.getByLabel('申请人姓名（名称）').fill('李华');
      await page.getByLabel('居民身份证号码').fill('11010519491231002X');
      await page.getByLabel('联系电话').fill('13912345678');
      await page.getByRole('checkbox', { name: '已备齐', exact: true }).first().check();
      await page.getByRole('button', { name: '提交申报' }).click();
      await page.getByRole('heading', { name: '申报已提交' }).waitFor();

      const { caseNumber, code } = await receiptNumbers(page);
      const stored = (await h.store.cases.getByNumber(caseNumber))!;
      expect(stored).to.include({ itemCode: 'MZ-002', departmentCode: 'MZ' });
      expect(await verifyVerificationCode(code, stored.verificationHash!)).to.equal(true);
      expect(await page.getByRole('article', { name: '收件回执' }).textContent()).to.contain('网上申报');
      await screenshot(page, 'apply-receipt');
      // the department's window has its first task
      const task = await h.until('材料审查 of the online case', async () => (await h.store.tasks.list({ caseId: stored.id })).find((t) => t.elementId === 'materialCheck'));
      expect(task.candidateGroups).to.deep.equal(['window:MZ']);
      expect(problems).to.deep.equal([]);
    } finally {
      await context.close();
    }
  });
});
