import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 人员管理 (/admin/staff) and 设置新密码 (/change-password) in chromium, where they refuse:
 * the page for anyone but an administrator, input the API refuses (shown in its Chinese words,
 * nothing changed), and a new account's first log-in held at the password page until the user
 * picks an acceptable password. The whole way through, with AB岗, is the journey
 * test/journeys/staff-administration.spec.ts.
 */

// Monday 2 March 2026, 09:00 China time
const NOW = '2026-03-02T01:00:00Z';

describe('web/browser staff administration', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let problems: string[];
  const contexts: BrowserContext[] = [];

  before(async () => {
    h = await startWebSystem({ start: NOW });
  });
  after(async () => {
    await h?.stop();
  });
  beforeEach(() => {
    problems = [];
  });
  afterEach(async function () {
    for (const c of contexts.splice(0)) await c.close();
    if (this.currentTest?.state === 'passed') expect(problems, 'errors in the page').to.deep.equal([]);
  });

  async function newPage(): Promise<Page> {
    const context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 }, baseURL: h.web.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(NOW));
    collectProblems(page, problems);
    return page;
  }

  async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  }

  async function staffPage(): Promise<Page> {
    const page = await newPage();
    await logIn(page, 'admin');
    await page.getByRole('link', { name: '人员管理' }).click();
    await page.locator('tr[data-username="mz-clerk-a"]').waitFor();
    return page;
  }

  /** 新建账号 for 县民政局 as a window clerk (the form's default role), submitted. */
  async function submitNewAccount(page: Page, username: string, displayName: string) {
    await page.getByRole('button', { name: '新建账号' }).click();
    const form = page.getByRole('form', { name: '新建账号' });
    await form.getByLabel('用户名').fill(username);
    await form.getByLabel('姓名').fill(displayName);
    await form.getByLabel('部门').selectOption({ label: '县民政局' });
    await form.getByRole('button', { name: '建立账号' }).click();
    return form;
  }

  const auditCount = async () => (await h.store.audit.byActor('admin')).length;

  it('should refuse the page to a clerk, and put 人员管理 beside 工作日历 in the administrator’s navigation', async () => {
    const clerk = await newPage();
    await logIn(clerk, 'mz-clerk-a');
    const refused = await clerk.goto('/admin/staff');
    expect(refused?.status()).to.equal(403);
    expect(await clerk.locator('body').innerText()).to.contain('您的角色不能使用「人员管理」页面');
    problems.length = 0;

    const admin = await staffPage();
    const nav = (await admin.locator('.sh-nav a').allInnerTexts()).map((t) => t.trim());
    expect(nav.slice(nav.indexOf('工作日历'), nav.indexOf('工作日历') + 2)).to.deep.equal(['工作日历', '人员管理']);
    const row = (await admin.locator('tr[data-username="mz-clerk-b"] td').allInnerTexts()).map((t) => t.trim());
    expect(row.slice(0, 7)).to.deep.equal(['李强', 'mz-clerk-b', '县民政局', '窗口工作人员', '县民政局受理窗口 B岗（第1顺位）', '在岗', '—']);
  });

  it('should show the API’s Chinese refusal for a taken or malformed username and a backwards absence, and change nothing', async () => {
    const page = await staffPage();
    const accounts = (await h.store.users.list({})).length;
    const audited = await auditCount();

    const form = await submitNewAccount(page, 'mz-clerk-a', '重名');
    await form.getByRole('alert').getByText('用户名 mz-clerk-a 已被占用').waitFor();

    await form.getByLabel('用户名').fill('Wang Fang');
    await form.getByLabel('窗口工作人员').uncheck();
    await form.getByRole('button', { name: '建立账号' }).click();
    await form.getByRole('alert').getByText('用户名 格式不正确；角色 不能为空', { exact: true }).waitFor();
    await screenshot(page, 'staff-create-refused');
    expect(await page.locator('#staff-secret').isHidden()).to.equal(true);

    await page.getByRole('button', { name: '管理 王芳' }).click();
    const detail = page.getByRole('region', { name: '人员详情' });
    await detail.getByLabel('开始日期').fill('2026-03-05');
    await detail.getByLabel('结束日期').fill('2026-03-04');
    await detail.getByRole('button', { name: '登记' }).click();
    await detail.getByRole('alert').getByText('结束日期不能早于开始日期').waitFor();
    expect(await detail.locator('#staff-handover').innerText()).to.equal('');

    expect((await h.store.users.list({})).length).to.equal(accounts);
    expect((await h.store.users.get('mz-clerk-a'))?.displayName).to.equal('王芳');
    expect(await h.store.staff.absencesOf('mz-clerk-a', new Date(0))).to.deep.equal([]);
    expect(await auditCount()).to.equal(audited);
  });

  it('should hold a new account at 设置新密码 after log-in, whatever page it asks for, until its password is acceptable', async () => {
    const page = await staffPage();
    await submitNewAccount(page, 'mz-temp', '钱敏');
    const password = (await page.locator('#one-time-password').innerText()).trim();
    expect(password).to.match(/^[A-Za-z2-9]{12}$/);
    const row = page.locator('tr[data-username="mz-temp"]');
    expect(await row.locator('.staff-status').innerText()).to.contain('待设置新密码');

    const clerk = await newPage();
    await clerk.goto('/login?next=%2Fcases');
    await clerk.getByLabel('用户名').fill('mz-temp');
    await clerk.getByLabel('密码').fill(password);
    await clerk.getByRole('button', { name: '登录' }).click();
    await clerk.waitForURL((url) => url.pathname === '/change-password' && url.searchParams.get('next') === '/cases');
    // another page asked for directly is not opened either
    await clerk.goto('/inbox');
    await clerk.waitForURL((url) => url.pathname === '/change-password' && url.searchParams.get('next') === '/inbox');

    await clerk.getByLabel('临时密码').fill(password);
    await clerk.getByLabel('新密码', { exact: true }).fill('Qianmin2026');
    await clerk.getByLabel('再次输入新密码').fill('Qianmin2027');
    await clerk.getByRole('button', { name: '设置新密码' }).click();
    await clerk.getByRole('alert').getByText('两次输入的新密码不一致').waitFor();

    await clerk.getByLabel('新密码', { exact: true }).fill('short1');
    await clerk.getByLabel('再次输入新密码').fill('short1');
    await clerk.getByRole('button', { name: '设置新密码' }).click();
    await clerk.getByRole('alert').getByText('新密码至少 8 位').waitFor();

    await clerk.getByLabel('临时密码').fill('Wrong-2026');
    await clerk.getByLabel('新密码', { exact: true }).fill('Qianmin2026');
    await clerk.getByLabel('再次输入新密码').fill('Qianmin2026');
    await clerk.getByRole('button', { name: '设置新密码' }).click();
    await clerk.getByRole('alert').getByText('当前密码不正确').waitFor();
    await screenshot(clerk, 'change-password-refused');
    expect((await h.store.users.get('mz-temp'))?.mustChangePassword).to.equal(true);
    expect(new URL(clerk.url()).pathname).to.equal('/change-password');
  });
});
