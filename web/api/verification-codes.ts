import { readNoticeConfig } from '../../domain/notices/index.js';
import { notifyCaseApplicant } from '../../domain/notify/applicant.js';
import { registrationMessage } from '../../domain/intake/registration-message.js';
import { newVerificationCode } from '../../domain/privacy/verification-code.js';
import { auditEntry } from '../audit.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { lockoutKey } from '../lookup-lockout.js';
import type { Api } from '../openapi/routes.js';
import { mayReadCase, mayTakeSupplement } from '../supplements/access.js';
import type { ApiContext } from './context.js';

/**
 * 重新生成查询码: an applicant who lost the code, or whose case's look-ups are locked after wrong
 * codes, asks at the window. The clerk issues a new one from the case file: the old one stops
 * opening the case, the lock is lifted, and the applicant gets the new code as at registration
 * (in-app, and SMS or e-mail where configured), besides being told it at the window.
 */
export function registerVerificationCodeRoutes(api: Api, ctx: ApiContext): void {
  const { store, clock } = ctx;

  api.post('/api/cases/{caseNumber}/verification-code', 'reissueVerificationCode', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { caseNumber } = inputOf(res).params;
    const theCase = await store.cases.getByNumber(caseNumber);
    if (!theCase || !(await mayReadCase(store, principal, theCase))) throw new ApiProblem('not-found', `没有办件 ${caseNumber}`);
    if (!mayTakeSupplement(principal, theCase)) throw new ApiProblem('forbidden', '只有该办件所属部门的窗口工作人员可以重新生成查询码');
    const item = await store.catalogue.itemOfCase(theCase);
    // hashed outside the transaction: scrypt takes a while, and SQLite holds its write lock meanwhile
    const code = newVerificationCode();
    const verificationHash = await ctx.codes.hash(code);
    const now = clock();
    const messages = await store.transaction(async (tx) => {
      const updated = await tx.cases.update(theCase.id, { verificationHash });
      const event = await tx.cases.appendEvent(theCase.id, { kind: 'verification-code-reissued', actor: principal.username, at: now, detail: { channel: 'window' } });
      await tx.codeLockouts.clear(lockoutKey({ kind: 'case', number: theCase.caseNumber }));
      const sent = await notifyCaseApplicant(
        tx.outbox,
        ctx.notifyChannels,
        updated,
        registrationMessage({
          applicantName: theCase.applicant.name,
          itemName: item?.name ?? theCase.itemCode,
          channel: 'window',
          caseNumber: theCase.caseNumber,
          code,
          centerName: readNoticeConfig().centerName,
          reissued: true,
          key: `case-code:${theCase.caseNumber}:reissue:${event.id}`,
        }),
      );
      await tx.audit.record(auditEntry(res, now, { action: 'case.verification-code-reissued', targetType: 'case', targetId: theCase.id, detail: { caseNumber: theCase.caseNumber, channel: 'window' } }));
      return sent;
    });
    res.status(201).json({ caseNumber: theCase.caseNumber, verificationCode: code, sentBy: [...new Set(messages.map((m) => m.channel))] });
  });
}
