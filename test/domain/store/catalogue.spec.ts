import { expect } from 'chai';
import type { Catalogue, CatalogueItem } from '../../../domain/catalogue/types.js';
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
    expect(await store().catalogue.itemPublication('MZ-001')).to.deep.equal({ version: '2026.1', publishedAt: new Date('2026-11-01T00:00:00Z') });
  });

  it('should replace items on a new version and keep items it leaves out', async () => {
    await store().catalogue.publish(catalogue('2026.1', [item('MZ-001'), item('MZ-002')]));
    await store().catalogue.publish(catalogue('2026.2', [item('MZ-001', { promisedDays: 3 })]));
    expect((await store().catalogue.getItem('MZ-001'))?.promisedDays).to.equal(3);
    expect((await store().catalogue.itemPublication('MZ-001'))?.version).to.equal('2026.2');
    expect((await store().catalogue.itemPublication('MZ-002'))?.version).to.equal('2026.1');
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
    for (const i of items) expect((await first.catalogue.itemPublication(i.code))?.version).to.equal(winner);
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
});
