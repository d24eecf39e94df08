import { redactDeep } from '../../shared/redact.js';
import type { Case, Store } from '../../domain/store/index.js';
import { isAwaitingSupplement, latestSupplementRequest } from '../../domain/supplements/open-notice.js';
import type { Principal } from '../auth/roles.js';
import { mayTakeSupplement } from '../supplements/access.js';
import { requestBody, suppliedBodies } from '../supplements/view.js';
import { maskedApplicant } from './masking.js';

/** A staff member's name for the timeline; workers and the system have none (their cause says who set them going). */
const actorName = async (store: Store, actor: string): Promise<string | null> =>
  actor.startsWith('worker:') || actor === 'system' ? null : ((await store.staff.getStaff(actor))?.name ?? null);

/**
 * The case file staff read beside a task's form, or on its own (/inbox?case=<number>): the
 * item's materials as handed in and checked, the open supplement notice and what was supplied
 * against each (files to download), the notices issued (each opens print-ready at
 * /notices/<number>), and the timeline. `variables` are the task's, when opened from a task.
 */
export async function buildCaseFile(store: Store, theCase: Case, principal: Principal, opts: { variables?: Record<string, unknown>; taskKey?: string } = {}) {
  const variables = opts.variables ?? {};
  const [item, notices, events, supplements] = await Promise.all([
    store.catalogue.itemOfCase(theCase),
    store.notices.listForCase(theCase.id),
    store.cases.events(theCase.id),
    store.supplements.listForCase(theCase.id),
  ]);
  const handedIn = Array.isArray(variables.materials) ? (variables.materials as Array<{ code?: unknown; provided?: unknown }>) : undefined;
  const verified = Array.isArray(variables.verifiedMaterials) ? (variables.verifiedMaterials as unknown[]) : undefined;
  const missing = Array.isArray(variables.missing) ? (variables.missing as Array<{ code?: unknown; reason?: unknown }>) : [];
  const request = latestSupplementRequest(notices, events);
  const awaiting = request !== undefined && !supplements.some((s) => s.noticeId === request.notice.id) && isAwaitingSupplement(theCase, request, events);
  return {
    caseNumber: theCase.caseNumber,
    processInstanceKey: theCase.processInstanceKey,
    caseType: theCase.caseType,
    status: theCase.status,
    stage: theCase.stage,
    item: { code: theCase.itemCode, name: item?.name ?? null, version: theCase.itemVersion },
    applicant: maskedApplicant(theCase.applicant),
    receivedAt: theCase.receivedAt.toISOString(),
    acceptedAt: theCase.acceptedAt?.toISOString() ?? null,
    dueAt: theCase.dueAt?.toISOString() ?? null,
    suspended: theCase.suspendedSince !== null,
    materials: (item?.materials ?? []).map((m) => {
      const row = handedIn?.find((r) => r.code === m.code);
      const reason = missing.find((r) => r.code === m.code)?.reason;
      return {
        code: m.code,
        name: m.name,
        ...(m.departmentCode ? { departmentCode: m.departmentCode } : {}),
        provided: handedIn === undefined ? null : row?.provided === true,
        verified: verified === undefined ? null : verified.includes(m.code),
        missingReason: typeof reason === 'string' ? reason : null,
      };
    }),
    notices: notices.map((n) => ({
      id: n.id,
      number: n.number,
      kind: n.kind,
      title: n.title,
      createdAt: n.createdAt.toISOString(),
      href: opts.taskKey === undefined ? null : `/api/tasks/${opts.taskKey}/notices/${n.id}`,
      printHref: `/notices/${encodeURIComponent(n.number)}`,
    })),
    supplement: {
      open: awaiting && request ? requestBody(request) : null,
      mayRecord: awaiting && mayTakeSupplement(principal, theCase),
      supplied: await suppliedBodies(store, supplements, new Map(notices.map((n) => [n.id, n.number])), true),
    },
    mayReissueCode: mayTakeSupplement(principal, theCase),
    timeline: await Promise.all(
      events.map(async (e) => ({ at: e.at.toISOString(), kind: e.kind, actor: e.actor, actorName: await actorName(store, e.actor), cause: e.cause, detail: redactDeep(e.detail) })),
    ),
  };
}
