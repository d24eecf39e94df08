import { expect } from 'chai';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import type { Post, Staff } from '../../../domain/store/index.js';
import { alertUnstaffedPost } from '../../../domain/staff/unstaffed-post.js';
import { applicant } from '../../support/store.js';
import { openTestStore, type TestStore } from '../../support/test-store.js';

const AT = new Date('2026-06-01T02:00:00Z');
const person = (id: string, name: string, roles: string[], contact: Partial<Staff> = {}): Staff => ({ id, name, departmentCode: 'GA', roles, phone: null, email: null, active: true, ...contact });

describe('domain/staff/unstaffed-post', () => {
  let t: TestStore;
  let window: Post;
  let headPost: Post;

  before(async () => {
    t = await openTestStore({ now: () => AT });
    await t.store.catalogue.publish(seedCatalogue(), AT);
    for (const s of [person('xu-head', '徐强', ['window-head'], { phone: '13900002222', email: 'xu@example.cn' }), person('wu-b', '吴敏', ['window-clerk'], { phone: '13900003333' })]) {
      await t.store.staff.upsertStaff(s);
    }
    window = await t.store.staff.upsertPost({ code: 'ga-window', departmentCode: 'GA', name: '县公安局受理窗口', candidateGroup: 'window:GA' });
    headPost = await t.store.staff.upsertPost({ code: 'ga-head', departmentCode: 'GA', name: '县公安局窗口负责人', candidateGroup: 'head:GA' });
    await t.store.staff.setHolders('ga-head', ['xu-head', 'wu-b']);
  });

  after(async () => {
    await t.close();
  });

  const alert = async (post: Post, key: string, channels: Array<'sms' | 'email'>) => {
    const theCase = await t.store.cases.create({ itemCode: 'GA-001', caseType: 'promised', departmentCode: 'GA', applicant, actor: 'test' });
    await t.store.transaction((tx) =>
      alertUnstaffedPost(tx, {
        task: { userTaskKey: key, name: '材料审查', candidateGroups: [post.candidateGroup] },
        post,
        theCase,
        subject: theCase.caseNumber,
        unstaffed: `岗位「${post.name}」的A岗、B岗人员均不在岗`,
        at: AT,
        channels,
        signedBy: { actor: 'worker:user-task-creating', cause: null },
      }),
    );
    return { theCase, messages: await t.store.outbox.list({ caseId: theCase.id }) };
  };

  it('should text and e-mail the head acting now, besides the head group’s in-app message, on the configured channels only', async () => {
    const { messages } = await alert(window, '1001', ['sms']);

    const toHead = messages.filter((m) => m.idempotencyKey.startsWith('notify:unstaffed-head:'));
    expect(toHead.map((m) => [m.channel, m.recipient])).to.have.deep.members([
      ['inapp', 'group:head:GA'],
      ['sms', '13900002222'],
    ]);
    expect(toHead.find((m) => m.channel === 'sms')!.body).to.contain('县公安局受理窗口A、B岗均不在岗');
  });

  it('should reach the head’s B holder while the head is away', async () => {
    const away = await t.store.staff.addAbsence({ staffId: 'xu-head', startsAt: new Date('2026-06-01T00:00:00Z'), endsAt: new Date('2026-06-02T00:00:00Z'), reason: '年休假' });
    try {
      const { theCase, messages } = await alert(window, '1002', ['sms', 'email']);
      expect(messages.filter((m) => m.channel !== 'inapp').map((m) => m.recipient)).to.deep.equal(['13900003333']);
      const [event] = (await t.store.cases.events(theCase.id)).filter((e) => e.kind === 'post-unstaffed');
      expect((event.detail as { alerted: string[] }).alerted).to.deep.equal(['窗口负责人吴敏', '业务督查科']);
    } finally {
      await t.store.staff.removeAbsence(away.id);
    }
  });

  it('should tell supervision alone about an empty head post', async () => {
    const { messages } = await alert(headPost, '1003', ['sms']);

    expect(messages.map((m) => [m.channel, m.recipient])).to.deep.equal([['inapp', 'group:supervision']]);
  });
});
