import { queueComplaintCode } from '../../domain/complaints/registration.js';
import { readNoticeConfig } from '../../domain/notices/index.js';
import { newVerificationCode } from '../../domain/privacy/verification-code.js';
import { auditEntry } from '../audit.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import { lockoutKey } from '../lookup-lockout.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/**
 * 重新生成查询码 for a complaint: a complainant who lost the code, or whose look-ups are locked
 * after wrong codes, calls or comes to the complaint office (the role is checked by the
 * document's security). The old code stops working, the lock is lifted, and the new code goes
 * out as at filing (in-app, and SMS where configured); only its hash is kept.
 */
export function registerComplaintCodeRoutes(api: Api, ctx: ApiContext): void {
  const { store, clock } = ctx;

  api.post('/api/complaints/{complaintNumber}/verification-code', 'reissueComplaintVerificationCode', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { complaintNumber } = inputOf(res).params;
    const complaint = await store.complaints.getByNumber(complaintNumber);
    if (!complaint) throw new ApiProblem('not-found', `没有投诉 ${complaintNumber}`);
    // hashed outside the transaction: scrypt takes a while, and SQLite holds its write lock meanwhile
    const code = newVerificationCode();
    const verificationHash = await ctx.codes.hash(code);
    const now = clock();
    const messages = await store.transaction(async (tx) => {
      const updated = await tx.complaints.update(complaint.id, { verificationHash });
      await tx.codeLockouts.clear(lockoutKey({ kind: 'complaint', number: complaint.complaintNumber }));
      const sent = await queueComplaintCode(tx, updated, code, {
        centerName: readNoticeConfig().centerName,
        channels: ctx.notifyChannels,
        key: `complaint-code:${complaint.complaintNumber}:reissue:${now.getTime()}:${verificationHash.slice(-12)}`,
      });
      await tx.audit.record(
        auditEntry(res, now, {
          action: 'complaint.code-reissued',
          targetType: 'complaint',
          targetId: complaint.id,
          detail: { complaintNumber: complaint.complaintNumber, reason: 'complaint office', by: principal.username },
        }),
      );
      return sent;
    });
    res.status(201).json({ complaintNumber: complaint.complaintNumber, verificationCode: code, sentBy: [...new Set(messages.map((m) => m.channel))] });
  });
}
