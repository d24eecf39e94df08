import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createTask, dropOnFlow, openDiagram, replaceShape, widenGap, zoomInAt } from '../support/designer-steps.js';
import { DESK, JourneyLog, logIn, personWindow, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask, taskRow } from './support/inbox-steps.js';
import { registerAtWindow } from './support/register-steps.js';

const DECISION_FILE = 'material-check-rules';
// a new decision file's decision is called by the file's id with -decision (the designer page shows it)
const DECISION_ID = `${DECISION_FILE}-decision`;
const MISSING = '双方近期2寸半身免冠合影照片';

/**
 * A business rule decided by a decision table the designer made, routing cases a clerk works.
 * 高峰 (designer) makes 材料齐全判定 on 决策 (input 申请材料齐全, output 审查结论: 受理审查 or
 * 一次性告知) and deploys it; in 即办件 he puts a business rule task calling it between 材料审查 and
 * the gateway 材料是否齐全？, its result in materialCheckResult, points the 缺件或有误 flow at that
 * result, and deploys the diagram. 王芳 registers two 结婚登记 (MZ-001) cases: the one with every
 * material verified comes to 受理审查, the one with a photo missing to 确认一次性告知清单, the route
 * the decision's answer picked. Pages only.
 */
describe('journeys/decision routes the material check', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  /** The decision table's cell of a rule (0-based) and column, clicked and typed into as a person does. */
  async function typeInCell(page: Page, rule: number, column: 'input' | 'output', text: string): Promise<void> {
    await page.locator('#dmn-canvas tbody tr').nth(rule).locator(`td.${column}-cell`).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(text);
  }

  async function makeDecision(designer: Page, log: JourneyLog): Promise<void> {
    await designer.click('#tab-dmn');
    await designer.fill('#open-id', DECISION_FILE);
    await designer.click('#open-form button[type="submit"]');
    await designer.locator('#designer-dialog', { hasText: `没有标识为 ${DECISION_FILE} 的决策。新建一个吗？` }).waitFor();
    await designer.click('#dialog-ok');
    await designer.click('#dmn-views .designer-dmn-tab[data-view="decisionTable"]');
    await designer.locator('#dmn-canvas .tjs-table').waitFor();
    await designer.click('#dmn-canvas .decision-table-name');
    await designer.keyboard.press('Control+A');
    await designer.keyboard.type('材料齐全判定');

    // the input: what the clerk answered on 材料审查, a boolean
    const editor = designer.locator('.context-menu');
    await designer.dblclick('#dmn-canvas th.input-cell .input-label');
    await editor.getByLabel('输入标签').click();
    await designer.keyboard.press('Control+A');
    await designer.keyboard.type('申请材料齐全');
    await editor.getByLabel('输入表达式').click();
    await designer.keyboard.type('materialsComplete');
    await editor.getByLabel('类型').click();
    await designer.locator('.dms-select-options .option', { hasText: '布尔' }).click();
    await designer.keyboard.press('Escape');
    // the output: the step the case goes to
    await designer.dblclick('#dmn-canvas th.output-cell .output-label');
    await editor.getByLabel('输出标签').click();
    await designer.keyboard.press('Control+A');
    await designer.keyboard.type('审查结论');
    await editor.getByLabel('输出名称').fill('conclusion');
    await designer.keyboard.press('Escape');

    await typeInCell(designer, 0, 'input', 'true');
    await typeInCell(designer, 0, 'output', '"受理审查"');
    await designer.click('#dmn-canvas tfoot .add-rule-add button');
    await typeInCell(designer, 1, 'input', 'false');
    await typeInCell(designer, 1, 'output', '"一次性告知"');
    await designer.click('#dmn-canvas', { position: { x: 900, y: 600 } });
    expect(await designer.locator('#dmn-canvas th.input-cell .input-variable').textContent()).to.equal('布尔');
    await log.step(designer, 'designer-decision-table');

    await designer.click('#deploy');
    await designer.locator('#designer-status', { hasText: '第 1 版已部署到流程引擎（决策需求图在引擎中的第 1 版' }).waitFor();
    // the id a business rule task calls it by, as the page gives it
    expect(await designer.locator(`#decisions-info [data-decision-id="${DECISION_ID}"]`).textContent()).to.equal(`材料齐全判定 ${DECISION_ID}`);
    await log.step(designer, 'designer-decision-deployed');
  }

  async function callDecisionFromDiagram(designer: Page, log: JourneyLog): Promise<void> {
    await designer.click('#tab-bpmn');
    await openDiagram(designer, 'immediate-case');
    const shape = (id: string) => designer.locator(`#bpmn-canvas .djs-element.djs-shape[data-element-id="${id}"]`);
    await zoomInAt(designer, shape('materialCheck'), 6);
    await widenGap(designer, shape('materialCheck'), shape('materialsComplete'), 160);

    const canvas = (await designer.locator('#bpmn-canvas').boundingBox())!;
    const gateway = (await shape('materialsComplete').boundingBox())!;
    const task = await createTask(designer, { x: gateway.x - canvas.x, y: gateway.y - canvas.y - 170 });
    await designer.keyboard.type('材料齐全判定');
    await designer.mouse.click(canvas.x + 200, canvas.y + canvas.height - 60);
    await replaceShape(designer, task, 'replace-with-rule-task');
    const ruleTaskId = (await designer.locator('#bpmn-canvas .djs-element.djs-shape.selected').getAttribute('data-element-id'))!;
    const properties = designer.locator('#bpmn-properties');
    expect(await properties.locator('.bio-properties-panel-header-type').textContent()).to.equal('业务规则任务');
    await properties.locator('.bio-properties-panel-group-header', { hasText: '实现' }).click();
    expect(await properties.getByLabel('实现', { exact: true }).locator('option:checked').textContent()).to.equal('DMN 决策');
    await properties.locator('.bio-properties-panel-group-header', { hasText: '被调用决策' }).click();
    await properties.getByLabel('决策 ID').fill(DECISION_ID);
    await properties.getByLabel('结果变量').fill('materialCheckResult');
    expect(await properties.getByLabel('绑定').locator('option:checked').textContent()).to.equal('最新版本');
    await dropOnFlow(designer, shape(ruleTaskId), 'flow_materialCheck_materialsComplete');
    await shape(ruleTaskId).click();
    await log.step(designer, 'designer-rule-task');

    // 缺件或有误 now follows the decision's answer; 齐全 stays the gateway's default
    await designer.locator('#bpmn-canvas .djs-shape[data-element-id="flow_materialsComplete_supplement_label"]').click();
    await properties.locator('.bio-properties-panel-group-header', { hasText: '条件' }).click();
    await properties.getByLabel('条件表达式').click();
    await designer.keyboard.press('Control+A');
    await designer.keyboard.type('materialCheckResult = "一次性告知"');
    await designer.mouse.click(canvas.x + 200, canvas.y + canvas.height - 60);
    await designer.locator('.bjsl-button', { hasText: '没有问题' }).waitFor();
    await designer.click('#deploy');
    await designer.locator('#designer-status', { hasText: '第 1 版已部署到流程引擎（引擎中的第 2 版' }).waitFor();
    await log.step(designer, 'designer-diagram-deployed');
  }

  it('should route a case to the step the designer\'s decision table answers, through the pages alone', async () => {
    const log = new JourneyLog('decision-routes-material-check');
    const designer = (await personWindow(hall, { width: 1440, height: 900 })).page;
    await logIn(designer, 'designer');
    await designer.goto('/designer');
    await designer.locator('.designer-item').first().waitFor();
    await makeDecision(designer, log);
    await callDecisionFromDiagram(designer, log);

    // 王芳 registers two marriage registrations; the first has every material
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'mz-clerk-a');
    const applicant = (name: string, idNumber: string) => ({ search: '结婚登记', material: '男女双方本人有效居民身份证', applicant: { kind: 'person' as const, name, idNumber, phone: '13800138000' } });
    const complete = await registerAtWindow(clerk, applicant('张明', '110101199003070011'));
    const missing = await registerAtWindow(clerk, applicant('李华', '110101199105080026'));

    await clerk.getByRole('link', { name: '到待办事项办理' }).click();
    await openTask(clerk, complete, '材料审查');
    for (const box of await clerk.locator('#task-form').getByRole('checkbox').all()) await box.check();
    await log.step(clerk, 'material-check-complete');
    await submitTask(clerk);
    await taskRow(clerk, complete, '受理审查').waitFor({ timeout: 20_000 });

    // the second lacks the couple's photo: listed for the one-time notice
    await openTask(clerk, missing, '材料审查');
    const form = clerk.locator('#task-form');
    for (const box of await form.getByRole('checkbox').all()) {
      const label = await box.evaluate((node) => node.closest('label, .fjs-form-field')?.textContent ?? '');
      if (!label.includes(MISSING) && !label.includes('申请材料齐全')) await box.check();
    }
    await clerk.getByLabel(/^材料/).first().click();
    await clerk.locator('.fjs-dropdownlist-item', { hasText: MISSING }).click();
    await clerk.getByLabel('需补正的内容', { exact: false }).first().fill('未提交双方合影照片');
    await log.step(clerk, 'material-check-missing');
    await submitTask(clerk);

    // each case is where the decision sent it: one to 受理审查, the other to the one-time notice
    await taskRow(clerk, missing, '确认一次性告知清单').waitFor({ timeout: 20_000 });
    expect(await taskRow(clerk, missing, '受理审查').count()).to.equal(0);
    expect(await taskRow(clerk, complete, '确认一次性告知清单').count()).to.equal(0);
    await log.step(clerk, 'inbox-routed-by-decision');
    await openTask(clerk, missing, '确认一次性告知清单');
    expect(await clerk.locator('#task-form').innerText()).to.contain(MISSING);
    await log.step(clerk, 'one-time-notice-list');
  });
});
