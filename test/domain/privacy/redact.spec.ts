import { expect } from 'chai';
import { redactDeep, redactPersonalData } from '../../../domain/privacy/redact.js';

describe('domain/privacy redact', () => {
  it('should mask a mobile number in Chinese text and leave a hex case id whose digits look like one', () => {
    expect(redactPersonalData('联系电话13912345678，请回电')).to.not.contain('13912345678');
    expect(redactDeep({ caseId: '01a2492c16296913942ee193efde' })).to.deep.equal({ caseId: '01a2492c16296913942ee193efde' });
  });
});
