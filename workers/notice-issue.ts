import { isNoticeKind, noticeKindInfo, readNoticeConfig, renderNotice, type NoticeData, type NoticeHeader, type NoticeKind, type RenderedNotice } from '../domain/notices/index.js';
import type { Notice, StoreTransaction } from '../domain/store/index.js';
import { notifyApplicant, notifyComplainant, smsSignature } from './applicant-notify.js';
import type { WorkerDeps } from './deps.js';
import { InvalidJobInput } from './errors.js';
import { idempotencyKey, requireHeader } from './job-input.js';
import { caseVariables, complaintVariables, isComplaintKind, type CaseNoticeKind, type ComplaintNoticeKind } from './notice-variables.js';
import { requireCase, requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';

/**
 * Issues a written notice (header `kind`) for the job's case or, for complaint-reply and
 * complaint-delay, its complaint: renders it, stores it under a fresh number and tells the
 * applicant through the outbox, all in one transaction. Once per element instance: a redelivery
 * answers with the number first issued and writes nothing.
 */
export const noticeIssue: WorkerModule = {
  jobType: 'notice-issue',
  create: (deps) => {
    const config = deps.noticeConfig ?? readNoticeConfig();
    return async (job) => {
      const kind = requireHeader(job, 'kind');
      if (!isNoticeKind(kind)) throw new InvalidJobInput('header:kind', `unknown notice kind '${kind}' on element '${job.elementId}'`);
      const key = idempotencyKey(job);
      const now = deps.clock();
      return deps.store.processedJobs.runOnce(key, job.type, async (tx) => {
        const notice = isComplaintKind(kind) ? await issueForComplaint(tx, deps, job, kind, now, config.centerName, config.complaintOffice) : await issueForCase(tx, deps, job, kind, now, config.centerName);
        deps.log('notice issued', { kind, noticeNumber: notice.number, caseId: notice.caseId, complaintId: notice.complaintId });
        return { noticeNumber: notice.number };
      });
    };
  },
};

async function issueForCase(tx: StoreTransaction, deps: WorkerDeps, job: Job, kind: CaseNoticeKind, now: Date, centerName: string): Promise<Notice> {
  const theCase = await requireCase(tx, job);
  const item = await tx.catalogue.itemOfCase(theCase);
  if (!item) throw new InvalidJobInput('caseNumber', `case ${theCase.caseNumber} names item '${theCase.itemCode}', which the catalogue no longer has`);
  const department = await tx.catalogue.getDepartment(theCase.departmentCode);
  const variables: object = await caseVariables[kind]({ tx, job, now, theCase, item });
  const { applicant } = theCase;
  const header: Omit<NoticeHeader, 'number'> = {
    centerName,
    issuedAt: now,
    recipient: {
      name: applicant.name,
      kind: applicant.kind,
      ...(applicant.kind === 'person' ? { idNumber: applicant.idNumber } : { creditCode: applicant.idNumber }),
    },
    caseNumber: theCase.caseNumber,
    item: { code: item.code, name: item.name },
    window: { name: department?.name ?? theCase.departmentCode, location: item.window, phone: item.phone ?? null },
  };
  const { notice, rendered } = await issue(tx, job, kind, now, header, variables, { caseId: theCase.id });
  await tx.cases.appendEvent(theCase.id, { kind: 'notice-issued', ...jobActor(job), at: now, detail: { kind, number: notice.number, title: notice.title } });
  await notifyApplicant(tx, deps, theCase, {
    subject: `${notice.title}（${notice.number}）`,
    text: rendered.text,
    sms: `${smsSignature(centerName)}你的办件${theCase.caseNumber}（${item.name}）：${notice.title}${notice.number}已出具，请凭办件编号和查询码查看，或到${header.window.name}${item.window}咨询。`,
    noticeId: notice.id,
    key: idempotencyKey(job),
  });
  return notice;
}

async function issueForComplaint(
  tx: StoreTransaction,
  deps: WorkerDeps,
  job: Job,
  kind: ComplaintNoticeKind,
  now: Date,
  centerName: string,
  office: { name: string; location: string | null },
): Promise<Notice> {
  const complaint = await requireComplaint(tx, job);
  const variables: object = complaintVariables[kind]({ tx, job, now, complaint });
  const header: Omit<NoticeHeader, 'number'> = {
    centerName,
    issuedAt: now,
    recipient: { name: complaint.complainant.name },
    complaintNumber: complaint.complaintNumber,
    window: { name: office.name, location: office.location },
  };
  const { notice, rendered } = await issue(tx, job, kind, now, header, variables, { complaintId: complaint.id });
  await tx.audit.record({ ...jobActor(job), action: 'notice-issued', targetType: 'complaint', targetId: complaint.id, detail: { kind, number: notice.number } });
  await notifyComplainant(tx, deps, complaint, {
    subject: `${notice.title}（${notice.number}）`,
    text: rendered.text,
    sms: `${smsSignature(centerName)}你的投诉${complaint.complaintNumber}：${notice.title}${notice.number}已出具，请凭投诉编号和查询码查看。`,
    noticeId: notice.id,
    key: idempotencyKey(job),
  });
  return notice;
}

/** Draws the number, renders the notice with it, and keeps what it was rendered from. */
async function issue(
  tx: StoreTransaction,
  job: Job,
  kind: NoticeKind,
  now: Date,
  header: Omit<NoticeHeader, 'number'>,
  variables: object,
  subject: { caseId: string } | { complaintId: string },
): Promise<{ notice: Notice; rendered: RenderedNotice }> {
  const render = (number: string) => renderNotice(kind, { ...header, ...variables, number } as NoticeData<typeof kind>);
  let rendered: RenderedNotice | undefined;
  const notice = await tx.notices.issue({
    ...subject,
    kind,
    numberPrefix: noticeKindInfo(kind).numberPrefix,
    data: { ...header, ...variables },
    idempotencyKey: idempotencyKey(job),
    at: now,
    render: (number) => {
      rendered = render(number);
      return { title: rendered.title, html: rendered.html };
    },
  });
  // the store answers a key it has seen with the notice first issued, unrendered; the text is rebuilt from the same data
  return { notice, rendered: rendered ?? render(notice.number) };
}

