import type { Case, Complaint, OutboxMessage, StoreTransaction } from '../domain/store/index.js';
import { caseInbox, complaintInbox, enqueueNotification, type Notification } from '../domain/notify/index.js';
import type { WorkerDeps } from './deps.js';

export interface Message {
  subject: string;
  /** the whole message: in-app and e-mail */
  text: string;
  /** the short form for SMS */
  sms: string;
  noticeId?: string;
  /** the job's idempotency key: each channel's message is written once under it */
  key: string;
}

/** Tells a case's applicant, in the transaction of the change: in-app, plus e-mail and SMS where given and configured. */
export function notifyApplicant(tx: StoreTransaction, deps: WorkerDeps, theCase: Case, message: Message): Promise<OutboxMessage[]> {
  const { phone, email } = theCase.applicant;
  return notify(tx, deps, { inbox: caseInbox(theCase.caseNumber), contact: { phone, email }, caseId: theCase.id }, message);
}

export function notifyComplainant(tx: StoreTransaction, deps: WorkerDeps, complaint: Complaint, message: Message): Promise<OutboxMessage[]> {
  const { phone, email } = complaint.complainant;
  return notify(tx, deps, { inbox: complaintInbox(complaint.complaintNumber), contact: { phone, email } }, message);
}

function notify(tx: StoreTransaction, deps: WorkerDeps, to: Pick<Notification, 'inbox' | 'contact' | 'caseId'>, message: Message): Promise<OutboxMessage[]> {
  return enqueueNotification(
    tx.outbox,
    {
      ...to,
      subject: message.subject,
      text: message.text,
      sms: message.sms,
      noticeId: message.noticeId ?? null,
      idempotencyKey: message.key,
    },
    deps.notifyChannels ?? [],
  );
}

/** Kept here for the workers that build their messages next to notifyApplicant. */
export { smsSignature } from '../domain/notify/index.js';
