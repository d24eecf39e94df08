import { expect } from 'chai';
import type { Task } from '../../../domain/store/index.js';
import type { InboxTaskBody } from '../../../web/inbox/view.js';
import { bodyOf, MZ_002_MATERIALS, startInboxHarness, type InboxHarness } from '../../support/inbox.js';
import { parseServerTiming } from '../../../web/server-timing.js';
import type { ApiClient } from '../../support/web.js';

interface FieldError {
  in: string;
  field: string;
  message: string;
}

interface FormView {
  task: InboxTaskBody;
  editable: boolean;
  form: { formKey: string; formId: string; version: number | null; schema: { id: string; components: unknown[] } } | null;
  variables: Record<string, unknown>;
  draft: { userTaskKey: string; variables: Record<string, unknown>; savedAt: string } | null;
  caseFile: {
    caseNumber: string;
    applicant: { name: string; idNumber: string | null; phone: string | null };
    materials: Array<{ code: string; name: string; provided: boolean | null; verified: boolean | null; missingReason: string | null }>;
    notices: unknown[];
    timeline: Array<{ kind: string; actor: string }>;
  } | null;
}

/**
 * Work on one task through the inbox API, against the real engine running the real promised-case
 * diagram (社会团体成立登记, 民政局): its first task, material check, is offered to window:MZ and
 * placed by the creating listener on the A holder of the 民政局 window, 王芳 (mz-clerk-a), whose B
 * holder is 李强 (mz-clerk-b).
 */
