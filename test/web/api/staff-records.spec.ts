import { expect } from 'chai';
import type { Cause } from '../../../domain/store/index.js';
import { bodyOf, completeTask, MZ_002_MATERIALS, PERSON, startInboxHarness, type InboxHarness } from '../../support/inbox.js';

interface FormView {
  editable: boolean;
  form: { formId: string; schema: { id: string } } | null;
  variables: Record<string, unknown>;
  completion: { by: { id: string; name: string | null }; at: string | null } | null;
  caseFile: {
    materials: Array<{ code: string; verified: boolean | null; missingReason: string | null }>;
    timeline: Array<{ kind: string; actor: string; actorName: string | null; cause: Cause | null; detail: Record<string, unknown> }>;
  } | null;
}

/**
 * Staff records (issue 9, journey 6) through the inbox API, on the real engine and promised-case
 * diagram for 社会团体成立登记 (民政局), whose material check goes to 王芳 (mz-clerk-a).
 */
describe('web/api staff records (completed tasks, the person behind each event, the material check’s contradictions)', function () {
  this.timeout(90_000);
  let h: InboxHarness;
  before(async () => {
    h = await startInboxHarness();
  });
  after(() => h.stop());

  const incomplete = {
    verifiedMaterials: MZ_002_MATERIALS.filter((c) => c !== 'capital-proof' && c !== 'charter'),
    materialsComplete: false,
    missing: [
      { code: 'capital-proof', reason: '未提交验资报告' },
      { code: 'charter', reason: '章程未经会员大会通过' },
    ],
    fixedOnSpot: '申请表日期已当场更正',
  };

  it('should refuse a material both verified and listed as missing, listed twice, or a complete check with nothing verified, naming the field in Chinese, and leave the task open', async () => {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const task = await h.storeTask('materialCheck', processInstanceKey);
    const clerk = await h.as('mz-clerk-a');
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ ...incomplete, verifiedMaterials: MZ_002_MATERIALS }, 'variables.missing.0.code', /已勾选为核验齐全的材料，不能同时列为需补正的材料/],
      [{ ...incomplete, missing: [...incomplete.missing, { code: 'charter', reason: '章程缺页' }] }, 'variables.missing.2.code', /已在第 2 行列出/],
      [{ verifiedMaterials: [], materialsComplete: true, fixedOnSpot: '' }, 'variables.verifiedMaterials', /没有勾选任何经核验的材料/],
    ];
    for (const [variables, field, says] of cases) {
      const res = await clerk.post(`/api/tasks/${task.userTaskKey}/completion`, { variables });
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body.code).to.equal('validation');
      const errors = res.body.errors as Array<{ field: string; message: string }>;
      expect(errors.filter((e) => e.field === field), JSON.stringify(errors)).to.have.length(1);
      expect(errors.find((e) => e.field === field)!.message).to.match(says);
    }
    expect(await h.store.tasks.get(task.userTaskKey)).to.include({ state: 'created' });
  });

  it('should show a completed task’s form read-only with what was submitted, the options it read, who completed it and when, masked', async () => {
    const { processInstanceKey } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const task = await h.storeTask('materialCheck', processInstanceKey);
    await completeTask(await h.as('mz-clerk-a'), task.userTaskKey, incomplete);
    const completedAt = h.now().toISOString();

    for (const who of ['mz-clerk-a', 'mz-head', 'supervisor']) {
      const res = await (await h.as(who)).get(`/api/tasks/${task.userTaskKey}/form`);
      expect(res.status, who).to.equal(200);
      const view = bodyOf<FormView>(res);
      expect(view.editable).to.equal(false);
      expect(view.form!.formId).to.equal('material-check');
      expect(view.completion).to.deep.equal({ by: { id: 'mz-clerk-a', name: '王芳' }, at: completedAt });
      expect(view.variables).to.deep.include({ verifiedMaterials: incomplete.verifiedMaterials, materialsComplete: false, missing: incomplete.missing, fixedOnSpot: '申请表日期已当场更正' });
      // the checklist and the rows show labels: the options the form read are kept with it
      expect((view.variables.itemMaterials as Array<{ value: string; label: string }>).map((o) => o.value)).to.have.members(MZ_002_MATERIALS);
      expect(view.caseFile!.materials.find((m) => m.code === 'charter')).to.deep.include({ verified: false, missingReason: '章程未经会员大会通过' });
      expect(view.caseFile!.materials.find((m) => m.code === 'application')).to.deep.include({ verified: true, missingReason: null });
      expect(JSON.stringify(res.body)).to.not.include(PERSON.idNumber).and.not.include(PERSON.phone);
    }
    // another department's clerk still may not read it, nor tell it from a key that does not exist
    expect((await (await h.as('zj-clerk-a')).get(`/api/tasks/${task.userTaskKey}/form`)).status).to.equal(404);
  });

  it('should name on every event the clerk whose completion led to it, and the timer behind the steps it started', async () => {
    const { processInstanceKey, caseNumber } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    const check = await h.storeTask('materialCheck', processInstanceKey);
    const clerk = await h.as('mz-clerk-a');
    await completeTask(clerk, check.userTaskKey, incomplete);
    const confirm = await h.caseTask('confirmNotice', caseNumber);
    const theCase = (await h.store.cases.getByNumber(caseNumber))!;
    const before = (await h.store.cases.events(theCase.id)).length;
    await completeTask(clerk, confirm.userTaskKey, { noticeDelivery: 'in-person', supplementDays: null, noticeNote: '', notifiedOnce: true });
    // the supplement's validity is the last the completion sets going
    const validity = await h.until('the supplement’s validity', async () =>
      (await h.store.cases.events(theCase.id)).find((e) => e.kind === 'deadline-set' && (e.detail as { deadline?: string }).deadline === 'supplement'),
    );

    // every event the workers wrote after 王芳 confirmed the notice names her and that task
    const caused = (await h.store.cases.events(theCase.id)).slice(before);
    expect(caused.map((e) => e.kind)).to.include.members(['notice-issued', 'clock-suspended', 'stage', 'deadline-set']);
    for (const e of caused) {
      expect(e.actor, e.kind).to.match(/^worker:/);
      expect(e.cause, e.kind).to.deep.equal({ kind: 'staff', staffId: 'mz-clerk-a', name: '王芳', task: '确认一次性告知清单', userTaskKey: confirm.userTaskKey });
    }
    // supervision finds them by the person too
    const found = await h.store.audit.search({ actor: 'mz-clerk-a', targetType: 'task', targetId: confirm.userTaskKey, limit: 10, offset: 0 });
    expect(found.entries.map((e) => e.action)).to.include('task.complete');

    // the case file gives the same to the page
    const view = bodyOf<FormView>(await clerk.get(`/api/tasks/${confirm.userTaskKey}/form`));
    const notice = view.caseFile!.timeline.find((e) => e.kind === 'notice-issued')!;
    expect(notice).to.deep.include({ actor: 'worker:notice-issue', actorName: null });
    expect(notice.cause).to.deep.include({ kind: 'staff', name: '王芳', task: '确认一次性告知清单' });

    // nobody supplies within the notice's validity: the withdrawal is the timer's, not 王芳's
    const events = (await h.store.cases.events(theCase.id)).length;
    await h.setTime(new Date(Date.parse((validity.detail as { dueAt: string }).dueAt) + 60_000));
    await h.until('the withdrawal', async () => (await h.store.cases.events(theCase.id)).some((e) => e.kind === 'notice-issued' && (e.detail as { kind?: string }).kind === 'withdrawn'));
    const afterTimer = (await h.store.cases.events(theCase.id)).slice(events);
    expect(afterTimer.length).to.be.greaterThan(0);
    for (const e of afterTimer) expect(e.cause, e.kind).to.deep.equal({ kind: 'event', event: '逾期未补正，视为撤回' });
  });
});
