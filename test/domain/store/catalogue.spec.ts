import { expect } from 'chai';
import type { Catalogue, CatalogueItem } from '../../../domain/catalogue/types.js';
import { CatalogueDraftConflictError } from '../../../domain/store/index.js';
import { describeEachDialect } from '../../support/store.js';

const item = (code: string, overrides: Partial<CatalogueItem> = {}): CatalogueItem => ({
  code,
  name: `事项 ${code}`,
  departmentCode: 'MZ',
  caseType: 'promised',
  legalBasis: '《行政许可法》',
  conditions: ['申请人为本县户籍'],
  materials: [{ code: 'id-card', name: '身份证', required: true, form: '原件1份' }],
  procedure: '受理 → 审核 → 办结',
  statutoryDays: 20,
  promisedDays: 5,
  fees: [{ code: 'GB', name: '工本费', amountFen: 1000, basis: '县发改〔2020〕1号' }],
  result: '证书',
  window: '3号窗口',
  ...overrides,
});

const catalogue = (version: string, items: CatalogueItem[]): Catalogue => ({
  version,
  departments: [
    { code: 'MZ', name: '民政局', location: '一楼 3号窗口' },
    { code: 'GA', name: '公安局', location: '一楼 5号窗口' },
  ],
  items,
});

describeEachDialect('domain/store catalogue', ({ store, config, sandbox, dialect }) => {
  it('should publish a catalogue and return items whole', async () => {
    // given
    const joint = item('GA-002', { departmentCode: 'GA', caseType: 'joint', jointDepartmentCodes: ['GA', 'MZ'], siteInspection: true });

    // when
    await store().catalogue.publish(catalogue('2026.1', [item('MZ-001'), joint]), new Date('2026-11-01T00:00:00Z'));

    // then
    expect(await store().catalogue.getItem('GA-002')).to.deep.equal(joint);
    expect((await store().catalogue.listItems({ caseType: 'joint' })).map((i) => i.code)).to.deep.equal(['GA-002']);
    expect((await store().catalogue.listItems({ departmentCode: 'MZ' })).map((i) => i.code)).to.deep.equal(['MZ-001']);
    expect(await store().catalogue.getDepartment('MZ')).to.deep.equal({ code: 'MZ', name: '民政局', location: '一楼 3号窗口' });
    expect(await store().catalogue.itemPublication('MZ-001')).to.deep.equal({ version: 1, edition: '2026.1', publishedAt: new Date('2026-11-01T00:00:00Z') });
  });

  it('should give a changed item its next version, and leave unchanged and left-out items at theirs', async () => {
    await store().catalogue.publish(catalogue('2026.1', [item('MZ-001'), item('MZ-002'), item('MZ-003')]));
    await store().catalogue.publish(catalogue('2026.2', [item('MZ-001', { promisedDays: 3 }), item('MZ-003')]));
    expect((await store().catalogue.getItem('MZ-001'))?.promisedDays).to.equal(3);
    expect(await store().catalogue.itemPublication('MZ-001')).to.include({ version: 2, edition: '2026.2' });
    expect(await store().catalogue.itemPublication('MZ-002')).to.include({ version: 1, edition: '2026.1' });
    expect(await store().catalogue.itemPublication('MZ-003')).to.include({ version: 1, edition: '2026.1' });
    expect((await store().catalogue.getItemVersion('MZ-001', 1))?.item.promisedDays).to.equal(5);
  });

  it('should seed an empty catalogue once when two instances seed it at the same moment', async () => {
    // given two app instances on one database: two connection pools on PostgreSQL; on SQLite
    // the same store, whose one connection serialises them (two processes: sqlite-processes.spec)
    const first = store();
    const second = dialect === 'postgres' ? await sandbox().open(config()) : first;

    // when both seed at once, each with its own version of the seed
    const seeded = await Promise.all([
      first.catalogue.publishIfEmpty(catalogue('seed-a', [item('MZ-001'), item('MZ-002')])),
      second.catalogue.publishIfEmpty(catalogue('seed-b', [item('MZ-001'), item('GA-001', { departmentCode: 'GA' })])),
    ]);

    // then exactly one seeded, and the catalogue is that one's alone
    expect(seeded.filter(Boolean)).to.have.length(1);
    const winner = seeded[0] ? 'seed-a' : 'seed-b';
    const items = await first.catalogue.listItems();
    expect(items.map((i) => i.code)).to.deep.equal(winner === 'seed-a' ? ['MZ-001', 'MZ-002'] : ['GA-001', 'MZ-001']);
    for (const i of items) expect((await first.catalogue.itemPublication(i.code))?.edition).to.equal(winner);
  });

  it('should not seed over a catalogue that administrators published', async () => {
    await store().catalogue.publish(catalogue('2026.4', [item('MZ-001', { promisedDays: 2 })]));

    expect(await store().catalogue.publishIfEmpty(catalogue('seed', [item('MZ-001'), item('MZ-002')]))).to.equal(false);

    expect((await store().catalogue.listItems()).map((i) => [i.code, i.promisedDays])).to.deep.equal([['MZ-001', 2]]);
  });

  it('should publish nothing when an item names an unknown department', async () => {
    const outcome = await store()
      .catalogue.publish(catalogue('2026.3', [item('MZ-009'), item('XX-001', { departmentCode: 'XX' })]))
      .then(
        () => 'published',
        () => 'refused',
      );
    expect(outcome).to.equal('refused');
    expect(await store().catalogue.listItems()).to.deep.equal([]);
    expect(await store().catalogue.listDepartments()).to.deep.equal([]);
  });

  describe('drafts and versions', () => {
    const applicant = { kind: 'person' as const, name: '张三', idNumber: null, phone: null, email: null };

    it('should keep a draft apart from the published item until it is published as the next version', async () => {
      // given
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]), new Date('2026-11-01T00:00:00Z'));

      // when
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 3 }), baseVersion: 1, by: 'admin', at: new Date('2026-12-01T00:00:00Z') });

      // then the guide's item is still version 1
      expect((await store().catalogue.getItem('MZ-001'))?.promisedDays).to.equal(5);
      expect(await store().catalogue.getDraft('MZ-001')).to.deep.include({ baseVersion: 1, updatedBy: 'admin' });

      // when published
      const { published, previous } = await store().catalogue.publishDraft('MZ-001', 'admin', new Date('2026-12-02T00:00:00Z'));

      // then
      expect(published).to.deep.include({ version: 2, edition: null, publishedBy: 'admin', publishedAt: new Date('2026-12-02T00:00:00Z') });
      expect(previous?.version).to.equal(1);
      expect((await store().catalogue.getItem('MZ-001'))?.promisedDays).to.equal(3);
      expect(await store().catalogue.getDraft('MZ-001')).to.equal(undefined);
      expect((await store().catalogue.listVersions('MZ-001')).map((v) => [v.version, v.item.promisedDays])).to.deep.equal([
        [2, 3],
        [1, 5],
      ]);
    });

    it('should keep the version a draft started from when it is saved again', async () => {
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]));
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 3 }), baseVersion: 1, by: 'admin' });
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 4 }), baseVersion: 7, by: 'admin2' });
      expect(await store().catalogue.getDraft('MZ-001')).to.deep.include({ baseVersion: 1, updatedBy: 'admin2' });
      expect((await store().catalogue.getDraft('MZ-001'))?.item.promisedDays).to.equal(4);
    });

    it('should refuse to publish a draft whose item a catalogue file changed meanwhile, and keep the draft', async () => {
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]));
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 3 }), baseVersion: 1, by: 'admin' });
      await store().catalogue.publish(catalogue('2026.2', [item('MZ-001', { promisedDays: 4 })]));

      const outcome = await store()
        .catalogue.publishDraft('MZ-001', 'admin')
        .then(
          () => 'published',
          (error: unknown) => (error instanceof CatalogueDraftConflictError ? `conflict ${error.baseVersion}/${error.publishedVersion}` : String(error)),
        );

      expect(outcome).to.equal('conflict 1/2');
      expect((await store().catalogue.getItem('MZ-001'))?.promisedDays).to.equal(4);
      expect(await store().catalogue.getDraft('MZ-001')).to.not.equal(undefined);
    });

    it('should publish a new item from a draft with no base version as version 1', async () => {
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]));
      await store().catalogue.saveDraft({ item: item('MZ-009'), baseVersion: null, by: 'admin' });
      const { published, previous } = await store().catalogue.publishDraft('MZ-009', 'admin');
      expect(published.version).to.equal(1);
      expect(previous).to.equal(undefined);
      expect((await store().catalogue.listItems()).map((i) => i.code)).to.deep.equal(['MZ-001', 'MZ-009']);
    });

    it('should register a case under the published version and read that version for it after the next is published', async () => {
      // given a case registered while version 1 is published
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]));
      const registered = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'test' });

      // when version 2 is published
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 3, materials: [{ code: 'hukou', name: '户口簿', required: true }] }), baseVersion: 1, by: 'admin' });
      await store().catalogue.publishDraft('MZ-001', 'admin');
      const later = await store().cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'test' });

      // then each case reads its own version
      expect(registered.itemVersion).to.equal(1);
      expect(later.itemVersion).to.equal(2);
      expect((await store().catalogue.itemOfCase((await store().cases.get(registered.id))!))?.materials.map((m) => m.code)).to.deep.equal(['id-card']);
      expect((await store().catalogue.itemOfCase(later))?.promisedDays).to.equal(3);
    });

    it('should list the published items of a department with their version numbers and publication times', async () => {
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001'), item('MZ-002'), item('GA-001', { departmentCode: 'GA' })]), new Date('2026-11-01T00:00:00Z'));
      await store().catalogue.saveDraft({ item: item('MZ-002', { promisedDays: 3 }), baseVersion: 1, by: 'admin' });
      await store().catalogue.publishDraft('MZ-002', 'admin', new Date('2026-12-02T00:00:00Z'));

      const listed = await store().catalogue.listPublished({ departmentCode: 'MZ' });

      expect(listed.map((p) => [p.item.code, p.version, p.publishedAt.toISOString(), p.item.promisedDays])).to.deep.equal([
        ['MZ-001', 1, '2026-11-01T00:00:00.000Z', 5],
        ['MZ-002', 2, '2026-12-02T00:00:00.000Z', 3],
      ]);
    });

    it('should discard a draft and say whether there was one', async () => {
      await store().catalogue.publish(catalogue('2026.1', [item('MZ-001')]));
      await store().catalogue.saveDraft({ item: item('MZ-001', { promisedDays: 3 }), baseVersion: 1, by: 'admin' });
      expect(await store().catalogue.discardDraft('MZ-001')).to.equal(true);
      expect(await store().catalogue.discardDraft('MZ-001')).to.equal(false);
      expect(await store().catalogue.listDrafts()).to.deep.equal([]);
    });
  });
});
