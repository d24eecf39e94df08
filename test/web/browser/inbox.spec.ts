import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { logInOnPage, openClerkPage, screenshot, useBrowser, type ClerkPage } from '../../support/browser.js';
import { startInboxHarness, type InboxHarness } from '../../support/inbox.js';

/** 内地居民结婚登记 (MZ-001), an immediate item of 民政局: its tasks go to 王芳 (mz-clerk-a). */
const MZ_001 = [
  { code: 'id-card', label: '男女双方本人有效居民身份证' },
  { code: 'declaration', label: '申请结婚登记声明书' },
  { code: 'photo', label: '双方近期2寸半身免冠合影照片' },
];

/**
 * The clerk inbox in a real browser (Debian chromium) against the whole system: the engine with
 * every diagram and form, the workers, the store and the web app on one pinned clock. Everything
 * the clerk does goes through the pages — clicks and typing in the form-js forms.
 */
describe('web/browser inbox (clerk pages)', function () {
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

  async function logIn(page: Page, username: string, path = '/inbox'): Promise<void> {
    await page.goto(`${h.url}${path}`);
    await logInOnPage(page, username);
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
  }

  const row = (page: Page, caseNumber: string) => page.locator(`tr[data-case-number="${caseNumber}"]`);

  /** opens the case's open task from the list and waits for its form */
  async function openTask(page: Page, caseNumber: string, taskName: string): Promise<void> {
    const r = row(page, caseNumber).filter({ hasText: taskName });
    await r.waitFor();
    await r.getByRole('button', { name: '办理' }).click();
    await page.waitForURL(/\/inbox\?task=\d+/);
    await page.locator('.task-header h1', { hasText: taskName }).waitFor();
    await page.locator('#task-form .fjs-form').waitFor();
  }

  async function submitAndReturn(page: Page): Promise<void> {
    await page.click('.task-submit');
    await page.waitForURL((url) => url.pathname === '/inbox' && !url.searchParams.has('task'));
    await page.locator('.sh-message-success', { hasText: '已办结' }).waitFor();
  }

  async function codeSentTo(recipient: string): Promise<string> {
    return h.until(`the code sent to ${recipient}`, async () => {
      const receipt = (await h.store.outbox.forRecipient(recipient, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
      return receipt && /查询码：(\d{6})/.exec(receipt.body)![1];
    });
  }

  it('should take an immediate case from the material check through the one-time notice and the supplement to completion, all in the pages', async () => {
    const { page, dialogs, errors } = await open();

    // not logged in: the inbox sends the browser to log in, and back afterwards
    await page.goto(`${h.url}/inbox`);
    await page.waitForURL(/\/login\?next=%2Finbox$/);
    expect(await page.locator('h1').textContent()).to.equal('工作人员登录');
    await page.fill('#username', 'mz-clerk-a');
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    const refusal = page.locator('.login-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).to.match(/用户名或密码/);
    await screenshot(page, 'login');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/inbox');
    await page.locator('.sh-user-name', { hasText: '王芳' }).waitFor();
    await page.locator('.sh-user-dept', { hasText: '县民政局' }).waitFor();
    await page.locator('.inbox-live', { hasText: '实时更新' }).waitFor();

    // an applicant at the window, without the photos: the material check arrives without a reload
    await page.evaluate(() => ((window as unknown as { marker: string }).marker = 'still the same page'));
    const { caseNumber, processInstanceKey } = await h.startCase(
      'immediate-case',
      'MZ-001',
      MZ_001.map((m) => ({ code: m.code, provided: m.code !== 'photo' })),
    );
    await row(page, caseNumber).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).to.equal('still the same page');
    expect(await row(page, caseNumber).textContent()).to.include('材料审查').and.include('张三').and.include('110101********1234');
    await h.storeTask('materialCheck', processInstanceKey);
    await screenshot(page, 'inbox');

    // the material check: two materials verified, the photos missing
    await openTask(page, caseNumber, '材料审查');
    const caseFile = page.locator('.case-file');
    expect(await caseFile.locator('[data-material="photo"]').textContent()).to.include('未提交');
    await page.getByLabel(MZ_001[0].label, { exact: false }).check();
    await page.getByLabel(MZ_001[1].label, { exact: false }).check();
    await page.getByLabel('当场更正记录').fill('声明书日期笔误，已当场更正');

    // the draft is saved as the clerk types, and is there again after a reload
    await page.locator('.task-draft-status', { hasText: '草稿已自动保存' }).waitFor();
    await page.reload();
    await page.locator('#task-form .fjs-form').waitFor();
    await page.locator('.task-draft-status', { hasText: '已恢复' }).waitFor();
    expect(await page.getByLabel('当场更正记录').inputValue()).to.equal('声明书日期笔误，已当场更正');
    expect(await page.getByLabel(MZ_001[0].label, { exact: false }).isChecked()).to.equal(true);

    // the form asks for the list's first row before anything is sent
    await page.click('.task-submit');
    await page.locator('.sh-message-error', { hasText: '请按红色提示更正' }).waitFor();
    expect(await page.locator('#task-form .fjs-form-field-error').first().textContent()).to.include('此项为必填项');

    // incomplete but nothing listed as missing: the API refuses it and the page names the field
    await page.getByRole('button', { name: '删除第 1 行' }).click();
    await page.click('.task-submit');
    const fieldErrors = page.locator('.task-errors');
    await fieldErrors.waitFor();
    expect(await fieldErrors.locator('li').first().getAttribute('data-field')).to.equal('variables.missing');
    expect(new URL(page.url()).searchParams.get('task')).to.not.equal(null);

    // list the photos as missing, in the form's list
    await page.getByRole('button', { name: '新增一行' }).click();
    await page.getByLabel(/^材料/).click();
    await page.locator('.fjs-dropdownlist-item', { hasText: MZ_001[2].label }).click();
    await page.getByLabel('需补正的内容', { exact: false }).fill('未提交双方合影照片3张');
    await screenshot(page, 'task-form');
    await submitAndReturn(page);

    // the one-time notice: the clerk confirms the full list before it leaves the hall
    await openTask(page, caseNumber, '确认一次性告知清单');
    expect(await page.locator('#task-form').textContent()).to.include('未提交双方合影照片3张');
    await page.getByLabel('当面送达').check();
    await page.getByLabel('已将需补正的全部内容一次性告知申请人').check();
    await submitAndReturn(page);
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    await h.until('the supplement notice', async () => (await h.store.notices.listForCase(theCase.id)).some((n) => n.kind === 'supplement'));

    // the applicant brings the photos and submits them online
    const applicant = h.client();
    await applicant.fetchCsrfToken();
    const supplied = await applicant.post('/api/public/supplements', {
      caseNumber,
      verificationCode: await codeSentTo(`case:${caseNumber}`),
      materials: MZ_001.map((m) => ({ code: m.code, provided: true })),
    });
    expect(supplied.status, JSON.stringify(supplied.body)).to.equal(202);

    // the material check again, now complete; the notice is in the case file, and opens
    await openTask(page, caseNumber, '材料审查');
    const noticeLink = caseFile.locator('.cf-notice-link', { hasText: '补齐申请材料通知书' });
    await noticeLink.waitFor();
    const notice = await page.request.get(new URL((await noticeLink.getAttribute('href'))!, h.url).toString());
    expect(notice.status()).to.equal(200);
    expect(await notice.text()).to.include('未提交双方合影照片3张');
    for (const m of MZ_001) await page.getByLabel(m.label, { exact: false }).check();
    await page.getByLabel('申请材料齐全、符合法定形式').check();
    await submitAndReturn(page);

    // accepted, and handled on the spot
    await openTask(page, caseNumber, '受理');
    await page.getByLabel('予以受理').check();
    await submitAndReturn(page);
    await openTask(page, caseNumber, '当场办理');
    await page.getByLabel('准予').check();
    await page.getByLabel('办理意见').fill('材料齐全，符合法定条件，准予登记');
    await submitAndReturn(page);

    const done = await h.until('the case completed', async () => {
      const c = await h.store.cases.getByNumber(caseNumber);
      return c?.status === 'completed' && c;
    });
    expect(done.result).to.equal('approved');
    // nothing of the case is left in the inbox
    await page.reload();
    await page.locator('.inbox-total').waitFor();
    await page.waitForFunction(() => !document.querySelector('td.sh-empty')?.textContent?.includes('正在加载'));
    expect(await row(page, caseNumber).count()).to.equal(0);
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('should show a value holding <script> or an event handler as plain text, in the list, the case file and the forms, and run nothing (XSS)', async () => {
    const name = '<script>alert("xss-name")</script>张<img src=x onerror=alert(1)>';
    const reason = '<script>alert("xss-form")</script><b>照片</b><img src=y onerror=alert(2)>';
    const { page, dialogs, errors } = await open();
    await logIn(page, 'mz-clerk-a');

    // an applicant whose name is markup, with the photos missing
    const first = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => ({ code: m.code, provided: m.code !== 'photo' })), { name, kind: 'person', idNumber: '110101199005011234', phone: '13800000000' });
    await h.storeTask('materialCheck', first.processInstanceKey);
    await row(page, first.caseNumber).waitFor({ timeout: 15_000 });
    expect(await row(page, first.caseNumber).locator('.inbox-applicant div').first().textContent()).to.equal(name);

    // the clerk types markup into the form: the reason for the missing photos
    await openTask(page, first.caseNumber, '材料审查');
    expect(await page.locator('.task-header').textContent()).to.include(name);
    await page.getByLabel(MZ_001[0].label, { exact: false }).check();
    await page.getByLabel(/^材料/).click();
    await page.locator('.fjs-dropdownlist-item', { hasText: MZ_001[2].label }).click();
    await page.getByLabel('需补正的内容', { exact: false }).fill(reason);
    await submitAndReturn(page);

    // the next form's table and the case file show it as typed
    await openTask(page, first.caseNumber, '确认一次性告知清单');
    await page.locator('#task-form .fjs-table-td', { hasText: 'xss-form' }).waitFor();
    expect(await page.locator('#task-form .fjs-table-td', { hasText: 'xss-form' }).textContent()).to.equal(reason);
    expect(await page.locator('.case-file [data-material="photo"] .cf-missing').textContent()).to.equal(reason);
    await screenshot(page, 'inbox-xss');

    // a text block of a form puts the name in with {{applicant.name}}: escaped, shown as typed
    const second = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => m.code), { name, kind: 'person', idNumber: '110101199005011234', phone: '13800000000' });
    await h.storeTask('materialCheck', second.processInstanceKey);
    await page.goto(`${h.url}/inbox`);
    await openTask(page, second.caseNumber, '材料审查');
    for (const m of MZ_001) await page.getByLabel(m.label, { exact: false }).check();
    await page.getByLabel('申请材料齐全、符合法定形式').check();
    await submitAndReturn(page);
    await openTask(page, second.caseNumber, '受理');
    const textBlock = page.locator('#task-form .fjs-form-field-text').first();
    expect(await textBlock.textContent()).to.include(`申请人：${name}`);

    // nothing ran and nothing was inserted as markup
    const injected = await page.evaluate(() => ({
      scripts: document.body.querySelectorAll('script').length,
      images: document.body.querySelectorAll('img[src="x"], img[src="y"], img[onerror]').length,
      bold: [...document.body.querySelectorAll('b')].filter((b) => b.textContent === '照片').length,
    }));
    expect(injected).to.deep.equal({ scripts: 0, images: 0, bold: 0 });
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });

  it('should filter by case number and applicant, share a saved filter with the window, hand a task back and let a colleague claim it, show the A/B cover view, a read-only form to supervision, and log out', async () => {
    const li = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => m.code), { name: '李四', kind: 'person', idNumber: '110101199101011234', phone: '13900000000' });
    const zhao = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => m.code), { name: '赵五', kind: 'person', idNumber: '110101199205021234', phone: '13700000000' });
    const liTask = await h.storeTask('materialCheck', li.processInstanceKey);
    await h.storeTask('materialCheck', zhao.processInstanceKey);

    const a = await open();
    await logIn(a.page, 'mz-clerk-a');
    await row(a.page, li.caseNumber).waitFor();
    await row(a.page, zhao.caseNumber).waitFor();

    // search by applicant, then by the case number's prefix
    await a.page.fill('#filter-applicant', '李四');
    await a.page.click('.inbox-filters button[type=submit]');
    await a.page.waitForURL(/applicant=/);
    await row(a.page, li.caseNumber).waitFor();
    await row(a.page, zhao.caseNumber).waitFor({ state: 'detached' });
    expect(await a.page.locator('.inbox-total').textContent()).to.equal('第 1–1 条，共 1 条');
    await a.page.click('.inbox-filters button[type=button]');
    await a.page.fill('#filter-caseNumber', zhao.caseNumber);
    await a.page.press('#filter-caseNumber', 'Enter');
    await row(a.page, zhao.caseNumber).waitFor();
    await row(a.page, li.caseNumber).waitFor({ state: 'detached' });

    // a filter saved on the server, for the whole window
    await a.page.click('.inbox-filters button[type=button]');
    await a.page.fill('#filter-applicant', '李四');
    await a.page.click('.inbox-filters button[type=submit]');
    await row(a.page, zhao.caseNumber).waitFor({ state: 'detached' });
    await a.page.fill('#save-filter-name', '李四的申请');
    await a.page.click('text=保存当前筛选');
    await a.page.locator('.sh-message-success', { hasText: '已保存筛选「李四的申请」' }).waitFor();

    // 王芳 hands 李四's task back to the window's queue
    await row(a.page, li.caseNumber).getByRole('button', { name: '退回' }).click();
    await a.page.locator('.sh-message-success', { hasText: '退回岗位队列' }).waitFor();
    await row(a.page, li.caseNumber).locator('text=未领取').waitFor();

    // 李强, at the same window, finds the filter and claims the task
    const b = await open();
    await logIn(b.page, 'mz-clerk-b');
    await b.page.locator('#saved-filter option', { hasText: '李四的申请' }).waitFor({ state: 'attached' });
    await b.page.selectOption('#saved-filter', { label: '李四的申请（mz-clerk-a）' });
    await b.page.waitForURL(/applicant=/);
    await row(b.page, li.caseNumber).getByRole('button', { name: '领取' }).click();
    await b.page.locator('.sh-message-success', { hasText: '已领取' }).waitFor();
    await row(b.page, li.caseNumber).locator('text=李强').waitFor();
    expect((await h.store.tasks.get(liTask.userTaskKey))!.assignee).to.equal('mz-clerk-b');

    // 王芳 falls ill: 李强 covers her post (AB岗) and takes over her task with her authority
    const absence = await h.store.staff.addAbsence({ staffId: 'mz-clerk-a', startsAt: h.now(), endsAt: new Date(h.now().getTime() + 86_400_000), reason: '病假' });
    try {
      await b.page.goto(`${h.url}/inbox`);
      await b.page.click('text=AB岗代办');
      await b.page.waitForURL(/view=cover/);
      await b.page.locator('.inbox-cover', { hasText: 'A岗：王芳' }).waitFor();
      const hers = row(b.page, zhao.caseNumber);
      await hers.getByRole('button', { name: '接办' }).click();
      await b.page.locator('.sh-message-success', { hasText: '已领取' }).waitFor();
      await b.page.goto(`${h.url}/inbox?view=cover&assignee=me`);
      await row(b.page, zhao.caseNumber).locator('text=代 王芳').waitFor();
      await screenshot(b.page, 'inbox-cover');
    } finally {
      await h.store.staff.removeAbsence(absence.id);
    }

    // supervision reads the task and its case file, but the form is read-only
    const s = await open();
    await logIn(s.page, 'supervisor', `/inbox?task=${liTask.userTaskKey}`);
    await s.page.locator('#task-form .fjs-form').waitFor();
    await s.page.locator('.sh-message-info', { hasText: '不能办理' }).waitFor();
    expect(await s.page.locator('.task-submit').isVisible()).to.equal(false);
    expect(await s.page.getByLabel('当场更正记录').evaluate((t: HTMLTextAreaElement) => t.readOnly || t.disabled)).to.equal(true);
    // log-out ends the session: the inbox asks for a log-in again
    await a.page.click('.sh-logout');
    await a.page.waitForURL((url) => url.pathname === '/login');
    await a.page.goto(`${h.url}/inbox`);
    await a.page.waitForURL(/\/login\?next=%2Finbox$/);
    for (const o of [a, b, s]) {
      expect(o.dialogs).to.deep.equal([]);
      expect(o.errors).to.deep.equal([]);
    }
  });
  it('should note a new task with a toast while another is open, and drop the note once its task is opened from the list', async () => {
    const first = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => m.code));
    await h.storeTask('materialCheck', first.processInstanceKey);
    const { page, dialogs, errors } = await open();
    await logIn(page, 'mz-clerk-a');
    await openTask(page, first.caseNumber, '材料审查');

    const next = await h.startCase('immediate-case', 'MZ-001', MZ_001.map((m) => m.code));
    const toast = page.locator('.inbox-toast', { hasText: next.caseNumber });
    await toast.waitFor({ timeout: 15_000 });
    expect(await toast.textContent()).to.include('新任务：材料审查');
    await screenshot(page, 'inbox-toast');

    // back to the list and into the new task by its row, not by the note: the note is no longer news
    await page.goBack();
    await openTask(page, next.caseNumber, '材料审查');
    expect(await page.locator('.inbox-toast').count()).to.equal(0);
    expect(dialogs).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
