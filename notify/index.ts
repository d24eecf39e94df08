/** The network side of notification delivery: the e-mail and SMS channels the dispatcher sends through. */
export { createSmtpEmailSender } from './smtp-email-sender.js';
export { createHttpSmsSender, SmsGatewayError } from './http-sms-sender.js';
