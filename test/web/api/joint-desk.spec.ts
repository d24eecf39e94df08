import { expect } from 'chai';
import { bodyOf, COMPANY, completeTask, jointCaseInReview, MZ_002_MATERIALS, startInboxHarness, ZJ_001_MATERIALS, type InboxHarness } from '../../support/inbox.js';

interface Department {
  code: string;
  name: string | null;
  isLead: boolean;
  state: string;
  decision: string | null;
  opinion: string | null;
  refusalReason: string | null;
  deemedConsent: boolean;
  dueAt: string | null;
  dueStatus: string;
  task: { userTaskKey: string; state: string; assignee: { id: string; name: string | null } | null } | null;
}

interface JointCase {
  case: { caseNumber: string; item: { code: string; name: string }; status: string; reviews: { open: number; completed: number; canceled: number } };
  leadDepartment: { code: string; name: string };
  departments: Department[];
  opinionsAvailable: boolean;
  consolidation: { userTaskKey: string; state: string; assignee: { id: string } | null } | null;
  supplementNotice: { number: string; kind: string; href: string | null } | null;
  supplementNoticeCount: number;
}

/**
 * The joint-approval desk of the lead window, on the real joint-approval diagram: 建筑工程施工许可
 * (ZJ-001) is led by the 住建局 window and reviewed by 住建局, 自然资源局 and 人社局. Every step
 * the staff take here goes through the inbox API, as the pages will.
 */
