import { expect } from 'chai';
import { maskIdNumber, maskPhone } from '../../../domain/privacy/mask.js';
import { redactDeep, redactPersonalData } from '../../../shared/redact.js';
import { createLogger } from '../../../web/log.js';
import { startWebHarness } from '../../support/web.js';

describe('web/api logging', () => {
  it('should mask an ID number to region and last four, a mobile number to prefix and last four', () => {
    expect(maskIdNumber('110101199003071234')).to.equal('110101********1234');
    expect(maskPhone('13800000000')).to.equal('138****0000');
  });

  it('should mask every ID and mobile number in free text, and nothing else', () => {
    const text =
      '申请人 张三 身份证110101199003071234，备用 11010119900307123X；手机 13800000000 / +86 13912345678 / 8613700001111；' +
      '办件 SH20261126-0001，任务 2251799813685249，时间 1764118800000，流水 1234567890123456789';
    expect(redactPersonalData(text)).to.equal(
      '申请人 张三 身份证110101********1234，备用 110101********123X；手机 138****0000 / +86 139****5678 / 86137****1111；' +
        '办件 SH20261126-0001，任务 2251799813685249，时间 1764118800000，流水 1234567890123456789',
    );
  });

  it('should mask the strings inside structured details', () => {
    expect(redactDeep({ applicant: { idNumber: '110101199003071234', phones: ['13800000000'] }, count: 2, at: new Date(0) })).to.deep.equal({
      applicant: { idNumber: '110101********1234', phones: ['138****0000'] },
      count: 2,
      at: new Date(0),
    });
  });

  it('should write lines with personal numbers masked, in message, detail and error', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line), () => new Date('2026-11-26T01:00:00Z'));

    log.info('registered case for 110101199003071234', { phone: '13800000000' });
    log.error('notify failed', { error: new Error('SMS gateway refused 13800000000') });

    expect(lines[0]).to.equal('2026-11-26T01:00:00.000Z info registered case for 110101********1234 {"phone":"138****0000"}');
    expect(lines[1]).to.match(/^2026-11-26T01:00:00.000Z error notify failed \{"error":"Error: SMS gateway refused 138\*\*\*\*0000/);
    expect(lines.join('\n')).to.not.match(/13800000000|199003071234/);
  });

  it("should mask what a request's URL carries in the access log", async () => {
    const web = await startWebHarness();
    try {
      await web.client().get('/api/tasks/110101199003071234?phone=13800000000');
      expect(web.logLines.some((l) => l.includes('GET /api/tasks/110101********1234?phone=138****0000 401'))).to.equal(true);
      expect(web.logLines.join('\n')).to.not.include('13800000000');
    } finally {
      await web.stop();
    }
  });

  it("should mask the names in a search URL's query string in the access log", async () => {
    const web = await startWebHarness();
    try {
      const name = encodeURIComponent('欧阳明华');
      await web.client().get(`/api/tasks?applicant=${name}&status=red&search=${encodeURIComponent('王芳')}`);
      const line = web.logLines.find((l) => l.includes('GET /api/tasks?'));
      expect(line).to.include(`GET /api/tasks?applicant=${encodeURIComponent('欧')}***&status=red&search=${encodeURIComponent('王')}* 401`);
      expect(web.logLines.join('\n')).to.not.include(name).and.to.not.include('欧阳明华');
    } finally {
      await web.stop();
    }
  });
});
