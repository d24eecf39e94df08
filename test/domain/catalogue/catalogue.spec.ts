import { expect } from 'chai';
import {
  CatalogueValidationError,
  loadCatalogue,
  seedCatalogue,
  type CatalogueProblem,
} from '../../../domain/catalogue/catalogue.js';
import type { Catalogue, CatalogueItem } from '../../../domain/catalogue/types.js';

function problemsOf(json: unknown): CatalogueProblem[] {
  try {
    loadCatalogue(json);
  } catch (err) {
    expect(err).to.be.instanceOf(CatalogueValidationError);
    return (err as CatalogueValidationError).problems;
  }
  throw new Error('expected a CatalogueValidationError');
}

const paths = (problems: CatalogueProblem[]) => problems.map((p) => p.path);

describe('domain/catalogue', () => {
  /** a fresh copy of the seed and the index and item of the given code in it */
  const edit = (code: string): [Catalogue, number, CatalogueItem] => {
    const catalogue = structuredClone(seedCatalogue());
    const index = catalogue.items.findIndex((item) => item.code === code);
    return [catalogue, index, catalogue.items[index]];
  };

  describe('seed catalogue', () => {
    it('should load and cover every case type', () => {
      const seed = seedCatalogue();
      expect(seed.departments.length).to.be.at.least(8);
      expect(seed.items.length).to.be.at.least(14);
      expect(new Set(seed.items.map((item) => item.caseType))).to.have.all.keys(
        'immediate',
        'promised',
        'joint',
        'reported',
        'controlled',
      );
    });

    it('should publish the five disclosures for every item', () => {
      for (const item of seedCatalogue().items) {
        expect(item.legalBasis, item.code).to.match(/《.+》/);
        expect(item.materials.some((m) => m.required), item.code).to.equal(true);
        expect(item.fees.every((fee) => fee.basis.length > 0), item.code).to.equal(true);
        expect(item.window, item.code).to.match(/窗口$/);
      }
    });

    it('should have a joint item reviewed by three departments with a site inspection', () => {
      const joint = seedCatalogue().items.filter((item) => item.caseType === 'joint');
      expect(joint.some((item) => item.jointDepartmentCodes!.length >= 3 && item.siteInspection)).to.equal(true);
    });
  });

  describe('schema problems', () => {
    it('should report a missing field and a field the catalogue does not have at their paths', () => {
      const [json, i, item] = edit('SCJG-001');
      delete (item as Partial<CatalogueItem>).legalBasis;
      (item as unknown as Record<string, unknown>).remark = 'x';
      expect(problemsOf(json)).to.deep.include.members([
        { path: `/items/${i}/legalBasis`, message: 'is required' },
        { path: `/items/${i}/remark`, message: 'is not a catalogue field' },
      ]);
    });

    it('should report a wrong type, a bad code and an unknown case type', () => {
      const [json, i, item] = edit('SCJG-002');
      (item as unknown as Record<string, unknown>).statutoryDays = '10';
      item.code = 'scjg 2';
      (item as unknown as Record<string, unknown>).caseType = 'urgent';
      const problems = problemsOf(json);
      expect(paths(problems)).to.include.members([
        `/items/${i}/statutoryDays`,
        `/items/${i}/code`,
        `/items/${i}/caseType`,
      ]);
      expect(problems.find((p) => p.path === `/items/${i}/caseType`)!.message).to.contain('controlled');
    });

    it('should require promisedDays 0 for an immediate item and at least 1 otherwise', () => {
      const [json, i, item] = edit('SCJG-001');
      item.promisedDays = 2;
      const j = json.items.findIndex((other) => other.code === 'SCJG-002');
      json.items[j].promisedDays = 0;
      expect(problemsOf(json)).to.deep.equal([
        { path: `/items/${i}/promisedDays`, message: '即办件当场办结，承诺时限应为 0 个工作日' },
        { path: `/items/${j}/promisedDays`, message: '承诺件的承诺时限至少为 1 个工作日' },
      ]);
    });

    it('should require at least two joint departments on a joint item', () => {
      const [json, i, item] = edit('ZJ-001');
      item.jointDepartmentCodes = ['ZJ'];
      expect(paths(problemsOf(json))).to.deep.equal([`/items/${i}/jointDepartmentCodes`]);
      delete item.jointDepartmentCodes;
      expect(problemsOf(json)).to.deep.equal([{ path: `/items/${i}/jointDepartmentCodes`, message: '联办件须列出联办部门（至少两个，含牵头部门）' }]);
    });

    it('should report a fee that is not a whole number of fen and a malformed publication date', () => {
      const [json, i] = edit('ZRZY-001');
      json.items[i].fees[0].amountFen = 80.5;
      json.publishedOn = '2026-13-01';
      expect(paths(problemsOf(json))).to.deep.equal([`/publishedOn`, `/items/${i}/fees/0/amountFen`]);
    });
  });

  describe('cross-reference problems', () => {
    it('should report duplicate item and department codes at the later occurrence', () => {
      const [json] = edit('SCJG-001');
      json.items[1].code = json.items[0].code;
      json.departments[2].code = json.departments[0].code;
      expect(problemsOf(json)).to.deep.include.members([
        { path: '/items/1/code', message: '事项编码 SCJG-001 与 /items/0/code 重复' },
        { path: '/departments/2/code', message: '部门编码 SCJG 与 /departments/0/code 重复' },
      ]);
    });

    it('should report an implementing department that does not exist', () => {
      const [json, i, item] = edit('MZ-001');
      item.departmentCode = 'XX';
      expect(problemsOf(json)).to.deep.equal([{ path: `/items/${i}/departmentCode`, message: '没有部门 XX' }]);
    });

    it('should report joint departments that do not exist or leave out the lead', () => {
      const [json, i, item] = edit('ZJ-001');
      item.jointDepartmentCodes = ['ZRZY', 'XX'];
      expect(problemsOf(json)).to.deep.include.members([
        { path: `/items/${i}/jointDepartmentCodes/1`, message: '没有部门 XX' },
        { path: `/items/${i}/jointDepartmentCodes`, message: '联办部门须包括牵头部门 ZJ' },
      ]);
    });

    it('should report joint departments on an item that is not joint', () => {
      const [json, i, item] = edit('SCJG-002');
      item.jointDepartmentCodes = ['SCJG', 'WJ'];
      expect(problemsOf(json)).to.deep.equal([
        { path: `/items/${i}/jointDepartmentCodes`, message: '只有联办件才有联办部门' },
      ]);
    });

    it('should report promised days beyond the statutory limit', () => {
      const [json, i, item] = edit('WJ-001');
      item.promisedDays = item.statutoryDays + 1;
      expect(paths(problemsOf(json))).to.deep.equal([`/items/${i}/promisedDays`]);
    });

    it('should report duplicate material and fee codes within an item', () => {
      const [json, i, item] = edit('ZRZY-001');
      item.materials[2].code = item.materials[0].code;
      item.fees[1].code = item.fees[0].code;
      expect(paths(problemsOf(json))).to.deep.equal([`/items/${i}/materials/2/code`, `/items/${i}/fees/1/code`]);
    });

    it('should accept the same material code in different items', () => {
      const seed = seedCatalogue();
      const codes = seed.items.flatMap((item) => item.materials.map((m) => m.code));
      expect(new Set(codes).size).to.be.below(codes.length);
    });

    it('should report a material asked for by a department that does not review the item', () => {
      const [json, i, item] = edit('ZJ-001');
      item.materials[1].departmentCode = 'STHJ';
      expect(problemsOf(json)).to.deep.equal([
        { path: `/items/${i}/materials/1/departmentCode`, message: 'STHJ 不审查本事项，不能要求此材料' },
      ]);
    });
  });

  describe('garbage', () => {
    for (const garbage of [undefined, null, 42, 'catalogue', [], { items: 'x', departments: [1, 'two'] }]) {
      it(`should list problems for ${JSON.stringify(garbage)} instead of crashing`, () => {
        const problems = problemsOf(garbage);
        expect(problems).to.not.be.empty;
        for (const problem of problems) {
          expect(problem.path).to.be.a('string');
          expect(problem.message).to.be.a('string').and.not.empty;
        }
      });
    }

    it('should name every failing path in the error message', () => {
      try {
        loadCatalogue({ items: [], departments: [{ code: 'x' }] });
        expect.fail('expected a CatalogueValidationError');
      } catch (err) {
        expect((err as Error).message).to.contain('/version').and.contain('/departments/0/name').and.contain('/items');
      }
    });
  });
});