describe('web/api joint-approval desk', function () {
  this.timeout(60_000);
  let h: InboxHarness;
  before(async () => {
    h = await startInboxHarness();
  });
  after(() => h.stop());

  it('should show every department’s status, opinion and deadline side by side, the single supplement notice, and the lead window’s consolidation', async () => {
    // an application with two materials missing, told once, supplied, accepted; three departments review at once
    const { caseNumber, processInstanceKey, reviews } = await jointCaseInReview(h);
    const { ZJ: zjReview, ZRZY: zrzyReview, RS: rsReview } = reviews;
    await completeTask(await h.as('zj-reviewer'), zjReview.userTaskKey, { reviewAction: 'decide', decision: 'approve', opinion: '施工图审查合格，同意核发' });
    const reason = '建设用地规划许可证载明的用地范围与申请不符';
    await completeTask(await h.as('zrzy-reviewer'), zrzyReview.userTaskKey, { reviewAction: 'decide', decision: 'reject', opinion: '不同意', refusalReason: reason });

    // the lead window's desk, while 人社局 is still reviewing
    const lead = await h.as('zj-lead');
    const listed = await lead.get('/api/joint/cases');
    expect(listed.status).to.equal(200);
    const summary = bodyOf<{ cases: Array<JointCase['case']>; total: number }>(listed).cases.find((c) => c.caseNumber === caseNumber)!;
    expect(summary).to.deep.include({ item: { code: 'ZJ-001', name: '建筑工程施工许可证核发（联合审批）', version: 1 }, reviews: { open: 1, completed: 2, canceled: 0 } });

    const res = await lead.get(`/api/joint/cases/${caseNumber}`);
    expect(res.status).to.equal(200);
    const desk = bodyOf<JointCase>(res);
    expect(desk.opinionsAvailable).to.equal(true);
    expect(desk.leadDepartment).to.deep.equal({ code: 'ZJ', name: '县住房和城乡建设局' });
    const byCode = new Map(desk.departments.map((d) => [d.code, d]));
    expect([...byCode.keys()].sort()).to.deep.equal(['RS', 'ZJ', 'ZRZY']);
    expect(byCode.get('ZJ')).to.deep.include({ name: '县住房和城乡建设局', isLead: true, state: 'answered', decision: 'approve', opinion: '施工图审查合格，同意核发', refusalReason: null, deemedConsent: false });
    expect(byCode.get('ZRZY')).to.deep.include({ name: '县自然资源局', isLead: false, state: 'answered', decision: 'reject', opinion: '不同意', refusalReason: reason });
    expect(byCode.get('RS')).to.deep.include({ name: '县人力资源和社会保障局', state: 'reviewing', decision: null, opinion: null, dueStatus: 'normal' });
    // each department's deadline: five working days for its review
    for (const d of desk.departments) expect(d.dueAt, d.code).to.equal('2026-03-09T09:30:00.000Z');
    expect(byCode.get('RS')!.task).to.deep.include({ userTaskKey: rsReview.userTaskKey, state: 'created', assignee: { id: 'rs-reviewer', name: '郭强' } });
    expect(byCode.get('ZJ')!.task).to.deep.include({ state: 'completed', assignee: { id: 'zj-reviewer', name: '吴军' } });
    expect(desk.consolidation).to.equal(null);
    // one notice told the applicant everything
    expect(desk.supplementNoticeCount).to.equal(1);
    expect(desk.supplementNotice!.kind).to.equal('supplement');
    const notice = await lead.get(desk.supplementNotice!.href!);
    expect(notice.status).to.equal(200);
    expect(notice.headers.get('content-type')).to.match(/^text\/html/);
    expect(notice.body).to.include(desk.supplementNotice!.number);

    // 人社局 stays silent past its deadline: taken as consenting (默许), and the engine cancels its review task
    await h.setTime('2026-03-09T10:00:00Z');
    const consolidation = await h.storeTask('leadConsolidation', processInstanceKey);
    expect((await h.store.tasks.get(rsReview.userTaskKey))!.state).to.equal('created');
    const later = bodyOf<JointCase>(await (await h.as('zj-lead')).get(`/api/joint/cases/${caseNumber}`));
    const rs = later.departments.find((d) => d.code === 'RS')!;
    expect(rs).to.deep.include({ state: 'deemed-consent', decision: 'approve', opinion: '逾期未答复，视为同意', deemedConsent: true, dueStatus: 'red' });
    expect(rs.task!.state).to.equal('canceled');
    expect((await h.store.tasks.get(rsReview.userTaskKey))!.state).to.equal('canceled');
    expect(later.consolidation).to.deep.include({ userTaskKey: consolidation.userTaskKey, state: 'created', assignee: { id: 'zj-lead', name: '黄磊' } });
    expect(later.case.reviews).to.deep.equal({ open: 0, completed: 2, canceled: 1 });
  });

  it('should give the consolidation to the lead window, which decides it, and not to the window clerks', async () => {
    // every department's reviewer answers in their own inbox, 人社局's too
    const { caseNumber, processInstanceKey, reviews } = await jointCaseInReview(h);
    const outcomes = [];
    for (const dept of ['ZJ', 'ZRZY', 'RS'] as const) {
      const res = await (await h.as(`${dept.toLowerCase()}-reviewer`)).post(`/api/tasks/${reviews[dept].userTaskKey}/completion`, { variables: { reviewAction: 'decide', decision: 'approve', opinion: `${dept} 同意` } });
      outcomes.push(bodyOf<{ outcome: unknown }>(res).outcome);
    }
    // the last opinion opens the consolidation; the others leave the case waiting for the rest
    expect(outcomes).to.deep.equal([{ kind: 'pending' }, { kind: 'pending' }, { kind: 'next', steps: ['牵头窗口汇总意见'] }]);

    // the consolidation is the lead window's: its group, its A holder, its inbox
    const consolidation = await h.storeTask('leadConsolidation', processInstanceKey);
    expect(consolidation).to.deep.include({ candidateGroups: ['lead:ZJ'], departmentCode: 'ZJ', assignee: 'zj-lead', coveringFor: null });
    const lead = await h.as('zj-lead');
    const inbox = bodyOf<{ tasks: Array<{ userTaskKey: string }> }>(await lead.get(`/api/tasks?caseNumber=${caseNumber}`));
    expect(inbox.tasks.map((t) => t.userTaskKey)).to.deep.equal([consolidation.userTaskKey]);
    // the window's clerks neither list nor take it: to them it is not there
    const clerk = await h.as('zj-clerk-a');
    expect(bodyOf<{ tasks: unknown[] }>(await clerk.get(`/api/tasks?caseNumber=${caseNumber}`)).tasks).to.deep.equal([]);
    expect((await clerk.post(`/api/tasks/${consolidation.userTaskKey}/claim`, {})).status).to.equal(404);

    // the lead window decides, and the case is done
    const decided = await lead.post(`/api/tasks/${consolidation.userTaskKey}/completion`, { variables: { reviewAction: 'decide', decision: 'approve', opinion: '各部门均同意，准予核发' } });
    // and the lead window is told the case is finished, not that it moved on
    expect(bodyOf<{ outcome: unknown }>(decided).outcome).to.deep.equal({ kind: 'finished' });
    const done = await h.until('the case decided', async () => {
      const c = await h.store.cases.getByNumber(caseNumber);
      return c?.status === 'completed' && c;
    });
    expect(done.result).to.equal('approved');
  });

  it('should open the desk to the lead department’s window and to supervision only', async () => {
    const { caseNumber, processInstanceKey } = await h.startCase('joint-approval', 'ZJ-001', ZJ_001_MATERIALS, COMPANY);
    await h.storeTask('materialCheck', processInstanceKey);
    const { caseNumber: mzCase } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);

    for (const username of ['zj-clerk-b', 'zj-head', 'zj-lead', 'supervisor']) {
      expect((await (await h.as(username)).get(`/api/joint/cases/${caseNumber}`)).status, username).to.equal(200);
    }
    // reviewers give their opinion in their own inbox: the desk is not for their role, whatever the number
    for (const username of ['zj-reviewer', 'zrzy-reviewer', 'designer']) {
      const browser = await h.as(username);
      const [res, unknown] = [await browser.get(`/api/joint/cases/${caseNumber}`), await browser.get('/api/joint/cases/SH20991231-9999')];
      expect([res.status, res.body.code], username).to.deep.equal([403, 'forbidden']);
      expect(res.body, username).to.deep.equal(unknown.body);
    }
    // to another department's window the case is a number that does not exist
    const unknown = await (await h.as('mz-clerk-a')).get('/api/joint/cases/SH20991231-9999');
    for (const username of ['mz-clerk-a', 'zrzy-clerk-a']) {
      const res = await (await h.as(username)).get(`/api/joint/cases/${caseNumber}`);
      expect(res.status, username).to.equal(404);
      expect(res.body, username).to.deep.equal(unknown.body);
    }
    const mz = await h.as('mz-clerk-a');
    expect(bodyOf<{ cases: Array<{ caseNumber: string }> }>(await mz.get('/api/joint/cases')).cases.map((c) => c.caseNumber)).to.not.include(caseNumber);
    expect(bodyOf<{ cases: Array<{ caseNumber: string }> }>(await (await h.as('supervisor')).get('/api/joint/cases')).cases.map((c) => c.caseNumber)).to.include(caseNumber);
    // only joint cases are on the desk
    expect((await mz.get(`/api/joint/cases/${mzCase}`)).status).to.equal(404);
    expect((await mz.get('/api/joint/cases/SH20990101-0001')).status).to.equal(404);
    expect((await h.client().get('/api/joint/cases')).status).to.equal(401);
  });
});
