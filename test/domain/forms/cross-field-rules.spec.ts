import { expect } from 'chai';
import { crossFieldErrors } from '../../../domain/forms/cross-field-rules.js';

const itemMaterials = [
  { value: 'application', label: '申请书（原件1份）' },
  { value: 'charter', label: '章程（原件1份）' },
];

describe('domain/forms cross-field rules', () => {
  it('material-check: should refuse a material both verified and missing, naming the row and the material', () => {
    const errors = crossFieldErrors('material-check', { verifiedMaterials: ['application', 'charter'], materialsComplete: false, missing: [{ code: 'charter', reason: '缺页' }] }, { itemMaterials });
    expect(errors).to.have.length(1);
    expect(errors[0].field).to.equal('missing[0].code');
    expect(errors[0].message).to.include('「章程（原件1份）」已勾选为核验齐全的材料');
  });

  it('material-check: should refuse a material listed twice, a missing list left empty, and a complete check with nothing verified', () => {
    expect(crossFieldErrors('material-check', { verifiedMaterials: [], materialsComplete: false, missing: [{ code: 'charter', reason: 'a' }, { code: 'charter', reason: 'b' }] }, { itemMaterials }).map((e) => e.field)).to.deep.equal(['missing[1].code']);
    expect(crossFieldErrors('material-check', { verifiedMaterials: ['application'], materialsComplete: false, missing: [] }, { itemMaterials }).map((e) => e.field)).to.deep.equal(['missing']);
    expect(crossFieldErrors('material-check', { verifiedMaterials: [], materialsComplete: true }, { itemMaterials }).map((e) => e.field)).to.deep.equal(['verifiedMaterials']);
  });

  it('should accept a consistent check, an item without materials, and forms without such rules', () => {
    expect(crossFieldErrors('material-check', { verifiedMaterials: ['application'], materialsComplete: false, missing: [{ code: 'charter', reason: '缺' }] }, { itemMaterials })).to.deep.equal([]);
    expect(crossFieldErrors('material-check', { verifiedMaterials: [], materialsComplete: true }, { itemMaterials: [] })).to.deep.equal([]);
    expect(crossFieldErrors('acceptance-decision', { accepted: true }, {})).to.deep.equal([]);
  });
});
