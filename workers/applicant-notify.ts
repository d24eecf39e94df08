import type { Case, Complaint, OutboxMessage, StoreTransaction } from '../domain/store/index.js';
import { complaintInbox, enqueueNotification } from '../domain/notify/index.js';
import { notifyCaseApplicant, type ApplicantMessage } from '../domain/notify/applicant.js';
import type { WorkerDeps } from './deps.js';

export { smsSignature } from '../domain/notify/applicant.js';

export type Message = ApplicantMessage;

/** Tells a case's applicant, in the transaction of the change: in-app, plus e-mail and SMS where given and configured. */
export function notifyApplicant(tx: StoreTransaction, deps: WorkerDeps, theCase: Case, message: Message): Promise<OutboxMessage[]> {
  return notifyCaseApplicant(tx.outbox, deps.notifyChannels ?? [], theCase, message);
}

export function notifyComplainant(tx: StoreTransaction, deps: WorkerDeps, complaint: Complaint, message: Message): Promise<OutboxMessage[]> {
  const { phone, email } = complaint.complainant;
  return enqueueNotification(
    tx.outbox,
    {
      inbox: complaintInbox(complaint.complaintNumber),
      contact: { phone, email },
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      noticeId: message.noticeId ?? null,
      idempotencyKey: message.key,
    },
    deps.notifyChannels ?? [],
  );
}
