import type { Response } from 'express';
import { chinaDateTime } from '../../domain/notices/index.js';
import type { Case, Cause, CaseSupplement, NewSupplementFile, SuppliedMaterial, SupplementChannel } from '../../domain/store/index.js';
import { isAwaitingSupplement, latestSupplementRequest, type SupplementRequest } from '../../domain/supplements/open-notice.js';
import type { ApiContext } from '../api/context.js';
import { auditEntry } from '../audit.js';
import { engineFailure, engineUnavailable } from '../engine-errors.js';
import { ApiProblem, type FieldError } from '../http/problem.js';

/**
 * Answers a case's open supplement notice, once: records what was supplied (and the files) and
 * resumes the case by correlating `supplement-received` (docs/procedures.md), in one transaction,
 * so a correlation the engine refuses keeps nothing and a record never exists without its
 * correlation. The notice's unique supplement makes a second supply, online or at the window,
 * a refusal; the same submission again (same idempotency key) gets the first answer.
 */

export interface SupplyReceipt {
  caseNumber: string;
  noticeNumber: string;
  status: 'received';
}

export interface Supply {
  theCase: Case;
  channel: SupplementChannel;
  /** the clerk's username, or APPLICANT_ACTOR */
  actor: string;
  /** who set the supply going, for the records the diagram writes after it (docs/procedures.md, Who acted) */
  cause: Cause;
  idempotencyKey: string;
  /** what is supplied, each a material of the notice */
  materials: SuppliedMaterial[];
  files: NewSupplementFile[];
  /**
   * the `materials` variable to send; by default the materials handed in at registration with
   * the supplied ones marked provided
   */
  handedIn?: Array<{ code: string; provided: boolean; note?: string }>;
  audit: { action: string; detail?: Record<string, unknown> };
}

const CHANNEL_WORDS: Record<SupplementChannel, string> = { online: '网上', window: '在窗口' };

export const noOpenNotice = () => new ApiProblem('conflict', '该办件目前没有待补正的补齐申请材料通知书；如刚收到通知，请稍后再试');

function alreadySupplied(request: SupplementRequest, first: CaseSupplement): ApiProblem {
  return new ApiProblem(
    'conflict',
    `补齐申请材料通知书 ${request.notice.number} 已于 ${chinaDateTime(first.createdAt)} ${CHANNEL_WORDS[first.channel]}补正，同一通知书只能补正一次；如有疑问，请到办理窗口咨询`,
  );
}

/** The notice the case waits on, or why there is none to answer. */
export async function openRequest(ctx: ApiContext, theCase: Case): Promise<{ request: SupplementRequest; supplied: CaseSupplement | undefined; awaiting: boolean } | undefined> {
  const [notices, events] = await Promise.all([ctx.store.notices.listForCase(theCase.id), ctx.store.cases.events(theCase.id)]);
  const request = latestSupplementRequest(notices, events);
  if (!request) return undefined;
  const supplied = await ctx.store.supplements.forNotice(request.notice.id);
  return { request, supplied, awaiting: supplied === undefined && isAwaitingSupplement(theCase, request, events) };
}

/** Only the notice's materials, each once. */
export function checkOnNotice(request: SupplementRequest, codes: string[], field: (i: number) => string): void {
  const listed = new Set(request.materials.map((m) => m.code));
  const seen = new Set<string>();
  const errors: FieldError[] = codes.flatMap((code, i) => {
    if (!listed.has(code)) return [{ in: 'body' as const, field: field(i), message: `${code} 不是补齐申请材料通知书 ${request.notice.number} 所列的材料，只能补正通知书列明的材料` }];
    if (seen.has(code)) return [{ in: 'body' as const, field: field(i), message: `${code} 重复` }];
    seen.add(code);
    return [];
  });
  if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
}

/** What was handed in at registration, the supplied materials now provided. */
async function mergedMaterials(ctx: ApiContext, theCase: Case, supplied: SuppliedMaterial[]): Promise<Array<{ code: string; provided: boolean; note?: string }>> {
  const received = (await ctx.store.cases.events(theCase.id)).filter((e) => e.kind === 'materials-received').at(-1);
  const listed = (received?.detail as { materials?: unknown } | undefined)?.materials;
  const base = Array.isArray(listed) ? (listed as Array<{ code: string; provided: boolean; note?: string }>) : [];
  const byCode = new Map(supplied.map((m) => [m.code, m]));
  const merged = base.map((m) => {
    const now = byCode.get(m.code);
    return now ? { ...m, provided: true, ...(now.declaration ? { note: now.declaration } : {}) } : m;
  });
  for (const m of supplied) if (!base.some((b) => b.code === m.code)) merged.push({ code: m.code, provided: true, ...(m.declaration ? { note: m.declaration } : {}) });
  return merged;
}

export async function supply(ctx: ApiContext, res: Response, input: Supply): Promise<SupplyReceipt> {
  const { theCase } = input;
  const open = await openRequest(ctx, theCase);
  if (!open) throw noOpenNotice();
  const { request, supplied } = open;
  const receipt: SupplyReceipt = { caseNumber: theCase.caseNumber, noticeNumber: request.notice.number, status: 'received' };
  if (supplied) {
    if (supplied.idempotencyKey === input.idempotencyKey) return receipt;
    throw alreadySupplied(request, supplied);
  }
  if (!open.awaiting) throw noOpenNotice();
  const handedIn = input.handedIn ?? (await mergedMaterials(ctx, theCase, input.materials));

  const now = ctx.clock();
  const first = await ctx.store.transaction(async (tx) => {
    const recorded = await tx.supplements.record({
      caseId: theCase.id,
      noticeId: request.notice.id,
      channel: input.channel,
      actor: input.actor,
      idempotencyKey: input.idempotencyKey,
      materials: input.materials,
      files: input.files,
      at: now,
    });
    // a racing supply for the same notice was recorded first
    if (!recorded.created) return recorded.supplement;
    try {
      // the correlate command, not a buffered publication (docs/procedures.md): it answers 404
      // when no notice waits, so the applicant or clerk is told instead of left waiting
      await ctx.camunda.correlateMessage({ name: 'supplement-received', correlationKey: theCase.caseNumber, variables: { materials: handedIn, actedBy: input.cause as unknown as Record<string, string> } });
    } catch (error) {
      if (engineFailure(error).status === 404) throw noOpenNotice();
      throw engineUnavailable(ctx.log, 'correlating supplement-received', error);
    }
    const codes = input.materials.map((m) => m.code);
    await tx.cases.appendEvent(theCase.id, {
      kind: 'supplement-received',
      actor: input.actor,
      at: now,
      detail: {
        channel: input.channel,
        noticeNumber: request.notice.number,
        materials: codes,
        files: input.files.length,
        note: `${input.channel === 'online' ? '申请人网上补正' : '窗口收取补正材料'} ${codes.length} 项${input.files.length > 0 ? `，上传文件 ${input.files.length} 个` : ''}（${request.notice.number}）`,
      },
    });
    await tx.audit.record(
      auditEntry(res, now, {
        action: input.audit.action,
        targetType: 'case',
        targetId: theCase.id,
        detail: { caseNumber: theCase.caseNumber, noticeNumber: request.notice.number, materials: codes, files: input.files.length, ...input.audit.detail },
      }),
    );
    return undefined;
  });
  if (first && first.idempotencyKey !== input.idempotencyKey) throw alreadySupplied(request, first);
  return receipt;
}
