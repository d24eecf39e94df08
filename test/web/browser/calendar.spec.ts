import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { packageYears } from '../../../domain/calendar/calendar.js';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { awaitNotices, caseOf, PERSON, startCase, type StartedCase } from '../../support/case-flow.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/** 工作日历 (/admin/calendar) in chromium: import the 2027 file, preview, see the case it moves, apply. */

// Monday 14 December 2026, 10:00 China time
const NOW = '2026-12-14T02:00:00Z';

describe('web/browser calendar', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let open: StartedCase;
  let problems: string[];
  const contexts: BrowserContext[] = [];

  before(async function () {
    if (packageYears().includes(2027)) this.skip();
    h = await startWebSystem({ start: NOW });
    const item = (await h.store.catalogue.getItem('MZ-002'))!;
    const codes = item.materials.map((m) => m.code);
    open = await startCase(h, 'promised-case', { itemCode: 'MZ-002', applicant: PERSON, materials: codes.map((code) => ({ code, provided: true })) });
    await h.complete(await h.task('materialCheck', { processInstanceKey: open.key }), { verifiedMaterials: codes, materialsComplete: true, fixedOnSpot: '' });
    await h.complete(await h.task('acceptanceDecision', { processInstanceKey: open.key }), { accepted: true });
    await awaitNotices(h, open.caseNumber, 'acceptance');
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

  async function pageOf(username: string): Promise<Page> {
    const context = await browser().newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { csrfToken } = (await (await context.request.get(`${h.web.url}/api/session`)).json()) as { csrfToken: string };
    const res = await context.request.post(`${h.web.url}/api/session`, { data: { username, password: DEMO_PASSWORD }, headers: { 'x-csrf-token': csrfToken } });
    expect(res.status()).to.equal(201);
    const page = await context.newPage();
    collectProblems(page, problems, '/admin/calendar');
    return page;
  }

  it('should refuse the page to a clerk', async () => {
    const page = await pageOf('mz-clerk-a');
    const res = await page.goto(`${h.web.url}/admin/calendar`);
    expect(res?.status()).to.equal(403);
    problems.length = 0;
  });

  it('should show a bad file line by line and keep nothing, then import, preview and apply the 2027 schedule', async () => {
    const page = await pageOf('admin');
    await page.goto(`${h.web.url}/admin/calendar`);
    await page.locator('#cal-year').selectOption('2027');
    await page.getByText('2027 年节假日安排尚未录入').waitFor();

    await page.locator('#cal-file').setInputFiles({ name: '2027.txt', mimeType: 'text/plain', buffer: Buffer.from('2027-01-01,holiday,元旦\n2027-02-08,workday,春节调休\n2027-02-30,holiday,春节\n') });
    await page.locator('#cal-preview').click();
    const alert = page.getByRole('alert');
    await alert.getByText('第 2 行：2027-02-08 是星期一').waitFor();
    expect(await alert.innerText()).to.contain('第 3 行：日期「2027-02-30」无效');
    expect(await page.locator('#cal-apply').isDisabled()).to.equal(true);
    expect(await h.store.calendar.years()).to.deep.equal([]);

    const file = ['2027-01-01,holiday,元旦', '2027-02-06,holiday,春节', '2027-02-07,holiday,春节', '2027-02-08,holiday,春节', '2027-02-20,workday,春节调休'].join('\n');
    await page.locator('#cal-file').setInputFiles({ name: '2027.txt', mimeType: 'text/plain', buffer: Buffer.from(file) });
    await page.locator('#cal-preview').click();
    const row = page.locator(`#cal-changes tr[data-case="${open.caseNumber}"]`);
    await row.waitFor();
    expect((await row.locator('td').allInnerTexts()).map((t) => t.trim())).to.deep.equal([open.caseNumber, '2027-01-11 17:30', '2027-01-12 17:30', '清除「年度安排未录入」标记']);
    expect(await page.locator('#cal-grid td[data-date="2027-01-01"]').getAttribute('class')).to.equal('cal-holiday');
    expect(await page.locator('#cal-grid td[data-date="2027-02-20"]').getAttribute('class')).to.equal('cal-workday');
    expect(await page.locator('.cal-entries tr[data-date]').count()).to.equal(5);
    await screenshot(page, 'calendar-preview');
    expect((await caseOf(h, open.caseNumber)).dueAt?.toISOString()).to.equal('2027-01-11T09:30:00.000Z');

    await page.locator('#cal-apply').click();
    await page.getByText('已应用 2027 年节假日安排，1 件办件的办结时限已重新计算').waitFor();
    expect((await page.locator(`#cal-changes tr[data-case="${open.caseNumber}"] td`).allInnerTexts())[2].trim()).to.equal('2027-01-12 17:30');
    await screenshot(page, 'calendar-applied');

    const c = await caseOf(h, open.caseNumber);
    expect(c.dueAt?.toISOString()).to.equal('2027-01-12T09:30:00.000Z');
    expect(c.calendarFlag).to.equal(null);

    // the page opened again shows the year as entered
    await page.reload();
    await page.locator('#cal-year').selectOption('2027');
    await page.getByText('2027 年节假日安排：已录入').waitFor();
  });
});
