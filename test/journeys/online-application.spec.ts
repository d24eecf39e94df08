import { expect } from 'chai';
import { lookUp, printedReceipt } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask } from './support/inbox-steps.js';

/**
 * 网上申报: an applicant finds 社会团体成立登记 (MZ-002) on /guide on a phone, applies online,
 * prints the receipt, and finds the case on /lookup with the printed code; 王芳 finds its material
 * check in the window's inbox. Pages only.
 */
describe('journeys/online application', function () {
  this.timeout(180_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  it('should take an applicant from the service guide through the online application to a printed receipt whose code finds the case', async () => {
    const log = new JourneyLog('online-application');
    const applicant = (await personWindow(hall, PHONE)).page;
    await applicant.goto('/guide');
    await applicant.getByLabel('关键词').fill('社会团体');
    await applicant.getByRole('button', { name: '查询' }).click();
    await applicant.locator('.guide-item', { hasText: '社会团体成立登记' }).click();
    await log.step(applicant, 'guide-item');
    await applicant.getByRole('link', { name: '网上申报' }).click();
    await applicant.waitForURL(/\/apply\?item=MZ-002$/);
    await applicant.getByRole('heading', { name: '网上申报：社会团体成立登记' }).waitFor();
    await applicant.getByLabel('自然人').check();
    await applicant.getByLabel('申请人姓名（名称）').fill('李华');
    await applicant.getByLabel('居民身份证号码').fill('11010519491231002X');
    await applicant.getByLabel('联系电话').fill('13912345678');
    for (const box of await applicant.getByRole('checkbox', { name: '已备齐', exact: true }).all()) await box.check();
    await log.step(applicant, 'application-form');
    await applicant.getByRole('button', { name: '提交申报' }).click();
    await applicant.getByRole('heading', { name: '申报已提交' }).waitFor();
    const receipt = await printedReceipt(applicant, { root: 'article:has(.rc-case-number)', number: '.rc-case-number', code: '.rc-code', button: '打印回执' });
    await log.step(applicant, 'receipt-printed');
    await applicant.emulateMedia({ media: 'screen' });
    expect(receipt.text).to.contain('网上申报');

    await lookUp(applicant, receipt.number, receipt.code);
    await applicant.locator('.lookup-case [data-status]').waitFor();
    expect(await applicant.locator('.lookup-case').innerText()).to.contain('社会团体成立登记');
    await log.step(applicant, 'lookup');

    // the window takes it up
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'mz-clerk-a');
    await openTask(clerk, receipt.number, '材料审查');
    await log.step(clerk, 'material-check-in-inbox');
  });
});
