import { expect } from 'chai';
import { maskVariables, unmaskSubmission } from '../../../web/inbox/masking.js';

describe('web/inbox masking of form variables', () => {
  const real = {
    applicant: { name: '张三', kind: 'person', idNumber: '110101199003071234', phone: '13800000000' },
    complainant: { name: '李四', phone: '13912345678' },
    contacts: [{ phone: '13700000000' }],
    caseNumber: 'SH20260302-0001',
  };

  it('should mask every ID and phone number the form is prefilled with, at any depth, and nothing else', () => {
    expect(maskVariables(real)).to.deep.equal({
      applicant: { name: '张三', kind: 'person', idNumber: '110101********1234', phone: '138****0000' },
      complainant: { name: '李四', phone: '139****5678' },
      contacts: [{ phone: '137****0000' }],
      caseNumber: 'SH20260302-0001',
    });
    expect(real.applicant.idNumber).to.equal('110101199003071234');
  });

  it('should mask an ID or phone number quoted in free text, and put the text back when it returns unchanged', () => {
    const variables = { complaintText: '窗口人员泄露了我的身份证号110101199003071234和手机13800000000' };

    const shown = maskVariables(variables);

    expect(shown.complaintText).to.not.include('110101199003071234').and.not.include('13800000000');
    expect(unmaskSubmission(shown, variables)).to.deep.equal(variables);
  });

  it('should put the real value back where the masked copy returns unchanged, and keep what the clerk typed anew', () => {
    const submitted = {
      applicant: { name: '张三', kind: 'person', idNumber: '110101********1234', phone: '13911112222' },
      contacts: [{ phone: '137****0000' }, { phone: '137****0000' }],
      note: '138****0000',
    };
    expect(unmaskSubmission(submitted, real)).to.deep.equal({
      applicant: { name: '张三', kind: 'person', idNumber: '110101199003071234', phone: '13911112222' },
      // only at the place it was handed out: a second row has no real value behind it
      contacts: [{ phone: '13700000000' }, { phone: '137****0000' }],
      // a masked-looking value under another key is the clerk's text
      note: '138****0000',
    });
  });
});
