import type { RequestHandler } from 'express';
import { APPLICANT_ACTOR, type Case, type ReceivedForm } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import type { Principal } from '../auth/roles.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { buildCaseFile } from '../inbox/case-file.js';
import type { Api } from '../openapi/routes.js';
import { mayReadCase, mayTakeSupplement } from '../supplements/access.js';
import { checkOnNotice, noOpenNotice, openRequest, supply } from '../supplements/supply.js';
import { checkUpload, readUploadForm } from '../supplements/upload.js';
import type { ApiContext } from './context.js';

/**
 * The supplement loop (补正材料) both ways: the applicant uploads online against the open
 * supplement notice; a window clerk of the case's department records materials handed in at the
 * window. Either answers the notice once and resumes the case (web/supplements/supply.ts). Staff
 * read the case file by its number and download supplied files.
 */

interface WindowSupplementRequest {
  noticeNumber: string;
  idempotencyKey: string;
  materials: Array<{ code: string; received: ReceivedForm; note?: string }>;
}

export function registerSupplementRoutes(api: Api, ctx: ApiContext): void {
  const { store, clock } = ctx;

  /** A case the user may not read answers as a number that does not exist, so numbers cannot be probed. */
  const readableCase = async (principal: Principal, caseNumber: string): Promise<Case> => {
    const theCase = await store.cases.getByNumber(caseNumber);
    if (!theCase || !(await mayReadCase(store, principal, theCase))) throw new ApiProblem('not-found', `没有办件 ${caseNumber}`);
    return theCase;
  };

  api.get('/api/cases/{caseNumber}', 'getCaseFile', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const theCase = await readableCase(principal, inputOf(res).params.caseNumber);
    res.json(await buildCaseFile(store, theCase, principal));
  });

  api.post('/api/cases/{caseNumber}/supplements', 'recordWindowSupplement', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { body, params } = inputOf<{ body: WindowSupplementRequest }>(res);
    const theCase = await readableCase(principal, params.caseNumber);
    if (!mayTakeSupplement(principal, theCase)) throw new ApiProblem('forbidden', '只有该办件所属部门的窗口工作人员可以登记补正材料');
    const open = await openRequest(ctx, theCase);
    if (!open) throw noOpenNotice();
    if (open.request.notice.number !== body.noticeNumber) {
      throw new ApiProblem('conflict', `该办件待补正的是补齐申请材料通知书 ${open.request.notice.number}，不是 ${body.noticeNumber}；请刷新页面后再登记`, [
        { in: 'body', field: 'noticeNumber', message: `应为 ${open.request.notice.number}` },
      ]);
    }
    checkOnNotice(
      open.request,
      body.materials.map((m) => m.code),
      (i) => `materials.${i}.code`,
    );
    const names = new Map(open.request.materials.map((m) => [m.code, m.name]));
    const receipt = await supply(ctx, res, {
      theCase,
      channel: 'window',
      actor: principal.username,
      cause: { kind: 'staff', staffId: principal.staffId ?? principal.username, name: principal.displayName, task: '窗口登记补正材料', userTaskKey: '' },
      idempotencyKey: body.idempotencyKey,
      materials: body.materials.map((m) => ({ code: m.code, name: names.get(m.code) ?? m.code, declaration: m.note?.trim() || null, received: m.received })),
      files: [],
      audit: { action: 'case.supplement-received-at-window', detail: { received: body.materials.map((m) => ({ code: m.code, received: m.received })) } },
    });
    res.status(201).json(receipt);
  });

  api.get('/api/supplement-files/{id}', 'downloadSupplementFile', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const found = await store.supplements.fileContent(inputOf(res).params.id);
    const theCase = found && (await store.cases.get(found.caseId));
    if (!found || !theCase || !(await mayReadCase(store, principal, theCase))) throw new ApiProblem('not-found', '没有这个补正文件');
    await store.audit.record(
      auditEntry(res, clock(), {
        action: 'case.supplement-file-downloaded',
        targetType: 'case',
        targetId: theCase.id,
        detail: { caseNumber: theCase.caseNumber, fileId: found.file.id, fileName: found.file.fileName },
      }),
    );
    // an applicant's file: downloaded, never rendered in the app's origin
    res.set({
      'Content-Type': found.file.contentType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(found.file.fileName)}`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    res.send(found.content);
  });
}

/** The applicant's online supplement; `codeLimit` and `caseFor` are the public routes' own (web/api/public.ts). */
export function registerPublicSupplementRoutes(api: Api, ctx: ApiContext, deps: { codeLimit: RequestHandler; caseFor(lookup: { caseNumber: string; verificationCode: string }): Promise<Case> }): void {
  api.post('/api/public/supplements/uploads', 'submitSupplementUploads', deps.codeLimit, async (req, res) => {
    const form = await readUploadForm(req);
    const theCase = await deps.caseFor(form);
    const open = await openRequest(ctx, theCase);
    if (!open) throw noOpenNotice();
    // answered already, or no longer open: supply() replays or refuses before any file is looked at
    const checked = open.supplied || !open.awaiting ? { materials: [], files: [] } : await checkUpload(form, open.request, ctx.virusScanner);
    const receipt = await supply(ctx, res, {
      theCase,
      channel: 'online',
      actor: APPLICANT_ACTOR,
      cause: { kind: 'applicant', event: '申请人网上补正材料' },
      idempotencyKey: form.idempotencyKey,
      materials: checked.materials,
      files: checked.files,
      audit: {
        action: 'case.supplement-submitted',
        detail: { uploads: checked.files.map((f) => ({ material: f.materialCode, name: f.fileName, type: f.contentType, size: f.content.byteLength, scan: f.scanStatus })) },
      },
    });
    res.status(202).json(receipt);
  });
}
