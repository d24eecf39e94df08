import { expect } from 'chai';
import { maskName } from '../../../domain/privacy/mask.js';

describe('domain/privacy maskName', () => {
  it('should keep a person’s surname and hide the given name', () => {
    expect(maskName('张明')).to.equal('张*');
    expect(maskName('欧阳明华')).to.equal('欧***');
    expect(maskName('王')).to.equal('王*');
  });

  it('should keep the first and last two characters of a company or organisation', () => {
    expect(maskName('县书法家协会', 'organisation')).to.equal('县书**协会');
    expect(maskName('县清源建筑工程有限公司', 'company')).to.equal('县清*******公司');
    expect(maskName('某某公司', 'company')).to.equal('某***');
  });
});
