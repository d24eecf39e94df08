import { createHash } from 'node:crypto';
import type { CatalogueItem, Department } from '../../domain/catalogue/types.js';
import { groundByItem } from '../../domain/complaints/grounds.js';
import { maskName } from '../../domain/privacy/mask.js';
import { APPLICANT_ACTOR, type Case, type CaseStatus, type Cause, type Complaint, type ComplaintStatus, type Notice, type OutboxMessage } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import { createComplaintRegistrar } from '../complaints/registration.js';
import { formSubmission } from '../complaints/submission.js';
import { engineFailure, engineUnavailable } from '../engine-errors.js';
import { inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { createRateLimit, createSharedRateLimitStore } from '../rate-limit.js';
import { createLookupLockout, lookupLockoutPolicy } from '../lookup-lockout.js';
import { repositoryForm } from '../resources.js';
import { noOpenNotice, openRequest, supply } from '../supplements/supply.js';
import { requestBody, suppliedBodies } from '../supplements/view.js';
import { UPLOAD_LIMITS_BODY } from '../supplements/upload.js';
import { registerPublicNoticeRoutes } from './notices.js';
import { registerPublicSupplementRoutes } from './supplements.js';
import type { ApiContext } from './context.js';

/**
 * Pages for applicants, without log-in (docs/decisions/0007): each answers about the one case or
 * complaint asked for and nothing else. A wrong verification code and an unknown number give the
 * same 404 after the same work (a code is checked against a dummy hash when there is no case), so
 * neither the answer nor its timing tells which numbers exist; both count towards locking the
 * number (web/lookup-lockout.ts).
 */

export const CASE_TYPE_LABELS: Record<string, string> = { immediate: '即办件', promised: '承诺件', joint: '联办件', reported: '上报件', controlled: '控制事项' };

const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  registered: '已登记',
  accepted: '已受理',
  supplementing: '待补正材料',
  refused: '不予受理',
  in_review: '审查中',
  completed: '已办结',
  withdrawn: '已撤回',
  rejected: '不予许可',
};

const COMPLAINT_STATUS_LABELS: Record<ComplaintStatus, string> = {
  registered: '已登记',
  accepted: '已受理',
  routed: '处理中',
  'awaiting-reply': '待答复',
  replied: '已答复',
  closed: '已办结',
  withdrawn: '已撤回',
};

/** evaluation.bpmn closes the rating window P30D after the invitation. */
const RATING_WINDOW_MS = 30 * 24 * 3600_000;
/**
 * How long a rating waits in the engine for the evaluation sub-process to open its catch event
 * (it opens moments after the case completes); while buffered, the same messageId is refused,
 * which is what makes a second rating a duplicate rather than a second rating.
 */
const RATING_TTL_MS = 3600_000;

interface LookupRequest {
  caseNumber: string;
  verificationCode: string;
}

interface RatingRequest extends LookupRequest {
  rating: string;
  comment?: string;
}

interface SupplementRequest extends LookupRequest {
  materials: Array<{ code: string; provided: boolean; note?: string }>;
}

const iso = (at: Date | null): string | null => at?.toISOString() ?? null;

const messageBody = (m: OutboxMessage) => ({ at: m.createdAt.toISOString(), subject: m.subject, body: m.body });
const noticeBody = (n: Notice) => ({ number: n.number, kind: n.kind, title: n.title, issuedAt: n.createdAt.toISOString() });
const departmentBody = (d: Department) => ({ code: d.code, name: d.name, location: d.location });

function matches(item: CatalogueItem, department: Department | undefined, q: string): boolean {
  const needle = q.toLowerCase();
  const haystack = [
    item.code,
    item.name,
    item.legalBasis,
    item.result,
    item.procedure,
    department?.name ?? '',
    ...item.conditions,
    ...item.materials.map((m) => m.name),
  ];
  return haystack.some((text) => text.toLowerCase().includes(needle));
}

function timeLimitText(item: CatalogueItem): string {
  const promised = item.promisedDays === 0 ? '即时办结' : `承诺 ${item.promisedDays} 个工作日`;
  return `法定 ${item.statutoryDays} 个工作日，${promised}`;
}

