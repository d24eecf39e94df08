import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { collectProblems, logInOnPage, openClerkPage, screenshot, useBrowser } from '../../support/browser.js';
import { startWebHarness, type WebHarness } from '../../support/web.js';

/**
 * 事项目录 (/admin/catalogue) in chromium: the items by department, an item opened in its form,
 * errors beside the fields and nothing kept, a draft saved and published as version 2, the
 * history, a draft discarded; refused to a clerk.
 */
describe('web/browser catalogue', function () {
  this.timeout(120_000);
  const browser = useBrowser();
  let h: WebHarness;
  let problems: string[];

  before(async () => {
    h = await startWebHarness();
    await h.store.catalogue.publish(seedCatalogue(), h.now());
  });
  after(async () => {
    await h?.stop();
  });
  beforeEach(() => {
    problems = [];
  });
  afterEach(function () {
    if (this.currentTest?.state === 'passed') expect(problems, 'errors in the page').to.deep.equal([]);
  });

  async function pageOf(username: string, path: string): Promise<Page> {
    const { page } = await openClerkPage(browser(), h.now());
    collectProblems(page, problems, path);
    await page.goto(`${h.url}${path}`);
    await logInOnPage(page, username);
    await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
    return page;
  }

  const errorOf = (page: Page, path: string) => page.locator(`[data-error-for="${path}"]`);

  it('should refuse the page to a clerk', async () => {
    const { page } = await openClerkPage(browser(), h.now());
    await page.goto(`${h.url}/admin/catalogue`);
    await logInOnPage(page, 'mz-clerk-a');
    await page.getByText('您的角色不能使用「事项目录」页面。').waitFor();
  });

  it('should list the items by department, show the rules’ errors beside the fields and keep nothing, then save, publish and show version 2 in the history', async () => {
    const page = await pageOf('admin', '/admin/catalogue');
    await page.locator('.cat-department[data-department="ZRZY"] tr[data-item="ZRZY-001"]').waitFor();
    expect(await page.locator('.cat-department').count()).to.equal(new Set(seedCatalogue().items.map((i) => i.departmentCode)).size);
    await page.locator('#cat-department').selectOption('ZRZY');
    // the list is redrawn when the answer for the chosen department arrives
    await page.locator('.cat-department').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('.cat-department').count()).to.equal(1);
    expect(await page.locator('.cat-department').getAttribute('data-department')).to.equal('ZRZY');
    await screenshot(page, 'catalogue-list');

    await page.locator('tr[data-item="ZRZY-001"]').getByRole('link', { name: '打开' }).click();
    await page.getByText('已发布第 1 版').waitFor();
    expect(await page.locator('#cat-publish').isDisabled()).to.equal(true);

    // promised beyond the statutory days, a fee with no figure, a material without its name
    await page.getByLabel('承诺时限（工作日）').fill('40');
    await page.getByLabel('收费 1 金额（元）').fill('八十');
    await page.locator('#cat-save').click();
    await errorOf(page, '/fees/0/amountFen').getByText('金额应为元，最多两位小数').waitFor();
    await page.getByLabel('收费 1 金额（元）').fill('60');
    await page.getByLabel('材料 2 名称').fill('');
    await page.locator('#cat-save').click();
    await errorOf(page, '/materials/1/name').getByText('请填写申请材料第 2 项的名称').waitFor();
    expect(await errorOf(page, '/fees/0/amountFen').innerText()).to.equal('');
    await screenshot(page, 'catalogue-errors');
    expect(await h.store.catalogue.getDraft('ZRZY-001')).to.equal(undefined);

    // the shape is right now, so the rules beyond it speak
    await page.getByLabel('材料 2 名称').fill('买卖双方身份证明');
    await page.locator('#cat-save').click();
    await errorOf(page, '/promisedDays').getByText('承诺时限（40 个工作日）不能超过法定时限（30 个工作日）').waitFor();
    expect(await page.getByLabel('承诺时限（工作日）').getAttribute('aria-invalid')).to.equal('true');
    expect(await h.store.catalogue.getDraft('ZRZY-001')).to.equal(undefined);

    await page.getByLabel('承诺时限（工作日）').fill('3');
    await page.locator('#cat-save').click();
    await page.getByText('草稿已保存').waitFor();
    expect(await page.locator('#cat-draft').innerText()).to.contain('在第 1 版上修改');
    expect(await page.locator('tr[data-item="ZRZY-001"] .sh-badge').innerText()).to.contain('草稿');
    expect((await h.store.catalogue.getItem('ZRZY-001'))?.promisedDays).to.equal(5);

    await page.locator('#cat-publish').click();
    await page.getByText('已发布第 2 版：办事指南即显示新版本').waitFor();
    const rows = await page.locator('#cat-history tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').slice(0, 1).concat(r.split('\t').slice(4, 6)))).to.deep.equal([
      ['第 2 版', '3 个工作日', '不动产登记费（住宅类） 60.00 元/件；不动产权属证书工本费（第二本起） 10.00 元/本'],
      ['第 1 版', '5 个工作日', '不动产登记费（住宅类） 80.00 元/件；不动产权属证书工本费（第二本起） 10.00 元/本'],
    ]);
    await screenshot(page, 'catalogue-published');
    const published = await h.store.catalogue.getPublished('ZRZY-001');
    expect([published?.version, published?.item.promisedDays, published?.item.fees[0].amountFen]).to.deep.equal([2, 3, 6000]);
    expect(published?.item.materials[1].name).to.equal('买卖双方身份证明');

    // supervision reads the publication in the audit log, in Chinese
    const supervisor = await pageOf('supervisor', '/supervision');
    const entry = supervisor.locator('tr[data-action="catalogue.publish"]').first();
    await entry.waitFor();
    const text = await entry.innerText();
    expect(text).to.contain('发布事项新版本').and.contain('事项目录').and.contain('修改的内容：承诺时限、收费标准');
  });

  it('should discard a draft and show the published version again', async () => {
    const page = await pageOf('admin', '/admin/catalogue?item=MZ-002');
    await page.getByText('已发布第 1 版').waitFor();
    await page.getByLabel('事项名称').fill('社会团体成立登记（试行）');
    await page.locator('#cat-save').click();
    await page.getByText('草稿已保存').waitFor();
    await page.locator('#cat-discard').click();
    await page.getByText('草稿已放弃。').waitFor();
    expect(await page.getByLabel('事项名称').inputValue()).to.equal('社会团体成立登记');
    expect(await h.store.catalogue.getDraft('MZ-002')).to.equal(undefined);
  });

  it('should start a new item from its code, show what it still lacks beside each field, and publish it as version 1', async () => {
    const page = await pageOf('admin', '/admin/catalogue');
    await page.locator('#cat-department').selectOption('MZ');
    await page.locator('#cat-new-code').fill('MZ-003');
    await page.locator('#cat-new').click();
    await page.getByText('新事项：填写后点击「保存草稿」').waitFor();
    expect(await page.getByLabel('实施部门').inputValue()).to.equal('MZ');

    await page.getByLabel('承诺时限（工作日）').fill('10');
    await page.getByLabel('法定时限（工作日）').fill('20');
    await page.locator('#cat-save').click();
    await errorOf(page, '/name').getByText('请填写事项名称').waitFor();
    for (const [path, message] of [
      ['/legalBasis', '请填写设定依据'],
      ['/conditions', '受理条件至少一项'],
      ['/materials/0/code', '请填写申请材料第 1 项的编码'],
      ['/fees/0/name', '请填写收费标准第 1 项的收费项目'],
      ['/window', '请填写办理窗口'],
    ]) {
      expect(await errorOf(page, path).innerText(), path).to.equal(message);
    }
    await screenshot(page, 'catalogue-new-item-errors');
    expect(await h.store.catalogue.getDraft('MZ-003')).to.equal(undefined);

    await page.getByLabel('事项名称').fill('民办非企业单位成立登记');
    await page.getByLabel('设定依据').fill('《民办非企业单位登记管理暂行条例》');
    await page.getByLabel('受理条件（每行一条）').fill('经业务主管单位审查同意\n有规范的名称、必要的组织机构');
    await page.getByLabel('办理流程').fill('申请 → 受理 → 审查 → 决定 → 发证');
    await page.getByLabel('办理结果').fill('民办非企业单位登记证书');
    await page.getByLabel('办理窗口').fill('一楼 B区 9号窗口');
    await page.getByLabel('材料 1 编码').fill('application');
    await page.getByLabel('材料 1 名称').fill('民办非企业单位登记申请书');
    await page.getByLabel('材料 1 原件/复印件及份数').fill('原件1份');
    await page.getByLabel('收费 1 收费项目').fill('登记费');
    await page.locator('#cat-save').click();
    await page.getByText('草稿已保存').waitFor();
    await page.locator('#cat-publish').click();
    await page.getByText('已发布第 1 版').first().waitFor();
    const published = await h.store.catalogue.getPublished('MZ-003');
    expect([published?.version, published?.item.name, published?.item.conditions.length, published?.item.promisedDays]).to.deep.equal([1, '民办非企业单位成立登记', 2, 10]);
    await page.locator('tr[data-item="MZ-003"]').getByText('第 1 版').waitFor();
  });
});
