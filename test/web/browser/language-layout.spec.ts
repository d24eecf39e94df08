import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../../web/demo-accounts.js';
import { collectProblems, screenshot, useBrowser } from '../../support/browser.js';
import { completeTask, jointCaseInReview, MZ_002_MATERIALS, PERSON, startInboxHarness, type InboxHarness } from '../../support/inbox.js';

/**
 * Language and layout of every page, on data made through the system (cases started on the
 * engine, tasks done through the inbox API, a real incident raised by a worker): the visible text
 * holds no English words or raw codes, the log-in title is readable, the public pages work on a
 * 390 px phone and the staff pages at 1366 px.
 */

/**
 * The Latin-letter words a page may show, each for a reason:
 * - case, complaint and notice numbers, item codes (MZ20260302-0001, MZ-002): what the applicant quotes;
 * - PDF, JPEG, PNG, CSV, A4: file formats and the paper size, written so in Chinese too.
 */
const ALLOWED_WORDS: RegExp[] = [/^[A-Z]{2,4}\d{8}-\d{4,6}$/, /^[A-Z]{2,4}-\d{3}$/, /^(PDF|JPEG|JPG|PNG|CSV|A4)$/];

/**
 * Letters that are Chinese usage, removed before the words are looked at: the hall's zones and
 * the posts of the AB岗 rule (一楼 B区, A岗, AB岗), and masked ID numbers and credit codes
 * (9153**********8X1B), whose letters belong to the national standard.
 */
const CHINESE_USAGE = [/[A-Z]{1,2}(?=区|岗)/g, /[0-9A-Z]*\*{3,}[0-9A-Z]*/g];

/**
 * The designer edits BPMN and form definitions, whose ids are what the designer types and the
 * engine knows them by: the diagram's canvas and properties, the form editor, the ids beside the
 * names in the list and the file name beside the title. Everything else of the page (toolbar, messages, list names) is checked.
 */
const DESIGNER_WORK_AREAS = ['#bpmn-canvas', '#bpmn-properties', '#form-editor', '.designer-item-id', '.designer-title-id'];

/** Words with a Latin letter in the visible text, outside the allow-list and the areas left out. */
async function latinWords(page: Page, skip: string[] = []): Promise<string[]> {
  const text = await page.evaluate((areas) => {
    const hidden = areas.flatMap((selector) => [...document.querySelectorAll<HTMLElement>(selector)]);
    const saved = hidden.map((e) => e.style.display);
    hidden.forEach((e) => (e.style.display = 'none'));
    const visible = document.body.innerText;
    hidden.forEach((e, i) => (e.style.display = saved[i]));
    return visible;
  }, skip);
  const plain = CHINESE_USAGE.reduce((t, pattern) => t.replace(pattern, ' '), text);
  const words = plain.match(/[A-Za-z0-9][A-Za-z0-9_.:/@'-]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  return [...new Set(words.filter((w) => /[A-Za-z]/.test(w) && !ALLOWED_WORDS.some((p) => p.test(w))))];
}

/**
 * WCAG 2 contrast ratio of the element's text against the colour painted behind it: the nearest
 * ancestor with an opaque background colour. A background image behind the text (a gradient) has
 * no single colour, and fails the check. Written as page script text: the test runner's
 * transpiler would wrap named functions in a helper the page does not have.
 */
async function contrastOf(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(selector)});
    const rgb = (css) => (css.match(/[\\d.]+/g) || []).map(Number);
    const luminance = (c) => {
      const [r, g, b] = c.map((v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    let bg = [255, 255, 255];
    for (let node = element; node; node = node.parentElement) {
      const s = getComputedStyle(node);
      if (s.backgroundImage !== 'none') throw new Error('a background image behind ' + ${JSON.stringify(selector)});
      const c = rgb(s.backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) { bg = c.slice(0, 3); break; }
    }
    const [l1, l2] = [luminance(rgb(getComputedStyle(element).color).slice(0, 3)), luminance(bg)].sort((a, b) => b - a);
    return (l1 + 0.05) / (l2 + 0.05);
  })()`);
}

/**
 * The labels (tabs, navigation links, column heads, buttons) whose text does not fit: wider than
 * its box, broken onto a second line (tabs and links), or running past the right edge of the
 * box or of the screen, where the page cuts it off. Written as page script text, as contrastOf.
 */
function clippedLabels(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const oneLine = '[role=tab], .sh-nav a';
    return [...document.querySelectorAll('[role=tab], .sh-nav a, th, button, label')]
      .filter((e) => e.offsetParent !== null && e.innerText.trim() !== '')
      .filter((e) => {
        if (e.scrollWidth > e.clientWidth + 1) return true;
        const range = document.createRange();
        range.selectNodeContents(e);
        const text = range.getBoundingClientRect();
        const box = e.getBoundingClientRect();
        // inside a box that scrolls sideways (a wide table) the rest is reached by scrolling, not cut off
        let scrolls = false;
        for (let node = e.parentElement; node; node = node.parentElement) if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) scrolls = true;
        if (text.right > (scrolls ? box.right : Math.min(box.right, document.documentElement.clientWidth)) + 0.5) return true;
        return e.matches(oneLine) && new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1;
      })
      .map((e) => e.innerText.trim());
  })()`);
}

