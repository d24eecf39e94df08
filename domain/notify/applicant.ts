import type { Case, Complaint, OutboxMessage, OutboxRepo } from '../store/index.js';
import type { ExternalChannel } from './config.js';
import { caseInbox, complaintInbox, enqueueNotification } from './enqueue.js';

/** What a case's applicant is told: the whole text for in-app and e-mail, the short one for SMS. */
export interface ApplicantMessage {
  subject: string;
  text: string;
  sms: string;
  noticeId?: string;
  /** the idempotency key of the change it reports: each channel's message is written once under it */
  key: string;
}

/**
 * Tells a case's applicant, with the outbox of the transaction of the change: in-app always,
 * e-mail and SMS where the applicant gave an address or number and the channel is configured.
 */
export function notifyCaseApplicant(outbox: OutboxRepo, channels: readonly ExternalChannel[], theCase: Case, message: ApplicantMessage): Promise<OutboxMessage[]> {
  const { phone, email } = theCase.applicant;
  return enqueueNotification(
    outbox,
    {
      inbox: caseInbox(theCase.caseNumber),
      contact: { phone, email },
      caseId: theCase.id,
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      noticeId: message.noticeId ?? null,
      idempotencyKey: message.key,
    },
    channels,
  );
}

/** Tells a complainant as a case's applicant is told, to complaint:<number> in-app. */
export function notifyComplainant(outbox: OutboxRepo, channels: readonly ExternalChannel[], complaint: Complaint, message: ApplicantMessage): Promise<OutboxMessage[]> {
  const { phone, email } = complaint.complainant;
  return enqueueNotification(
    outbox,
    {
      inbox: complaintInbox(complaint.complaintNumber),
      contact: { phone, email },
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      noticeId: message.noticeId ?? null,
      idempotencyKey: message.key,
    },
    channels,
  );
}

export { smsSignature } from './enqueue.js';