describe('web/api task work (claim, assign, form, drafts, completion)', function () {
  this.timeout(60_000);
  let h: InboxHarness;
  before(async () => {
    h = await startInboxHarness();
  });
  after(() => h.stop());

  /** a fresh 民政局 case waiting at its material check */
  async function materialCheck(): Promise<{ task: Task; caseNumber: string; processInstanceKey: string }> {
    const { processInstanceKey, caseNumber } = await h.startCase('promised-case', 'MZ-002', MZ_002_MATERIALS);
    return { task: await h.storeTask('materialCheck', processInstanceKey), caseNumber, processInstanceKey };
  }

  async function engineTask(key: string): Promise<{ state: string; assignee?: string | null }> {
    const found = await h.engine.client.searchUserTasks({ filter: { userTaskKey: key } });
    return found.items[0];
  }

  async function auditActions(key: string): Promise<Array<{ actor: string; action: string; detail: unknown }>> {
    const { entries } = await h.store.audit.search({ targetType: 'task', targetId: key, limit: 50, offset: 0 });
    return entries.reverse().map((e) => ({ actor: e.actor, action: e.action, detail: e.detail }));
  }

  const complete = (browser: ApiClient, key: string, variables: Record<string, unknown>) => browser.post(`/api/tasks/${key}/completion`, { variables });
  const allVerified = { verifiedMaterials: MZ_002_MATERIALS, materialsComplete: true, fixedOnSpot: '' };

  it("should answer a clerk of another department as for an unknown key on the task's form, completion, claim, assignment and draft, and change nothing", async () => {
    const { task } = await materialCheck();
    const zj = await h.as('zj-clerk-a');
    const key = task.userTaskKey;

    const answers = [
      await zj.get(`/api/tasks/${key}/form`),
      await complete(zj, key, allVerified),
      await zj.post(`/api/tasks/${key}/claim`, undefined),
      await zj.post(`/api/tasks/${key}/unclaim`, undefined),
      await zj.post(`/api/tasks/${key}/assign`, { assignee: 'zj-clerk-a' }),
      await zj.get(`/api/tasks/${key}/draft`),
      await zj.request('put', `/api/tasks/${key}/draft`, { body: { variables: { fixedOnSpot: 'x' } } }),
      await zj.delete(`/api/tasks/${key}/draft`),
      // a head of another department cannot hand it out either
      await (await h.as('zj-head')).post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' }),
    ];
    for (const res of answers) {
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('not-found');
    }
    // the role decides within the department: the 民政局 head is not in the window's group
    expect((await (await h.as('mz-head')).post(`/api/tasks/${key}/claim`, undefined)).status).to.equal(403);
    // supervision reads the form, but does not work on it
    const supervisor = await h.as('supervisor');
    expect((await supervisor.get(`/api/tasks/${key}/form`)).status).to.equal(200);
    expect((await supervisor.post(`/api/tasks/${key}/claim`, undefined)).status).to.equal(403);
    expect((await h.client().get(`/api/tasks/${key}/form`)).status).to.equal(401);

    // and the task is as it was, in the store and in the engine
    expect(await h.store.tasks.get(key)).to.include({ state: 'created', assignee: 'mz-clerk-a' });
    expect(await engineTask(key)).to.include({ state: 'CREATED', assignee: 'mz-clerk-a' });
    expect(await h.store.inbox.getDraft(key, 'zj-clerk-a')).to.equal(undefined);
    expect(await auditActions(key)).to.deep.equal([]);
  });

  it('should answer 404 for a task that does not exist', async () => {
    const mz = await h.as('mz-clerk-a');
    for (const res of [await mz.get('/api/tasks/999/form'), await mz.post('/api/tasks/999/claim', undefined), await complete(mz, '999', {})]) {
      expect(res.status).to.equal(404);
      expect(res.body.code).to.equal('not-found');
    }
  });

  it("should pass the engine's 409 on in Chinese when a task claimed by a colleague is claimed, and let its holder hand it back for another to claim", async () => {
    const { task } = await materialCheck();
    const key = task.userTaskKey;
    const a = await h.as('mz-clerk-a');
    const b = await h.as('mz-clerk-b');

    // the creating listener gave it to 王芳 (A); 李强 tries to take it
    const refused = await b.post(`/api/tasks/${key}/claim`, undefined);
    expect(refused.status).to.equal(409);
    expect(refused.body.code).to.equal('conflict');
    // in Chinese, naming the holder; the engine's own words stay in the log
    expect(refused.body.detail).to.include('已由王芳领取').and.not.match(/[A-Za-z]{3,}/);
    expect(await engineTask(key)).to.include({ assignee: 'mz-clerk-a' });

    // 王芳 hands it back to the window's queue, in the engine and the inbox alike
    const returned = await a.post(`/api/tasks/${key}/unclaim`, undefined);
    expect(returned.status).to.equal(200);
    expect(bodyOf<InboxTaskBody>(returned).assignee).to.equal(null);
    expect((await engineTask(key)).assignee ?? null).to.equal(null);
    expect((await h.store.tasks.get(key))!.assignee).to.equal(null);

    // now 李强 claims it, and 王芳 in turn is told it is his
    const claimed = await b.post(`/api/tasks/${key}/claim`, undefined);
    expect(claimed.status).to.equal(200);
    expect(bodyOf<InboxTaskBody>(claimed).assignee).to.deep.equal({ id: 'mz-clerk-b', name: '李强' });
    expect(await engineTask(key)).to.include({ assignee: 'mz-clerk-b' });
    const again = await a.post(`/api/tasks/${key}/claim`, undefined);
    expect(again.status).to.equal(409);
    expect(again.body.detail).to.include('已由李强领取');
    // only the holder (or the head) hands a task back
    expect((await a.post(`/api/tasks/${key}/unclaim`, undefined)).status).to.equal(403);

    // every change is in the audit log, with who did it
    expect((await auditActions(key)).map((e) => `${e.actor} ${e.action}`)).to.deep.equal(['mz-clerk-a task.unclaim', 'mz-clerk-b task.claim']);
  });

  it('should let the window head assign a task to a present clerk of the department whose post does this work, and nobody else', async () => {
    const { task } = await materialCheck();
    const key = task.userTaskKey;
    const head = await h.as('mz-head');

    // a clerk cannot hand a task to a colleague
    const clerk = await h.as('mz-clerk-a');
    expect((await clerk.post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' })).status).to.equal(403);

    // the head hands it to 李强
    const assigned = await head.post(`/api/tasks/${key}/assign`, { assignee: 'mz-clerk-b' });
    expect(assigned.status).to.equal(200);
    expect(bodyOf<InboxTaskBody>(assigned).assignee).to.deep.equal({ id: 'mz-clerk-b', name: '李强' });
    expect(await engineTask(key)).to.include({ assignee: 'mz-clerk-b' });

    // not to another department's clerk, nor to a reviewer whose post does not do window work, nor to someone away
    const absence = await h.store.staff.addAbsence({ staffId: 'mz-clerk-a', startsAt: h.now(), endsAt: new Date(h.now().getTime() + 86_400_000), reason: '病假' });
    try {
      for (const [assignee, says] of [
        ['zj-clerk-a', '不是本部门的工作人员'],
        ['mz-reviewer', '岗位不办理此类任务'],
        ['mz-clerk-a', '当前不在岗'],
        ['nobody', '没有工作人员'],
      ]) {
        const res = await head.post(`/api/tasks/${key}/assign`, { assignee });
        expect(res.status, assignee).to.equal(400);
        expect(res.body).to.include({ code: 'validation', field: 'assignee', in: 'body' });
        expect(res.body.detail).to.include(says);
      }
    } finally {
      await h.store.staff.removeAbsence(absence.id);
    }
    expect(await engineTask(key)).to.include({ assignee: 'mz-clerk-b' });
    expect((await auditActions(key)).map((e) => `${e.actor} ${e.action}`)).to.deep.equal(['mz-head task.assign']);
  });

  it('should open the form with masked prefill and the case file, and keep a draft per user until the task is completed', async () => {
    const { task, caseNumber } = await materialCheck();
    const key = task.userTaskKey;
    const a = await h.as('mz-clerk-a');

    const opened = await a.get(`/api/tasks/${key}/form`);
    expect(opened.status).to.equal(200);
    const view = bodyOf<FormView>(opened);
    expect(view.editable).to.equal(true);
    expect(view.form!.formId).to.equal('material-check');
    expect(view.form!.schema.id).to.equal('material-check');
    // the variables the form needs, with the applicant's numbers masked
    expect(view.variables.itemMaterials).to.have.length(6);
    expect(view.variables.applicant).to.deep.include({ name: '张三', idNumber: '110101********1234', phone: '138****0000' });
    expect(JSON.stringify(view)).to.not.include('110101199003071234').and.not.include('13800000000');
    // the case file: the item's materials as handed in, the timeline
    expect(view.caseFile!.caseNumber).to.equal(caseNumber);
    expect(view.caseFile!.applicant).to.include({ idNumber: '110101********1234' });
    expect(view.caseFile!.materials.map((m) => [m.code, m.provided, m.verified])).to.deep.equal(MZ_002_MATERIALS.map((code) => [code, true, null]));
    expect(view.caseFile!.timeline.map((e) => e.kind)).to.include('registered');
    expect(view.draft).to.equal(null);

    // a draft is kept and comes back with the form
    const partial = { verifiedMaterials: ['application', 'charter'], materialsComplete: false, fixedOnSpot: '申请表日期已当场更正' };
    const saved = await a.request('put', `/api/tasks/${key}/draft`, { body: { variables: partial } });
    expect(saved.status).to.equal(200);
    expect((await a.get(`/api/tasks/${key}/draft`)).body).to.deep.include({ userTaskKey: key, variables: partial });
    expect(bodyOf<FormView>(await a.get(`/api/tasks/${key}/form`)).draft!.variables).to.deep.equal(partial);
    // a later save replaces it; it is 王芳's own, 李强 has none
    const later = { ...partial, verifiedMaterials: ['application', 'charter', 'meeting-minutes'] };
    await a.request('put', `/api/tasks/${key}/draft`, { body: { variables: later } });
    expect((await a.get(`/api/tasks/${key}/draft`)).body).to.deep.include({ variables: later });
    const b = await h.as('mz-clerk-b');
    expect((await b.get(`/api/tasks/${key}/draft`)).status).to.equal(404);
    await b.request('put', `/api/tasks/${key}/draft`, { body: { variables: { fixedOnSpot: '李强的草稿' } } });

    // completing the task deletes every draft of it
    expect((await complete(a, key, allVerified)).status).to.equal(200);
    expect((await a.get(`/api/tasks/${key}/draft`)).status).to.equal(404);
    expect(await h.store.inbox.getDraft(key, 'mz-clerk-b')).to.equal(undefined);
    // and no new draft for a task that is done
    const closed = await a.request('put', `/api/tasks/${key}/draft`, { body: { variables: partial } });
    expect(closed.status).to.equal(409);

    // deleting a draft
    const next = await h.storeTask('acceptanceDecision', task.processInstanceKey);
    await a.request('put', `/api/tasks/${next.userTaskKey}/draft`, { body: { variables: { accepted: true } } });
    expect((await a.delete(`/api/tasks/${next.userTaskKey}/draft`)).status).to.equal(204);
    expect((await a.get(`/api/tasks/${next.userTaskKey}/draft`)).status).to.equal(404);
  });

  it('should refuse a completion the form does not accept with 400 naming every wrong field, and leave the task open in the engine and the store', async () => {
    const { task } = await materialCheck();
    const key = task.userTaskKey;
    const a = await h.as('mz-clerk-a');

    const cases: Array<[Record<string, unknown>, string[]]> = [
      // incomplete, but no list of what is missing: the one-time notice would be empty
      [{ verifiedMaterials: ['application'], materialsComplete: false, fixedOnSpot: '' }, ['variables.missing']],
      // a material the item does not have, a reason too short, and a variable the form does not own
      [
        { verifiedMaterials: ['application'], materialsComplete: false, missing: [{ code: 'no-such-material', reason: '缺' }], fixedOnSpot: '', dueAt: '2027-01-01T00:00:00Z' },
        ['variables.missing.0.code', 'variables.missing.0.reason', 'variables.dueAt'],
      ],
      // a field of the wrong type
      [{ verifiedMaterials: 'application', materialsComplete: 'yes', fixedOnSpot: '' }, ['variables.verifiedMaterials', 'variables.materialsComplete']],
    ];
    for (const [variables, fields] of cases) {
      const res = await complete(a, key, variables);
      expect(res.status, JSON.stringify(variables)).to.equal(400);
      expect(res.body.code).to.equal('validation');
      const errors = res.body.errors as FieldError[];
      expect(errors.map((e) => e.field), JSON.stringify(errors)).to.include.members(fields);
      expect(errors.every((e) => e.in === 'body' && e.message.length > 0)).to.equal(true);
      expect(res.body.field).to.equal(errors[0].field);
    }
    // a body that is not {variables: {...}}
    const bare = await a.post(`/api/tasks/${key}/completion`, { materialsComplete: true });
    expect(bare.status).to.equal(400);
    expect(bare.body.errors!.map((e) => e.field)).to.include.members(['variables', 'materialsComplete']);

    // nothing changed: open in the store and the engine, no audit entry, the procedure has not moved
    expect(await h.store.tasks.get(key)).to.include({ state: 'created', assignee: 'mz-clerk-a' });
    expect((await engineTask(key)).state).to.equal('CREATED');
    expect(await auditActions(key)).to.deep.equal([]);
    expect((await h.store.tasks.list({ processInstanceKey: task.processInstanceKey })).map((t) => t.elementId)).to.deep.equal(['materialCheck']);
  });

  it('should complete through the engine, claiming an unclaimed task for its group member first, and refuse another holder', async () => {
    const { task, processInstanceKey } = await materialCheck();
    const key = task.userTaskKey;
    const a = await h.as('mz-clerk-a');
    const b = await h.as('mz-clerk-b');

    // 王芳 has it: 李强 may not submit it
    const refused = await complete(b, key, allVerified);
    expect(refused.status).to.equal(409);
    expect(refused.body.detail).to.include('已由王芳领取');

    // handed back to the queue, 李强 submits it: claimed for him, then completed
    expect((await a.post(`/api/tasks/${key}/unclaim`, undefined)).status).to.equal(200);
    const done = await complete(b, key, allVerified);
    expect(done.status).to.equal(200);
    expect(bodyOf<InboxTaskBody>(done)).to.deep.include({ state: 'completed', assignee: { id: 'mz-clerk-b', name: '李强' } });
    expect((await engineTask(key)).state).to.equal('COMPLETED');
    expect(await h.store.tasks.get(key)).to.include({ state: 'completed', assignee: 'mz-clerk-b' });
    // the answer says where its time went, phase by phase, from the request's arrival
    const phases = parseServerTiming(done.headers.get('server-timing'));
    expect([...phases.keys()]).to.deep.equal(['middleware', 'check', 'engine-read', 'prepare', 'engine-complete', 'record', 'outcome', 'view']);
    expect([...phases.values()].every((ms) => ms >= 0)).to.equal(true);

    // the procedure moved on with the submitted variables: the acceptance decision is next
    const next = await h.storeTask('acceptanceDecision', processInstanceKey);
    expect(next.candidateGroups).to.deep.equal(['window:MZ']);

    const actions = await auditActions(key);
    expect(actions.map((e) => `${e.actor} ${e.action}`)).to.deep.equal(['mz-clerk-a task.unclaim', 'mz-clerk-b task.claim', 'mz-clerk-b task.complete']);
    expect(actions[1].detail).to.deep.include({ auto: true });
    expect(actions[2].detail).to.deep.include({ formId: 'material-check', fields: ['verifiedMaterials', 'materialsComplete', 'fixedOnSpot'] });

    // a completed task cannot be completed or claimed again
    expect((await complete(b, key, allVerified)).status).to.equal(409);
    expect((await b.post(`/api/tasks/${key}/claim`, undefined)).status).to.equal(409);
  });

  it('should show the A/B cover view and let a B holder take over the absent A holder’s task with A’s authority', async () => {
    // 王芳 (A) has a task when she falls ill
    const { task } = await materialCheck();
    const key = task.userTaskKey;
    const absence = await h.store.staff.addAbsence({ staffId: 'mz-clerk-a', startsAt: h.now(), endsAt: new Date(h.now().getTime() + 3 * 86_400_000), reason: '病假' });
    try {
      const b = await h.as('mz-clerk-b');
      const cover = await b.get('/api/tasks?view=cover');
      expect(cover.status).to.equal(200);
      const page = bodyOf<{ tasks: InboxTaskBody[]; coveredPosts: Array<{ postCode: string; absentHolder: { id: string; name: string } }> }>(cover);
      expect(page.coveredPosts).to.deep.equal([{ postCode: 'mz-window', candidateGroup: 'window:MZ', absentHolder: { id: 'mz-clerk-a', name: '王芳' } }]);
      expect(page.tasks.map((t) => t.userTaskKey)).to.include(key);

      // 李强 takes it over although it is 王芳's: he covers for her
      const taken = await b.post(`/api/tasks/${key}/claim`, undefined);
      expect(taken.status).to.equal(200);
      expect(bodyOf<InboxTaskBody>(taken)).to.deep.include({ assignee: { id: 'mz-clerk-b', name: '李强' }, coveringFor: { id: 'mz-clerk-a', name: '王芳' } });
      expect(await engineTask(key)).to.include({ assignee: 'mz-clerk-b' });

      // it stays in his cover view, now as his own work for her
      const after = bodyOf<{ tasks: InboxTaskBody[] }>(await b.get('/api/tasks?view=cover&assignee=me'));
      expect(after.tasks.find((t) => t.userTaskKey === key)?.coveringFor).to.deep.equal({ id: 'mz-clerk-a', name: '王芳' });
      // a clerk who holds no post of hers has no cover view
      expect(bodyOf<{ tasks: unknown[] }>(await (await h.as('zj-clerk-b')).get('/api/tasks?view=cover')).tasks).to.deep.equal([]);
    } finally {
      await h.store.staff.removeAbsence(absence.id);
    }
  });
});
