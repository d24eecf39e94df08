import { expect } from 'chai';
import { validateSubmission } from '../../domain/forms/submission-schema.js';
import { verifyVerificationCode } from '../../domain/privacy/verification-code.js';
import type { Complaint } from '../../domain/store/index.js';
import { ONLINE_COMPLAINT } from '../support/complaint-form.js';
import { startScenario, type Scenario } from '../support/scenario.js';

/**
 * Wednesday 30 September 2026, 10:00 China time: the last working day before the National Day
 * holiday (1–7 October; Saturday 10 October is an adjusted working day). Counted from here:
 * 2 working days → Friday 9 October, 5 working days → Tuesday 13 October (8, 9, 10, 12, 13).
 */
const START = '2026-09-30T02:00:00Z';
/** 17:30 China time, the close of the deadline day */
const OPINION_DUE = '2026-10-09T09:30:00.000Z';
const REPLY_DUE = '2026-10-13T09:30:00.000Z';

/** What the complaint-registration form submits (every field it shows). */
function registration(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { complaintChannel: 'written', ...ONLINE_COMPLAINT, ...overrides };
}

describe('scenarios/complaint', function () {
  this.timeout(60_000);
  let h: Scenario;

  afterEach(async () => {
    await h?.stop();
  });

  /** Files a complaint as the complaint office does, with what the registration form accepts. */
  async function file(data: Record<string, unknown>): Promise<string> {
    const result = validateSubmission(h.forms.get('complaint-registration')!, data, {});
    if (!result.ok) throw new Error(`complaint-registration rejects ${JSON.stringify(result.errors)}`);
    const pi = await h.engine.client.createProcessInstance({ processDefinitionId: 'complaint', variables: data });
    return String((pi as unknown as { processInstanceKey: string }).processInstanceKey);
  }

  async function complaintOf(processInstanceKey: string): Promise<Complaint> {
    return h.until(`complaint of ${processInstanceKey}`, async () => (await h.store.complaints.list()).find((c) => c.processInstanceKey === processInstanceKey));
  }

  async function reload(c: Complaint): Promise<Complaint> {
    return (await h.store.complaints.getByNumber(c.complaintNumber))!;
  }

  async function inapp(c: Complaint) {
    return (await h.store.outbox.list()).filter((m) => m.channel === 'inapp' && m.recipient === `complaint:${c.complaintNumber}`);
  }

  async function audit(c: Complaint) {
    return h.store.audit.forTarget('complaint', c.id);
  }

  /** triage → the route's own steps are the caller's; returns the complaint once routed */
  async function triage(key: string, route: string, triageNote = ''): Promise<Complaint> {
    await h.complete(await h.task('triage', { processInstanceKey: key }), { route, triageNote });
    const complaint = await complaintOf(key);
    return h.until(`complaint routed ${route}`, async () => {
      const c = await reload(complaint);
      return c.route === route && c;
    });
  }

  async function followUp(key: string, satisfaction: string, visitNotes = '电话回访，投诉人对处理结果表示认可。'): Promise<void> {
    await h.complete(await h.task('followUp', { processInstanceKey: key }), { satisfaction, visitNotes });
  }

  describe('intake (第三、四条)', () => {
    it('should register an oral, a written, a phone and an online complaint each under its own number and give the complainant the number and verification code', async () => {
      h = await startScenario({ start: START });
      const channels = ['oral', 'written', 'phone', 'online'] as const;
      const keys = [];
      for (const [i, channel] of channels.entries()) {
        keys.push(await file(registration({ complaintChannel: channel, complainant: { name: `投诉人${i + 1}`, phone: `1381234567${i}`, address: '' } })));
      }

      const numbers = new Set<string>();
      for (const [i, key] of keys.entries()) {
        await h.task('triage', { processInstanceKey: key });
        const complaint = await complaintOf(key);
        expect(complaint).to.deep.include({ channel: channels[i], status: 'registered', targetDepartmentCode: 'GA', groundCategory: 1, groundItem: '1.3' });
        expect(complaint.complaintNumber).to.match(/^TS20260930-\d{4}$/);
        numbers.add(complaint.complaintNumber);
        expect((await h.variables(key)).complaintNumber).to.equal(complaint.complaintNumber);

        const [receipt, ...more] = await inapp(complaint);
        expect(more, 'one receipt').to.have.length(0);
        expect(receipt.body).to.contain(`投诉编号：${complaint.complaintNumber}`);
        const code = /查询码：(\d{6})/.exec(receipt.body)![1];
        expect(await verifyVerificationCode(code, complaint.verificationHash!), 'the code in the receipt is the complaint\'s').to.equal(true);
        expect(complaint.verificationHash, 'only the hash is stored').to.not.contain(code);
      }
      expect(numbers.size).to.equal(4);
    });

    it('should ask for a written complaint when a major matter is filed orally, and register it once written', async () => {
      h = await startScenario({ start: START });
      const oral = registration({ complaintChannel: 'oral', isMajor: true, ground: 'rule-breaking.refused-complete-application', complaintContent: '材料齐全仍被拒绝受理，影响企业开业，涉及金额较大。' });
      const key = await file(oral);

      const request = await h.task('requestWritten', { processInstanceKey: key });
      expect(request.candidateGroups).to.deep.equal(['complaint-office']);
      expect(await h.store.complaints.list(), 'nothing is registered from the oral filing').to.have.length(0);
      expect(JSON.stringify(h.log)).to.contain('major complaint must be written');

      // the complainant hands in the written complaint; the office registers it
      await h.complete(request, { ...oral, complaintChannel: 'written' });
      await h.task('triage', { processInstanceKey: key });
      const complaints = await h.store.complaints.list();
      expect(complaints, 'registered once').to.have.length(1);
      expect(complaints[0]).to.deep.include({ channel: 'written', isMajor: true, processInstanceKey: key, groundCategory: 2 });
      const receipts = await inapp(complaints[0]);
      expect(receipts).to.have.length(1);
      expect(receipts[0].body).to.contain(complaints[0].complaintNumber).and.match(/查询码：\d{6}/);
      const tasks = await h.store.tasks.list({ processInstanceKey: key });
      expect(tasks.find((t) => t.elementId === 'requestWritten')?.state).to.equal('completed');
    });
  });

  describe('routes (第五条)', () => {
    it('should have the office propose an opinion within 2 working days on the agency route, the committee approve it, and record the agency\'s direct reply due within 5 working days', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ ground: 'other.objection', targetWindow: '县交通运输局', complaintContent: '道路运输证年审结论有误，请交通运输局复核处理。' }));
      const routed = await triage(key, 'agency', '须交通运输局办理');

      const calendar = await h.deps.calendar();
      expect(['2026-10-07', '2026-10-08', '2026-10-10', '2026-10-11'].map((d) => calendar.isWorkingDay(d)), 'the calendar: holiday, working, adjusted Saturday, Sunday').to.deep.equal([false, true, true, false]);
      expect(routed.opinionDueAt?.toISOString(), 'opinion: 2 working days after the holiday').to.equal(OPINION_DUE);
      expect(routed.replyDueAt?.toISOString(), 'reply: 5 working days, Saturday 10 October counting').to.equal(REPLY_DUE);
      const draft = await h.task('draftOpinion', { processInstanceKey: key });
      expect(draft.dueDate).to.equal(OPINION_DUE);
      expect(draft.candidateGroups).to.deep.equal(['complaint-office']);
      expect((await h.store.tasks.get(draft.userTaskKey))?.dueAt?.toISOString()).to.equal(OPINION_DUE);

      // Thursday 8 October, after the holiday: the office proposes, the committee sends it back once, then approves
      await h.setTime('2026-10-08T01:00:00Z');
      await h.complete(draft, { handlingAgency: '县交通运输局', handlingOpinion: '转县交通运输局复核年审结论并直接答复投诉人。' });
      const first = await h.task('committeeApproval', { processInstanceKey: key });
      expect(first.candidateGroups).to.deep.equal(['committee']);
      await h.complete(first, { decision: 'reject', opinion: '请写明答复期限' });
      const redraft = await h.task('draftOpinion', { processInstanceKey: key });
      await h.complete(redraft, { handlingAgency: '县交通运输局', handlingOpinion: '转县交通运输局复核年审结论，5个工作日内直接答复投诉人并抄送中心。' });
      await h.complete(await h.task('committeeApproval', { processInstanceKey: key }), { decision: 'approve', opinion: '同意' });

      // the agency answers the complainant directly and copies the center
      await h.until('waiting for the agency', async () => (await h.variables(key)).decision === 'approve');
      await h.setTime('2026-10-12T03:00:00Z');
      await h.engine.client.publishMessage({
        name: 'agency-reply',
        correlationKey: routed.complaintNumber,
        variables: { replyText: '经复核，年审结论有误，已予更正并向投诉人致歉。', verified: true },
      });
      await h.task('followUp', { processInstanceKey: key });

      const replied = await reload(routed);
      expect(replied).to.deep.include({ status: 'replied', replyText: '经复核，年审结论有误，已予更正并向投诉人致歉。', verified: true, agency: '县交通运输局' });
      expect(replied.repliedAt?.toISOString()).to.equal('2026-10-12T03:00:00.000Z');
      expect(replied.repliedAt!.getTime()).to.be.lessThan(Date.parse(REPLY_DUE));
      const actions = (await audit(routed)).map((a) => a.action);
      expect(actions).to.include.members(['complaint-registered', 'complaint-routed', 'complaint-agency-reply-recorded']);
      expect(await h.store.notices.listForComplaint(routed.id), 'the agency replied itself: no reply notice of the center').to.have.length(0);
      expect((await h.store.tasks.list({ processInstanceKey: key })).filter((t) => t.elementId === 'explainDelay')).to.have.length(0);

      await followUp(key, 'satisfied');
      await h.ended(key);
      expect(await h.store.complaints.assessments(routed.id), 'verified by the agency').to.have.length(1);
    });

    it('should tell the complainant why when the reply is not given within 5 working days', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ ground: 'other.objection', targetWindow: '县交通运输局', complaintContent: '道路运输证年审结论有误，请交通运输局复核处理。' }));
      const routed = await triage(key, 'agency');
      await h.complete(await h.task('draftOpinion', { processInstanceKey: key }), { handlingAgency: '县交通运输局', handlingOpinion: '转县交通运输局复核年审结论并直接答复投诉人。' });
      await h.complete(await h.task('committeeApproval', { processInstanceKey: key }), { decision: 'approve', opinion: '同意' });

      await h.setTime('2026-10-13T09:29:00Z');
      expect((await h.store.tasks.list({ processInstanceKey: key })).filter((t) => t.elementId === 'explainDelay'), 'not before the deadline').to.have.length(0);
      await h.setTime('2026-10-13T09:31:00Z');
      const explain = await h.task('explainDelay', { processInstanceKey: key });
      expect(explain.candidateGroups).to.deep.equal(['complaint-office']);
      await h.complete(explain, { delayReason: '承办部门需调取车辆年审原始档案，尚未办结。' });

      const notice = await h.until('delay notice', async () => (await h.store.notices.listForComplaint(routed.id)).find((n) => n.kind === 'complaint-delay'));
      expect(notice.html).to.contain('承办部门需调取车辆年审原始档案，尚未办结。').and.contain('2026年10月13日').and.contain('2026年9月30日');
      const told = (await inapp(routed)).filter((m) => m.noticeId === notice.id);
      expect(told, 'the complainant is told').to.have.length(1);

      // handling went on meanwhile: the agency's reply still closes the complaint
      await h.engine.client.publishMessage({ name: 'agency-reply', correlationKey: routed.complaintNumber, variables: { replyText: '经复核，年审结论无误。', verified: false } });
      await followUp(key, 'basically-satisfied');
      await h.ended(key);
      expect(await reload(routed)).to.deep.include({ status: 'closed', verified: false, satisfaction: 'basically-satisfied' });
    });

    it('should transfer an integrity complaint (吃拿卡要) to discipline inspection', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ ground: 'integrity.favours', targetWindow: '县自然资源局', complaintContent: '窗口人员暗示需请客送礼才能尽快办理不动产登记。' }));
      const routed = await triage(key, 'discipline', '涉及吃拿卡要，移交纪检监察部门');

      expect(routed).to.deep.include({ route: 'discipline', agency: '纪检监察机关', groundCategory: 4, opinionDueAt: null });
      expect(routed.replyDueAt?.toISOString()).to.equal(REPLY_DUE);
      const transferred = (await audit(routed)).find((a) => a.action === 'complaint-transferred');
      expect(transferred?.detail).to.deep.include({ route: 'discipline', transferredTo: '纪检监察机关' });

      const transfer = await h.task('transferDiscipline', { processInstanceKey: key });
      expect(transfer.dueDate).to.equal(REPLY_DUE);
      await h.complete(transfer, { handlingAgency: '县纪委监委', handlingOpinion: '移送县纪委监委调查处理，并告知投诉人。' });
      await h.complete(await h.task('reply', { processInstanceKey: key }), { replyKind: 'written', replyText: '你反映的问题已移送县纪委监委调查处理。', verified: false });
      await followUp(key, 'satisfied');
      await h.ended(key);
      expect(await reload(routed)).to.deep.include({ agency: '纪检监察机关', status: 'closed' });
    });
  });

  describe('replies (第六条)', () => {
    it('should record an oral reply to an oral complaint without a written notice', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ complaintChannel: 'phone', complainant: { name: '赵六', phone: '13700001111', address: '' } }));
      const routed = await triage(key, 'center');
      await h.complete(await h.task('centerHandling', { processInstanceKey: key }), { handlingAgency: '业务督查科', handlingOpinion: '约谈窗口负责人，核实一次性告知执行情况。' });

      const reply = await h.task('reply', { processInstanceKey: key });
      expect(reply.dueDate).to.equal(REPLY_DUE);
      await h.complete(reply, { replyKind: 'oral', replyText: '电话告知已核实，窗口已整改一次性告知。', oralReplyAt: '2026-09-30T07:00:00Z', verified: true });
      await h.task('followUp', { processInstanceKey: key });

      const replied = await reload(routed);
      expect(replied).to.deep.include({ replyKind: 'oral', replyText: '电话告知已核实，窗口已整改一次性告知。', status: 'replied' });
      expect(replied.repliedAt?.toISOString()).to.equal('2026-09-30T07:00:00.000Z');
      expect(await h.store.notices.listForComplaint(routed.id), 'no written reply notice').to.have.length(0);
    });

    it('should give a written complaint a written reply notice carrying the reply text', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ complaintChannel: 'online' }));
      const routed = await triage(key, 'on-the-spot');
      await h.complete(await h.task('reply', { processInstanceKey: key }), { replyKind: 'written', replyText: '经核实，窗口未一次性告知所需材料，已责令整改并向你致歉。', verified: true });

      const notice = await h.until('reply notice', async () => (await h.store.notices.listForComplaint(routed.id)).find((n) => n.kind === 'complaint-reply'));
      expect(notice.title).to.equal('投诉答复书');
      expect(notice.html).to.contain('经核实，窗口未一次性告知所需材料，已责令整改并向你致歉。').and.contain('2026年9月30日');
      expect((await inapp(routed)).some((m) => m.noticeId === notice.id), 'the complainant gets it').to.equal(true);
      expect(await reload(routed)).to.deep.include({ replyKind: 'written', status: 'replied' });
    });

    it('should refuse an oral reply to a written complaint', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ complaintChannel: 'written' }));
      const routed = await triage(key, 'on-the-spot');
      const reply = await h.task('reply', { processInstanceKey: key });

      // the inbox's form offers only a written reply
      let refused: unknown;
      await h.complete(reply, { replyKind: 'oral', replyText: '当面口头答复。', oralReplyAt: '2026-09-30T03:00:00Z', verified: false }).catch((e: unknown) => (refused = e));
      expect(String(refused)).to.contain('replyKind');

      // completed past the form, the reply record refuses it and the office must reply in writing
      await h.engine.client.completeUserTask({ userTaskKey: reply.userTaskKey, variables: { replyKind: 'oral', replyText: '当面口头答复。', oralReplyAt: '2026-09-30T03:00:00Z', verified: false } });
      const again = await h.until('the reply task again', async () => {
        const t = await h.task('reply', { processInstanceKey: key });
        return t.userTaskKey !== reply.userTaskKey && t;
      });
      expect((await reload(routed)).replyKind, 'no oral reply recorded').to.equal(null);
      await h.complete(again, { replyKind: 'written', replyText: '书面答复：经核实，情况属实，已整改。', verified: true });
      await h.until('reply notice', async () => (await h.store.notices.listForComplaint(routed.id)).find((n) => n.kind === 'complaint-reply'));
      expect(await reload(routed)).to.deep.include({ replyKind: 'written' });
    });
  });

  describe('follow-up and assessment', () => {
    it('should handle a simple complaint on the spot, record the follow-up visit\'s satisfaction and assess the window and staff member when verified', async () => {
      h = await startScenario({ start: START });
      await h.store.staff.upsertStaff({ id: 'zhou-b', name: '周B', departmentCode: 'GA', roles: ['window-clerk'], phone: null, email: null, active: true });
      const key = await file(registration({ complaintChannel: 'oral', targetWindow: '7号窗口', targetStaff: '周B' }));
      const routed = await triage(key, 'on-the-spot', '事实清楚，当场协调答复');
      expect(routed).to.deep.include({ targetDepartmentCode: 'GA', targetStaffId: 'zhou-b' });

      await h.complete(await h.task('reply', { processInstanceKey: key }), { replyKind: 'oral', replyText: '当场核实属实，窗口负责人当面致歉并一次性告知全部材料。', oralReplyAt: '2026-09-30T02:30:00Z', verified: true });
      const visit = await h.task('followUp', { processInstanceKey: key });
      expect(visit.candidateGroups).to.deep.equal(['complaint-office']);
      await h.setTime('2026-10-09T02:00:00Z');
      await h.complete(visit, { satisfaction: 'very-satisfied', visitNotes: '回访投诉人，对处理结果非常满意。' });
      await h.ended(key);

      expect(await reload(routed)).to.deep.include({ satisfaction: 'very-satisfied', verified: true, status: 'closed' });
      const assessments = await h.store.complaints.assessments(routed.id);
      expect(assessments).to.have.length(1);
      expect(assessments[0]).to.deep.include({ departmentCode: 'GA', staffId: 'zhou-b' });
      expect(assessments[0].reason).to.contain(routed.complaintNumber).and.contain('属实');
    });

    it('should create no assessment for a complaint not verified', async () => {
      h = await startScenario({ start: START });
      const key = await file(registration({ complaintChannel: 'oral' }));
      const routed = await triage(key, 'on-the-spot');
      await h.complete(await h.task('reply', { processInstanceKey: key }), { replyKind: 'oral', replyText: '经查窗口已一次性告知，投诉不属实，已向投诉人解释。', oralReplyAt: '2026-09-30T02:30:00Z', verified: false });
      await followUp(key, 'dissatisfied', '投诉人仍不认可，已再次解释有关规定。');
      await h.ended(key);

      expect(await h.store.complaints.assessments(routed.id)).to.have.length(0);
      expect(await reload(routed)).to.deep.include({ verified: false, satisfaction: 'dissatisfied', status: 'closed' });
    });
  });
});
