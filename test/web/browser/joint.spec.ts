import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { logInOnPage, openClerkPage, screenshot, useBrowser, type ClerkPage } from '../../support/browser.js';
import { completeTask, jointCaseInReview, startInboxHarness, type InboxHarness } from '../../support/inbox.js';

/**
 * The joint-approval desk in a real browser, on the real joint-approval diagram: 建筑工程施工许可
 * (ZJ-001), led by the 住建局 window and reviewed by 住建局, 自然资源局 and 人社局. The steps
 * before the review go through the API (the inbox spec walks them in the pages); 自然资源局's
 * opinion and the lead window's consolidation are given in the pages.
 */
describe('web/browser joint-approval desk', function () {
  this.timeout(240_000);
  const browser = useBrowser();
  let h: InboxHarness;

  before(async () => {
    h = await startInboxHarness();
  });
  after(async () => {
    await h?.stop();
  });

  async function logIn(username: string, path: string): Promise<ClerkPage> {
    const opened = await openClerkPage(browser(), h.now());
    const { page } = opened;
    await page.goto(`${h.url}${path}`);
    await logInOnPage(page, username);
    await page.waitForURL((url) => url.pathname === new URL(path, h.url).pathname);
    return opened;
  }

  const department = (page: Page, code: string) => page.locator(`.joint-dept[data-department="${code}"]`);

  it('should show the three departments’ status, opinion and deadline side by side with the single notice, and take the lead window to its consolidation', async () => {
    // an application with two materials missing, told once, supplied, accepted; three departments review at once; 住建局 approves
    const { caseNumber, processInstanceKey, reviews } = await jointCaseInReview(h);
    const { ZJ: zjReview, ZRZY: zrzyReview, RS: rsReview } = reviews;
    await completeTask(await h.as('zj-reviewer'), zjReview.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '施工图审查合格，同意核发' });

    // 自然资源局's reviewer gives a refusal in the inbox
    const reviewer = await logIn('zrzy-reviewer', '/inbox');
    const reviewRow = reviewer.page.locator(`tr[data-task-key="${zrzyReview.userTaskKey}"]`);
    // its deadline in the list: the due status and the time left
    expect(await reviewRow.locator('.due').textContent()).to.include('正常').and.include('剩余 7天8小时').and.include('2026-03-09 17:30');
    await reviewRow.getByRole('button', { name: '办理' }).click();
    await reviewer.page.locator('#task-form .fjs-form').waitFor();
    await reviewer.page.getByLabel('作出审查决定').check();
    await reviewer.page.getByLabel('不同意', { exact: true }).check();
    await reviewer.page.getByLabel('审查意见').fill('不同意核发');
    const reason = '建设用地规划许可证载明的用地范围与申请不符';
    await reviewer.page.getByLabel('不同意的理由及依据').fill(reason);
    await reviewer.page.click('.task-submit');
    await reviewer.page.locator('.sh-message-success', { hasText: '已办结' }).waitFor();

    // the lead window's desk, while 人社局 still reviews
    const lead = await logIn('zj-lead', '/joint');
    const { page } = lead;
    await page.locator(`.joint-list li[data-case-number="${caseNumber}"].joint-selected`).waitFor();
    await page.waitForURL(new RegExp(`case=${caseNumber}`));
    await department(page, 'RS').waitFor();
    expect(await page.locator('.joint-dept').count()).to.equal(3);
    const zj = await department(page, 'ZJ').textContent();
    expect(zj).to.include('县住房和城乡建设局').and.include('牵头').and.include('已答复').and.include('同意').and.include('施工图审查合格，同意核发');
    const zrzy = await department(page, 'ZRZY').textContent();
    expect(zrzy).to.include('县自然资源局').and.include('已答复').and.include('不同意').and.include(reason);
    const rs = await department(page, 'RS').textContent();
    expect(rs).to.include('县人力资源和社会保障局').and.include('审查中').and.include('尚未答复').and.include('郭强');
    // each department's deadline: five working days for its review, 17:30 on Monday 9 March; normal now, 7 days left
    for (const code of ['ZJ', 'ZRZY', 'RS']) expect(await department(page, code).textContent(), code).to.include('2026-03-09 17:30').and.include('正常');
    expect(await department(page, 'RS').locator('.joint-countdown').textContent()).to.include('剩余 7天8小时');
    // one notice told the applicant everything, and it opens
    const notice = page.locator('.joint-notice-link');
    expect(await notice.textContent()).to.equal('补齐申请材料通知书');
    expect(await page.locator('.joint-once').textContent()).to.include('只出具了一份补正通知');
    const printed = await page.request.get(new URL((await notice.getAttribute('href'))!, h.url).toString());
    expect(printed.status()).to.equal(200);
    expect(await printed.text()).to.include('未提交农民工工资专用账户开户证明').and.include('未提交建设资金已经落实的证明');
    expect(await page.locator('.joint-consolidation').textContent()).to.include('各部门审查完毕后，由牵头窗口汇总意见');
    await screenshot(page, 'joint-desk');

    // Friday afternoon: 人社局's answer is due on the next working day, and the desk says so
    // (four days on, the morning's session has long timed out: the lead window logs in again)
    await h.setTime('2026-03-06T10:00:00Z');
    const friday = await logIn('zj-lead', `/joint?case=${caseNumber}`);
    await department(friday.page, 'RS').locator('.sh-due-yellow', { hasText: '临期预警' }).waitFor();
    expect(await department(friday.page, 'RS').locator('.joint-countdown').textContent()).to.include('剩余 2天23小时');

    // 人社局's reviewer answers in the inbox; the consolidation task follows, for 黄磊 at the lead window
    const rsReviewer = await logIn('rs-reviewer', `/inbox?task=${rsReview.userTaskKey}`);
    await rsReviewer.page.locator('#task-form .fjs-form').waitFor();
    await rsReviewer.page.getByLabel('作出审查决定').check();
    await rsReviewer.page.getByLabel('同意', { exact: true }).check();
    await rsReviewer.page.getByLabel('审查意见').fill('农民工工资专户已开设，同意');
    await rsReviewer.page.click('.task-submit');
    // told where the case went: to the lead window's consolidation
    await rsReviewer.page.locator('.sh-message-success', { hasText: '流程已进入下一环节：「牵头窗口汇总意见」' }).waitFor();
    const consolidation = await h.storeTask('leadConsolidation', processInstanceKey);
    await friday.page.reload();
    await department(friday.page, 'RS').locator('text=已答复').waitFor();
    expect(await friday.page.locator('.joint-consolidation').textContent()).to.include('黄磊').and.include('办理中');

    // 黄磊 opens the consolidation from the desk and decides, with every opinion in front of him
    const window = await logIn('zj-lead', `/joint?case=${caseNumber}`);
    await window.page.click('.joint-consolidate');
    await window.page.waitForURL(new RegExp(`/inbox\\?task=${consolidation.userTaskKey}$`));
    await window.page.locator('#task-form .fjs-form').waitFor();
    expect(await window.page.locator('#task-form .fjs-table').textContent()).to.include(reason);
    await window.page.getByLabel('作出综合决定').check();
    await window.page.getByLabel('不予许可').check();
    await window.page.getByLabel('综合意见').fill('自然资源局审查不同意，不予核发');
    await window.page.getByLabel('不予许可的理由及依据').fill(reason);
    await window.page.click('.task-submit');
    // the last step: told that the case itself is finished, not that it moved on
    const finished = window.page.locator('.sh-message-success', { hasText: '整个办件已办结' });
    await finished.waitFor();
    expect(await finished.textContent()).to.not.include('下一环节');
    const closed = await h.until('the case decided', async () => {
      const c = await h.store.cases.getByNumber(caseNumber);
      return c?.status === 'completed' && c;
    });
    expect(closed.result).to.equal('rejected');

    // supervision watches every joint case
    const supervisor = await logIn('supervisor', `/joint?case=${caseNumber}&open=false`);
    await department(supervisor.page, 'ZRZY').waitFor();
    expect(await supervisor.page.locator('.joint-case').textContent()).to.include('已办结');
    for (const p of [reviewer, lead, friday, rsReviewer, window, supervisor]) {
      expect(p.dialogs).to.deep.equal([]);
      expect(p.errors).to.deep.equal([]);
    }
  });
});
