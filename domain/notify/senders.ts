import nodemailer from 'nodemailer';

/** One e-mail; `html` is the printable notice when the message carries one. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<void>;
  close(): void;
}

export interface SmsSender {
  send(message: { to: string; text: string }): Promise<void>;
}

/** The SMS gateway answered, but not with 2xx; `status` and the start of its answer say why. */
export class SmsGatewayError extends Error {
  readonly code = 'SMS_GATEWAY';
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`SMS gateway answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
    this.name = 'SmsGatewayError';
  }
}

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

/** SMS through an HTTP gateway: POST {to, text} as JSON; anything but 2xx, a network error or a timeout is a failure. */
export function createHttpSmsSender(config: { gatewayUrl: string; timeoutMs: number }): SmsSender {
  return {
    async send({ to, text }) {
      const response = await fetch(config.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      const body = await response.text().catch(() => '');
      if (!response.ok) throw new SmsGatewayError(response.status, body);
    },
  };
}
