import { expect } from 'chai';
import { readApplicant } from '../../../domain/applicants/applicant.js';
import { creditCodeProblem, mobileProblem, residentIdProblem } from '../../../domain/applicants/identity.js';

const TODAY = new Date('2026-11-26T00:00:00Z');

describe('domain/applicants', () => {
  describe('resident ID number (GB 11643)', () => {
    it('should accept numbers whose check character matches, X included', () => {
      for (const id of ['11010519491231002X', '110101199003070011', '110101199005011234']) expect(residentIdProblem(id, TODAY), id).to.equal(null);
    });

    it('should refuse a mistyped digit by its check character', () => {
      expect(residentIdProblem('110101199003071234', TODAY)).to.equal('居民身份证号码校验位不符，请逐位核对号码');
      expect(residentIdProblem('110101199003070012', TODAY)).to.equal('居民身份证号码校验位不符，请逐位核对号码');
    });

    it('should refuse a birth date that does not exist or lies in the future', () => {
      expect(residentIdProblem('110101199002300011', TODAY)).to.contain('出生日期');
      expect(residentIdProblem('110101203001010011', TODAY)).to.contain('出生日期');
      expect(residentIdProblem('110101189912310011', TODAY)).to.contain('出生日期');
    });

    it('should refuse the wrong length, letters and a region code starting with 0', () => {
      expect(residentIdProblem('11010119900307001', TODAY)).to.contain('18位');
      expect(residentIdProblem('11010119900307001Y', TODAY)).to.contain('18位');
      expect(residentIdProblem('010101199003070011', TODAY)).to.contain('地址码');
    });
  });

  describe('unified social credit code (GB 32100)', () => {
    it('should accept codes whose check character matches', () => {
      for (const code of ['91350100M000100Y43', '51530000MJ0018001X', '91530000MA6K278X1B']) expect(creditCodeProblem(code), code).to.equal(null);
    });

    it('should refuse a mistyped character, letters GB 32100 leaves out, and the wrong length', () => {
      expect(creditCodeProblem('91350100M000100Y44')).to.equal('统一社会信用代码校验位不符，请逐位核对代码');
      expect(creditCodeProblem('91350100M0001O0Y43')).to.contain('不含 I、O、S、V、Z');
      expect(creditCodeProblem('91350100M000100Y4')).to.contain('18位');
    });
  });

  it('should take mainland mobile numbers only as a mobile', () => {
    expect(mobileProblem('13812345678')).to.equal(null);
    expect(mobileProblem('12812345678')).to.not.equal(null);
    expect(mobileProblem('0874-3100999')).to.not.equal(null);
  });

  describe('readApplicant', () => {
    const person = { kind: 'person', name: ' 张明 ', idNumber: '11010519491231002x', phone: '13800138000' };

    it('should normalise a person: trimmed name, upper-case X, no contact', () => {
      expect(readApplicant(person, { contactRequired: true, today: TODAY })).to.deep.equal({
        ok: true,
        applicant: { kind: 'person', name: '张明', idNumber: '11010519491231002X', phone: '13800138000', email: null },
      });
    });

    it('should keep an organisation\'s credit code as its identifier, with its contact person', () => {
      const read = readApplicant({ kind: 'organisation', name: '县书法家协会', creditCode: '51530000MJ0018001X', contact: '王五', phone: '0874-3100999' }, { contactRequired: true, today: TODAY });
      expect(read).to.deep.equal({ ok: true, applicant: { kind: 'organisation', name: '县书法家协会', idNumber: '51530000MJ0018001X', phone: '0874-3100999', email: null, contact: '王五' } });
    });

    it('should name every wrong field at once, in Chinese', () => {
      const read = readApplicant({ kind: 'company', name: '', creditCode: '91350100M000100Y44', phone: '123' }, { contactRequired: true, today: TODAY });
      expect(read.ok).to.equal(false);
      expect(read.ok ? [] : read.errors.map((e) => e.field)).to.deep.equal(['applicant.name', 'applicant.creditCode', 'applicant.contact', 'applicant.phone']);
    });

    it('should require a person\'s mobile number at registration, and not of a process started elsewhere', () => {
      const withoutPhone = { ...person, phone: '' };
      const strict = readApplicant(withoutPhone, { contactRequired: true, today: TODAY });
      expect(strict.ok ? [] : strict.errors).to.deep.equal([{ field: 'applicant.phone', message: '请填写手机号码' }]);
      expect(readApplicant(withoutPhone, { contactRequired: false, today: TODAY }).ok).to.equal(true);
      expect(readApplicant({ ...person, phone: '0874-3100999' }, { contactRequired: true, today: TODAY }).ok).to.equal(false);
    });
  });
});
