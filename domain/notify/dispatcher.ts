import { maskEmail, maskPhone } from '../privacy/mask.js';
import { exponentialBackoff, type Backoff, type OutboxMessage, type Store } from '../store/index.js';
import type { EmailSender, SmsSender } from './channels.js';

/** 查询码 (6 digits after the label) masked, as an outbox row keeps them after an e-mail or SMS went out. */
export function maskDeliveredCodes(text: string): string {
  return text.replace(/(查询码[：:]\s*)\d{6}/g, '$1******');
}

export interface DispatcherOptions {
  store: Pick<Store, 'outbox' | 'notices'>;
  /** a channel left out is not configured: its messages fail at once, naming the variable */
  channels: { email?: EmailSender; sms?: SmsSender };
  clock: () => Date;
  log: (message: string, detail?: Record<string, unknown>) => void;
  /** delay after a failed attempt; default doubling from 30 s to an hour, giving up after 8 attempts */
  backoff?: Backoff;
  /** messages claimed per round (default 20) */
  batchSize?: number;
  /** how long a claimed message is hidden from other dispatchers (default 5 minutes, well over a send's timeouts) */
  leaseMs?: number;
}

export interface DispatchRound {
  claimed: number;
  sent: number;
  /** failed this time; retried later unless the back-off gave up */
  failed: number;
}

export interface Dispatcher {
  /** Claims the due messages and delivers each once; resolves when all are marked. */
  runOnce(): Promise<DispatchRound>;
  /** Runs a round every intervalMs (never two at once) until stop(). */
  start(intervalMs: number): void;
  /** Stops the timer and waits for the round in progress. */
  stop(): Promise<void>;
}

const NOT_CONFIGURED: Record<'email' | 'sms', string> = {
  email: 'e-mail channel not configured (SMTP_URL unset)',
  sms: 'SMS channel not configured (SMS_GATEWAY_URL unset)',
};

const giveUp: Backoff = () => null;

/**
 * Delivers the outbox. Delivery is at least once: a message is claimed under a lease, sent, and
 * then marked sent; if the process dies between the send and the mark, the lease runs out and
 * the message is sent again, once per such crash. Neither SMTP nor the SMS gateway lets a sender
 * ask whether a message already went out, so a rare duplicate is the price of never losing one.
 *
 * In-app messages need no sending: marking them sent delivers them, and the web app shows the
 * sent in-app messages of a case.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, channels, clock, log } = options;
  const backoff = options.backoff ?? exponentialBackoff();
  const batchSize = options.batchSize ?? 20;
  const leaseMs = options.leaseMs ?? 300_000;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> = Promise.resolve();

  async function deliver(message: OutboxMessage): Promise<void> {
    switch (message.channel) {
      case 'inapp':
        return;
      case 'email': {
        const notice = message.noticeId ? await store.notices.get(message.noticeId) : undefined;
        await channels.email!.send({ to: message.recipient, subject: message.subject ?? '政务服务通知', text: message.body, ...(notice ? { html: notice.html } : {}) });
        return;
      }
      case 'sms':
        await channels.sms!.send({ to: message.recipient, text: message.body });
        return;
    }
  }

  async function dispatch(message: OutboxMessage): Promise<boolean> {
    const detail = { id: message.id, channel: message.channel, recipient: masked(message), attempt: message.attempts };
    if (message.channel !== 'inapp' && !channels[message.channel]) {
      await store.outbox.markFailed(message.id, NOT_CONFIGURED[message.channel], giveUp, clock());
      log('notification not sent: channel not configured', detail);
      return false;
    }
    try {
      await deliver(message);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const after = await store.outbox.markFailed(message.id, error, backoff, clock());
      log(after.status === 'failed' ? 'notification failed, giving up' : 'notification failed, will retry', { ...detail, error, nextAttemptAt: after.nextAttemptAt.toISOString() });
      return false;
    }
    // a code is kept in clear only until delivered; the in-app copy is read behind the code itself
    await store.outbox.markSent(message.id, clock(), message.channel === 'inapp' ? undefined : maskDeliveredCodes(message.body));
    return true;
  }

  async function runOnce(): Promise<DispatchRound> {
    const claimed = await store.outbox.claimDue(clock(), batchSize, { leaseMs });
    let sent = 0;
    // one at a time: a county center sends a few hundred messages a day, and a slow gateway
    // should not be hit with a whole batch at once
    for (const message of claimed) if (await dispatch(message)) sent++;
    return { claimed: claimed.length, sent, failed: claimed.length - sent };
  }

  return {
    runOnce,
    start(intervalMs) {
      if (timer) return;
      const tick = () => {
        round = runOnce()
          .catch((err: unknown) => log('notification round failed', { error: err instanceof Error ? err.message : String(err) }))
          .finally(() => {
            if (timer) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, 0);
    },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await round;
    },
  };
}

function masked(message: OutboxMessage): string {
  if (message.channel === 'sms') return maskPhone(message.recipient);
  if (message.channel === 'email') return maskEmail(message.recipient);
  return message.recipient;
}
