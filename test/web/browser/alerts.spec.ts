import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { startCase } from '../../support/case-flow.js';
import { MZ_002_MATERIALS } from '../../support/inbox.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 提醒消息 (/alerts) in chromium: 赵静 (mz-head, 县民政局 window head) logs in with the demo
 * password and finds, from the navigation, the alerts about her window's empty post, newest
 * first, unread ones marked; she opens a case from one and marks it read. A clerk has no such
 * page, and another department's alert is unknown to her.
 */

// Monday 2 March 2026, 09:00 China time
const NOW = '2026-03-02T01:00:00Z';

describe('web/browser window head alerts', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let problems: string[];
  const contexts: BrowserContext[] = [];
  const cases: string[] = [];
  let otherDepartment: string;

  before(async () => {
    h = await startWebSystem({ start: NOW });
    // both holders of 县民政局受理窗口 away today: each new case's 材料审查 finds the post empty
    for (const staffId of ['mz-clerk-a', 'mz-clerk-b']) await h.store.staff.addAbsence({ staffId, startsAt: new Date('2026-03-01T16:00:00Z'), endsAt: new Date('2026-03-02T16:00:00Z'), reason: '请假' });
    for (const at of ['2026-03-02T01:00:00Z', '2026-03-02T02:30:00Z']) {
      await h.setTime(at);
      const { caseNumber } = await startCase(h, 'promised-case', { itemCode: 'MZ-002', materials: MZ_002_MATERIALS.map((code) => ({ code, provided: true })) });
      const theCase = (await h.store.cases.getByNumber(caseNumber))!;
      await h.until('the head alerted', async () => (await h.store.outbox.list({ caseId: theCase.id })).find((m) => m.recipient === 'group:head:MZ'));
      cases.push(caseNumber);
    }
    otherDepartment = (await h.store.outbox.enqueue({ channel: 'inapp', recipient: 'group:head:GA', subject: '岗位无人在岗：请窗口负责人调配人员', body: '县公安局受理窗口A、B岗均不在岗', idempotencyKey: 'test:ga-alert' })).id;
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

  async function logIn(username: string): Promise<Page> {
    const context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 }, baseURL: h.web.url });
    contexts.push(context);
    const page = await context.newPage();
    await page.clock.setFixedTime(h.now());
    collectProblems(page, problems);
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  it('should list the head’s alerts newest first from the navigation, open a case from one and mark it read', async () => {
    const page = await logIn('mz-head');
    await page.getByRole('link', { name: '提醒消息' }).click();
    await page.waitForURL('**/alerts');
    const items = page.locator('#alerts-list > li');
    await items.first().waitFor();
    expect(await page.locator('#alerts-summary').innerText()).to.equal('共 2 条，其中未读 2 条。');
    const texts = await items.allInnerTexts();
    // newest first: the second case's alert, 10:30, above the first's, 09:00
    expect(texts.map((t) => [t.includes(cases[1]), t.includes(cases[0])])).to.deep.equal([
      [true, false],
      [false, true],
    ]);
    expect(texts[0]).to.contain('岗位无人在岗：请窗口负责人调配人员').and.contain('未读').and.contain('2026-03-02 10:30');
    expect(await page.locator('.alerts-unread').count()).to.equal(2);
    expect(texts.join('\n')).to.not.contain('县公安局');
    await screenshot(page, 'alerts-unread');

    await items.first().getByRole('button', { name: '标为已读' }).click();
    await page.locator('#alerts-summary', { hasText: '其中未读 1 条' }).waitFor();
    expect(await items.first().innerText()).to.contain('已读');
    expect(await page.locator('.alerts-unread').count()).to.equal(1);

    await items.nth(1).getByRole('link', { name: `查看办件 ${cases[0]}` }).click();
    await page.waitForURL((url) => url.pathname === '/cases' && url.searchParams.get('number') === cases[0]);
    await page.getByText(cases[0]).first().waitFor();
  });

  it('should keep the page and its API from a clerk, and another department’s alert from the head', async () => {
    const clerk = await logIn('mz-reviewer');
    expect(await clerk.getByRole('link', { name: '提醒消息' }).count()).to.equal(0);
    const page = await clerk.request.get('/alerts');
    expect(page.status()).to.equal(403);
    expect((await clerk.request.get('/api/alerts')).status()).to.equal(403);

    const head = await logIn('mz-head');
    const session = (await (await head.request.get('/api/session')).json()) as { csrfToken: string };
    const refused = await head.request.post(`/api/alerts/${otherDepartment}/read`, { headers: { 'x-csrf-token': session.csrfToken }, data: {} });
    expect(refused.status()).to.equal(404);
    expect((await h.store.outbox.inappFor(['group:head:GA'], 'mz-head', 10))[0].readAt).to.equal(null);
  });
});