describe('web/browser language and layout', function () {
  this.timeout(300_000);
  const browser = useBrowser();
  let h: InboxHarness;
  const contexts: BrowserContext[] = [];
  let problems: string[];
  let promised: { caseNumber: string; taskKey: string; code: string };
  let joint: { caseNumber: string; consolidationKey: string };

  before(async () => {
    h = await startInboxHarness();

    // a promised case at 民政局's window, its material check open
    const { caseNumber, processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS.map((code) => ({ code, provided: code !== 'capital-proof' })));
    const check = await h.storeTask('materialCheck', processInstanceKey);
    const code = await h.until(`the code of ${caseNumber}`, async () => {
      const receipt = (await h.store.outbox.forRecipient(`case:${caseNumber}`, 'inapp')).find((m) => /查询码：\d{6}/.test(m.body));
      return receipt && /查询码：(\d{6})/.exec(receipt.body)![1];
    });
    const clerk = await h.as('mz-clerk-a');
    expect((await clerk.post(`/api/tasks/${check.userTaskKey}/claim`, {})).status).to.equal(200);
    promised = { caseNumber, taskKey: check.userTaskKey, code };

    // a joint case whose departments answered: 住建局 and 人社局 approve, 自然资源局 refuses
    const inReview = await jointCaseInReview(h);
    await completeTask(await h.as('zj-reviewer'), inReview.reviews.ZJ.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '施工图审查合格，同意核发' });
    await completeTask(await h.as('zrzy-reviewer'), inReview.reviews.ZRZY.userTaskKey, { reviewAction: 'decide', decision: 'reject', opinion: '不同意核发', refusalReason: '建设用地规划许可证载明的用地范围与申请不符' });
    await completeTask(await h.as('rs-reviewer'), inReview.reviews.RS.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '农民工工资专户已开设，同意' });
    const consolidation = await h.storeTask('leadConsolidation', inReview.processInstanceKey);
    joint = { caseNumber: inReview.caseNumber, consolidationKey: consolidation.userTaskKey };

    // a case started with a malformed material list: 办件登记's worker raises an incident at once
    const broken = await h.engine.client.createProcessInstance({ processDefinitionId: 'promised-case', variables: { itemCode: 'MZ-002', applicant: PERSON, materials: '全部材料', channel: 'window' } });
    await h.until('the incident of the malformed case', async () => {
      const found = await h.engine.client.searchIncidents({ filter: { processInstanceKey: String(broken.processInstanceKey) } });
      return found.items.length > 0;
    });
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

  async function newContext(width: number, username?: string): Promise<BrowserContext> {
    const context = await browser().newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width, height: 900 } });
    contexts.push(context);
    if (username) {
      const { csrfToken } = (await (await context.request.get(`${h.url}/api/session`)).json()) as { csrfToken: string };
      const res = await context.request.post(`${h.url}/api/session`, { data: { username, password: DEMO_PASSWORD }, headers: { 'x-csrf-token': csrfToken } });
      expect(res.status(), `log-in of ${username}`).to.equal(201);
    }
    return context;
  }

  async function open(context: BrowserContext, path: string, ready: string): Promise<Page> {
    const page = await context.newPage();
    await page.clock.setFixedTime(h.now());
    collectProblems(page, problems, path);
    await page.goto(`${h.url}${path}`);
    await page.locator(ready).first().waitFor();
    return page;
  }

  /** The public pages, each with what makes it show its content. */
  const publicPages: Array<{ name: string; path: string; ready: string; fill?: (page: Page) => Promise<void> }> = [
    { name: 'guide', path: `/guide?q=${encodeURIComponent('社会团体成立登记')}`, ready: '.guide-item-detail' },
    {
      name: 'lookup',
      path: '/lookup',
      ready: 'form',
      fill: async (page) => {
        await page.getByLabel('办件编号 / 投诉编号').fill(promised.caseNumber);
        await page.getByLabel('查询码').fill(promised.code);
        await page.getByRole('button', { name: '查询' }).click();
        await page.locator('.lookup-case, .pub-card h2', { hasText: promised.caseNumber }).first().waitFor();
      },
    },
    { name: 'complaint', path: '/complaint', ready: 'form' },
  ];

  /** The staff pages: who opens them and what shows they are loaded. */
  const staffPages = (): Array<{ name: string; user: string; path: string; ready: string; prepare?: (page: Page) => Promise<void> }> => [
    { name: 'inbox', user: 'mz-clerk-a', path: '/inbox', ready: `tr[data-case-number="${promised.caseNumber}"]` },
    // the window head has a third view tab: 本窗口全部任务
    { name: 'inbox-head', user: 'mz-head', path: '/inbox?view=window', ready: `tr[data-case-number="${promised.caseNumber}"]` },
    { name: 'task', user: 'mz-clerk-a', path: `/inbox?task=${promised.taskKey}`, ready: '#task-form .fjs-form' },
    { name: 'consolidation', user: 'zj-lead', path: `/inbox?task=${joint.consolidationKey}`, ready: '#task-form .fjs-table' },
    { name: 'joint', user: 'zj-lead', path: `/joint?case=${joint.caseNumber}`, ready: '.joint-dept[data-department="RS"]' },
    {
      name: 'designer',
      user: 'designer',
      path: '/designer',
      ready: '.designer-item',
      prepare: async (page: Page) => {
        await page.locator('.designer-item[data-id="promised-case"]').click();
        await page.locator('#bpmn-canvas .djs-element.djs-shape').first().waitFor();
      },
    },
    { name: 'supervision', user: 'supervisor', path: '/supervision', ready: '.sv-incidents .sv-incident-count', prepare: (page: Page) => page.locator('.sv-audit-table tbody tr').first().waitFor() },
    { name: 'catalogue', user: 'admin', path: '/admin/catalogue?item=ZJ-001', ready: '#cat-history tr[data-version]' },
  ];

  it('should show no English words or raw codes on any staff or public page', async () => {
    const found: Record<string, string[]> = {};
    const staff = await Promise.all(staffPages().map(async (p) => ({ ...p, context: await newContext(1366, p.user) })));
    for (const p of staff) {
      const page = await open(p.context, p.path, p.ready);
      await p.prepare?.(page);
      const words = await latinWords(page, p.name === 'designer' ? DESIGNER_WORK_AREAS : []);
      if (words.length > 0) found[p.name] = words;
    }
    const context = await newContext(1366);
    for (const p of publicPages) {
      const page = await open(context, p.path, p.ready);
      await p.fill?.(page);
      const words = await latinWords(page);
      if (words.length > 0) found[p.name] = words;
    }
    const login = await open(context, '/login', 'h1');
    const words = await latinWords(login);
    if (words.length > 0) found.login = words;
    expect(found).to.deep.equal({});
  });

  it('should give the log-in page a title readable against its background (contrast 4.5:1 or more), on a phone and a desktop', async () => {
    for (const [width, height] of [
      [390, 844],
      [1366, 768],
      [1366, 1200],
    ]) {
      const context = await newContext(width);
      const page = await open(context, '/login', 'h1');
      await page.setViewportSize({ width, height });
      for (const selector of ['.login-center', '.login-sub', '.login-form h1']) {
        expect(await contrastOf(page, selector), `${selector} at ${width}×${height}`).to.be.at.least(4.5);
      }
      await screenshot(page, `login-${width}x${height}`);
    }
  });

  it('should fit the public pages on a 390 px phone: no sideways scrolling, the header on readable lines', async () => {
    const context = await newContext(390);
    for (const p of publicPages) {
      const page = await open(context, p.path, p.ready);
      await p.fill?.(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.name}: page width`).to.be.at.most(390);
      // each link of the header on one line: its height is one line of its text, not one character per line
      const links = await page.locator('.pub-header a').evaluateAll((as) =>
        as.map((a) => ({ text: a.textContent ?? '', height: a.getBoundingClientRect().height, lineHeight: parseFloat(getComputedStyle(a).lineHeight) || 24, width: a.getBoundingClientRect().width })),
      );
      for (const link of links) {
        expect(link.height, `${p.name}: header link ${link.text} on one line`).to.be.below(link.lineHeight * 1.8 + 24);
        expect(link.width, `${p.name}: header link ${link.text} wide enough for its text`).to.be.above(link.text.length * 10);
      }
      // every table fits or scrolls inside its own box
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('table')].filter((t) => {
          const box = t.getBoundingClientRect();
          return box.right > document.documentElement.clientWidth + 0.5 && !t.parentElement?.matches('[data-scroll], .pub-table-scroll');
        }).length,
      );
      expect(wide, `${p.name}: tables wider than the screen`).to.equal(0);
      await screenshot(page, `public-${p.name}-390`);
    }
  });

  it('should fit the staff inbox on a 390 px phone: no sideways scrolling, navigation and view tabs on readable lines, nothing cut off', async () => {
    for (const p of staffPages().filter((page) => page.name.startsWith('inbox'))) {
      const page = await open(await newContext(390, p.user), p.path, p.ready);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.name}: page width`).to.be.at.most(390);
      const links = await page.locator('.sh-nav a, [role=tab]').evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', width: a.getBoundingClientRect().width })));
      expect(links.length, `${p.name}: navigation links and tabs`).to.be.at.least(5);
      for (const link of links) expect(link.width, `${p.name}: ${link.text} wide enough for its text`).to.be.above(link.text.length * 10);
      expect(await clippedLabels(page), `${p.name}: clipped labels`).to.deep.equal([]);
      await screenshot(page, `staff-${p.name}-390`);
    }
  });

  it('should fit the staff pages at 1366 px: no sideways scrolling, no clipped tab or column labels', async () => {
    for (const p of staffPages()) {
      const page = await open(await newContext(1366, p.user), p.path, p.ready);
      await p.prepare?.(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.name}: page width`).to.be.at.most(1366);
      expect(await clippedLabels(page), `${p.name}: clipped labels`).to.deep.equal([]);
      await screenshot(page, `staff-${p.name}-1366`);
    }
    for (const p of publicPages) {
      const page = await open(await newContext(1366), p.path, p.ready);
      await p.fill?.(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${p.name}: page width`).to.be.at.most(1366);
      await screenshot(page, `public-${p.name}-1366`);
    }
  });
});
