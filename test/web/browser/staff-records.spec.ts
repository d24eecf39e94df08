import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { logInOnPage, openClerkPage, screenshot, useBrowser, type ClerkPage } from '../../support/browser.js';
import { completeTask, MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../../support/inbox.js';

/** 社会团体成立登记 (MZ-002), a promised item of 民政局, with the labels its material forms show. */
const APPLICATION = '社会团体法人登记申请表';
const CHARTER = '经会员大会通过的章程';
const CAPITAL = '验资报告及住所使用权证明';

/**
 * Staff records and the window head in a real browser (Debian chromium) against the whole system:
 * the head hands a window task to a clerk, a completed task shows what was submitted, and the case
 * file names the person behind every event.
 */
describe('web/browser staff records and the window head', function () {
  this.timeout(240_000);
  const browser = useBrowser();
  let h: InboxHarness;

  before(async () => {
    h = await startInboxHarness();
  });
  after(async () => {
    await h?.stop();
  });

  const open = (): Promise<ClerkPage> => openClerkPage(browser(), h.now());

  async function logIn(page: Page, username: string, path: string): Promise<void> {
    await page.goto(`${h.url}${path}`);
    await logInOnPage(page, username);
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
  }

  const incomplete = {
    verifiedMaterials: MZ_002_MATERIALS.filter((c) => c !== 'capital-proof' && c !== 'charter'),
    materialsComplete: false,
    missing: [
      { code: 'capital-proof', reason: '未提交验资报告' },
      { code: 'charter', reason: '章程未经会员大会通过' },
    ],
    fixedOnSpot: '',
  };

  /** a 民政局 case whose material check 王芳 completed with two materials missing, and whose notice she confirmed */
  async function caseWithNotice(): Promise<{ caseNumber: string; check: string; confirm: string }> {
    const { processInstanceKey, caseNumber } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const clerk = await h.as('mz-clerk-a');
    const check = await h.storeTask('materialCheck', processInstanceKey);
    await completeTask(clerk, check.userTaskKey, incomplete);
    const confirm = await h.caseTask('confirmNotice', caseNumber);
    await completeTask(clerk, confirm.userTaskKey, { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    await h.until('the supplement notice', async () => (await h.store.cases.events(theCase.id)).some((e) => e.kind === 'notice-issued'));
    return { caseNumber, check: check.userTaskKey, confirm: confirm.userTaskKey };
  }

  it('should let the window head (mz-head) see the window’s task and assign it to a present clerk from the picker', async () => {
    const { processInstanceKey, caseNumber } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const task = await h.storeTask('materialCheck', processInstanceKey);
    const { page, dialogs, errors } = await open();
    await logIn(page, 'mz-head', '/inbox?view=window');

    const row = page.locator(`tr[data-case-number="${caseNumber}"]`);
    await row.waitFor();
    expect(await page.getByRole('tab', { name: '本窗口全部任务' }).getAttribute('aria-selected')).to.equal('true');
    await row.getByRole('button', { name: '查看' }).click();
    await page.waitForURL(/\/inbox\?task=\d+/);
    await page.locator('.sh-message-info', { hasText: '您是本部门窗口负责人' }).waitFor();

    const picker = page.getByLabel('指派给');
    await picker.locator('option', { hasText: '李强' }).waitFor({ state: 'attached' });
    const options = await picker.locator('option').allTextContents();
    expect(options.find((o) => o.startsWith('王芳'))).to.include('A岗').and.include('当前领取人');
    expect(options.find((o) => o.startsWith('李强'))).to.include('B岗');
    await picker.selectOption({ label: options.find((o) => o.startsWith('李强'))! });
    await page.getByRole('button', { name: '指派', exact: true }).click();
    await page.locator('.sh-message-success', { hasText: '已指派给李强' }).waitFor();
    await page.locator('.task-fact', { hasText: '办理人' }).filter({ hasText: '李强' }).waitFor();
    await screenshot(page, 'head-assign');

    expect((await h.store.tasks.get(task.userTaskKey))!.assignee).to.equal('mz-clerk-b');
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('should show a completed task’s form read-only with what was submitted, who completed it and when', async () => {
    const { check } = await caseWithNotice();
    const { page, errors } = await open();
    await logIn(page, 'mz-clerk-a', `/inbox?task=${check}`);
    await page.locator('#task-form .fjs-form').waitFor();

    await page.locator('.sh-message-info', { hasText: '该任务已由王芳于' }).waitFor();
    expect(await page.locator('.task-fact', { hasText: '办结人' }).textContent()).to.include('王芳');
    expect(await page.locator('#task-form').textContent()).to.not.include('此任务没有表单');
    // the checklist shows every material by name, the verified ones ticked, nothing editable
    const application = page.getByLabel(APPLICATION, { exact: false });
    expect(await application.isChecked()).to.equal(true);
    expect(await application.isEditable()).to.equal(false);
    expect(await page.getByLabel(CHARTER, { exact: false }).first().isChecked()).to.equal(false);
    // the rows of the one-time notice show the materials' names and the reasons
    const form = (await page.locator('#task-form').innerText()).replace(/\s+/g, ' ');
    expect(form).to.include(CAPITAL);
    const reasons = await page.getByLabel('需补正的内容', { exact: false }).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(reasons).to.deep.equal(['未提交验资报告', '章程未经会员大会通过']);
    expect(await page.locator('.task-submit').isVisible()).to.equal(false);
    // and the case file's materials are the ones checked
    expect(await page.locator('tr[data-material="charter"]').innerText()).to.include('未核验').and.include('章程未经会员大会通过');
    await screenshot(page, 'task-completed');
    expect(errors).to.deep.equal([]);
  });

  it('should name in the case file the person behind each event, or the system job and what set it going', async () => {
    const { confirm } = await caseWithNotice();
    const { page, errors } = await open();
    await logIn(page, 'supervisor', `/inbox?task=${confirm}`);
    const timeline = page.locator('.cf-timeline li');
    await timeline.first().waitFor();

    const lines = await timeline.allInnerTexts();
    const notice = lines.find((l) => l.includes('出具文书') && l.includes('补齐'));
    expect(notice, lines.join('\n')).to.include('系统（出具文书） · 依 王芳 的「确认一次性告知清单」');
    const stage = lines.find((l) => l.includes('补齐材料中'));
    expect(stage).to.include('依 王芳 的「确认一次性告知清单」');
    // no event goes unattributed once a clerk has acted
    for (const line of lines.filter((l) => !l.includes('办件登记') && !l.includes('收取材料'))) expect(line).to.match(/依 王芳|因 /);
    await screenshot(page, 'case-file-people');
    expect(errors).to.deep.equal([]);
  });
});
