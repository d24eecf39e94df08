import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { collectProblems, logInOnPage, screenshot, useBrowser } from '../../support/browser.js';
import { withComplaintProcess } from '../../support/designer-fixtures.js';
import { createTask, dragBy, dropOnFlow, openDiagram, replaceShape } from '../../support/designer-steps.js';
import { startWebSystem, type WebSystem } from '../../support/web-system.js';

/**
 * 流程设计 in chromium against the whole system (every diagram and form deployed, every worker,
 * the store and the web app on one pinned clock): bpmn-js with the project's element templates
 * and lint rules, saving versions, the diff against the engine's definition, deploying — and the
 * engine's refusal shown on the element; form-js for the forms.
 */

// Monday 2 March 2026, 09:00 China time
const START = '2026-03-02T01:00:00Z';
const root = join(import.meta.dirname, '..', '..', '..');
const templates = JSON.parse(readFileSync(join(root, 'web', 'pages', 'designer', 'element-templates.json'), 'utf8')) as Array<{ name: string }>;

interface Definition {
  processDefinitionKey: string;
  version: number;
}

describe('web/browser designer', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebSystem;
  let context: BrowserContext;
  let problems: string[];
  /** the console's warnings: a deprecated bpmn-js or diagram-js call shows here */
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
    // a script error or a CSP refusal fails the test that caused it
    if (this.currentTest?.state === 'passed') {
      expect(problems, 'errors in the page').to.deep.equal([]);
      expect(warnings.filter((w) => /deprecated/i.test(w)), 'deprecated calls').to.deep.equal([]);
    }
  });

  /** The designer logs in on the log-in page and comes back to /designer. */
  async function logIn(path = '/designer', username = 'designer'): Promise<Page> {
    const page = await context.newPage();
    collectProblems(page, problems);
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${h.web.url}${path}`);
    await logInOnPage(page, username);
    await page.waitForURL((url) => url.pathname === '/designer');
    await page.locator('.designer-item').first().waitFor();
    return page;
  }

  const lintIcon = (page: Page, elementId: string, kind: 'error' | 'warning') => page.locator(`.djs-overlays[data-container-id="${elementId}"] .bjsl-overlay .bjsl-icon-${kind}`);
  const lintMessages = (page: Page, elementId: string) => page.locator(`.djs-overlays[data-container-id="${elementId}"] .bjsl-current-element-issues .message`).allTextContents();

  async function refusalDefinitions(): Promise<Definition[]> {
    const found = await h.engine.client.searchProcessDefinitions({ filter: { processDefinitionId: 'refusal' }, sort: [{ field: 'version', order: 'ASC' }] } as never);
    return (found.items as unknown as Definition[]).map((d) => ({ processDefinitionKey: String(d.processDefinitionKey), version: Number(d.version) }));
  }

  it('should let a designer add 发送通知 from an element template, see and fix its lint error, save, compare with the engine and deploy', async () => {
    const page = await logIn();
    // the processes/ and forms/ to open, by their Chinese names
    expect(await page.locator('#list-bpmn .designer-item-name').allTextContents()).to.include.members(['即办件', '承诺件', '联办件', '上报件', '投诉处理', '补齐材料', '不予受理', '好差评']);
    await openDiagram(page, 'refusal');
    expect(await page.locator('#designer-title').textContent()).to.contain('不予受理');
    expect(await page.locator('#version-info').textContent()).to.contain('尚未在本系统保存');
    expect(await page.locator('#dirty-mark').isVisible(), 'opening changes nothing').to.equal(false);
    // Chinese palette, the project's lint rules on the diagram, the bpmn.io watermark
    expect(await page.locator('.djs-palette .entry[data-action="create.task"]').getAttribute('aria-label')).to.equal('任务');
    await page.locator('.bjsl-button', { hasText: '没有问题' }).waitFor();
    const watermark = page.locator('#bpmn-canvas a.bjs-powered-by');
    expect(await watermark.isVisible(), 'bpmn.io watermark').to.equal(true);
    expect(await watermark.getAttribute('href')).to.match(/^https?:\/\/bpmn\.io\/?$/);

    await createTask(page, { x: 450, y: 620 });
    // the task is selected: choose the template in the properties panel
    await page.click('#bpmn-properties .bio-properties-panel-select-template-button');
    const chooser = page.locator('.djs-popup', { hasText: '选择元素模板' });
    await chooser.waitFor();
    expect(await chooser.locator('.entry .djs-popup-label').allTextContents()).to.have.members(templates.map((t) => t.name));
    await chooser.locator('.entry', { hasText: '发送通知' }).click();

    // applying the template made the task a service task of job type notice-issue, named after the template
    const notice = page.locator('#bpmn-canvas .djs-element.djs-shape', { hasText: '发送通知' });
    await notice.waitFor();
    const noticeId = (await notice.getAttribute('data-element-id'))!;
    expect(await page.locator('#bpmn-properties .bio-properties-panel-header-type').textContent()).to.equal('发送通知');
    await page.locator('#bpmn-properties .bio-properties-panel-group-header', { hasText: '参数（任务头）' }).click();
    await page.getByLabel('文书类型').selectOption('not-accepted-redirect');
    expect(await page.locator('#dirty-mark').isVisible()).to.equal(true);

    // unconnected: bpmnlint says so on the element
    await lintIcon(page, noticeId, 'error').waitFor();
    expect(await lintMessages(page, noticeId)).to.include('元素未连接');
    expect(await page.locator('.bjsl-button').textContent()).to.match(/[1-9]\d* 个错误/);

    // connected: with the end event moved aside to make room, dropped on the flow to it; the errors are gone
    await dragBy(page, page.locator('.djs-element.djs-shape[data-element-id="refusedEnd"]'), { x: 150, y: 0 });
    await dropOnFlow(page, notice, 'flow_markRefused_refusedEnd');
    await lintIcon(page, noticeId, 'error').waitFor({ state: 'detached' });
    await page.locator('.bjsl-button', { hasText: '没有问题' }).waitFor();

    await page.click('#save');
    await page.locator('#designer-status', { hasText: '已保存为第 1 版' }).waitFor();
    expect(await page.locator('#version-info').textContent()).to.contain('第 1 版');
    expect(await page.locator('#dirty-mark').isVisible()).to.equal(false);
    const saved = (await h.store.designs.latest('bpmn', 'refusal'))!;
    expect(saved).to.include({ version: 1, author: 'designer', deployedVersionKey: null });
    expect(saved.content).to.contain(`id="${noticeId}" name="发送通知" zeebe:modelerTemplate="service-hall.notice-issue"`);
    expect(saved.content).to.contain('<zeebe:header key="kind" value="not-accepted-redirect" />');
    expect(saved.content).to.contain(`sourceRef="markRefused" targetRef="${noticeId}"`);

    // what is saved against what the engine runs (the project's file, deployed when the system started)
    await page.click('#diff');
    await page.locator('#designer-panel .designer-hunk').first().waitFor();
    expect(await page.locator('#panel-title').textContent()).to.contain('引擎中已部署的版本');
    expect(await page.locator('#designer-panel .designer-diff-summary').textContent()).to.match(/增加 \d+ 行，删除 \d+ 行/);
    const added = await page.locator('#designer-panel .designer-diff-add .designer-diff-line').allTextContents();
    expect(added.some((line) => line.startsWith('+') && line.includes('zeebe:modelerTemplate="service-hall.notice-issue"'))).to.equal(true);
    expect(await page.locator('#designer-panel .designer-hunk-head').first().textContent()).to.match(/^@@ -\d+,\d+ \+\d+,\d+ @@$/);
    await screenshot(page, 'designer-diff');

    const [shipped] = await refusalDefinitions();
    await page.click('#deploy');
    await page.locator('#designer-status', { hasText: '已部署到流程引擎' }).waitFor();
    const definitions = await refusalDefinitions();
    expect(definitions.map((d) => d.version)).to.deep.equal([shipped.version, shipped.version + 1]);
    expect((await h.store.designs.latest('bpmn', 'refusal'))!.deployedVersionKey).to.equal(definitions[1].processDefinitionKey);
    expect(await page.locator('#designer-status').textContent()).to.contain(`引擎中的第 ${shipped.version + 1} 版`);
    expect(await page.locator('#version-info').textContent()).to.contain('已部署');
    await page.click('#bpmn-canvas', { position: { x: 600, y: 60 } });
    await screenshot(page, 'designer');

    // nothing left to compare; the version list says what was deployed
    await page.click('#diff');
    await page.locator('#designer-panel .designer-diff-summary', { hasText: '相同' }).waitFor();
    await page.click('#versions');
    await page.locator('#panel-title', { hasText: '版本记录' }).waitFor();
    expect(await page.locator('#designer-panel tbody tr td').allTextContents()).to.deep.equal(['第 1 版', 'designer', '2026-03-02 09:00', `${saved.content.length.toLocaleString('zh-CN')} 字符`, '已部署 2026-03-02 09:00', '最新']);
  });

  it('should refuse to deploy a diagram with lint errors and show each on the element it names', async () => {
    const page = await logIn();
    await openDiagram(page, 'refusal');
    await createTask(page, { x: 450, y: 620 });
    // made a service task without a job type: bpmnlint (camunda-compat) and the engine both object
    await page.click('.djs-context-pad .entry[data-action="replace"]');
    await page.click('.djs-popup .entry[data-id="replace-with-service-task"]');
    const serviceTaskId = (await page.locator('#bpmn-canvas .djs-element.djs-shape.selected').getAttribute('data-element-id'))!;
    const serviceTask = page.locator(`#bpmn-canvas .djs-element.djs-shape[data-element-id="${serviceTaskId}"]`);
    expect(await page.locator('#bpmn-properties .bio-properties-panel-header-type').textContent()).to.equal('服务任务');
    await dragBy(page, page.locator('.djs-element.djs-shape[data-element-id="refusedEnd"]'), { x: 150, y: 0 });
    await dropOnFlow(page, serviceTask, 'flow_markRefused_refusedEnd');
    await lintIcon(page, serviceTaskId, 'error').waitFor();
    expect(await lintMessages(page, serviceTaskId)).to.have.members(['类型为 <bpmn:ServiceTask> 的元素须有一个扩展元素 <zeebe:TaskDefinition>', '元素缺少名称']);

    const [shipped] = await refusalDefinitions();
    // unsaved: 保存并部署, saved as version 1 and refused by the checks, without reaching the engine
    expect(await page.locator('#deploy').textContent()).to.equal('保存并部署');
    await page.click('#deploy');

    await page.locator('#designer-status', { hasText: /^第 1 版有 \d+ 处规范检查错误，未部署；请改正后保存新版本再部署，已在图上标出。$/ }).waitFor();
    // the element is marked, its message (in Chinese, as the page's lint says it) next to it, and listed below
    await page.locator(`.djs-element.sh-deploy-error[data-element-id="${serviceTaskId}"]`).waitFor();
    const notes = page.locator(`.sh-deploy-error-note[data-element-id="${serviceTaskId}"]`);
    expect(await notes.allTextContents()).to.include('未通过检查：类型为 <bpmn:ServiceTask> 的元素须有一个扩展元素 <zeebe:TaskDefinition>');
    expect(await page.locator('#deploy-problems button.designer-link').allTextContents()).to.include(serviceTaskId);
    // the list below leads to the element
    await page.click('#bpmn-canvas', { position: { x: 600, y: 60 } });
    await page.locator(`#deploy-problems button.designer-link[data-element-id="${serviceTaskId}"]`).first().click();
    expect(await page.locator('#bpmn-canvas .djs-element.djs-shape.selected').getAttribute('data-element-id')).to.equal(serviceTaskId);
    await page.click('#bpmn-canvas', { position: { x: 600, y: 60 } });
    await screenshot(page, 'designer-deploy-refused');

    // saved as version 1 but not deployed: the engine still runs the shipped diagram
    expect(await refusalDefinitions()).to.deep.equal([shipped]);
    expect((await h.store.designs.latest('bpmn', 'refusal'))!).to.include({ version: 1, deployedVersionKey: null });
    const [attempt] = (await h.store.audit.forTarget('diagram', 'refusal')).filter((e) => e.action === 'diagram.deploy-refused');
    expect(attempt.detail).to.deep.include({ version: 1 });
    expect((attempt.detail as { issues: Array<{ elementId: string }> }).issues.map((i) => i.elementId)).to.include(serviceTaskId);
  });

  it('should let an administrator deploy past a lint error, giving a reason on the page, and record it', async () => {
    // saved by a designer: a task without a name (bpmnlint's label-required), which the engine runs
    const unnamed = readFileSync(join(import.meta.dirname, '..', '..', '..', 'processes', 'refusal.bpmn'), 'utf8').replace(' name="出具不予受理通知书"', '');
    await h.store.designs.save({ kind: 'bpmn', resourceId: 'refusal', content: unnamed, author: 'designer', at: new Date() });
    const [shipped] = await refusalDefinitions();
    const page = await logIn('/designer', 'admin');
    await openDiagram(page, 'refusal');
    await page.click('#deploy');
    await page.locator('#designer-status', { hasText: /^第 1 版有 1 处规范检查错误，未部署/ }).waitFor();

    await page.click('#override-deploy');
    await page.locator('#designer-status', { hasText: '越过检查部署须写明理由。' }).waitFor();
    await page.fill('#override-reason', '通知书名称下周补齐');
    await page.click('#override-deploy');

    await page.locator('#designer-status', { hasText: /^第 1 版已部署到流程引擎/ }).waitFor();
    expect((await refusalDefinitions()).length).to.equal(2);
    expect((await refusalDefinitions())[0]).to.deep.equal(shipped);
    const [audit] = (await h.store.audit.forTarget('diagram', 'refusal')).filter((e) => e.action === 'diagram.deploy');
    expect(audit.actor).to.equal('admin');
    const detail = audit.detail as { lintOverride: { reason: string; errors: Array<{ rule: string; elementId: string }> } };
    expect(detail.lintOverride.reason).to.equal('通知书名称下周补齐');
    expect(detail.lintOverride.errors.map((e) => [e.rule, e.elementId])).to.deep.equal([['label-required', 'issueRefusal']]);
  });

  it('should not offer a designer the override', async () => {
    const unnamed = readFileSync(join(import.meta.dirname, '..', '..', '..', 'processes', 'refusal.bpmn'), 'utf8').replace(' name="出具不予受理通知书"', '');
    await h.store.designs.save({ kind: 'bpmn', resourceId: 'refusal', content: unnamed, author: 'designer', at: new Date() });
    const page = await logIn();
    await openDiagram(page, 'refusal');
    await page.click('#deploy');
    await page.locator('#deploy-problems').waitFor();
    expect(await page.locator('#override-deploy').count()).to.equal(0);
  });

  it('should ask before moving another diagram\'s process id into the deployed file, naming the id and its diagram: cancelled nothing is deployed, confirmed both deploy and the move is recorded', async () => {
    // saved by a designer: 不予受理 with a second process whose id is 投诉处理's (complaint.bpmn)
    const withComplaint = withComplaintProcess(readFileSync(join(root, 'processes', 'refusal.bpmn'), 'utf8'));
    await h.store.designs.save({ kind: 'bpmn', resourceId: 'refusal', content: withComplaint, author: 'designer', at: new Date() });
    const deploys = async () => (await h.store.audit.forTarget('diagram', 'refusal')).filter((e) => e.action === 'diagram.deploy');
    const page = await logIn();
    await openDiagram(page, 'refusal');

    const dialog = page.locator('#designer-dialog');
    const question = '第 1 版还定义了流程 complaint（现属流程图 complaint.bpmn）。部署会把它移入本流程图 refusal，此后由本流程图部署它。确认移入吗？';
    await page.click('#deploy');
    await dialog.getByText(question).waitFor();
    await screenshot(page, 'designer-confirm-move');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.locator('#designer-status', { hasText: '还定义了其他流程 complaint（属于流程图 complaint.bpmn），未部署' }).waitFor();
    expect(await dialog.isVisible()).to.equal(false);
    expect(await deploys(), 'cancelled: no deployment').to.deep.equal([]);
    expect((await h.store.designs.latest('bpmn', 'refusal'))!.deployedVersionKey).to.equal(null);

    await page.click('#deploy');
    await dialog.getByText(question).waitFor();
    await dialog.getByRole('button', { name: '确认移入并部署' }).click();
    await page.locator('#designer-status', { hasText: /^第 1 版已部署到流程引擎/ }).waitFor();
    expect((await h.store.designs.latest('bpmn', 'refusal'))!.deployedVersionKey).to.not.equal(null);
    const [deployed] = await deploys();
    const detail = deployed.detail as { moved: unknown[]; deployed: Array<{ id: string }> };
    expect(detail.moved).to.deep.equal([{ id: 'complaint', from: 'complaint.bpmn', to: 'refusal.bpmn' }]);
    expect(detail.deployed.map((d) => d.id).sort()).to.deep.equal(['complaint', 'refusal']);
  });

  it('should open the menus of the context pad (更改元素类型, 对齐) at the pad, with no deprecation warning', async () => {
    const page = await logIn();
    await openDiagram(page, 'refusal');
    const shape = (id: string) => page.locator(`#bpmn-canvas .djs-element.djs-shape[data-element-id="${id}"]`);
    await shape('issueRefusal').click();
    const pad = (await page.locator('.djs-context-pad').boundingBox())!;
    await page.click('.djs-context-pad .entry[data-action="replace"]');
    const replace = page.locator('.djs-popup.bpmn-replace');
    await replace.waitFor();
    const menu = (await replace.boundingBox())!;
    // at the pad's left edge (the popup moves itself up to stay inside the canvas)
    expect(menu.x, 'the menu starts where the pad does').to.be.closeTo(pad.x, 2);
    await screenshot(page, 'designer-replace-menu');
    await page.keyboard.press('Escape');
    await replace.waitFor({ state: 'detached' });

    // two elements selected: 对齐 from their pad
    // the pad sits right of the selected element, over its neighbour: the left one is added second
    await shape('markRefused').click();
    await shape('issueRefusal').click({ modifiers: ['Shift'] });
    const multiPad = (await page.locator('.djs-context-pad').boundingBox())!;
    await page.click('.djs-context-pad .entry[data-action="align-elements"]');
    const align = page.locator('.djs-popup.align-elements');
    await align.waitFor();
    expect((await align.boundingBox())!.x, 'the menu starts where the pad does').to.be.closeTo(multiPad.x, 2);
    expect(warnings.filter((w) => w.includes('getPad')), 'ContextPad#getPad warnings').to.deep.equal([]);
  });

  it('should explain a business rule task’s implementation in Chinese when the designer points at its label, linking to the Camunda documentation', async () => {
    const page = await logIn();
    await openDiagram(page, 'refusal');
    await replaceShape(page, await createTask(page, { x: 450, y: 620 }), 'replace-with-rule-task');
    const properties = page.locator('#bpmn-properties');
    expect(await properties.locator('.bio-properties-panel-header-type').textContent()).to.equal('业务规则任务');

    await properties.locator('[data-group-id="group-businessRuleImplementation"] .bio-properties-panel-tooltip-wrapper', { hasText: '实现' }).hover();
    const tooltip = page.locator('.bio-properties-panel-tooltip[role="tooltip"]');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).to.equal('评估业务规则，例如一个 DMN 决策。如需自定义实现，请使用作业处理器。了解更多。');
    const link = tooltip.locator('a', { hasText: '了解更多。' });
    expect(await link.getAttribute('href')).to.match(/^https:\/\/docs\.camunda\.io\//);
    expect(await link.getAttribute('title')).to.equal('业务规则任务文档');
    await screenshot(page, 'designer-help-tooltip');
  });

  it('should show a call activity’s variable propagation switches with their state in Chinese', async () => {
    const page = await logIn();
    await openDiagram(page, 'refusal');
    await replaceShape(page, await createTask(page, { x: 450, y: 620 }), 'replace-with-call-activity');
    const properties = page.locator('#bpmn-properties');
    for (const group of ['inputPropagation', 'outputPropagation']) {
      await properties.locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`).click();
      const toggle = properties.locator(`[data-group-id="group-${group}"] .bio-properties-panel-toggle-switch`);
      await toggle.waitFor();
      const label = toggle.locator('.bio-properties-panel-toggle-switch__label');
      const before = await label.textContent();
      expect(before, group).to.be.oneOf(['开', '关']);
      await toggle.locator('.bio-properties-panel-toggle-switch__switcher').click();
      expect(await label.textContent(), group).to.equal(before === '开' ? '关' : '开');
    }
    expect(await properties.textContent()).to.include('传入父流程的全部变量').and.include('传回子流程的全部变量');
  });

  it('should download the diagram editor when a diagram is first opened and the form editor when a form is, their styles under the page’s own', async () => {
    const page = await logIn();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const editorScripts = () => scripts.filter((path) => /\/assets\/designer\/(bpmn|form)-[^/]+\.js$/.test(path)).map((path) => /(bpmn|form)-/.exec(path)![1]);
    const lazyStyles = () => page.evaluate(() => [...document.head.querySelectorAll('style[data-rank], link[rel="stylesheet"]')].map((e) => (e instanceof HTMLStyleElement ? `rank ${e.dataset.rank}` : 'page')));
    expect(editorScripts(), 'after the list is shown').to.deep.equal([]);
    expect(await lazyStyles()).to.deep.equal(['page']);

    // the first diagram fails to download on a dropped connection, then opens when asked again
    await page.route('**/assets/designer/bpmn-*.js', (route) => route.abort('internetdisconnected'));
    await page.click('.designer-item[data-kind="bpmn"][data-id="refusal"]');
    await page.locator('#designer-status', { hasText: '无法打开 refusal：流程图编辑器未能下载，请检查网络后重试' }).waitFor();
    await page.unroute('**/assets/designer/bpmn-*.js');
    await openDiagram(page, 'refusal');
    expect(new Set(editorScripts())).to.deep.equal(new Set(['bpmn']));
    expect(await lazyStyles()).to.deep.equal(['rank 2', 'page']);
    // the palette drawn by diagram-js's stylesheet, its icons in the bpmn font
    expect(await page.locator('.djs-palette .entry.bpmn-icon-task').evaluate((e) => getComputedStyle(e, '::before').fontFamily)).to.equal('bpmn');

    await page.click('#tab-form');
    await page.click('.designer-item[data-kind="form"][data-id="follow-up-visit"]');
    await page.locator('#form-editor .fjs-element[data-id="Field_visitNotes"]').waitFor();
    expect(new Set(editorScripts())).to.deep.equal(new Set(['bpmn', 'form']));
    expect(await lazyStyles(), 'form-js before the properties panel’s own stylesheet, as in one file').to.deep.equal(['rank 1', 'rank 2', 'page']);
  });

  it('should open a form in the form designer, save it as a version and deploy it', async () => {
    const page = await logIn();
    await page.click('#tab-form');
    expect(await page.locator('#list-form .designer-item').count()).to.equal(19);
    await page.click('.designer-item[data-kind="form"][data-id="follow-up-visit"]');
    const field = page.locator('#form-editor .fjs-element[data-id="Field_visitNotes"]');
    await field.waitFor();
    expect(await page.locator('#designer-title').textContent()).to.contain('回访记录');
    expect(await page.locator('#dirty-mark').isVisible(), 'opening changes nothing').to.equal(false);
    const watermark = page.locator('#form-editor a.fjs-powered-by-link');
    expect(await watermark.isVisible(), 'bpmn.io watermark').to.equal(true);
    expect(await watermark.getAttribute('href')).to.match(/^https?:\/\/bpmn\.io\/?$/);

    // a description for the notes field, in the editor's properties panel
    await field.click();
    await page.locator('#form-editor .fjs-properties-container .bio-properties-panel-header-label', { hasText: '回访记录' }).waitFor();
    const description = page.locator('#form-editor #bio-properties-panel-description');
    if (!(await description.isVisible())) await page.locator('#form-editor .bio-properties-panel-group-header', { hasText: 'General' }).click();
    await description.click();
    await page.keyboard.type('记录回访对象对处理结果的意见');
    await page.locator('#dirty-mark').waitFor();

    await page.click('#save');
    await page.locator('#designer-status', { hasText: '已保存为第 1 版' }).waitFor();
    const saved = (await h.store.designs.latest('form', 'follow-up-visit'))!;
    const schema = JSON.parse(saved.content) as { id: string; components: Array<{ id: string; description?: string }> };
    expect(schema.id).to.equal('follow-up-visit');
    expect(schema.components.find((c) => c.id === 'Field_visitNotes')?.description).to.equal('记录回访对象对处理结果的意见');
    await screenshot(page, 'designer-form');

    await page.click('#deploy');
    await page.locator('#designer-status', { hasText: '已部署到流程引擎' }).waitFor();
    expect((await h.store.designs.latest('form', 'follow-up-visit'))!.deployedVersionKey).to.be.a('string');
    await page.click('#diff');
    await page.locator('#designer-panel .designer-diff-summary', { hasText: '相同' }).waitFor();
  });

  it('should refuse to deploy a form whose text component carries markup that could run, listing the component', async () => {
    // a version stored before saves were checked, its text holding a frame
    const shipped = readFileSync(join(import.meta.dirname, '..', '..', '..', 'forms', 'follow-up-visit.form'), 'utf8');
    const unsafe = shipped.replace('征询服务对象的意见。', '征询服务对象的意见。<iframe src=\\"https://evil.example/\\"></iframe>');
    expect(unsafe).to.not.equal(shipped);
    await h.store.designs.save({ kind: 'form', resourceId: 'follow-up-visit', content: unsafe, author: 'designer', at: h.now() });

    const page = await logIn();
    await page.click('#tab-form');
    await page.click('.designer-item[data-kind="form"][data-id="follow-up-visit"]');
    await page.locator('#form-editor .fjs-element[data-id="Text_visit"]').waitFor();
    await page.click('#deploy');

    await page.locator('#designer-status', { hasText: '第 1 版有 1 处规范检查错误，未部署；请改正后保存新版本再部署。' }).waitFor();
    const listed = page.locator('#deploy-problems li');
    expect(await listed.allTextContents()).to.deep.equal(['Text_visit：文本组件 Text_visit 含有不安全的内容：不允许 <iframe> 标签。只能使用 Markdown 和不带脚本、事件属性的排版标签']);
    await screenshot(page, 'designer-form-markup-refused');
    expect((await h.store.designs.latest('form', 'follow-up-visit'))!.deployedVersionKey).to.equal(null);
  });
});
