import { expect } from 'chai';
import { awaitEvents, caseOf } from '../../support/case-flow.js';
import { caseAwaitingSupplement, MISSING, NOT_A_PDF, PDF, PNG, type WaitingCase } from '../../support/supplement-flow.js';
import { bodyAs, startWebSystem, type WebSystem } from '../../support/web-system.js';
import type { ApiClient } from '../../support/web.js';

/** The supplement loop through the API against the whole system: online uploads and the window's record. */

// Monday 2 November 2026, 10:00 China time
const START = '2026-11-02T02:00:00Z';

interface Upload {
  caseNumber: string;
  verificationCode: string;
  idempotencyKey?: string;
  materials: Array<{ code: string; declaration?: string }>;
  files?: Array<{ code: string; name: string; content: Buffer; type?: string }>;
}

function upload(browser: ApiClient, u: Upload) {
  const form = new FormData();
  form.set('caseNumber', u.caseNumber);
  form.set('verificationCode', u.verificationCode);
  form.set('idempotencyKey', u.idempotencyKey ?? `key-${Math.random().toString(36).slice(2, 12)}`);
  form.set('materials', JSON.stringify(u.materials));
  for (const f of u.files ?? []) form.append(`files.${f.code}`, new Blob([new Uint8Array(f.content)], { type: f.type ?? 'application/pdf' }), f.name);
  return browser.request('post', '/api/public/supplements/uploads', { formData: form });
}

interface CaseFileBody {
  supplement: {
    open: { noticeNumber: string; materials: Array<{ code: string }> } | null;
    mayRecord: boolean;
    supplied: Array<{ channel: string; actor: string; materials: Array<{ code: string; declaration: string | null; received: string | null }>; files: Array<{ id: string; name: string; contentType: string; size: number; scanLabel: string; href: string }> }>;
  };
  timeline: Array<{ kind: string; actor: string }>;
}

