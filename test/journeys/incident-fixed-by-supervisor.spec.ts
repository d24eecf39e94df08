import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { createTask, dragBy, dropOnFlow, openDiagram } from '../support/designer-steps.js';
import { DESK, JourneyLog, logIn, personWindow, hallPerSuite, type Hall } from './support/hall.js';
import { openTask, submitTask } from './support/inbox-steps.js';
import { registerAtWindow } from './support/register-steps.js';

const REASON = '申请人拟开展的是经营性培训，属于市场监管部门登记范围，不属于本部门职权';
const PLACE = '县市场监管局（政务服务中心一楼 A区 3号窗口）';

/**
 * An incident from bad input, fixed by supervision through the pages. 高峰 (designer) adds to 不予
 * 受理 a 办理指引告知书 (the template 发送通知, kind not-accepted-redirect) so that every refused
 * applicant is told where to go (首问负责), and deploys it. 王芳 refuses an association's
 * registration with the reason but leaves 「应向何部门申请」 empty, as the acceptance form
 * allows; the new notice cannot be issued without a place, and the refusal stops at an incident.
 * 胡明 (supervision) finds it on 流程运维 in Chinese with the case number, opens the instance
 * (diagram with the incident marked, variables masked), enters the place into redirectTo and
 * retries in one step; the notice is issued and the case file shows it. Pages only.
 */
