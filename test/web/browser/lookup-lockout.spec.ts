import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { collectProblems, logInOnPage, openClerkPage, screenshot, useBrowser } from '../../support/browser.js';
import { registeredCaseWithCode } from '../../support/public-case.js';
import { startWebHarness, type WebHarness } from '../../support/web.js';

/**
 * The 查询码 lockout as people meet it: the applicant on /lookup told, after wrong codes, that
 * the case's look-ups are paused until when and that the window issues a new code; the clerk
 * issuing it from the case file; the applicant looking the case up with it.
 */
describe('web/browser 查询码 lockout', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebHarness;
  let problems: string[];

  beforeEach(async () => {
    h = await startWebHarness({ config: { lookupLockoutFailures: 3 } });
    await h.store.catalogue.publish(seedCatalogue(), h.now());
    problems = [];
  });
  afterEach(async function () {
    await h?.stop();
    if (this.currentTest?.state === 'passed') expect(problems, 'errors in the page').to.deep.equal([]);
  });

  async function lookUp(page: Page, number: string, code: string): Promise<void> {
    await page.getByLabel('办件编号 / 投诉编号').fill(number);
    await page.getByLabel('查询码').fill(code);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('button', { name: '查询' }).and(page.locator(':enabled')).waitFor();
  }

  it('should tell the locked-out applicant when to retry and to ask the window, whose clerk issues a new code that opens the case', async () => {
    const theCase = await registeredCaseWithCode(h.store, '246810');

    // the applicant mistypes the code three times
    const applicant = await openClerkPage(browser(), h.now());
    collectProblems(applicant.page, problems, '/lookup');
    await applicant.page.goto(`${h.url}/lookup`);
    for (const code of ['246801', '248610', '264810']) await lookUp(applicant.page, theCase.caseNumber, code);
    const told = applicant.page.locator('.pub-notice, [role=alert], .pub-error').filter({ hasText: '查询码连续输错次数过多' });
    await told.waitFor();
    expect(await told.innerText()).to.contain('请于 2026-11-26 09:15 后再试').and.contain('到办件受理窗口重新领取查询码');
    await screenshot(applicant.page, 'lookup-locked');

    // at the window the clerk opens the case file and issues a new code
    const clerk = await openClerkPage(browser(), h.now());
    collectProblems(clerk.page, problems, '/inbox?case');
    const path = `/inbox?case=${theCase.caseNumber}`;
    await clerk.page.goto(`${h.url}${path}`);
    await logInOnPage(clerk.page, 'mz-clerk-a');
    await clerk.page.getByRole('button', { name: '重新生成查询码' }).click();
    const issued = clerk.page.getByText(/^新查询码：\d{6}。请当面告知申请人/);
    await issued.waitFor();
    const code = /新查询码：(\d{6})/.exec(await issued.innerText())![1];
    await screenshot(clerk.page, 'case-file-code-reissued');

    // the applicant looks the case up with it at once
    await lookUp(applicant.page, theCase.caseNumber, code);
    await applicant.page.getByText('社会团体成立登记').first().waitFor();
    await applicant.context.close();
    await clerk.context.close();
  });
});
