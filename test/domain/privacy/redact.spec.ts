import { expect } from 'chai';
import { redactDeep, redactPersonalData } from '../../../shared/redact.js';

describe('domain/privacy redact', () => {
  it('should mask a mobile number in Chinese text and leave a hex case id whose digits look like one', () => {
    expect(redactPersonalData('联系电话13912345678，请回电')).to.not.contain('13912345678');
    expect(redactDeep({ caseId: '01a2492c16296913942ee193efde' })).to.deep.equal({ caseId: '01a2492c16296913942ee193efde' });
  });

  it('should mask a unified social credit code quoted in free text, like an ID number, and leave tokens of other shapes alone', () => {
    const text = '投诉人称：个体户（统一社会信用代码92530102MA6K21345X）与 91350100M000100Y43 公司的纠纷';

    const redacted = redactPersonalData(text);

    expect(redacted).to.equal('投诉人称：个体户（统一社会信用代码925301********345X）与 913501********0Y43 公司的纠纷');
    for (const other of ['SH20261126-0001', 'Activity_0abc12345defGHJ', '2251799813685249', 'ABCDEFGHJKLMNPQRTU', '91350100M000100Y43X', '91350100m000100y43']) {
      expect(redactPersonalData(other), other).to.equal(other);
    }
    expect(redactDeep({ applicant: { note: '代码 51530000MJ0018001X' } })).to.deep.equal({ applicant: { note: '代码 515300********001X' } });
  });
});
