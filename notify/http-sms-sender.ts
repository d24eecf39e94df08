import type { SmsSender } from '../domain/notify/index.js';

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
