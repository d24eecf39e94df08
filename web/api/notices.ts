import type { RequestHandler } from 'express';
import type { Case, Complaint, Notice } from '../../domain/store/index.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import { mayReadCase, mayReadComplaints } from '../supplements/access.js';
import type { ApiContext } from './context.js';

/**
 * Every notice as issued, for a print-ready page: staff open it by its number (/notices/<number>,
 * role and department checked), the applicant from /lookup with the case's or complaint's
 * number and code in the body, never in a URL. The page lays the stored HTML out on A4.
 */

const noticeDocument = (n: Notice, subject: { caseNumber?: string; complaintNumber?: string }) => ({
  number: n.number,
  kind: n.kind,
  title: n.title,
  issuedAt: n.createdAt.toISOString(),
  caseNumber: subject.caseNumber ?? null,
  complaintNumber: subject.complaintNumber ?? null,
  html: n.html,
});

export function registerNoticeRoutes(api: Api, { store }: ApiContext): void {
  api.get('/api/notices/{number}', 'getNotice', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const notice = await store.notices.getByNumber(inputOf(res).params.number);
    // a notice the user may not read answers as a number that does not exist
    const unknown = new ApiProblem('not-found', '没有这份文书');
    if (!notice) throw unknown;
    if (notice.caseId !== null) {
      const theCase = await store.cases.get(notice.caseId);
      if (!theCase || !(await mayReadCase(store, principal, theCase))) throw unknown;
      res.json(noticeDocument(notice, { caseNumber: theCase.caseNumber }));
      return;
    }
    const complaint = notice.complaintId === null ? undefined : await store.complaints.get(notice.complaintId);
    if (!complaint || !mayReadComplaints(principal)) throw unknown;
    res.json(noticeDocument(notice, { complaintNumber: complaint.complaintNumber }));
  });
}

/** The applicant's own notices; the lookups are the public routes' own, so a wrong code reads as an unknown number. */
export function registerPublicNoticeRoutes(
  api: Api,
  { store }: ApiContext,
  deps: {
    codeLimit: RequestHandler;
    caseFor(lookup: { caseNumber: string; verificationCode: string }): Promise<Case>;
    complaintFor(lookup: { complaintNumber: string; verificationCode: string }): Promise<Complaint>;
  },
): void {
  const notFound = () => new ApiProblem('not-found', '未找到这份文书，请核对文号');

  api.post('/api/public/notices', 'viewCaseNotice', deps.codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: { caseNumber: string; verificationCode: string; noticeNumber: string } }>(res);
    const theCase = await deps.caseFor(body);
    const notice = await store.notices.getByNumber(body.noticeNumber);
    if (!notice || notice.caseId !== theCase.id) throw notFound();
    res.json(noticeDocument(notice, { caseNumber: theCase.caseNumber }));
  });

  api.post('/api/public/complaints/notices', 'viewComplaintNotice', deps.codeLimit, async (_req, res) => {
    const { body } = inputOf<{ body: { complaintNumber: string; verificationCode: string; noticeNumber: string } }>(res);
    const complaint = await deps.complaintFor(body);
    const notice = await store.notices.getByNumber(body.noticeNumber);
    if (!notice || notice.complaintId !== complaint.id) throw notFound();
    res.json(noticeDocument(notice, { complaintNumber: complaint.complaintNumber }));
  });
}