export function registerPublicRoutes(api: Api, ctx: ApiContext): void {
  const { store, camunda, config, clock, log, codes } = ctx;
  const registrar = createComplaintRegistrar(ctx);
  // The verification code has six digits: without a limit they could be tried in minutes. One
  // limiter for every route that checks a code, so spreading guesses over them gains nothing.
  const codeLimit = createRateLimit({ limit: config.lookupRateLimit, store: createSharedRateLimitStore(store.rateLimits, 'code:'), detail: '查询过于频繁，请 15 分钟后再试' });
  const complaintLimit = createRateLimit({
    limit: config.complaintRateLimit,
    store: createSharedRateLimitStore(store.rateLimits, 'complaint:'),
    detail: '投诉提交过于频繁，请 15 分钟后再试，或到中心投诉处当面投诉',
  });
  const lockout = createLookupLockout(store, clock, lookupLockoutPolicy(config.lookupLockoutFailures));
  const complaintForm = repositoryForm('complaint-registration');

  async function caseFor({ caseNumber, verificationCode }: LookupRequest): Promise<Case> {
    const subject = { kind: 'case', number: caseNumber } as const;
    await lockout.assertOpen(subject);
    const found = await store.cases.getByNumber(caseNumber);
    // a check refused as busy (429) throws here, before the scrypt, and counts no failure
    if (!(await codes.verify(verificationCode, found?.verificationHash)) || !found) {
      await lockout.failed(subject);
      throw new ApiProblem('not-found', '未找到该办件，请核对办件编号和查询码');
    }
    await lockout.succeeded(subject);
    return found;
  }

  async function complaintFor({ complaintNumber, verificationCode }: { complaintNumber: string; verificationCode: string }): Promise<Complaint> {
    const subject = { kind: 'complaint', number: complaintNumber } as const;
    await lockout.assertOpen(subject);
    const found = await store.complaints.getByNumber(complaintNumber);
    if (!(await codes.verify(verificationCode, found?.verificationHash)) || !found) {
      await lockout.failed(subject);
      throw new ApiProblem('not-found', '未找到该投诉，请核对投诉编号和查询码');
    }
    await lockout.succeeded(subject);
    return found;
  }

  api.get('/api/public/guide', 'getServiceGuide', async (_req, res) => {
    const { query } = inputOf<{ query: { department?: string; q?: string } }>(res);
    const departments = await store.catalogue.listDepartments();
    const byCode = new Map(departments.map((d) => [d.code, d]));
    const items = (await store.catalogue.listItems(query.department === undefined ? {} : { departmentCode: query.department })).filter(
      (item) => query.q === undefined || matches(item, byCode.get(item.departmentCode), query.q),
    );
    const guide = await Promise.all(
      items.map(async (item) => {
        const publication = await store.catalogue.itemPublication(item.code);
        const department = byCode.get(item.departmentCode) ?? { code: item.departmentCode, name: item.departmentCode, location: item.window };
        return {
          code: item.code,
          name: item.name,
          caseType: item.caseType,
          caseTypeLabel: CASE_TYPE_LABELS[item.caseType] ?? item.caseType,
          department: departmentBody(department),
          legalBasis: item.legalBasis,
          conditions: item.conditions,
          materials: item.materials.map((m) => ({
            code: m.code,
            name: m.name,
            required: m.required,
            form: m.form ?? null,
            sample: m.sample ?? null,
            departmentCode: m.departmentCode ?? null,
          })),
          procedure: item.procedure,
          timeLimit: { statutoryDays: item.statutoryDays, promisedDays: item.promisedDays, text: timeLimitText(item) },
          fees: item.fees.map((f) => ({ code: f.code, name: f.name, amountFen: f.amountFen, unit: f.unit ?? null, basis: f.basis })),
          result: item.result,
          window: item.window,
          phone: item.phone ?? null,
          onlineApplication: item.onlineApplication === true,
          jointDepartments: (item.jointDepartmentCodes ?? []).flatMap((code) => {
            const d = byCode.get(code);
            return d ? [departmentBody(d)] : [];
          }),
          version: publication?.version ?? 0,
          edition: publication?.edition ?? null,
          publishedAt: (publication?.publishedAt ?? new Date(0)).toISOString(),
        };
      }),
    );
    res.json({ departments: departments.map(departmentBody), items: guide, total: guide.length });
  });

  api.post('/api/public/lookup', 'lookupCase', codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: LookupRequest }>(res);
    const found = await caseFor(body);
    const [item, department, messages, notices, supplement] = await Promise.all([
      store.catalogue.itemOfCase(found),
      store.catalogue.getDepartment(found.departmentCode),
      store.outbox.forRecipient(`case:${found.caseNumber}`, 'inapp'),
      store.notices.listForCase(found.id),
      supplementFor(found),
    ]);
    res.json({
      caseNumber: found.caseNumber,
      itemCode: found.itemCode,
      itemName: item?.name ?? found.itemCode,
      department: departmentBody(department ?? { code: found.departmentCode, name: found.departmentCode, location: item?.window ?? '' }),
      caseType: found.caseType,
      caseTypeLabel: CASE_TYPE_LABELS[found.caseType] ?? found.caseType,
      applicantName: maskName(found.applicant.name, found.applicant.kind),
      stage: found.stage,
      status: found.status,
      statusLabel: CASE_STATUS_LABELS[found.status] ?? found.status,
      suspended: found.suspendedSince !== null,
      receivedAt: found.receivedAt.toISOString(),
      acceptedAt: iso(found.acceptedAt),
      dueAt: iso(found.dueAt),
      completedAt: iso(found.completedAt),
      result: found.result,
      messages: messages.map(messageBody),
      notices: notices.map(noticeBody),
      supplement,
    });
  });

  /** The latest supplement notice: what it asks for, and whether (and what) the applicant may still supply. */
  async function supplementFor(theCase: Case) {
    const open = await openRequest(ctx, theCase);
    if (!open) return null;
    const supplied = open.supplied ? await suppliedBodies(store, [open.supplied], new Map([[open.request.notice.id, open.request.notice.number]]), false) : [];
    return { ...requestBody(open.request), awaiting: open.awaiting, supplied: supplied[0] ?? null, limits: UPLOAD_LIMITS_BODY };
  }

  api.post('/api/public/complaints/lookup', 'lookupComplaint', codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: { complaintNumber: string; verificationCode: string } }>(res);
    const found = await complaintFor(body);
    const [messages, notices] = await Promise.all([store.outbox.forRecipient(`complaint:${found.complaintNumber}`, 'inapp'), store.notices.listForComplaint(found.id)]);
    res.json(complaintLookupBody(found, messages, notices));
  });

  // the very form the submission below is validated against, so page and API cannot disagree
  api.get('/api/public/forms/complaint-registration', 'getComplaintForm', (_req, res) => {
    res.json(complaintForm);
  });

  api.post('/api/public/complaints', 'submitComplaint', complaintLimit, async (_req, res) => {
    const { body } = inputOf<{ body: Record<string, unknown> }>(res);
    // 第三条: an online complaint counts as written; whatever the page sent, it came in online
    const { submissionKey, data } = formSubmission(complaintForm, body, { complaintChannel: 'online' });
    const receipt = await registrar.register(res, {
      submissionKey,
      channel: 'online',
      data,
      action: 'complaint.submit-online',
      engineDownDetail: '投诉已登记，但暂时无法转交投诉处办理。请稍后再点「提交投诉」重试（不会重复登记），或到中心投诉处当面投诉',
    });
    res.status(201).json(receipt);
  });

  api.post('/api/public/rating', 'rateCase', codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: RatingRequest }>(res);
    const found = await caseFor(body);
    if (found.status !== 'completed' || found.completedAt === null) throw new ApiProblem('conflict', '办件办结后才能评价');
    if (await store.evaluations.get(found.id)) throw new ApiProblem('conflict', '该办件已经评价过，每件只能评价一次');
    const now = clock();
    if (now.getTime() - found.completedAt.getTime() > RATING_WINDOW_MS) throw new ApiProblem('conflict', '评价期已过（办结后 30 日内可评价）');
    try {
      await camunda.publishMessage({
        name: 'evaluation-submitted',
        correlationKey: found.caseNumber,
        // one per case: while the first is buffered the engine refuses another with this id
        messageId: `evaluation-submitted:${found.caseNumber}`,
        timeToLive: RATING_TTL_MS,
        variables: { rating: body.rating, comment: body.comment ?? '', actedBy: { kind: 'applicant', event: '申请人评价' } satisfies Cause },
      });
    } catch (error) {
      if (engineFailure(error).status === 409) throw new ApiProblem('conflict', '该办件已经评价过，每件只能评价一次');
      throw engineUnavailable(log, 'publishing evaluation-submitted', error);
    }
    await store.audit.record(auditEntry(res, now, { action: 'case.rating-submitted', targetType: 'case', targetId: found.id, detail: { caseNumber: found.caseNumber, rating: body.rating } }));
    res.status(202).json({ caseNumber: found.caseNumber, rating: body.rating, status: 'submitted' });
  });

  api.post('/api/public/supplements', 'submitSupplement', codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: SupplementRequest }>(res);
    const found = await caseFor(body);
    await checkMaterials(found, body.materials);
    const open = await openRequest(ctx, found);
    if (!open) throw noOpenNotice();
    const names = new Map(open.request.materials.map((m) => [m.code, m.name]));
    const receipt = await supply(ctx, res, {
      theCase: found,
      channel: 'online',
      actor: APPLICANT_ACTOR,
      cause: { kind: 'applicant', event: '申请人补齐材料' } satisfies Cause,
      // the list is the submission: the same list again is a retry, another one a second supply
      idempotencyKey: `list:${createHash('sha256').update(JSON.stringify(body.materials)).digest('hex')}`,
      materials: body.materials.filter((m) => m.provided && names.has(m.code)).map((m) => ({ code: m.code, name: names.get(m.code)!, declaration: m.note ?? null, received: null })),
      files: [],
      handedIn: body.materials,
      audit: { action: 'case.supplement-submitted', detail: { provided: body.materials.filter((m) => m.provided).map((m) => m.code) } },
    });
    res.status(202).json(receipt);
  });

  registerPublicSupplementRoutes(api, ctx, { codeLimit, caseFor });
  registerPublicNoticeRoutes(api, ctx, { codeLimit, caseFor, complaintFor });

  /** Only the item's own materials (no material unrelated to the item may be asked for or taken), each once. */
  async function checkMaterials(found: Case, materials: SupplementRequest['materials']): Promise<void> {
    const item = await store.catalogue.itemOfCase(found);
    const known = new Set(item?.materials.map((m) => m.code) ?? []);
    const seen = new Set<string>();
    const errors = materials.flatMap((m, i) => {
      const field = `materials.${i}.code`;
      if (!known.has(m.code)) return [{ in: 'body' as const, field, message: `${m.code} 不是该事项的申报材料` }];
      if (seen.has(m.code)) return [{ in: 'body' as const, field, message: `${m.code} 重复` }];
      seen.add(m.code);
      return [];
    });
    if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
  }
}

function complaintLookupBody(c: Complaint, messages: OutboxMessage[], notices: Notice[]) {
  const ground = c.groundItem === null ? undefined : groundByItem(c.groundItem);
  return {
    complaintNumber: c.complaintNumber,
    complainantName: maskName(c.complainant.name),
    channel: c.channel,
    ground: ground?.label ?? '',
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABELS[c.status] ?? c.status,
    registeredAt: c.createdAt.toISOString(),
    replyDueAt: iso(c.replyDueAt),
    reply: c.replyText === null ? null : { kind: c.replyKind, text: c.replyText, repliedAt: iso(c.repliedAt) },
    messages: messages.map(messageBody),
    notices: notices.map(noticeBody),
  };
}

