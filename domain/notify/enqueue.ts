import type { OutboxMessage, OutboxRepo } from '../store/index.js';
import type { ExternalChannel } from './config.js';

/**
 * In-app messages are addressed to the case or complaint, not to a person: the applicant reads
 * them in the public lookup after giving the number and the verification code.
 */
export const caseInbox = (caseNumber: string) => `case:${caseNumber}`;
export const complaintInbox = (complaintNumber: string) => `complaint:${complaintNumber}`;
/** a staff member's own in-app messages (work handed to them), beside their groups' `group:<candidate group>` */
export const staffInbox = (staffId: string) => `staff:${staffId}`;

export interface Notification {
  /** caseInbox(...) or complaintInbox(...) */
  inbox: string;
  /** where else to reach the person, if they gave it */
  contact: { phone?: string | null; email?: string | null };
  subject: string;
  /** the whole message: the in-app message and the e-mail body */
  text: string;
  /** the short form for SMS */
  sms: string;
  noticeId?: string | null;
  caseId?: string | null;
  /** one message per channel is written under `<key>:<channel>`, so a replay writes none */
  idempotencyKey: string;
}

/**
 * Writes the messages of one notification to the outbox: in-app always, e-mail and SMS when the
 * person gave an address or a number and the channel is configured. A channel that is not
 * configured gets no message at all, rather than one that could only ever fail; the in-app
 * message is still there for the applicant to read.
 *
 * Call it with the transaction's outbox, so the messages exist exactly when the change they
 * report does.
 */
export async function enqueueNotification(outbox: OutboxRepo, n: Notification, channels: readonly ExternalChannel[]): Promise<OutboxMessage[]> {
  const common = { subject: n.subject, noticeId: n.noticeId ?? null, caseId: n.caseId ?? null };
  const messages = [await outbox.enqueue({ ...common, channel: 'inapp', recipient: n.inbox, body: n.text, idempotencyKey: `${n.idempotencyKey}:inapp` })];
  if (n.contact.email && channels.includes('email')) {
    messages.push(await outbox.enqueue({ ...common, channel: 'email', recipient: n.contact.email, body: n.text, idempotencyKey: `${n.idempotencyKey}:email` }));
  }
  if (n.contact.phone && channels.includes('sms')) {
    messages.push(await outbox.enqueue({ ...common, channel: 'sms', recipient: n.contact.phone, body: n.sms, idempotencyKey: `${n.idempotencyKey}:sms` }));
  }
  return messages;
}

/** The center's name for the start of an SMS (【县政务服务中心】), as carriers require a signature. */
export function smsSignature(centerName: string): string {
  return `【${centerName}】`;
}
