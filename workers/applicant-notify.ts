import type { Case, Complaint, OutboxMessage, StoreTransaction } from '../domain/store/index.js';
import { notifyCaseApplicant, notifyComplainant as notifyComplainantOf, type ApplicantMessage } from '../domain/notify/applicant.js';
import type { WorkerDeps } from './deps.js';

export { smsSignature } from '../domain/notify/applicant.js';

export type Message = ApplicantMessage;

/** Tells a case's applicant, in the transaction of the change: in-app, plus e-mail and SMS where given and configured. */
export function notifyApplicant(tx: StoreTransaction, deps: WorkerDeps, theCase: Case, message: Message): Promise<OutboxMessage[]> {
  return notifyCaseApplicant(tx.outbox, deps.notifyChannels ?? [], theCase, message);
}

export function notifyComplainant(tx: StoreTransaction, deps: WorkerDeps, complaint: Complaint, message: Message): Promise<OutboxMessage[]> {
  return notifyComplainantOf(tx.outbox, deps.notifyChannels ?? [], complaint, message);
}
