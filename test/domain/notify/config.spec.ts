import { expect } from 'chai';
import { externalChannels, NotifyConfigError, readNotifyConfig } from '../../../domain/notify/index.js';

describe('domain/notify readNotifyConfig', () => {
  it('should turn e-mail and SMS off when their variables are unset', () => {
    const config = readNotifyConfig({});
    expect(config).to.deep.equal({ email: null, sms: null, intervalMs: 5000 });
    expect(externalChannels(config)).to.deep.equal([]);
  });

  it('should read SMTP, the sender and the SMS gateway', () => {
    const config = readNotifyConfig({
      SMTP_URL: 'smtp://user:pass@mail.example:587',
      MAIL_FROM: '县政务服务中心 <noreply@example.gov.cn>',
      SMS_GATEWAY_URL: 'https://sms.example/send',
      SMS_GATEWAY_TIMEOUT_MS: '3000',
      NOTIFY_INTERVAL_MS: '1000',
    });
    expect(config).to.deep.equal({
      email: { smtpUrl: 'smtp://user:pass@mail.example:587', from: '县政务服务中心 <noreply@example.gov.cn>' },
      sms: { gatewayUrl: 'https://sms.example/send', timeoutMs: 3000 },
      intervalMs: 1000,
    });
    expect(externalChannels(config)).to.deep.equal(['email', 'sms']);
  });

  it('should name the variable that is wrong, without echoing a password', () => {
    const error = (env: NodeJS.ProcessEnv) => {
      try {
        readNotifyConfig(env);
      } catch (e) {
        return e as NotifyConfigError;
      }
      throw new Error('expected a NotifyConfigError');
    };
    expect(error({ SMTP_URL: 'smtp://u:p@h' }).variable).to.equal('MAIL_FROM');
    expect(error({ MAIL_FROM: 'a@b' }).variable).to.equal('MAIL_FROM');
    const badUrl = error({ SMTP_URL: 'http://u:secret@h', MAIL_FROM: 'a@b' });
    expect(badUrl.variable).to.equal('SMTP_URL');
    expect(badUrl.message).not.to.contain('secret');
    expect(error({ SMS_GATEWAY_URL: 'ftp://x' }).variable).to.equal('SMS_GATEWAY_URL');
    expect(error({ NOTIFY_INTERVAL_MS: 'soon' }).variable).to.equal('NOTIFY_INTERVAL_MS');
  });
});
