import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { checkItem, fieldLabel } from '../../../domain/catalogue/item-check.js';
import type { CatalogueItem } from '../../../domain/catalogue/types.js';

const departments = new Set(seedCatalogue().departments.map((d) => d.code));
const seedItem = (code: string): CatalogueItem => structuredClone(seedCatalogue().items.find((i) => i.code === code)!);

describe('domain/catalogue item check', () => {
  it('should pass every item of the seed catalogue', () => {
    for (const item of seedCatalogue().items) expect(checkItem(item, departments), item.code).to.deep.equal([]);
  });

  it('should name fields, materials and fees the way the form labels them', () => {
    expect(fieldLabel('/promisedDays')).to.equal('承诺时限');
    expect(fieldLabel('/materials/1/name')).to.equal('申请材料第 2 项的名称');
    expect(fieldLabel('/fees/0/amountFen')).to.equal('收费标准第 1 项的金额');
    expect(fieldLabel('/conditions/2')).to.equal('受理条件第 3 项');
  });

  it('should say in Chinese what is wrong with the shape, at each field', () => {
    const item = seedItem('ZRZY-001') as unknown as Record<string, unknown>;
    item.legalBasis = '';
    item.statutoryDays = 400;
    item.materials = [];
    item.fees = [{ code: 'Fee 1', name: '登记费', amountFen: 10.5, basis: '文件' }];
    item.phone = '';
    item.owner = '县政府';
    delete item.result;

    expect(checkItem(item, departments)).to.have.deep.members([
      { path: '/legalBasis', message: '请填写设定依据' },
      { path: '/statutoryDays', message: '法定时限应在 0 至 365 个工作日之间' },
      { path: '/materials', message: '申请材料至少一项' },
      { path: '/fees/0/code', message: '收费标准第 1 项的编码应为小写字母、数字和连字符，如 id-card' },
      { path: '/fees/0/amountFen', message: '收费标准第 1 项的金额应为整数' },
      { path: '/phone', message: '请填写咨询电话' },
      { path: '/owner', message: '事项目录没有「owner」这一项' },
      { path: '/result', message: '请填写办理结果' },
    ]);
  });

  it('should check the rules beyond shape once the shape is right', () => {
    const item = seedItem('ZJ-001');
    item.jointDepartmentCodes = ['ZRZY', 'RS'];
    item.caseType = 'joint';
    expect(checkItem(item, departments)).to.deep.include({ path: '/jointDepartmentCodes', message: '联办部门须包括牵头部门 ZJ' });
    item.jointDepartmentCodes = ['ZJ', 'XX'];
    expect(checkItem(item, departments)).to.deep.include({ path: '/jointDepartmentCodes/1', message: '没有部门 XX' });
  });
});
