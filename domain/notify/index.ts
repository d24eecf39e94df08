/** Delivery of the outbox: in-app here; e-mail and SMS through the channels the caller passes in (notify/). */
export { readNotifyConfig, externalChannels, NotifyConfigError, type NotifyConfig, type ExternalChannel } from './config.js';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type DispatchRound } from './dispatcher.js';
export type { EmailSender, EmailMessage, SmsSender } from './channels.js';
export { enqueueNotification, caseInbox, complaintInbox, staffInbox, smsSignature, type Notification } from './enqueue.js';
