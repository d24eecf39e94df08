/**
 * How notifications leave the center. Read from the environment only when asked, never at
 * import. In-app delivery needs no configuration and is always on; e-mail and SMS are on when
 * their variable is set, and off otherwise (see enqueue.ts: messages are only written for the
 * channels that are on).
 *
 * Variables:
 * - SMTP_URL (string, default unset = no e-mail): the SMTP server, `smtp://user:pass@host:587`
 *   (STARTTLS when the server offers it) or `smtps://user:pass@host:465` (TLS from the start);
 *   user name and password percent-encoded.
 * - MAIL_FROM (string, required with SMTP_URL): the sender address, e.g.
 *   `县政务服务中心 <noreply@example.gov.cn>`.
 * - SMS_GATEWAY_URL (string, default unset = no SMS): an HTTP(S) endpoint that takes
 *   `POST {"to": "<mobile>", "text": "<message>"}` as JSON; any 2xx answer means accepted.
 * - SMS_GATEWAY_TIMEOUT_MS (integer, default 10000): how long to wait for the gateway.
 * - NOTIFY_INTERVAL_MS (integer, default 5000): how often the dispatcher looks for due messages.
 */
export interface NotifyConfig {
  email: { smtpUrl: string; from: string } | null;
  sms: { gatewayUrl: string; timeoutMs: number } | null;
  intervalMs: number;
}

/** A configuration value the dispatcher cannot use; `variable` names the one to fix. */
export class NotifyConfigError extends Error {
  readonly code = 'NOTIFY_CONFIG';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'NotifyConfigError';
  }
}

export function readNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const integer = (name: string, fallback: number) => {
    const v = value(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new NotifyConfigError(name, `expected a positive integer (milliseconds), got '${v}'`);
    return n;
  };

  let email: NotifyConfig['email'] = null;
  const smtpUrl = value('SMTP_URL');
  if (smtpUrl !== undefined) {
    // only the scheme is echoed: the rest holds a password
    if (!/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new NotifyConfigError('SMTP_URL', `expected smtp:// or smtps://, got one starting '${smtpUrl.split(':')[0]}:'`);
    const from = value('MAIL_FROM');
    if (from === undefined) throw new NotifyConfigError('MAIL_FROM', 'required when SMTP_URL is set: the address notices are sent from');
    email = { smtpUrl, from };
  } else if (value('MAIL_FROM') !== undefined) {
    throw new NotifyConfigError('MAIL_FROM', 'only applies with SMTP_URL; set SMTP_URL as well or unset it');
  }

  let sms: NotifyConfig['sms'] = null;
  const gatewayUrl = value('SMS_GATEWAY_URL');
  if (gatewayUrl !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(gatewayUrl);
    } catch {
      throw new NotifyConfigError('SMS_GATEWAY_URL', 'expected an http:// or https:// URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new NotifyConfigError('SMS_GATEWAY_URL', `expected http:// or https://, got '${parsed.protocol}'`);
    sms = { gatewayUrl, timeoutMs: integer('SMS_GATEWAY_TIMEOUT_MS', 10_000) };
  }

  return { email, sms, intervalMs: integer('NOTIFY_INTERVAL_MS', 5000) };
}

/** The channels besides in-app that this configuration can deliver on, for the workers that enqueue. */
export function externalChannels(config: NotifyConfig): ExternalChannel[] {
  return [...(config.email ? (['email'] as const) : []), ...(config.sms ? (['sms'] as const) : [])];
}

export type ExternalChannel = 'email' | 'sms';