describe('web/api supplements', function () {
  this.timeout(90_000);
  let h: WebSystem;
  let waiting: WaitingCase;
  let applicant: ApiClient;
  beforeEach(async () => {
    h = await startWebSystem({ start: START });
    waiting = await caseAwaitingSupplement(h);
    applicant = await h.web.anonymous();
  });
  afterEach(async () => {
    await h?.stop();
  });

  const nothingStored = async () => {
    const theCase = await caseOf(h, waiting.caseNumber);
    expect(await h.store.supplements.listForCase(theCase.id)).to.deep.equal([]);
    expect(theCase.suspendedSince, 'still waiting').to.not.equal(null);
  };

  it('should take an online supplement with files once: the case resumes, the files are kept, a second supply is refused', async () => {
    const looked = bodyAs<{ supplement: { noticeNumber: string; validUntil: string; awaiting: boolean; materials: Array<{ code: string; name: string; reason: string }> } }>(
      await applicant.post('/api/public/lookup', { caseNumber: waiting.caseNumber, verificationCode: waiting.code }),
    );
    // the lookup shows exactly what the notice asked for, its number and validity
    expect(looked.supplement.awaiting).to.equal(true);
    expect(looked.supplement.noticeNumber).to.match(/^BZ20261102-\d{4}$/);
    expect(looked.supplement.validUntil).to.equal('2026-11-16T09:30:00.000Z');
    expect(looked.supplement.materials.map((m) => [m.code, m.reason])).to.deep.equal(MISSING.map((m) => [m.code, m.reason]));

    await h.setTime('2026-11-04T02:00:00Z');
    const submission: Upload = {
      caseNumber: waiting.caseNumber,
      verificationCode: waiting.code,
      idempotencyKey: 'first-submission-0001',
      materials: [{ code: 'sponsor-approval', declaration: '已补正：附业务主管单位批复' }, { code: 'meeting-minutes', declaration: '会议纪要原件将于受理时交窗口核对' }],
      files: [
        { code: 'sponsor-approval', name: '批复.pdf', content: PDF },
        // the browser's word for the type counts for nothing: the content is a PNG
        { code: 'sponsor-approval', name: 'scan', content: PNG, type: 'application/octet-stream' },
      ],
    };
    const res = await upload(applicant, submission);
    expect(res.status, JSON.stringify(res.body)).to.equal(202);
    expect(res.body).to.deep.equal({ caseNumber: waiting.caseNumber, noticeNumber: looked.supplement.noticeNumber, status: 'received' });

    // the notice's wait ended; the case is back at the material check with the materials now provided
    await h.ended(waiting.child);
    await awaitEvents(h, waiting.caseNumber, 'clock-resumed');
    await h.task('materialCheck', { processInstanceKey: waiting.key });
    const materials = (await h.variables(waiting.key)).materials as Array<{ code: string; provided: boolean; note?: string }>;
    expect(materials.filter((m) => m.provided).map((m) => m.code)).to.include.members(['sponsor-approval', 'meeting-minutes', 'application', 'charter']);
    expect(materials.find((m) => m.code === 'sponsor-approval')?.note).to.equal('已补正：附业务主管单位批复');
    const theCase = await caseOf(h, waiting.caseNumber);
    const [event] = (await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'supplement-received');
    expect(event.actor).to.equal('applicant');
    expect((await h.store.audit.forTarget('case', theCase.id)).filter((e) => e.action === 'case.supplement-submitted')).to.have.length(1);

    // the same submission again (a retry) gets the first answer; another one is refused in Chinese
    const retry = await upload(applicant, submission);
    expect(retry.status).to.equal(202);
    const second = await upload(applicant, { ...submission, idempotencyKey: 'second-submission-01' });
    expect(second.status).to.equal(409);
    expect(second.body.detail).to.match(/^补齐申请材料通知书 BZ20261102-\d{4} 已于 2026年11月4日10:00 网上补正，同一通知书只能补正一次/);
    expect(await h.store.supplements.listForCase(theCase.id)).to.have.length(1);
    expect((await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'clock-resumed')).to.have.length(1);

    // staff of the department see the files, typed by content and not scanned, and download them
    const clerk = await h.web.as('mz-clerk-a');
    const file = bodyAs<CaseFileBody>(await clerk.get(`/api/cases/${waiting.caseNumber}`));
    expect(file.supplement.open).to.equal(null);
    expect(file.supplement.supplied[0].files.map((f) => [f.name, f.contentType, f.size, f.scanLabel])).to.deep.equal([
      ['批复.pdf', 'application/pdf', PDF.length, '未扫描'],
      ['scan', 'image/png', PNG.length, '未扫描'],
    ]);
    const download = await fetch(h.web.url + file.supplement.supplied[0].files[0].href, { headers: { cookie: [...clerk.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
    expect(download.headers.get('content-disposition')).to.match(/^attachment;/);
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).to.equal(true);
    // another department may neither read the case file nor download its files, nor tell them from ones that do not exist
    const other = await h.web.as('zj-clerk-a');
    const caseFile = await other.get(`/api/cases/${waiting.caseNumber}`);
    expect(caseFile.status).to.equal(404);
    expect(caseFile.body.detail).to.equal(`没有办件 ${waiting.caseNumber}`);
    const foreignFile = await other.get(file.supplement.supplied[0].files[0].href);
    expect(foreignFile.status).to.equal(404);
    expect(foreignFile.body).to.deep.equal((await other.get('/api/supplement-files/ffff')).body);
  });

  it('should refuse a wrong type by content, a file too large, a material not on the notice and a wrong code, storing nothing', async () => {
    const base = { caseNumber: waiting.caseNumber, verificationCode: waiting.code };

    const renamed = await upload(applicant, { ...base, materials: [{ code: 'sponsor-approval' }], files: [{ code: 'sponsor-approval', name: '批复.pdf', content: NOT_A_PDF }] });
    expect(renamed.status).to.equal(400);
    expect(renamed.body).to.include({ code: 'validation', field: 'files.sponsor-approval' });
    expect(renamed.body.detail).to.include('不是 PDF、JPEG 或 PNG 文件（按文件内容识别');

    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const tooLarge = await upload(applicant, { ...base, materials: [{ code: 'sponsor-approval' }], files: [{ code: 'sponsor-approval', name: '大文件.pdf', content: big }] });
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.body).to.include({ code: 'payload-too-large', field: 'files.sponsor-approval' });
    expect(tooLarge.body.detail).to.include('超过单个文件 10 MB 的限制');

    const tooMany = await upload(applicant, { ...base, materials: [{ code: 'sponsor-approval' }], files: Array.from({ length: 6 }, (_, i) => ({ code: 'sponsor-approval', name: `${i}.pdf`, content: PDF })) });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.detail).to.equal('每项材料最多上传 5 个文件');

    const notOnNotice = await upload(applicant, { ...base, materials: [{ code: 'application', declaration: '重新提交申请表' }] });
    expect(notOnNotice.status).to.equal(400);
    expect(notOnNotice.body).to.include({ field: 'materials.0.code' });
    expect(notOnNotice.body.detail).to.match(/application 不是补齐申请材料通知书 BZ\d{8}-\d{4} 所列的材料/);

    const empty = await upload(applicant, { ...base, materials: [{ code: 'meeting-minutes' }] });
    expect(empty.status).to.equal(400);
    expect(empty.body.detail).to.include('请填写补正说明或上传文件');

    const wrongCode = await upload(applicant, { ...base, verificationCode: waiting.code === '000000' ? '111111' : '000000', materials: [{ code: 'meeting-minutes', declaration: '已补' }] });
    expect(wrongCode.status).to.equal(404);

    // the upload route takes multipart, but still only with the CSRF token
    const form = new FormData();
    form.set('caseNumber', waiting.caseNumber);
    const noToken = await applicant.request('post', '/api/public/supplements/uploads', { formData: form, csrf: null });
    expect(noToken.status).to.equal(403);
    expect(noToken.body.code).to.equal('csrf');
    // and no other route takes multipart
    const elsewhere = await applicant.request('post', '/api/public/lookup', { formData: form });
    expect(elsewhere.status).to.equal(415);

    await nothingStored();
  });

  it('should let a window clerk of the case’s department record the materials handed in, once, resuming the case', async () => {
    const theCase = await caseOf(h, waiting.caseNumber);
    const clerk = await h.web.as('mz-clerk-a');
    const file = bodyAs<CaseFileBody>(await clerk.get(`/api/cases/${waiting.caseNumber}`));
    expect(file.supplement.mayRecord).to.equal(true);
    const noticeNumber = file.supplement.open!.noticeNumber;
    const record = {
      noticeNumber,
      idempotencyKey: 'window-record-0001',
      materials: [
        { code: 'sponsor-approval', received: 'original' },
        { code: 'meeting-minutes', received: 'original-and-copy', note: '复印件已核对原件' },
      ],
    };

    // another department's clerk, a reviewer of the department and a material not on the notice are refused
    const other = await (await h.web.as('zj-clerk-a')).post(`/api/cases/${waiting.caseNumber}/supplements`, record);
    expect(other.status).to.equal(404);
    const reviewer = await (await h.web.as('mz-reviewer')).post(`/api/cases/${waiting.caseNumber}/supplements`, record);
    expect(reviewer.status).to.equal(403);
    const wrong = await clerk.post(`/api/cases/${waiting.caseNumber}/supplements`, { ...record, materials: [{ code: 'charter', received: 'copy' }] });
    expect(wrong.status).to.equal(400);
    expect(wrong.body.field).to.equal('materials.0.code');
    await nothingStored();

    const res = await clerk.post(`/api/cases/${waiting.caseNumber}/supplements`, record);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.deep.equal({ caseNumber: waiting.caseNumber, noticeNumber, status: 'received' });
    await h.ended(waiting.child);
    await h.task('materialCheck', { processInstanceKey: waiting.key });

    // recorded with the clerk as actor, in the timeline and the audit log
    const [event] = (await h.store.cases.events(theCase.id)).filter((e) => e.kind === 'supplement-received');
    expect(event.actor).to.equal('mz-clerk-a');
    const [audit] = (await h.store.audit.forTarget('case', theCase.id)).filter((e) => e.action === 'case.supplement-received-at-window');
    expect(audit.actor).to.equal('mz-clerk-a');
    const after = bodyAs<CaseFileBody>(await clerk.get(`/api/cases/${waiting.caseNumber}`));
    expect(after.supplement.supplied[0]).to.deep.include({ channel: 'window', actor: 'mz-clerk-a' });
    expect(after.supplement.supplied[0].materials.map((m) => m.received)).to.deep.equal(['original', 'original-and-copy']);

    // once per notice: a second record, or the applicant online afterwards, is refused
    const again = await (await h.web.as('mz-clerk-b')).post(`/api/cases/${waiting.caseNumber}/supplements`, { ...record, idempotencyKey: 'window-record-0002' });
    expect(again.status).to.equal(409);
    expect(again.body.detail).to.include('在窗口补正，同一通知书只能补正一次');
    const online = await upload(applicant, { caseNumber: waiting.caseNumber, verificationCode: waiting.code, materials: [{ code: 'meeting-minutes', declaration: '补' }] });
    expect(online.status).to.equal(409);
  });

  it('should open a case’s notices for its own applicant and its department only', async () => {
    const [notice] = await h.store.notices.listForCase((await caseOf(h, waiting.caseNumber)).id);
    const own = await applicant.post('/api/public/notices', { caseNumber: waiting.caseNumber, verificationCode: waiting.code, noticeNumber: notice.number });
    expect(own.status).to.equal(200);
    const doc = bodyAs<{ title: string; html: string; caseNumber: string }>(own);
    expect(doc).to.include({ title: '补齐申请材料通知书', caseNumber: waiting.caseNumber });
    expect(doc.html).to.include('未提交发起人会议纪要').and.include('@page { size: A4');
    const wrongCode = await applicant.post('/api/public/notices', { caseNumber: waiting.caseNumber, verificationCode: waiting.code === '000000' ? '111111' : '000000', noticeNumber: notice.number });
    expect(wrongCode.status).to.equal(404);
    const unknown = await applicant.post('/api/public/notices', { caseNumber: waiting.caseNumber, verificationCode: waiting.code, noticeNumber: 'BY20261102-9999' });
    expect(unknown.status).to.equal(404);

    expect((await (await h.web.as('mz-clerk-a')).get(`/api/notices/${notice.number}`)).status).to.equal(200);
    expect((await (await h.web.as('supervisor')).get(`/api/notices/${notice.number}`)).status).to.equal(200);
    // to anyone else it is a number that does not exist
    const missing = (await (await h.web.as('zj-clerk-a')).get('/api/notices/BY20261102-9999')).body;
    const other = await (await h.web.as('zj-clerk-a')).get(`/api/notices/${notice.number}`);
    expect(other.status).to.equal(404);
    expect(other.body).to.deep.equal(missing);
    expect((await (await h.web.as('complaints')).get(`/api/notices/${notice.number}`)).body).to.deep.equal(missing);
  });
});
