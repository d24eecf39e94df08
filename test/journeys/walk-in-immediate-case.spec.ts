import { expect } from 'chai';
import { lookUpUntil, printedReceipt, printNoticeFromLookup } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask } from './support/inbox-steps.js';

/**
 * 内地居民结婚登记 (MZ-001, 即办件) from the window counter to the applicant's rating: 王芳
 * (mz-clerk-a, from an empty inbox) registers a walk-in couple, prints the 收件回执, checks the
 * materials, accepts and handles the case on the spot; the applicant, at home on a phone, looks the
 * case up with the number and code printed on the receipt, prints the 办结通知书 and rates the
 * service. Pages only, on a hall started as `npm start` on empty data.
 */
describe('journeys/walk-in immediate case', function () {
  this.timeout(180_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  it('should take a walk-in applicant from registration at the window to the completion notice and a rating with the code from the printed receipt', async () => {
    const log = new JourneyLog('walk-in-immediate-case');
    const clerk = (await personWindow(hall, DESK)).page;

    // the clerk starts the shift at an empty inbox
    await logIn(clerk, 'mz-clerk-a');
    await clerk.getByText('暂无待办任务').waitFor();
    await log.step(clerk, 'clerk-empty-inbox');

    // 收件登记: the item, the applicant, the materials received
    await clerk.getByRole('link', { name: '收件登记' }).click();
    await clerk.waitForURL(/\/register$/);
    await clerk.getByLabel('查找事项').fill('结婚登记');
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByLabel('收取：男女双方本人有效居民身份证').waitFor();
    expect(await clerk.getByLabel('办理事项', { exact: true }).inputValue()).to.equal('MZ-001');
    await clerk.getByLabel('自然人').check();
    await clerk.getByLabel('姓名或名称').fill('张明');
    await clerk.getByLabel('居民身份证号码').fill('110101199003070011');
    await clerk.getByLabel('联系电话').fill('13800138000');
    for (const box of await clerk.getByRole('checkbox', { name: /^收取：/ }).all()) await box.check();
    await log.step(clerk, 'registration-form');
    await clerk.getByRole('button', { name: '登记', exact: true }).click();
    await clerk.getByText(/登记成功：办件编号/).waitFor();
    await log.step(clerk, 'registered-receipt-on-screen');

    // the receipt goes to the printer and into the applicant's hands
    const receipt = await printedReceipt(clerk, { root: '[aria-label="收件回执"], article:has(.rc-case-number)', number: '.rc-case-number', code: '.rc-code', button: '打印回执' });
    await log.step(clerk, 'receipt-printed');
    await clerk.emulateMedia({ media: 'screen' });
    expect(receipt.code).to.match(/^\d{6}$/);
    for (const text of ['内地居民结婚登记', '县民政局', '/lookup']) expect(receipt.text).to.contain(text);
    const caseNumber = receipt.number;

    // the first task is in the inbox at once; material check, acceptance, handling on the spot
    await clerk.getByRole('link', { name: '到待办事项办理' }).click();
    await openTask(clerk, caseNumber, '材料审查');
    await log.step(clerk, 'material-check');
    for (const box of await clerk.locator('#task-form').getByRole('checkbox').all()) await box.check();
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '受理');
    await clerk.getByLabel('予以受理').check();
    await log.step(clerk, 'acceptance-decision');
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '当场办理');
    await clerk.getByLabel('准予').check();
    await clerk.getByLabel('办理意见').fill('材料齐全，符合法定条件，准予登记');
    await log.step(clerk, 'handled-on-the-spot');
    await submitTask(clerk);
    await log.step(clerk, 'inbox-after-last-step');

    // the applicant, at home, with the receipt
    const applicant = (await personWindow(hall, PHONE)).page;
    await lookUpUntil(applicant, caseNumber, receipt.code, '已办结');
    await log.step(applicant, 'applicant-lookup-completed');

    // the completion notice, print-ready
    await printNoticeFromLookup(applicant, '办结通知书', caseNumber, () => log.step(applicant, 'completion-notice'));

    // and rates the service, once
    const rating = applicant.locator('.lookup-rating');
    await rating.getByLabel('满意', { exact: true }).check();
    await rating.getByLabel('意见或建议').fill('一次办好，窗口服务很耐心。');
    await rating.getByRole('button', { name: '提交评价' }).click();
    await rating.getByText('感谢您的评价').waitFor();
    await log.step(applicant, 'rated');
  });
});
