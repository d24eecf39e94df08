import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { lookUp, printedReceipt } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask, taskRow } from './support/inbox-steps.js';

const RECEIPT = { root: '.complaint-receipt', number: '.complaint-number', code: '.receipt-code', button: '打印回执（A4）' };

async function fillComplaint(page: Page, name: string): Promise<void> {
  await page.getByLabel('姓名（名称）').fill(name);
  await page.getByLabel('联系电话').fill('13812345678');
  const ground = page.getByLabel('投诉事由（投诉处理办法第二条）');
  await ground.click();
  await ground.fill('一次性告知');
  await page.locator('.fjs-dropdownlist-item', { hasText: '未一次性告知所需材料，造成多次往返' }).click();
  await page.getByLabel('被投诉窗口').fill('县公安局（户政）');
  await page.getByLabel('投诉内容').fill('办理身份证换领时窗口先后三次要求补交不同材料，往返多次。');
  await page.getByLabel('投诉内容').blur();
}

/**
 * Complaints (投诉): one filed online on a phone, answered in writing by the complaint office and
 * read on /lookup with the code from the printed receipt; one made orally at the complaint office,
 * registered there, its receipt handed over and its state found on /lookup. Pages only.
 */
describe('journeys/complaints', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  it('should take an online complaint to a written reply the complainant reads on /lookup, and an oral one from the office counter to /lookup', async () => {
    const log = new JourneyLog('complaints');

    // online, on a phone
    const complainant = (await personWindow(hall, PHONE)).page;
    await complainant.goto('/complaint');
    await complainant.locator('#complaint-form .fjs-form').waitFor();
    await fillComplaint(complainant, '王五');
    await log.step(complainant, 'online-complaint-form');
    await complainant.getByRole('button', { name: '提交投诉' }).click();
    await complainant.locator(RECEIPT.root).waitFor();
    const online = await printedReceipt(complainant, RECEIPT);
    await log.step(complainant, 'online-receipt-printed');
    await complainant.emulateMedia({ media: 'screen' });
    expect(online.code).to.match(/^\d{6}$/);

    // the complaint office triages it and replies in writing
    const office = (await personWindow(hall, DESK)).page;
    await logIn(office, 'complaints');
    // the list names the complaint, its complainant (masked) and ground, as it names a case
    const triageRow = taskRow(office, online.number, '投诉分流');
    await triageRow.waitFor({ timeout: 20_000 });
    const rowText = await triageRow.innerText();
    expect(rowText).to.contain('王*').and.contain('投诉：不热情服务：未一次性告知所需材料，造成多次往返').and.not.contain('王五');
    await openTask(office, online.number, '投诉分流');
    expect(await office.locator('.task-facts').innerText()).to.contain(online.number).and.contain('答复期限');
    await office.getByLabel('当场答复').check();
    await office.getByLabel('分流说明').fill('情况清楚，由投诉处当场答复');
    await log.step(office, 'triage');
    await submitTask(office);
    await openTask(office, online.number, '答复投诉人');
    await office.getByLabel('书面答复').check();
    await office.getByLabel('答复内容').fill('经核查，户政窗口未一次性告知所需材料，已责令整改并向您致歉。');
    await office.getByLabel('投诉经核查属实').check();
    await log.step(office, 'written-reply');
    await submitTask(office);

    // the complainant reads the reply with the code from the receipt
    await lookUp(complainant, online.number, online.code);
    await complainant.getByText('经核查，户政窗口未一次性告知所需材料').first().waitFor({ timeout: 20_000 });
    await log.step(complainant, 'online-lookup-reply');

    // an oral complaint at the office's counter
    await office.getByRole('link', { name: '投诉登记' }).click();
    await office.waitForURL(/\/complaints\/new$/);
    await office.getByLabel('口头').check();
    await fillComplaint(office, '赵六');
    await log.step(office, 'oral-complaint-form');
    await office.getByRole('button', { name: '登记', exact: true }).click();
    await office.locator(RECEIPT.root).waitFor();
    const oral = await printedReceipt(office, RECEIPT);
    await log.step(office, 'oral-receipt-printed');
    await office.emulateMedia({ media: 'screen' });
    expect(oral.number).to.not.equal(online.number);

    // the oral complainant looks it up at home: registered, with the reply due date
    const oralComplainant = (await personWindow(hall, PHONE)).page;
    await lookUp(oralComplainant, oral.number, oral.code);
    await oralComplainant.getByText(oral.number).first().waitFor();
    await oralComplainant.getByText('已登记').first().waitFor();
    await log.step(oralComplainant, 'oral-lookup');
  });
});
