import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { lookUpUntil, printedReceipt } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask } from './support/inbox-steps.js';
import { registerAtWindow } from './support/register-steps.js';

/**
 * 建筑工程施工许可证核发 (ZJ-001, 联办件) from the lead window to the applicant's look-up: 黄磊
 * (zj-lead, 住建局's lead window) registers a construction company's application and prints the
 * 收件回执; 住建局's window clerk checks the materials and accepts; the reviewers of 住建局,
 * 自然资源局 and 人社局 each give their opinion in their own inbox; the consolidation comes back to
 * 黄磊, who reads the opinions side by side on the joint desk and grants the permit; the company
 * looks the case up on /lookup with the code printed on the receipt. Pages only, on a hall started
 * as `npm start` on empty data.
 */
describe('journeys/joint approval at the lead window', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  /** A department's reviewer gives an approving opinion in the inbox; answers the confirmation shown. */
  async function review(page: Page, username: string, caseNumber: string, opinion: string): Promise<string> {
    await logIn(page, username);
    await openTask(page, caseNumber, '部门审查');
    await page.getByLabel('作出审查决定').check();
    await page.getByLabel('同意', { exact: true }).check();
    await page.getByLabel('审查意见').fill(opinion);
    await submitTask(page);
    return (await page.locator('.sh-message-success').textContent()) ?? '';
  }

  it('should take a joint case from registration at the lead window through three departments’ reviews to the permit, looked up with the printed code', async () => {
    const log = new JourneyLog('joint-approval-lead-window');

    // 黄磊 at the lead window registers the company's application and prints the receipt
    const lead = (await personWindow(hall, DESK)).page;
    await logIn(lead, 'zj-lead');
    const caseNumber = await registerAtWindow(lead, {
      search: '施工许可',
      material: '建筑工程施工许可申请表',
      applicant: { kind: 'organisation', name: '县安居建筑工程有限公司', creditCode: '91530000MA6K213456', contact: '钱七', phone: '13700137000' },
    });
    await log.step(lead, 'registered-at-lead-window');
    const receipt = await printedReceipt(lead, { root: '[aria-label="收件回执"], article:has(.rc-case-number)', number: '.rc-case-number', code: '.rc-code', button: '打印回执' });
    await lead.emulateMedia({ media: 'screen' });
    expect(receipt.number).to.equal(caseNumber);
    expect(receipt.code).to.match(/^\d{6}$/);
    expect(receipt.text).to.contain('建筑工程施工许可证核发');
    await log.step(lead, 'receipt-printed');

    // 住建局's window clerk checks the materials and accepts
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'zj-clerk-a');
    await openTask(clerk, caseNumber, '审查各部门所需材料');
    for (const box of await clerk.locator('#task-form').getByRole('checkbox').all()) await box.check();
    await log.step(clerk, 'material-check');
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '受理决定');
    await clerk.getByLabel('予以受理').check();
    await log.step(clerk, 'accepted');
    await submitTask(clerk);

    // each department's reviewer answers in their own inbox; the last answer opens the consolidation
    const reviewer = (await personWindow(hall, DESK)).page;
    const answers: string[] = [];
    for (const [username, opinion] of [
      ['zj-reviewer', '施工图审查合格，同意核发'],
      ['zrzy-reviewer', '用地手续齐全，同意'],
      ['rs-reviewer', '农民工工资专户已开设，同意'],
    ]) {
      answers.push(await review(reviewer, username, caseNumber, opinion));
      await log.step(reviewer, `reviewed-${username}`);
      await reviewer.click('.sh-logout');
      await reviewer.waitForURL((url) => url.pathname === '/login');
    }
    expect(answers.at(-1)).to.contain('「牵头窗口汇总意见」');

    // back at the lead window: every opinion side by side, then the consolidation
    await lead.goto(`/joint?case=${caseNumber}`);
    for (const code of ['ZJ', 'ZRZY', 'RS']) await lead.locator(`.joint-dept[data-department="${code}"]`, { hasText: '已答复' }).waitFor();
    await log.step(lead, 'joint-desk-all-answered');
    await lead.click('.joint-consolidate');
    await lead.waitForURL(/\/inbox\?task=\d+$/);
    await lead.locator('#task-form .fjs-form').waitFor();
    expect(await lead.locator('#task-form .fjs-table').textContent()).to.include('施工图审查合格，同意核发').and.include('用地手续齐全，同意');
    await lead.getByLabel('作出综合决定').check();
    await lead.getByLabel('准予许可').check();
    await lead.getByLabel('综合意见').fill('各部门均同意，准予核发');
    await log.step(lead, 'consolidation');
    await submitTask(lead);
    expect(await lead.locator('.sh-message-success').textContent()).to.contain('整个办件已办结');
    await log.step(lead, 'case-finished');

    // the company, with the receipt, on a phone
    const applicant = (await personWindow(hall, PHONE)).page;
    await lookUpUntil(applicant, caseNumber, receipt.code, '已办结');
    await log.step(applicant, 'applicant-lookup-completed');
  });
});
