import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { CaseType } from '../../../domain/catalogue/types.js';
import type { EvaluationLevel, SupervisionKind } from '../../../domain/store/index.js';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { activateNow, activateOne } from '../../engine/rest/helpers.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 电子监察与督查统计 (/supervision) in chromium against the whole system: figures of cases seeded
 * into the store, complaints, and a real incident in the engine that the page retries.
 */

// Thursday 26 November 2026, 09:00 China time
const NOW = '2026-11-26T01:00:00Z';
/** China time (UTC+8) wall clock → instant */
const cst = (wall: string) => new Date(`${wall}+08:00`);

describe('web/browser supervision', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let overdue: string;
  let warned: string;
  let problems: string[];
  const contexts: BrowserContext[] = [];

  before(async () => {
    h = await startWebSystem({ start: NOW });

    const seed = async (c: {
      dept: 'MZ' | 'ZJ';
      accepted: string;
      completed?: string;
      onTime?: boolean;
      rating?: [EvaluationLevel, string];
      warnAt?: string;
      dueAt?: string;
      records?: SupervisionKind[];
    }) => {
      const item = c.dept === 'MZ' ? { itemCode: 'MZ-002', caseType: 'promised' as CaseType } : { itemCode: 'ZJ-001', caseType: 'joint' as CaseType };
      const created = await h.store.cases.create({
        ...item,
        departmentCode: c.dept,
        applicant: { kind: 'person', name: '张明', idNumber: null, phone: null, email: null },
        actor: 'test',
        receivedAt: cst(c.accepted),
      });
      await h.store.cases.update(created.id, {
        status: c.completed ? 'completed' : 'in_review',
        stage: c.completed ? '办结' : '部门审查',
        acceptedAt: cst(c.accepted),
        completedAt: c.completed ? cst(c.completed) : null,
        onTime: c.completed ? (c.onTime ?? true) : null,
        warnAt: c.warnAt ? cst(c.warnAt) : null,
        dueAt: c.dueAt ? cst(c.dueAt) : null,
      });
      if (c.rating) await h.store.evaluations.rate({ caseId: created.id, level: c.rating[0], at: cst(c.rating[1]) });
      for (const [i, kind] of (c.records ?? []).entries()) {
        await h.store.supervision.record({ caseId: created.id, kind, reason: kind === 'yellow-card' ? '办件超过承诺时限未办结' : '距办结期限不足 1 个工作日', idempotencyKey: `${created.id}:${i}` });
      }
      return created.caseNumber;
    };

    // 县民政局: 4 accepted in November, 2 completed (1 on time), both rated, 1 satisfied
    await seed({ dept: 'MZ', accepted: '2026-11-02T10:00:00', completed: '2026-11-10T15:00:00', rating: ['very-satisfied', '2026-11-10T16:00:00'] });
    await seed({ dept: 'MZ', accepted: '2026-11-03T10:00:00', completed: '2026-11-20T15:00:00', onTime: false, rating: ['dissatisfied', '2026-11-21T09:00:00'] });
    warned = await seed({ dept: 'MZ', accepted: '2026-11-05T10:00:00', warnAt: '2026-11-25T17:30:00', dueAt: '2026-11-27T17:30:00' });
    await seed({ dept: 'MZ', accepted: '2026-11-24T10:00:00', warnAt: '2026-12-20T17:30:00', dueAt: '2026-12-21T17:30:00' });
    // 县住房和城乡建设局: 2 accepted, 1 completed on time and rated 满意; 1 overdue with a yellow card
    await seed({ dept: 'ZJ', accepted: '2026-11-10T10:00:00', completed: '2026-11-12T10:00:00', rating: ['satisfied', '2026-11-12T11:00:00'] });
    overdue = await seed({ dept: 'ZJ', accepted: '2026-11-02T10:00:00', warnAt: '2026-11-23T17:30:00', dueAt: '2026-11-24T17:30:00', records: ['warning', 'yellow-card'] });

    // complaints: two on 一.3 (one routed to the center, one not yet), one on 三.3 sent to an agency
    const complaint = (groundCategory: 1 | 3, groundItem: string) =>
      h.store.complaints.create({ channel: 'written', groundCategory, groundItem, complainant: { name: '王五' }, content: '……', at: cst('2026-11-20T10:00:00') });
    await h.store.complaints.update((await complaint(1, '1.3')).id, { route: 'center' });
    await complaint(1, '1.3');
    await h.store.complaints.update((await complaint(3, '3.3')).id, { route: 'agency' });
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
    else if (problems.length > 0) console.error('errors in the page:', problems);
  });

  /** A browser logged in through the session API (the log-in page is another page's test). */
  async function loggedIn(username: string): Promise<BrowserContext> {
    const context = await browser().newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    const { csrfToken } = (await (await context.request.get(`${h.web.url}/api/session`)).json()) as { csrfToken: string };
    const res = await context.request.post(`${h.web.url}/api/session`, { data: { username, password: DEMO_PASSWORD }, headers: { 'x-csrf-token': csrfToken } });
    expect(res.status(), `log-in of ${username}`).to.equal(201);
    return context;
  }

  async function open(context: BrowserContext, path: string): Promise<Page> {
    const page = await context.newPage();
    collectProblems(page, problems, path);
    await page.goto(`${h.web.url}${path}`);
    return page;
  }

  /** A job that failed its last retry: the instance stops at an incident. */
  async function stuckInstance(): Promise<string> {
    await h.engine.deployFixtures('web/ops-incident.bpmn');
    const started = await h.engine.client.createProcessInstance({ processDefinitionId: 'ops-incident', variables: {} });
    const job = await activateOne(h.engine.client, 'ops-incident-flaky');
    await h.engine.client.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: '短信网关连接超时', retryBackOff: 0 });
    return String(started.processInstanceKey);
  }

  const cells = async (page: Page, row: string): Promise<string[]> => (await page.locator(row).locator('td, th').allInnerTexts()).map((t) => t.trim());

  it('should show the figures of the seeded cases per department, as charts and a table with CSV export, with the warned and overdue cases and the complaints', async () => {
    const page = await open(await loggedIn('supervisor'), '/supervision');
    const table = page.locator('.sv-figures-table');
    await table.waitFor();

    // this month so far, as the server counts it
    expect(await page.getByLabel('起始日').inputValue()).to.equal('2026-11-01');
    expect(await page.getByLabel('截止日').inputValue()).to.equal('2026-11-26');
    expect(await cells(page, '.sv-figures-table tbody tr[data-key="MZ"]')).to.deep.equal(['县民政局', '4', '2', '1', '2', '1', '50.00%', '50.00%', '50.00%']);
    expect(await cells(page, '.sv-figures-table tbody tr[data-key="ZJ"]')).to.deep.equal(['县住房和城乡建设局', '2', '1', '1', '1', '1', '50.00%', '100.00%', '100.00%']);
    expect(await cells(page, '.sv-figures-table tfoot tr')).to.deep.equal(['合计', '6', '3', '2', '3', '2', '50.00%', '66.67%', '66.67%']);
    expect(await page.locator('.sv-kpi-value').allInnerTexts()).to.deep.equal(['6', '3', '50.00%', '66.67%', '66.67%']);

    // the charts carry the same numbers
    const bar = (series: string, category: string) => page.locator(`.bar-chart rect[data-series="${series}"][data-category="${category}"]`).first().getAttribute('data-value');
    expect(await bar('受理数', '县民政局')).to.equal('4');
    expect(await bar('办结数', '县住房和城乡建设局')).to.equal('1');
    expect(await bar('按时办结率', '县住房和城乡建设局')).to.equal('1');
    expect(await bar('满意率', '县民政局')).to.equal('0.5');

    // the CSV link exports the same period and grouping
    const csv = page.getByRole('link', { name: '导出 CSV' });
    const href = (await csv.getAttribute('href'))!;
    expect(href).to.equal('/api/supervision/stats.csv?groupBy=department&from=2026-11-01&to=2026-11-26');
    const exported = await page.request.get(`${h.web.url}${href}`);
    expect(exported.status()).to.equal(200);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await exported.body()).slice(1).trimEnd().split('\r\n');
    expect(lines[0]).to.equal('部门,受理数,办结数,按时办结数,评价数,满意数,办结率,按时办结率,满意率');
    expect(lines).to.include('县民政局,4,2,1,2,1,50.00%,50.00%,50.00%');

    // warned and overdue open cases, overdue first, with their cards
    const cases = page.locator('.sv-cases tbody tr');
    await cases.first().waitFor();
    expect(await cases.evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.case))).to.deep.equal([overdue, warned]);
    const overdueRow = await cells(page, `.sv-cases tr[data-case="${overdue}"]`);
    expect(overdueRow[0]).to.equal('超期');
    expect(overdueRow[8]).to.contain('黄牌 办件超过承诺时限未办结');
    expect(overdueRow[7]).to.contain('2026-11-24 17:30');
    expect((await cells(page, `.sv-cases tr[data-case="${warned}"]`))[0]).to.equal('预警');

    // complaints by ground (第二条 order) and by route
    const summary = page.locator('.sv-complaints-table');
    await summary.waitFor();
    expect(await page.locator('.sv-complaints h2').innerText()).to.contain('共 3 件');
    expect(await summary.locator('thead th').allInnerTexts()).to.deep.equal(['投诉事由', '件数', '中心处理', '转职能部门', '未分流']);
    expect(await cells(page, '.sv-complaints-table tbody tr:nth-child(1)')).to.deep.equal(['1.3 不热情服务：未一次性告知所需材料，造成多次往返', '2', '1', '0', '1']);
    expect(await cells(page, '.sv-complaints-table tbody tr:nth-child(2)')).to.deep.equal(['3.3 不按规定收费：收费不开正式票据', '1', '0', '1', '0']);
    expect(await page.locator('.sv-complaints .bar-chart').count()).to.equal(2);

    // by window: the rows are named after the windows' places in the hall
    await page.getByLabel('分组').selectOption('window');
    await page.locator('.sv-figures-table thead th', { hasText: '窗口' }).waitFor();
    expect((await cells(page, '.sv-figures-table tbody tr[data-key="MZ"]'))[0]).to.equal('一楼 B区 9号窗口（县民政局）');
    expect(await csv.getAttribute('href')).to.contain('groupBy=window');

    // and a period: October had nothing, so the rates have no denominator
    await page.getByLabel('起始日').fill('2026-10-01');
    await page.getByLabel('截止日').fill('2026-10-31');
    await page.getByLabel('分组').selectOption('department');
    await page.getByRole('button', { name: '统计' }).click();
    await page.locator('.sv-kpi-hint', { hasText: '2026-10-01 至 2026-10-31' }).waitFor();
    expect(await page.locator('.sv-kpi-value').allInnerTexts()).to.deep.equal(['0', '0', '—', '—', '—']);
    await page.locator('.sv-complaints', { hasText: '本期没有投诉' }).waitFor();
  });

  it('should count the engine’s incidents on 电子监察 and lead to 流程运维, where the supervisor retries them and sees the ended instance’s path', async () => {
    const instance = await stuckInstance();
    const page = await open(await loggedIn('supervisor'), '/supervision');
    const count = page.locator('.sv-incidents .sv-incident-count');
    await count.and(page.locator('[data-count="1"]')).waitFor();
    expect(await count.innerText()).to.match(/^有 1 起未解决的流程事故，最早发生于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?。/);
    await page.locator('.sv-figures-table').waitFor();
    await page.locator('.sv-complaints-table').waitFor();
    await screenshot(page, 'supervision');

    await page.getByRole('link', { name: '到流程运维处理' }).click();
    await page.waitForURL(/\/ops$/);
    const row = page.locator('.ops-table tbody tr');
    await row.first().waitFor();
    expect(await row.count()).to.equal(1);
    const shown = await cells(page, '.ops-table tbody tr');
    expect(shown.slice(3, 7)).to.deep.equal(['运维演练', '发送短信', '作业重试次数用尽', '短信网关连接超时']);
    expect(await row.first().getByRole('link', { name: '查看实例' }).getAttribute('href')).to.contain(instance);
    const incidentKey = (await row.first().getAttribute('data-incident'))!;
    await row.first().locator('input.ops-select').check();
    await page.getByRole('button', { name: '重试所选 1 个事故' }).click();
    await page.getByText('已重试 1 个事故，作业已重新派发。').waitFor();
    await page.getByText('没有未解决的流程事故。').waitFor();

    // the job is handed out again, and the retry is in the audit log under the supervisor's name
    const [again] = await activateNow(h.engine.client, 'ops-incident-flaky');
    expect(again, 'the job is activatable again').to.not.equal(undefined);
    await h.engine.client.completeJob({ jobKey: again.jobKey, variables: {} });
    const [entry] = await h.store.audit.forTarget('incident', incidentKey);
    expect(entry).to.deep.include({ actor: 'supervisor', action: 'incident.retry' });

    // the instance has ended: its page still shows the path it took, every element done
    await page.goto(`${h.web.url}/ops?instance=${instance}`);
    for (const id of ['start', 'flaky', 'end']) await page.locator(`.djs-element.ops-completed[data-element-id="${id}"]`).waitFor();
    expect(await page.locator('.djs-element.ops-active').count()).to.equal(0);

    await page.goto(`${h.web.url}/supervision`);
    await page.locator('.sv-incidents [data-count="0"]').getByText('没有未解决的流程事故。').waitFor();
  });

  it('should show the audit log to supervision, newest first, filtered by actor and date and paged', async () => {
    // something audited: another user logs in through the API (and one attempt fails)
    await loggedIn('mz-clerk-a');
    const stranger = await browser().newContext();
    contexts.push(stranger);
    const { csrfToken } = (await (await stranger.request.get(`${h.web.url}/api/session`)).json()) as { csrfToken: string };
    const failed = await stranger.request.post(`${h.web.url}/api/session`, { data: { username: 'mz-clerk-a', password: 'wrong-password' }, headers: { 'x-csrf-token': csrfToken } });
    expect(failed.status()).to.equal(401);
    // and 21 older entries of one actor, a page and one more
    for (let i = 0; i < 21; i++) {
      await h.store.audit.record({ actor: 'pager-probe', action: 'task.claim', targetType: 'task', targetId: `probe-${i}`, at: cst(`2026-11-20T10:${String(i).padStart(2, '0')}:00`), detail: { n: i } });
    }

    const page = await open(await loggedIn('supervisor'), '/supervision');
    const audit = page.locator('.sv-audit');
    const rows = audit.locator('tbody tr');
    await rows.first().waitFor();
    expect(await audit.locator('thead th').allInnerTexts()).to.deep.equal(['时间', '操作人', '操作', '对象类型', '对象', '详情']);
    // newest first: the supervisor's own log-in heads the log, people by name, actions in Chinese
    const newest = await cells(page, '.sv-audit tbody tr:first-child');
    expect(newest[0]).to.match(/^2026-11-26 09:\d\d:\d\d$/);
    expect(newest.slice(1, 5)).to.deep.equal(['胡明', '登录', '用户', '胡明']);
    const clerkLogin = audit.locator('tbody tr[data-actor="mz-clerk-a"][data-action="session.login"]');
    await clerkLogin.first().waitFor();
    expect((await clerkLogin.first().locator('td').allInnerTexts())[5]).to.contain('登录地址：');

    // filter by 操作人: only that actor's rows
    await page.locator('#sv-audit-actor').fill('mz-clerk-a');
    await page.getByRole('button', { name: '查询' }).click();
    // earlier tests leave several of the supervisor's own rows: wait until the filter removed them all
    await page.waitForFunction(() => document.querySelector('.sv-audit tbody tr[data-actor="supervisor"]') === null);
    expect(await rows.evaluateAll((trs) => trs.map((r) => (r as HTMLElement).dataset.actor))).to.satisfy((actors: string[]) => actors.length > 0 && actors.every((a) => a === 'mz-clerk-a'));
    expect(await audit.locator('tbody tr[data-action="session.login"]').count()).to.be.greaterThan(0);
    // the failed attempt is anonymous, so it is not the clerk's
    expect(await audit.locator('tbody tr[data-action="session.login-failed"]').count()).to.equal(0);
    await screenshot(page, 'supervision-audit');

    // paging: 21 entries are a page of 20 and one more
    await page.locator('#sv-audit-actor').fill('pager-probe');
    await page.getByRole('button', { name: '查询' }).click();
    await audit.locator('.sv-audit-total', { hasText: '共 21 条，第 1–20 条' }).waitFor();
    expect(await rows.count()).to.equal(20);
    expect(await page.getByRole('button', { name: '上一页' }).isDisabled()).to.equal(true);
    expect((await cells(page, '.sv-audit tbody tr:first-child'))[4]).to.equal('probe-20');
    await page.getByRole('button', { name: '下一页' }).click();
    await audit.locator('.sv-audit-total', { hasText: '共 21 条，第 21–21 条' }).waitFor();
    expect(await cells(page, '.sv-audit tbody tr')).to.deep.equal(['2026-11-20 10:00:00', '未登记的用户', '领取任务', '任务', 'probe-0', '另有 1 项技术记录']);
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).to.equal(true);
    await page.getByRole('button', { name: '上一页' }).click();
    await audit.locator('.sv-audit-total', { hasText: '第 1–20 条' }).waitFor();

    // a date range (China days, the end day whole) without those entries
    await page.locator('#sv-audit-from').fill('2026-11-21');
    await page.locator('#sv-audit-to').fill('2026-11-26');
    await page.getByRole('button', { name: '查询' }).click();
    await audit.getByText('没有符合条件的操作记录。').waitFor();
    await page.locator('#sv-audit-from').fill('2026-11-20');
    await page.locator('#sv-audit-to').fill('2026-11-20');
    await page.getByRole('button', { name: '查询' }).click();
    await audit.locator('.sv-audit-total', { hasText: '共 21 条' }).waitFor();
  });

  it('should show the committee the figures but not the operations view', async () => {
    const page = await open(await loggedIn('committee'), '/supervision');
    await page.locator('.sv-figures-table').waitFor();
    await page.locator('.sv-cases tbody tr').first().waitFor();
    expect(await page.locator('.sv-incidents, .sv-audit').count()).to.equal(0);
  });

  it('should show the complaint office the complaint summary only, as the API lets it', async () => {
    const page = await open(await loggedIn('complaints'), '/supervision');
    await page.locator('.sv-complaints-table').waitFor();
    expect(await page.locator('.sv-complaints h2').innerText()).to.contain('共 3 件');
    expect(await page.locator('.sv-figures, .sv-cases, .sv-incidents, .sv-audit').count()).to.equal(0);
    expect(await page.getByRole('link', { name: '导出 CSV' }).isVisible()).to.equal(false);
  });

  it('should send a window clerk away from the dashboard, and a visitor to the log-in', async () => {
    const page = await open(await loggedIn('mz-clerk-a'), '/supervision');
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.innerText()).to.contain('不能使用「电子监察」页面');
    expect(await page.locator('main').innerText()).to.contain('仅供业务督查科、管委会和系统管理员使用');
    expect(await page.locator('.sv-figures, .sv-kpis, .sv-incidents').count()).to.equal(0);
    await screenshot(page, 'supervision-forbidden');

    const visitor = await browser().newContext();
    contexts.push(visitor);
    const anonymous = await visitor.newPage();
    const answer = await anonymous.request.get(`${h.web.url}/supervision`, { maxRedirects: 0 });
    expect(answer.status()).to.equal(302);
    expect(answer.headers().location).to.equal('/login?next=%2Fsupervision');
  });
});
