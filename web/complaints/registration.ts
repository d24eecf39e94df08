import { createHash, randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { REPLY_WORKING_DAYS } from '../../domain/complaints/limits.js';
import { complaintFactsOf, queueComplaintCode, registerComplaint, type ComplaintFacts } from '../../domain/complaints/registration.js';
import { maskEmail, maskPhone } from '../../domain/privacy/mask.js';
import { newVerificationCode } from '../../domain/privacy/verification-code.js';
import type { Complaint, ComplaintChannel, OutboxMessage } from '../../domain/store/index.js';
import type { ApiContext } from '../api/context.js';
import { auditEntry } from '../audit.js';
import { engineUnavailable } from '../engine-errors.js';
import { ApiProblem } from '../http/problem.js';

/**
 * 投诉登记 by the web app, online (the complainant) and at the complaint office (the clerk, for an
 * oral, phone or written complaint). The complaint is stored first, with the message carrying
 * its number and verification code and the audit entry, in one transaction; then the complaint
 * process starts with the number, and complaint-register adopts the complaint. The code is
 * answered to the caller once, for the screen and the printed receipt, and only its hash kept.
 *
 * A submission carries a key the page made: the same key again (a double click, a refresh, a
 * retry after the engine was down) answers the same complaint with a freshly issued code (the
 * old one stops working) and starts the process only if it has not started, so one submission
 * is one complaint and one process instance.
 */

export interface ComplaintSubmission {
  /** made by the page once per filled-in form */
  submissionKey: string;
  channel: ComplaintChannel;
  /** what the complaint-registration form accepted (validateSubmission) */
  data: Record<string, unknown>;
  /** audit action: 'complaint.submit-online' or 'complaint.register-at-office' */
  action: string;
  /** what the 503 says when the engine cannot start the process, in the words of the page */
  engineDownDetail: string;
}

export interface ComplaintReceipt {
  complaintNumber: string;
  /** shown once; never stored */
  verificationCode: string;
  channel: ComplaintChannel;
  ground: string;
  registeredAt: string;
  replyDueAt: string | null;
  replyWorkingDays: number;
  /** where the code was also queued for delivery on a configured channel, masked; null when not */
  sentTo: { sms: string | null; email: string | null };
  centerName: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Keys in a fixed order, so the same answers give the same fingerprint whatever order they came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

interface Registered {
  complaintNumber: string;
  fingerprint: string;
}

export type ComplaintRegistrar = ReturnType<typeof createComplaintRegistrar>;

export function createComplaintRegistrar({ store, camunda, clock, log, notifyChannels, noticeConfig, calendar, codes }: ApiContext) {
  const { centerName } = noticeConfig;

  async function start(res: Response, complaint: Complaint, submission: ComplaintSubmission): Promise<void> {
    // claimed in the store first, started inside the same transaction: a second request for the
    // same complaint waits, then finds the instance; an engine that fails keeps nothing
    await store.processedJobs.runOnce(`complaint-process:${complaint.complaintNumber}`, 'web:complaint-process', async (tx) => {
      const current = await tx.complaints.get(complaint.id);
      if (current?.processInstanceKey) return current.processInstanceKey;
      let processInstanceKey: string;
      try {
        const started = await camunda.createProcessInstance({
          processDefinitionId: 'complaint',
          variables: { ...submission.data, complaintChannel: submission.channel, complaintNumber: complaint.complaintNumber },
        });
        processInstanceKey = String(started.processInstanceKey);
      } catch (error) {
        throw engineUnavailable(log, 'starting the complaint process', error, submission.engineDownDetail);
      }
      await tx.complaints.update(complaint.id, { processInstanceKey });
      await tx.audit.record(
        auditEntry(res, clock(), { action: 'complaint.process-started', targetType: 'complaint', targetId: complaint.id, detail: { complaintNumber: complaint.complaintNumber, processInstanceKey } }),
      );
      return processInstanceKey;
    });
  }

  function receiptOf(complaint: Complaint, facts: ComplaintFacts, code: string, messages: OutboxMessage[]): ComplaintReceipt {
    const sentOn = (channel: 'sms' | 'email') => messages.find((m) => m.channel === channel)?.recipient ?? null;
    const sms = sentOn('sms');
    const email = sentOn('email');
    return {
      complaintNumber: complaint.complaintNumber,
      verificationCode: code,
      channel: complaint.channel,
      ground: facts.ground.label,
      registeredAt: complaint.createdAt.toISOString(),
      replyDueAt: complaint.replyDueAt?.toISOString() ?? null,
      replyWorkingDays: REPLY_WORKING_DAYS,
      sentTo: { sms: sms === null ? null : maskPhone(sms), email: email === null ? null : maskEmail(email) },
      centerName,
    };
  }

  return {
    async register(res: Response, submission: ComplaintSubmission): Promise<ComplaintReceipt> {
      const checked = complaintFactsOf(submission.data, submission.channel);
      if (!checked.ok) {
        throw new ApiProblem(
          'validation',
          checked.errors.map((e) => e.message).join('；'),
          checked.errors.map((e) => ({ in: 'body', field: e.field, message: e.message })),
        );
      }
      const { facts } = checked;
      const fingerprint = sha256(canonical({ channel: submission.channel, data: submission.data }));
      // the key itself is never stored: whoever reads the table cannot replay it for a fresh code
      const key = `complaint-submission:${sha256(submission.submissionKey)}`;
      const code = newVerificationCode();
      const verificationHash = await codes.hash(code);
      const now = clock();
      const replyDueAt = (await calendar()).dueAt(now, REPLY_WORKING_DAYS).dueAt;

      let messages: OutboxMessage[] = [];
      let created = false;
      const registered = await store.processedJobs.runOnce<Registered>(key, 'web:complaint-registration', async (tx) => {
        const made = await registerComplaint(tx, facts, { verificationHash, code, at: now, replyDueAt, delivery: { centerName, channels: notifyChannels, key: `${key}:registered` } });
        messages = made.messages;
        created = true;
        await tx.audit.record(
          auditEntry(res, now, {
            action: submission.action,
            targetType: 'complaint',
            targetId: made.complaint.id,
            // the written reply goes to this address; the store has no column for it
            detail: {
              complaintNumber: made.complaint.complaintNumber,
              channel: facts.channel,
              ground: facts.ground.code,
              ...(facts.complainant.address ? { address: facts.complainant.address } : {}),
            },
          }),
        );
        return { complaintNumber: made.complaint.complaintNumber, fingerprint };
      });
      if (registered.fingerprint !== fingerprint) throw new ApiProblem('conflict', '这次提交的内容与先前同一提交不同：请刷新页面后重新填写');

      let complaint = (await store.complaints.getByNumber(registered.complaintNumber))!;
      if (!created) {
        // a repeat: the code answered first may never have reached the screen, so a new one replaces it
        complaint = await store.transaction(async (tx) => {
          const updated = await tx.complaints.update(complaint.id, { verificationHash });
          messages = await queueComplaintCode(tx, updated, code, { centerName, channels: notifyChannels, key: `${key}:reissued:${randomUUID()}` });
          await tx.audit.record(
            auditEntry(res, now, { action: 'complaint.code-reissued', targetType: 'complaint', targetId: updated.id, detail: { complaintNumber: updated.complaintNumber, reason: 'repeated submission' } }),
          );
          return updated;
        });
      }
      if (!complaint.processInstanceKey) await start(res, complaint, submission);
      log.info('complaint registered', { complaintNumber: complaint.complaintNumber, channel: facts.channel, ground: facts.ground.code, complainantPhone: maskPhone(facts.complainant.phone) });
      return receiptOf(complaint, facts, code, messages);
    },
  };
}
