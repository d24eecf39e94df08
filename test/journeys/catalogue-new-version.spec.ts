import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { printedReceipt } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask } from './support/inbox-steps.js';

const ITEM = '不动产转移登记（存量房买卖）';

/**
 * 不动产转移登记 (ZRZY-001, 承诺件, 5 working days, 不动产登记费 80 元) gets a second version: 徐丽
 * (zrzy-clerk-a) registers a sale at the window; 林涛 (admin) drafts the item with 3 promised days
 * and the registration fee at 40 元 on 事项目录, while the public guide still shows 第 1 版;
 * he publishes it and the guide shows 第 2 版 with the new figures. The case registered before
 * keeps version 1: accepted afterwards, its file reads 事项版本 第 1 版 and its deadline counts 5
 * working days; a case registered now is promised in 3. Pages only.
 */
describe('journeys/catalogue new version', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  /** 收件登记 of a flat sale with every material; answers the printed receipt. */
  async function registerSale(clerk: Page, name: string, idNumber: string): Promise<{ number: string; text: string }> {
    await clerk.getByRole('link', { name: '收件登记' }).click();
    await clerk.getByLabel('查找事项').fill('不动产转移');
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByLabel('收取：不动产登记申请书').waitFor();
    await clerk.getByLabel('自然人').check();
    await clerk.getByLabel('姓名或名称').fill(name);
    await clerk.getByLabel('居民身份证号码').fill(idNumber);
    await clerk.getByLabel('联系电话').fill('13800138000');
    for (const box of await clerk.getByRole('checkbox', { name: /^收取：/ }).all()) await box.check();
    await clerk.getByRole('button', { name: '登记', exact: true }).click();
    await clerk.getByText(/登记成功：办件编号/).waitFor();
    const receipt = await printedReceipt(clerk, { root: 'article:has(.rc-case-number)', number: '.rc-case-number', code: '.rc-code', button: '打印回执' });
    await clerk.emulateMedia({ media: 'screen' });
    return receipt;
  }

  /** The item as the public guide shows it now: version line, time limit, fees. */
  async function guideItem(page: Page): Promise<{ version: string; time: string; fees: string }> {
    await page.goto('/guide');
    await page.getByLabel('关键词').fill('不动产转移');
    await page.getByRole('button', { name: '查询' }).click();
    await page.locator('.guide-item', { hasText: ITEM }).click();
    const detail = page.locator('.guide-item-detail');
    await detail.waitFor();
    return { version: await detail.locator('.guide-version').innerText(), time: await detail.locator('.guide-time').innerText(), fees: await detail.locator('.guide-fees').innerText() };
  }

  it('should publish an item’s draft as version 2 for the guide and new cases, while a case registered before keeps version 1', async () => {
    const log = new JourneyLog('catalogue-new-version');

    // a sale registered under version 1
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'zrzy-clerk-a');
    const before = await registerSale(clerk, '赵军', '110101198506150035');
    expect(before.text).to.contain('承诺 5 个工作日');
    await log.step(clerk, 'receipt-under-version-1');

    // the administrator drafts version 2
    const admin = (await personWindow(hall, DESK)).page;
    await logIn(admin, 'admin');
    await admin.getByRole('link', { name: '事项目录' }).click();
    await admin.locator('#cat-department').selectOption({ label: '县自然资源局' });
    await admin.locator('tr[data-item="ZRZY-001"]').getByRole('link', { name: '打开' }).click();
    await admin.getByText('已发布第 1 版').waitFor();
    await admin.getByLabel('承诺时限（工作日）').fill('3');
    await admin.getByLabel('收费 1 金额（元）').fill('40');
    await admin.getByRole('button', { name: '保存草稿' }).click();
    await admin.getByText('草稿已保存').waitFor();
    await log.step(admin, 'draft-saved');

    // the public still reads version 1
    const applicant = (await personWindow(hall, PHONE)).page;
    const draftTime = await guideItem(applicant);
    expect(draftTime.version).to.match(/^第 1 版/);
    expect(draftTime.time).to.contain('承诺 5 个工作日');
    expect(draftTime.fees).to.contain('80.00 元');
    await log.step(applicant, 'guide-still-version-1');

    // published
    await admin.getByRole('button', { name: '发布为第 2 版' }).click();
    await admin.getByText('已发布第 2 版').first().waitFor();
    expect(await admin.locator('#cat-history tr[data-version="2"]').innerText()).to.contain('3 个工作日').and.contain('40.00 元');
    await log.step(admin, 'published-version-2');

    const published = await guideItem(applicant);
    expect(published.version).to.match(/^第 2 版/);
    expect(published.time).to.contain('承诺 3 个工作日');
    expect(published.fees).to.contain('40.00 元');
    await log.step(applicant, 'guide-version-2');

    // the case registered before is accepted now, under its own version
    await openTask(clerk, before.number, '材料审查');
    for (const box of await clerk.locator('#task-form').getByRole('checkbox').all()) await box.check();
    await submitTask(clerk);
    await openTask(clerk, before.number, '受理');
    await clerk.getByLabel('予以受理').check();
    await submitTask(clerk);
    await clerk.getByRole('link', { name: '办件查询' }).click();
    await clerk.getByLabel('办件编号').fill(before.number);
    await clerk.getByRole('button', { name: '查询' }).click();
    await clerk.locator(`tr[data-case="${before.number}"]`).getByRole('link', { name: before.number }).click();
    const file = clerk.locator('.cf-facts');
    await file.waitFor();
    expect(await file.locator('dt:has-text("事项版本") + dd').innerText()).to.equal('第 1 版');
    // the deadline is set by a worker just after acceptance
    const deadline = clerk.locator('.cf-timeline li', { hasText: '计算时限' });
    for (let tries = 0; (await deadline.count()) === 0 && tries < 20; tries += 1) {
      await clerk.waitForTimeout(500);
      await clerk.reload();
      await file.waitFor();
    }
    expect(await deadline.first().innerText()).to.contain('5 个工作日');
    await log.step(clerk, 'case-file-keeps-version-1');

    // a sale registered now is promised in 3
    const after = await registerSale(clerk, '钱红', '110101199002280041');
    expect(after.text).to.contain('承诺 3 个工作日');
    await log.step(clerk, 'receipt-under-version-2');
  });
});
