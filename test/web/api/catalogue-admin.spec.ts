import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import type { CatalogueItem } from '../../../domain/catalogue/types.js';
import { bodyAs } from '../../support/web-system.js';
import { adminHarnessPerSuite, expectRefusedToOthers, type ApiCall, type ApiClient, type WebHarness } from '../../support/web.js';

interface Version {
  version: number;
  edition: string | null;
  publishedAt: string;
  publishedBy: string;
  item: CatalogueItem;
}
interface AdminItem {
  code: string;
  published: Version | null;
  draft: { baseVersion: number | null; updatedBy: string; item: CatalogueItem } | null;
  versions: Version[];
}
interface ListRow {
  code: string;
  name: string;
  departmentCode: string;
  version: number | null;
  draft: { baseVersion: number | null; updatedBy: string } | null;
}
interface GuideItem {
  code: string;
  version: number;
  edition: string | null;
  timeLimit: { promisedDays: number };
  fees: Array<{ code: string; amountFen: number }>;
}

/**
 * 事项目录管理 through the API, as the administrator uses it: items listed with their published
 * version and draft, a draft refused field by field in Chinese with nothing kept, the guide
 * unchanged until the draft is published as the next version, the history, discarding, and the
 * audit log's before and after of every change.
 */
describe('web/api catalogue administration', function () {
  this.timeout(30_000);
  let h: WebHarness;
  let admin: ApiClient;
  adminHarnessPerSuite(
    (started) => (h = started),
    (client) => (admin = client),
  );

  const seedItem = (code: string): CatalogueItem => structuredClone(seedCatalogue().items.find((i) => i.code === code)!);
  const saveDraft = (client: ApiClient, code: string, item: unknown) => client.request('put', `/api/admin/catalogue/items/${code}/draft`, { body: { item } });
  const guideItem = async (code: string): Promise<GuideItem> => {
    const res = await h.client().get(`/api/public/guide?q=${encodeURIComponent(code)}`);
    return bodyAs<{ items: GuideItem[] }>(res).items.find((i) => i.code === code)!;
  };

  it('should refuse every catalogue operation to anyone but an administrator, and change nothing', async () => {
    const item = { ...seedItem('MZ-002'), promisedDays: 1 };
    const calls: ApiCall[] = [
      ['get', '/api/admin/catalogue/items'],
      ['get', '/api/admin/catalogue/items/MZ-002'],
      ['put', '/api/admin/catalogue/items/MZ-002/draft', { item }],
      ['delete', '/api/admin/catalogue/items/MZ-002/draft'],
      ['post', '/api/admin/catalogue/items/MZ-002/publish'],
    ];
    await expectRefusedToOthers(h, ['mz-clerk-a', 'mz-head', 'supervisor', 'designer'], calls);
    expect(await h.store.catalogue.getDraft('MZ-002')).to.equal(undefined);
    expect((await h.store.catalogue.getPublished('MZ-002'))?.version).to.equal(1);
  });

  it('should refuse a bad draft naming every wrong field in Chinese, and keep nothing', async () => {
    const item = seedItem('ZRZY-001');
    item.promisedDays = 40;
    item.materials[1].name = '';
    item.fees[0].amountFen = -100;
    item.jointDepartmentCodes = ['ZRZY', 'ZJ'];
    item.phone = '3100';

    const res = await saveDraft(admin, 'ZRZY-001', item);

    expect(res.status).to.equal(400);
    const errors = (res.body.errors ?? []).map((e) => [e.field, e.message]);
    expect(errors).to.deep.include.members([
      ['item.materials.1.name', '请填写申请材料第 2 项的名称'],
      ['item.fees.0.amountFen', '收费标准第 1 项的金额不能为负数'],
      ['item.phone', '咨询电话应为固定电话（如 0874-3100109）、手机号码或 12345'],
    ]);
    expect(res.body.detail).to.contain('未作任何更改');
    // the rules beyond shape wait for the shape, then speak as well
    item.materials[1].name = '不动产权属证书';
    item.fees[0].amountFen = 8000;
    item.phone = '0874-3100111';
    const rules = await saveDraft(admin, 'ZRZY-001', item);
    expect(rules.status).to.equal(400);
    expect((rules.body.errors ?? []).map((e) => [e.field, e.message])).to.deep.equal([
      ['item.promisedDays', '承诺时限（40 个工作日）不能超过法定时限（30 个工作日）'],
      ['item.jointDepartmentCodes', '只有联办件才有联办部门'],
    ]);
    expect(await h.store.catalogue.getDraft('ZRZY-001')).to.equal(undefined);
    expect(await h.store.audit.forTarget('catalogue-item', 'ZRZY-001')).to.deep.equal([]);
  });

  it('should refuse a draft whose code is not the item it is saved under', async () => {
    const res = await saveDraft(admin, 'MZ-001', seedItem('MZ-002'));
    expect(res.status).to.equal(400);
    expect(res.body.field).to.equal('item.code');
    expect(await h.store.catalogue.getDraft('MZ-001')).to.equal(undefined);
  });

  it('should keep the guide on the published version while a draft is edited, then publish the draft as version 2 with its history and audit', async () => {
    const item = seedItem('GA-001');
    item.promisedDays = 15;
    item.fees[0].amountFen = 1000;

    const saved = await saveDraft(admin, 'GA-001', item);
    expect(saved.status, JSON.stringify(saved.body)).to.equal(201);
    expect(bodyAs<AdminItem>(saved).draft).to.deep.include({ baseVersion: 1, updatedBy: 'admin' });

    // listed with its published version and the draft
    const listed = bodyAs<{ items: ListRow[] }>(await admin.get('/api/admin/catalogue/items?department=GA')).items;
    expect(listed.map((r) => [r.code, r.version, r.draft?.baseVersion ?? null])).to.deep.equal([['GA-001', 1, 1]]);
    // the public still reads version 1
    expect(await guideItem('GA-001')).to.deep.include({ version: 1, edition: '2026.1' });
    expect((await guideItem('GA-001')).timeLimit.promisedDays).to.equal(20);

    h.advance(60_000);
    const published = await admin.post('/api/admin/catalogue/items/GA-001/publish', undefined);
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    const view = bodyAs<AdminItem>(published);
    expect(view.draft).to.equal(null);
    expect(view.published).to.deep.include({ version: 2, edition: null, publishedBy: 'admin', publishedByName: '林涛' });
    expect(view.versions.map((v) => [v.version, v.item.promisedDays, v.item.fees[0].amountFen])).to.deep.equal([
      [2, 15, 1000],
      [1, 20, 2000],
    ]);
    const guide = await guideItem('GA-001');
    expect(guide).to.deep.include({ version: 2, edition: null });
    expect(guide.timeLimit.promisedDays).to.equal(15);
    expect(guide.fees[0].amountFen).to.equal(1000);

    const [save, publish] = await h.store.audit.forTarget('catalogue-item', 'GA-001');
    expect(save).to.deep.include({ actor: 'admin', action: 'catalogue.draft-save' });
    expect(save.detail).to.deep.include({ baseVersion: 1, changed: ['promisedDays', 'fees'] });
    expect(publish).to.deep.include({ actor: 'admin', action: 'catalogue.publish' });
    const detail = publish.detail as { changed: string[]; before: { version: number; item: CatalogueItem }; after: { version: number; item: CatalogueItem } };
    expect(detail.changed).to.deep.equal(['promisedDays', 'fees']);
    expect([detail.before.version, detail.before.item.promisedDays, detail.after.version, detail.after.item.promisedDays]).to.deep.equal([1, 20, 2, 15]);
  });

  it('should refuse to publish a draft no different from the published version, and keep the draft', async () => {
    expect((await saveDraft(admin, 'RS-001', seedItem('RS-001'))).status).to.equal(201);
    const res = await admin.post('/api/admin/catalogue/items/RS-001/publish', undefined);
    expect(res.status).to.equal(409);
    expect(res.body.detail).to.equal('草稿与已发布的第 1 版相同，无需发布');
    expect(await h.store.catalogue.getDraft('RS-001')).to.not.equal(undefined);
  });

  it('should refuse to publish a draft a catalogue file overtook, and keep the draft', async () => {
    expect((await saveDraft(admin, 'WJ-001', { ...seedItem('WJ-001'), promisedDays: 8 })).status).to.equal(201);
    const file = seedCatalogue();
    file.version = '2026.2';
    file.items = file.items.map((i) => (i.code === 'WJ-001' ? { ...i, promisedDays: 9 } : i));
    await h.store.catalogue.publish(file, h.now());

    const res = await admin.post('/api/admin/catalogue/items/WJ-001/publish', undefined);

    expect(res.status).to.equal(409);
    expect(res.body.detail).to.equal('草稿是在第 1 版上修改的，其后已发布第 2 版：请放弃草稿，在新版本上重新修改');
    expect((await h.store.catalogue.getDraft('WJ-001'))?.item.promisedDays).to.equal(8);
    expect((await guideItem('WJ-001')).timeLimit.promisedDays).to.equal(9);
  });

  it('should discard a draft with its audit entry, and answer 404 for a draft there is not', async () => {
    expect((await saveDraft(admin, 'SW-001', { ...seedItem('SW-001'), name: '代开增值税发票（自然人）' })).status).to.equal(201);
    // saved again: replaced, still started from version 1
    const again = await saveDraft(admin, 'SW-001', { ...seedItem('SW-001'), name: '代开发票（自然人）' });
    expect(again.status).to.equal(200);
    expect(bodyAs<AdminItem>(again).draft).to.deep.include({ baseVersion: 1 });

    expect((await admin.delete('/api/admin/catalogue/items/SW-001/draft')).status).to.equal(204);
    expect((await admin.delete('/api/admin/catalogue/items/SW-001/draft')).status).to.equal(404);
    expect((await admin.post('/api/admin/catalogue/items/SW-001/publish', undefined)).status).to.equal(404);
    expect(await h.store.catalogue.getDraft('SW-001')).to.equal(undefined);
    const actions = (await h.store.audit.forTarget('catalogue-item', 'SW-001')).map((e) => [e.action, (e.detail as { before: { draft: { name: string } | null } }).before.draft?.name ?? null]);
    expect(actions).to.deep.equal([
      ['catalogue.draft-save', null],
      ['catalogue.draft-save', '代开增值税发票（自然人）'],
      ['catalogue.draft-discard', '代开发票（自然人）'],
    ]);
  });

  it('should create a new item as a draft of an unused code and publish it as version 1', async () => {
    const item: CatalogueItem = { ...seedItem('MZ-002'), code: 'MZ-009', name: '民办非企业单位成立登记' };
    expect((await saveDraft(admin, 'MZ-009', item)).status).to.equal(201);
    const listed = bodyAs<{ items: ListRow[] }>(await admin.get('/api/admin/catalogue/items?department=MZ')).items;
    expect(listed.map((r) => [r.code, r.version, r.draft?.baseVersion ?? null])).to.deep.equal([
      ['MZ-001', 1, null],
      ['MZ-002', 1, null],
      ['MZ-009', null, null],
    ]);
    expect(await guideItem('MZ-009')).to.equal(undefined);

    const res = await admin.post('/api/admin/catalogue/items/MZ-009/publish', undefined);
    expect(res.status).to.equal(200);
    expect(bodyAs<AdminItem>(res).versions.map((v) => v.version)).to.deep.equal([1]);
    expect((await guideItem('MZ-009')).version).to.equal(1);
    expect((await admin.get('/api/admin/catalogue/items/MZ-404')).status).to.equal(404);
  });
});
