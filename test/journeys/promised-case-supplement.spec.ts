import { expect } from 'chai';
import { lookUp, lookUpUntil, printedReceipt, printNoticeFromLookup } from './support/applicant-steps.js';
import { DESK, JourneyLog, logIn, personWindow, PHONE, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask } from './support/inbox-steps.js';

/** A one-page PDF, as a phone's scanner app makes it. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const MISSING = '验资报告及住所使用权证明';

/**
 * 社会团体成立登记 (MZ-002, 承诺件, 20 working days) with one material missing: 王芳 registers the
 * association at the window and issues the one-time notice; the applicant supplies the missing
 * report online with an upload; the case is accepted, reviewed by 陈刚 (mz-reviewer) and approved
 * by 赵静 (mz-head); the applicant prints the completion notice from /lookup. Pages only.
 */
describe('journeys/promised case with a one-time notice', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  it('should take a promised case through the one-time notice, an online supplement with an upload, acceptance, review and approval to the completion notice printed from /lookup', async () => {
    const log = new JourneyLog('promised-case-supplement');
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'mz-clerk-a');

    // 收件登记 of an association, everything but the capital report
    await clerk.getByRole('link', { name: '收件登记' }).click();
    await clerk.getByLabel('查找事项').fill('社会团体');
    await clerk.getByRole('button', { name: '查找' }).click();
    await clerk.getByLabel('收取：社会团体法人登记申请表').waitFor();
    await clerk.getByLabel('其他组织').check();
    await clerk.getByLabel('姓名或名称').fill('县书法家协会');
    await clerk.getByLabel('统一社会信用代码').fill('51530000MJ0018001X');
    await clerk.getByLabel('联系人').fill('王五');
    await clerk.getByLabel('联系电话').fill('13900139000');
    for (const box of await clerk.getByRole('checkbox', { name: /^收取：/ }).all()) {
      if ((await box.getAttribute('aria-label'))?.includes(MISSING) || (await clerk.locator(`label[for="${await box.getAttribute('id')}"]`).innerText()).includes(MISSING)) continue;
      await box.check();
    }
    await clerk.getByRole('button', { name: '登记', exact: true }).click();
    await clerk.getByText(/登记成功：办件编号/).waitFor();
    const receipt = await printedReceipt(clerk, { root: 'article:has(.rc-case-number)', number: '.rc-case-number', code: '.rc-code', button: '打印回执' });
    await log.step(clerk, 'receipt-printed');
    await clerk.emulateMedia({ media: 'screen' });
    expect(receipt.text).to.contain('承诺 20 个工作日');
    const caseNumber = receipt.number;

    // the material check lists the missing report, all at once
    await clerk.getByRole('link', { name: '到待办事项办理' }).click();
    await openTask(clerk, caseNumber, '材料审查');
    const form = clerk.locator('#task-form');
    for (const box of await form.getByRole('checkbox').all()) {
      const label = (await box.evaluate((node) => node.closest('label, .fjs-form-field')?.textContent ?? '')) ?? '';
      if (!label.includes(MISSING) && !label.includes('申请材料齐全')) await box.check();
    }
    // the list opens with one row to fill
    await clerk.getByLabel(/^材料/).first().click();
    await clerk.locator('.fjs-dropdownlist-item', { hasText: MISSING }).click();
    await clerk.getByLabel('需补正的内容', { exact: false }).first().fill('未提交验资报告，住所使用权证明需原件');
    await log.step(clerk, 'material-check-missing');
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '确认一次性告知清单');
    await clerk.getByLabel('当面送达').check();
    await clerk.getByLabel('已将需补正的全部内容一次性告知申请人').check();
    await log.step(clerk, 'one-time-notice');
    await submitTask(clerk);

    // the applicant supplies the report online, with the scan
    const applicant = (await personWindow(hall, PHONE)).page;
    await lookUp(applicant, caseNumber, receipt.code);
    await applicant.getByLabel(`${MISSING}的补正说明`).waitFor({ timeout: 20_000 });
    await applicant.getByLabel(`${MISSING}的补正说明`).fill('验资报告及房屋租赁合同原件扫描件');
    await applicant.getByLabel(`${MISSING}的文件`).setInputFiles({ name: '验资报告.pdf', mimeType: 'application/pdf', buffer: PDF });
    await log.step(applicant, 'applicant-supplement-form');
    await applicant.getByRole('button', { name: '提交补正材料' }).click();
    await applicant.getByText(/办件已恢复办理/).waitFor();
    await log.step(applicant, 'applicant-supplied');

    // back at the window: complete now, accepted
    await openTask(clerk, caseNumber, '材料审查');
    for (const box of await form.getByRole('checkbox').all()) await box.check();
    await log.step(clerk, 'material-check-complete');
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '受理');
    await clerk.getByLabel('予以受理').check();
    await submitTask(clerk);

    // the department's review, then the window head's approval
    const reviewer = (await personWindow(hall, DESK)).page;
    await logIn(reviewer, 'mz-reviewer');
    await openTask(reviewer, caseNumber, '部门审查');
    await reviewer.getByLabel('作出审查决定').check();
    await reviewer.getByLabel('同意', { exact: true }).check();
    await reviewer.getByLabel('审查意见').fill('符合社会团体登记条件，同意登记');
    await log.step(reviewer, 'department-review');
    await submitTask(reviewer);
    const head = (await personWindow(hall, DESK)).page;
    await logIn(head, 'mz-head');
    await openTask(head, caseNumber, '窗口负责人审批');
    await head.getByLabel('批准', { exact: true }).check();
    await head.getByLabel('审批意见').fill('同意');
    await log.step(head, 'head-approval');
    await submitTask(head);

    // the applicant finds the case completed and prints the completion notice
    await lookUpUntil(applicant, caseNumber, receipt.code, '已办结');
    await log.step(applicant, 'applicant-lookup-completed');

    // the completion notice, print-ready
    await printNoticeFromLookup(applicant, '办结通知书', caseNumber, () => log.step(applicant, 'completion-notice'));
  });
});
