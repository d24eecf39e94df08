import { expect } from 'chai';
import { createDispatcher, type DispatcherOptions, type EmailSender } from '../../../domain/notify/index.js';
import { createHttpSmsSender, createSmtpEmailSender } from '../../../notify/index.js';
import { exponentialBackoff, type Store } from '../../../domain/store/index.js';
import { startSmsGateway, startSmtpServer, type TestSmsGateway, type TestSmtpServer } from '../../support/mail.js';
import { applicant } from '../../support/store.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

describe('domain/notify dispatcher', () => {
  let time: number;
  let testStore: TestStore;
  let store: Store;
  let smtp: TestSmtpServer;
  let gateway: TestSmsGateway;
  let email: EmailSender;
  const log: { message: string; detail?: Record<string, unknown> }[] = [];
  const clock = () => new Date(time);
  const backoff = exponentialBackoff({ baseMs: 60_000, maxAttempts: 3 });
  const dispatcher = (overrides: Partial<DispatcherOptions> = {}) =>
    createDispatcher({
      store,
      channels: { email, sms: createHttpSmsSender({ gatewayUrl: gateway.url, timeoutMs: 5000 }) },
      clock,
      log: (message, detail) => log.push({ message, ...(detail ? { detail } : {}) }),
      backoff,
      ...overrides,
    });

  beforeEach(async () => {
    time = Date.parse('2026-10-09T02:00:00Z');
    log.length = 0;
    testStore = await openTestStore({ now: clock });
    store = testStore.store;
    smtp = await startSmtpServer();
    gateway = await startSmsGateway();
    email = createSmtpEmailSender({ smtpUrl: smtp.url, from: '县政务服务中心 <noreply@hall.example>' });
  });

  afterEach(async () => {
    email.close();
    await Promise.all([testStore.close(), smtp.close(), gateway.close()]);
  });

  it('should deliver an in-app message by marking it sent', async () => {
    const message = await store.outbox.enqueue({ channel: 'inapp', recipient: 'case:SH20261009-0001', subject: '受理通知书', body: '您的申请已受理', idempotencyKey: 'k:inapp' });

    const round = await dispatcher({ channels: {} }).runOnce();

    expect(round).to.deep.equal({ claimed: 1, sent: 1, failed: 0 });
    expect(await store.outbox.get(message.id)).to.include({ status: 'sent', attempts: 1 });
  });

  it('should send an e-mail over SMTP with the notice as its HTML part, Chinese text intact', async () => {
    // given a notice and an e-mail message for it
    const c = await store.cases.create({ itemCode: 'MZ-001', caseType: 'promised', departmentCode: 'MZ', applicant, actor: 'test' });
    const notice = await store.notices.issue({
      caseId: c.id,
      kind: 'supplement',
      numberPrefix: 'BZ',
      title: '补齐申请材料通知书',
      html: '<!DOCTYPE html><html lang="zh-CN"><body><h1>补齐申请材料通知书</h1></body></html>',
      idempotencyKey: 'n1',
    });
    const message = await store.outbox.enqueue({
      channel: 'email',
      recipient: 'zhangsan@example.com',
      subject: '补齐申请材料通知书（BZ20261009-0001）',
      body: '张三：\n请补齐：居民身份证（未提供）；近期半身免冠照片（背景颜色不符）。',
      noticeId: notice.id,
      caseId: c.id,
      idempotencyKey: 'n1:email',
    });

    // when the dispatcher runs
    const round = await dispatcher().runOnce();

    // then the server received one mail, logged in, with subject, text and notice intact
    expect(round).to.include({ sent: 1 });
    expect(smtp.received).to.have.length(1);
    const [mail] = smtp.received;
    expect(mail.user).to.equal('hall');
    expect(mail.from).to.equal('noreply@hall.example');
    expect(mail.to).to.deep.equal(['zhangsan@example.com']);
    expect(mail.subject).to.equal('补齐申请材料通知书（BZ20261009-0001）');
    expect(mail.text).to.equal('张三：\n请补齐：居民身份证（未提供）；近期半身免冠照片（背景颜色不符）。');
    expect(mail.html).to.contain('<h1>补齐申请材料通知书</h1>');
    expect(await store.outbox.get(message.id)).to.include({ status: 'sent', lastError: null });
  });

  it('should post an SMS to the gateway as JSON {to, text}', async () => {
    await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: '【县政务服务中心】您的办件SH20261009-0001已受理。', idempotencyKey: 'k:sms' });

    await dispatcher().runOnce();

    expect(gateway.requests).to.deep.equal([{ to: '13800000000', text: '【县政务服务中心】您的办件SH20261009-0001已受理。', contentType: 'application/json; charset=utf-8' }]);
    expect((await store.outbox.list({ status: 'sent' })).map((m) => m.idempotencyKey)).to.deep.equal(['k:sms']);
  });

  it('should keep an SMS\'s 查询码 only masked once it is sent, and the in-app copy as it is', async () => {
    const text = '办件编号：MZ-20261102-0001\n查询码：482913\n';
    const sms = await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: text, idempotencyKey: 'k:code-sms' });
    const inapp = await store.outbox.enqueue({ channel: 'inapp', recipient: 'MZ-20261102-0001', body: text, idempotencyKey: 'k:code-inapp' });

    await dispatcher().runOnce();

    expect(gateway.requests.at(-1)?.text).to.equal(text);
    expect((await store.outbox.get(sms.id))?.body).to.equal('办件编号：MZ-20261102-0001\n查询码：******\n');
    expect((await store.outbox.get(inapp.id))?.body).to.equal(text);
  });

  it('should retry a failing gateway with back-off and deliver once it answers', async () => {
    // given a gateway that fails twice
    gateway.statuses.push(503, 500);
    const message = await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: '您的办件已办结', idempotencyKey: 'k:sms' });
    const d = dispatcher();

    // when the first attempt fails
    expect(await d.runOnce()).to.deep.equal({ claimed: 1, sent: 0, failed: 1 });
    let row = await store.outbox.get(message.id);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row!.lastError).to.contain('503');
    expect(row!.nextAttemptAt.getTime()).to.equal(time + 60_000);
    // then nothing is tried before the back-off has passed
    time += 59_000;
    expect(await d.runOnce()).to.include({ claimed: 0 });

    // and the second failure waits twice as long
    time += 1000;
    await d.runOnce();
    row = await store.outbox.get(message.id);
    expect(row).to.include({ status: 'pending', attempts: 2 });
    expect(row!.nextAttemptAt.getTime()).to.equal(time + 120_000);

    // and the third attempt goes through
    time += 120_000;
    expect(await d.runOnce()).to.include({ sent: 1 });
    expect(await store.outbox.get(message.id)).to.include({ status: 'sent', attempts: 3, lastError: null });
    expect(gateway.requests).to.have.length(3);
    expect(log.map((l) => l.message)).to.deep.equal(['notification failed, will retry', 'notification failed, will retry']);
    // the log shows whom it was for only masked
    expect(JSON.stringify(log)).to.contain('138****0000').and.not.contain('13800000000');
  });

  it('should give up when the back-off says so, keeping the last error', async () => {
    gateway.statuses.push(500, 500, 500);
    const message = await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: 'x', idempotencyKey: 'k:sms' });
    const d = dispatcher();
    for (let i = 0; i < 3; i++) {
      await d.runOnce();
      time += 3_600_000;
    }
    expect(await store.outbox.get(message.id)).to.include({ status: 'failed', attempts: 3 });
    expect(log.at(-1)?.message).to.equal('notification failed, giving up');
  });

  it('should fail a message for a channel that is not configured at once, naming the variable', async () => {
    const message = await store.outbox.enqueue({ channel: 'email', recipient: 'a@example.com', body: 'x', idempotencyKey: 'k:email' });

    await dispatcher({ channels: {} }).runOnce();

    const row = await store.outbox.get(message.id);
    expect(row).to.include({ status: 'failed' });
    expect(row!.lastError).to.contain('SMTP_URL');
  });

  it('should send at most once more when it crashes between sending and marking sent', async () => {
    // given a dispatcher whose store fails right after the first send (a crash at that point)
    await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: '您的办件已受理', idempotencyKey: 'k:sms' });
    let crashes = 1;
    const crashing = {
      notices: store.notices,
      outbox: {
        ...store.outbox,
        markSent: (id: string, at?: Date) => (crashes-- > 0 ? Promise.reject(new Error('process died')) : store.outbox.markSent(id, at)),
      },
    };
    const d = dispatcher({ store: crashing, leaseMs: 300_000 });
    const crashed = await d.runOnce().catch((e: unknown) => e);
    expect(crashed).to.be.instanceOf(Error);
    expect(gateway.requests).to.have.length(1);

    // when it runs again while the claim's lease holds, then nothing is sent
    time += 299_000;
    expect(await d.runOnce()).to.include({ claimed: 0 });

    // when the lease has run out, then the message goes once more and is marked sent
    time += 1000;
    expect(await d.runOnce()).to.include({ sent: 1 });
    time += 3_600_000;
    expect(await d.runOnce()).to.include({ claimed: 0 });
    expect(gateway.requests).to.have.length(2);
  });

  it('should deliver on its interval until stopped', async () => {
    const d = dispatcher();
    d.start(5);
    await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: 'x', idempotencyKey: 'k:sms' });
    for (let i = 0; i < 200 && gateway.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await d.stop();
    expect(gateway.requests).to.have.length(1);
    await store.outbox.enqueue({ channel: 'sms', recipient: '13800000000', body: 'y', idempotencyKey: 'k2:sms' });
    await new Promise((r) => setTimeout(r, 30));
    expect(gateway.requests).to.have.length(1);
  });
});
