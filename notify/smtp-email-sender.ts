import nodemailer from 'nodemailer';
import type { EmailSender } from '../domain/notify/index.js';

/** E-mail over SMTP with nodemailer; one pooled transport for the dispatcher's life. */
export function createSmtpEmailSender(config: { smtpUrl: string; from: string }): EmailSender {
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send({ to, subject, text, html }) {
      await transport.sendMail({ from: config.from, to, subject, text, ...(html ? { html } : {}), textEncoding: 'base64' });
    },
    close() {
      transport.close();
    },
  };
}
