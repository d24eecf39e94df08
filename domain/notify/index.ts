/** Delivery of the outbox: in-app, e-mail (SMTP) and SMS (HTTP gateway). */
export { readNotifyConfig, externalChannels, NotifyConfigError, type NotifyConfig, type ExternalChannel } from './config.js';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type DispatchRound } from './dispatcher.js';
export { createSmtpEmailSender, createHttpSmsSender, SmsGatewayError, type EmailSender, type EmailMessage, type SmsSender } from './senders.js';
export { enqueueNotification, caseInbox, complaintInbox, type Notification } from './enqueue.js';