describe('journeys/incident fixed by supervision', function () {
  this.timeout(240_000);
  let hall: Hall;
  hallPerSuite((started) => (hall = started));

  /** Refreshes the incident list until the case's incident is there: the worker fails it moments after the clerk's submission. */
  async function incidentOf(page: Page, caseNumber: string) {
    const row = page.locator('tr[data-incident]').filter({ hasText: caseNumber });
    for (let attempt = 0; attempt < 40 && (await row.count()) === 0; attempt++) {
      await page.getByRole('button', { name: '刷新' }).click();
      await page.waitForTimeout(250);
    }
    await row.waitFor();
    return row;
  }

  it('should let supervision see a bad-input incident in Chinese, correct the variable on the instance, retry, and the case goes on', async () => {
    const log = new JourneyLog('incident-fixed-by-supervisor');

    // the designer's change: 不予受理 also issues the 办理指引告知书 after marking the case refused
    const designer = (await personWindow(hall, { width: 1440, height: 900 })).page;
    await logIn(designer, 'designer');
    await designer.goto('/designer');
    await designer.locator('.designer-item').first().waitFor();
    await openDiagram(designer, 'refusal');
    await createTask(designer, { x: 450, y: 620 });
    await designer.click('#bpmn-properties .bio-properties-panel-select-template-button');
    await designer.locator('.djs-popup', { hasText: '选择元素模板' }).locator('.entry', { hasText: '发送通知' }).click();
    const notice = designer.locator('#bpmn-canvas .djs-element.djs-shape', { hasText: '发送通知' });
    await notice.waitFor();
    await designer.locator('#bpmn-properties .bio-properties-panel-group-header', { hasText: '参数（任务头）' }).click();
    await designer.getByLabel('文书类型').selectOption('not-accepted-redirect');
    await dragBy(designer, designer.locator('.djs-element.djs-shape[data-element-id="refusedEnd"]'), { x: 150, y: 0 });
    await dropOnFlow(designer, notice, 'flow_markRefused_refusedEnd');
    await designer.locator('.bjsl-button', { hasText: '没有问题' }).waitFor();
    await designer.click('#save');
    await designer.locator('#designer-status', { hasText: '已保存为第 1 版' }).waitFor();
    await designer.click('#deploy');
    await designer.locator('#designer-status', { hasText: '已部署到流程引擎' }).waitFor();
    await log.step(designer, 'designer-deployed');

    // 王芳 registers an association and refuses it, leaving 「应向何部门申请」 empty
    const clerk = (await personWindow(hall, DESK)).page;
    await logIn(clerk, 'mz-clerk-a');
    const caseNumber = await registerAtWindow(clerk, {
      search: '社会团体',
      material: '社会团体法人登记申请表',
      applicant: { kind: 'organisation', name: '县青少年艺术培训协会', creditCode: '51530000MJ0018001X', contact: '赵六', phone: '13900139000' },
    });
    await clerk.getByRole('link', { name: '到待办事项办理' }).click();
    await openTask(clerk, caseNumber, '材料审查');
    for (const box of await clerk.locator('#task-form').getByRole('checkbox').all()) await box.check();
    await submitTask(clerk);
    await openTask(clerk, caseNumber, '受理');
    await clerk.getByLabel('不予受理的理由').fill(REASON);
    await log.step(clerk, 'clerk-refuses-without-place');
    await submitTask(clerk);

    // 胡明 finds the incident on 流程运维, in Chinese, with the case
    const supervisor = (await personWindow(hall, DESK)).page;
    await logIn(supervisor, 'supervisor');
    await supervisor.getByRole('link', { name: '流程运维' }).click();
    const row = await incidentOf(supervisor, caseNumber);
    const shown = await row.innerText();
    expect(shown).to.contain('不予受理').and.contain('发送通知').and.contain('作业重试次数用尽').and.contain('告知去处').and.contain('不能为空');
    expect(shown, 'no English words of the worker or the engine').not.to.match(/expected|variable|JOB_NO_RETRIES|not-accepted/);
    await log.step(supervisor, 'ops-incident-list');

    // the instance: its case, the incident on its element in the diagram, the variables masked
    await row.getByRole('link', { name: '查看实例' }).click();
    await supervisor.locator('.ops-diagram .djs-element.ops-incident').waitFor();
    await supervisor.locator('.ops-diagram .ops-incident-badge').waitFor();
    expect(await supervisor.locator('.ops-facts').first().innerText()).to.contain(caseNumber).and.contain('不予受理');
    const applicant = await supervisor.locator('tr[data-variable="applicant"]').innerText();
    expect(applicant).to.contain('139****9000').and.not.contain('13900139000');
    await log.step(supervisor, 'ops-instance');

    // the variable the message names is in the form: the place goes in, and the retry with it
    const fix = supervisor.locator('form.ops-fix');
    expect(await fix.getByLabel('变量名').inputValue()).to.equal('redirectTo');
    await fix.getByLabel('新值').fill(PLACE);
    await log.step(supervisor, 'ops-fix-variable');
    await fix.getByRole('button', { name: '修改变量并重试' }).click();
    await supervisor.getByText('已修改变量 redirectTo 并重试「发送通知」').waitFor();
    await supervisor.locator('form.ops-fix').waitFor({ state: 'detached' });
    await log.step(supervisor, 'ops-retried');

    // the case went on: its file has the 办理指引告知书 with the place, and links back to the instance
    await supervisor.locator('.ops-facts').first().getByRole('link', { name: caseNumber }).click();
    const print = supervisor.getByRole('link', { name: /^打印办理指引告知书/ });
    await print.waitFor();
    expect(await supervisor.locator('.case-file').innerText()).to.contain('不予受理');
    expect(await supervisor.locator('.case-file').getByRole('link', { name: /流程运维/ }).count(), 'the case links back to its instance').to.equal(1);
    await log.step(supervisor, 'case-file-notice');
    const [printed] = await Promise.all([supervisor.waitForEvent('popup'), print.click()]);
    await printed.getByText(`请到${PLACE}办理`).waitFor();
    await log.step(printed, 'redirect-notice');

    // and 王芳 finds it refused in 办件查询, her department's cases
    await clerk.getByRole('link', { name: '办件查询' }).click();
    await clerk.getByLabel('办件编号').fill(caseNumber);
    await clerk.getByRole('button', { name: '查询' }).click();
    const found = clerk.locator(`tr[data-case="${caseNumber}"]`);
    await found.waitFor();
    expect(await found.innerText()).to.contain('不予受理').and.contain('县青少年艺术培训协会');
    await log.step(clerk, 'clerk-case-search');
  });
});
