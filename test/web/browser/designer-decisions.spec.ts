import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { collectProblems, logInOnPage, screenshot, useBrowser } from '../../support/browser.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 流程设计's decisions in chromium against the whole system: a designer makes a decision table
 * in dmn-js, edits its cells, deploys it through the page and sees the engine's refusal and its
 * acceptance there.
 */

// Monday 2 March 2026, 09:00 China time
const START = '2026-03-02T01:00:00Z';

describe('web/browser designer decisions', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let context: BrowserContext;
  let problems: string[];
  let warnings: string[];

  beforeEach(async () => {
    h = await startWebSystem({ start: START });
    context = await browser().newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } });
    problems = [];
    warnings = [];
  });
  afterEach(async function () {
    await context?.close();
    await h?.stop();
    if (this.currentTest?.state === 'passed') {
      expect(problems, 'errors in the page').to.deep.equal([]);
      expect(warnings.filter((w) => /deprecated/i.test(w)), 'deprecated calls').to.deep.equal([]);
    }
  });

  async function logIn(): Promise<Page> {
    const page = await context.newPage();
    collectProblems(page, problems);
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${h.web.url}/designer`);
    await logInOnPage(page, 'designer');
    await page.waitForURL((url) => url.pathname === '/designer');
    await page.locator('.designer-item').first().waitFor();
    return page;
  }

  it('should let a designer create a decision table, edit its cells, see the engine refuse a missing input expression and deploy it', async () => {
    const page = await logIn();
    const scripts: string[] = [];
    page.on('request', (request) => scripts.push(new URL(request.url()).pathname));
    await page.click('#tab-dmn');
    expect(await page.locator('#list-dmn').textContent()).to.contain('尚无决策');
    expect(scripts.filter((s) => /\/dmn-[^/]+\.js$/.test(s)), 'dmn-js is not fetched before a decision is opened').to.deep.equal([]);

    await page.fill('#open-id', 'fee-rules');
    await page.click('#open-form button[type="submit"]');
    await page.locator('#designer-dialog', { hasText: '没有标识为 fee-rules 的决策。新建一个吗？' }).waitFor();
    await page.click('#dialog-ok');
    await page.locator('#dmn-canvas .djs-element.djs-shape[data-element-id="fee-rules-decision"]').waitFor();
    await screenshot(page, 'designer-decision-drd');
    // dmn-js speaks Chinese: its palette, drill-down button and the decision table's head
    expect(await page.locator('#dmn-canvas .djs-palette .entry[data-action="create.decision"]').getAttribute('aria-label')).to.equal('决策');
    expect(await page.locator('#dmn-canvas .drill-down-overlay .dmn-icon-decision-table').getAttribute('title')).to.equal('打开决策表');
    await page.click('#dmn-views .designer-dmn-tab[data-view="decisionTable"]');
    await page.locator('#dmn-canvas .tjs-table').waitFor();
    expect(await page.locator('#dmn-canvas .hit-policy .dms-label').textContent()).to.equal('命中策略：');
    expect(await page.locator('#dmn-canvas .hit-policy .dms-input').textContent()).to.equal('唯一（Unique）');
    expect(await page.locator('#dmn-canvas th.input-cell .clause').textContent()).to.equal('当');
    expect(await page.locator('#dmn-canvas th.input-cell .input-variable').textContent()).to.equal('字符串');
    expect(await page.locator('#dmn-canvas th.output-cell .clause').textContent()).to.equal('则');
    expect(await page.locator('#dmn-canvas th.annotation').textContent()).to.equal('注释');
    expect(await page.locator('#dmn-canvas .view-drd-button').textContent()).to.equal('查看决策需求图');
    await screenshot(page, 'designer-decision-table');
    // the rule's output cell: what the decision answers
    await page.click('#dmn-canvas td[data-element-id="fee-rules-rule-1-output-1"] .content-editable');
    await page.keyboard.type('"免收工本费"');
    await page.locator('#dirty-mark').waitFor({ state: 'visible' });

    // saved and deployed without an input expression: the engine refuses, its words on the page
    expect(await page.locator('#deploy').textContent()).to.equal('保存并部署');
    await page.click('#deploy');
    await page.locator('#designer-status', { hasText: '流程引擎拒绝部署第 1 版' }).waitFor();
    const refusal = page.locator('#deploy-problems li');
    expect(await refusal.allTextContents()).to.deep.equal([`fee-rules-decision (dmn:Decision)：input 1 '输入' (id fee-rules-input-1) has no input expression`]);
    await screenshot(page, 'designer-decision-refused');

    // the input's editor opens on a double click on its column head
    await page.dblclick('#dmn-canvas th.input-cell .input-label');
    const expression = page.locator('.ref-text.dms-input');
    await expression.waitFor();
    await expression.click();
    await page.keyboard.type('applicantType');
    // dmn-js applies what is typed after a short pause: the page then counts it as a change
    await page.locator('#dirty-mark').waitFor({ state: 'visible' });
    await screenshot(page, 'designer-decision-input');
    await page.keyboard.press('Escape');
    await page.click('#dmn-canvas', { position: { x: 900, y: 500 } });

    // saved as version 2 and deployed: the engine's decision version 1, the list says so
    expect(await page.locator('#deploy').textContent()).to.equal('保存并部署');
    await page.click('#deploy');
    await page.locator('#designer-status', { hasText: '第 2 版已部署到流程引擎（决策需求图在引擎中的第 1 版' }).waitFor();
    expect(await page.locator('#list-dmn .designer-item[data-id="fee-rules"] .designer-item-state').textContent()).to.equal('第 2 版 · 已部署第 2 版');
    expect(await page.locator('#version-info').textContent()).to.contain('已部署');
    await screenshot(page, 'designer-decision-deployed');

    const saved = (await h.store.designs.latest('dmn', 'fee-rules'))!;
    expect(saved).to.include({ version: 2, author: 'designer' });
    expect(saved.content).to.match(/<inputExpression id="fee-rules-input-expression-1" typeRef="string">\s*<text>applicantType<\/text>/);
    expect(saved.content).to.match(/<outputEntry id="fee-rules-rule-1-output-1">\s*<text>"免收工本费"<\/text>/);
    const found = await h.engine.client.callApiEndpoint<object, { items: Array<{ decisionDefinitionKey: string; version: number; decisionRequirementsKey: string }> }>({
      method: 'POST',
      urlPath: 'decision-definitions/search',
      body: { filter: { decisionDefinitionId: 'fee-rules-decision' } },
    });
    expect(found.items.map((d) => d.version)).to.deep.equal([1]);
    expect(String(found.items[0].decisionRequirementsKey)).to.equal(saved.deployedVersionKey);
    const audit = await h.store.audit.forTarget('decision', 'fee-rules');
    expect(audit.map((e) => e.action)).to.deep.equal(['decision.save', 'decision.deploy-rejected', 'decision.save', 'decision.deploy']);
    expect((audit[3].detail as { deployed: unknown[] }).deployed).to.deep.equal([{ id: 'fee-rules-decision', key: String(found.items[0].decisionDefinitionKey), version: 1 }]);

    // nothing between what is saved and what the engine runs
    await page.click('#diff');
    await page.locator('#designer-panel .designer-diff-summary', { hasText: '相同' }).waitFor();
    expect(scripts.filter((s) => /\/assets\/designer\/(bpmn|form)-[^/]+\.js$/.test(s)), 'neither the diagram nor the form editor is fetched').to.deep.equal([]);
    expect(scripts.filter((s) => /\/assets\/designer\/dmn-[^/]+\.js$/.test(s))).to.have.length(1);
  });
  it('should show a business knowledge model\'s result and formal parameter headings in Chinese, which dmn-js writes without translating', async () => {
    const page = await logIn();
    await page.click('#tab-dmn');
    await page.fill('#open-id', 'fee-knowledge');
    await page.click('#open-form button[type="submit"]');
    await page.click('#dialog-ok');
    const canvas = (await page.locator('#dmn-canvas').boundingBox())!;
    // a business knowledge model from the palette, made a literal expression (a function) through 更改类型
    await page.click('#dmn-canvas .djs-palette .entry[data-action="create.business-knowledge-model"]');
    await page.mouse.move(canvas.x + 600, canvas.y + 300);
    await page.mouse.click(canvas.x + 620, canvas.y + 320);
    await page.keyboard.type('收费规则');
    await page.keyboard.press('Enter');
    // a click this soon after the shape is made does not select it yet: a person clicks again
    const replace = page.locator('.djs-context-pad.open .entry[data-action="replace"]');
    for (let attempt = 0; attempt < 10 && (await replace.count()) === 0; attempt++) {
      await page.locator('#dmn-canvas .djs-element.djs-shape', { hasText: '收费规则' }).click();
      await page.waitForTimeout(200);
    }
    await replace.click();
    await page.click('.djs-popup .entry[data-id="replace-with-literal-expression"]');
    await page.click('#dmn-views .designer-dmn-tab[data-view="boxedExpression"]');
    await page.locator('#dmn-canvas .element-variable').waitFor();
    expect(await page.locator('#dmn-canvas .element-variable > h2').textContent()).to.equal('结果');
    expect(await page.locator('#dmn-canvas .element-variable-type-label').textContent()).to.equal('结果类型');
    // the edit button shows when the pointer is on the parameters
    await page.locator('#dmn-canvas .function-definition-parameters').hover();
    await page.getByRole('button', { name: '编辑形式参数' }).click();
    await page.getByRole('button', { name: '添加参数' }).click();
    expect(await page.locator('.formal-parameters th').allTextContents()).to.deep.equal(['名称', '类型']);
    await screenshot(page, 'designer-decision-knowledge-model');
  });
});
