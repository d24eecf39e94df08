import type { Request, Response } from 'express';
import type { InboxEntry, InboxScope } from '../../domain/store/index.js';
import type { ApiContext } from '../api/context.js';
import type { AuthContext } from '../http/context.js';
import { dueBands, inboxTaskBody } from './view.js';

/**
 * The inbox's live feed (Server-Sent Events): a task offered to one of the user's groups, or
 * assigned to them, appears without a reload. Each connection polls the task store once a second
 * for open tasks created since the newest it has seen; it keeps the keys it sent from the last
 * few seconds, so tasks recorded with the same or a slightly earlier timestamp (several app or
 * worker instances whose clocks differ a little) are sent once, and none is lost. Polling the
 * store rather than listening to the workers keeps it working with several app instances on one
 * PostgreSQL database.
 *
 * The connection ends when the session does: the feed re-reads the session each poll and says
 * `session-ended` (logout, expiry, a disabled account) before closing, so an inbox left open
 * does not keep a session alive or outlive it.
 */

export const STREAM_POLL_MS = 1_000;
export const STREAM_HEARTBEAT_MS = 15_000;
/** how far back each poll looks, for tasks recorded out of order */
const LOOKBACK_MS = 10_000;

function event(name: string, data: unknown, id?: string): string {
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function streamTasks(ctx: ApiContext, req: Request, res: Response, auth: AuthContext): Promise<void> {
  const { store, clock, log, sessions } = ctx;
  const { principal, session } = auth;
  const scope: InboxScope = { kind: 'mine', assignee: principal.staffId, candidateGroups: principal.candidateGroups };

  // A new page shows what exists now already: the feed starts after it. A browser reconnecting
  // (the app instance it was on stopped, the network dropped) names the last task it got in
  // Last-Event-ID, as EventSource does by itself: the feed resumes after that task, on whichever
  // instance the browser reaches, so the tasks created while it was away arrive too.
  let since = (await resumePoint(ctx, req.get('Last-Event-ID'))) ?? (await store.inbox.latestCreatedAt(scope));
  const sent = new Map<string, number>();
  const lookback = () => (since === null ? null : new Date(since.getTime() - LOOKBACK_MS));
  for (const entry of await store.inbox.createdSince(scope, lookback())) {
    if (since !== null && entry.task.createdAt <= since) sent.set(entry.task.userTaskKey, entry.task.createdAt.getTime());
  }

  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    Connection: 'keep-alive',
    // a buffering proxy (nginx) would hold the events back
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();

  let closed = false;
  let poller: NodeJS.Timeout | undefined;
  const write = (chunk: string) => {
    if (!closed) res.write(chunk);
  };
  const heartbeat = setInterval(() => write(': heartbeat\n\n'), STREAM_HEARTBEAT_MS);
  const stop = () => {
    closed = true;
    clearTimeout(poller);
    clearInterval(heartbeat);
  };
  req.on('close', stop);
  const end = (reason: string) => {
    write(event('session-ended', { reason }));
    stop();
    res.end();
  };

  write(`retry: 3000\n\n${event('ready', { at: clock().toISOString() })}`);

  /** 'logout', 'expired', 'disabled', or null while the session lives */
  const sessionEnded = async (now: Date): Promise<string | null> => {
    const found = await store.sessions.getWithUser(session.idHash);
    if (!found) return 'logout';
    if (found.session.expiresAt <= now || sessions.idleDeadline(found.session) <= now) return 'expired';
    return found.user.disabled ? 'disabled' : null;
  };

  const send = async (entries: InboxEntry[], now: Date) => {
    const fresh = entries.filter((e) => !sent.has(e.task.userTaskKey));
    if (fresh.length === 0) return;
    const bands = await dueBands(ctx.shownCalendar, now);
    for (const entry of fresh) {
      sent.set(entry.task.userTaskKey, entry.task.createdAt.getTime());
      write(event('task', inboxTaskBody(entry, bands), entry.task.userTaskKey));
    }
  };

  const poll = async () => {
    if (closed) return;
    try {
      const now = clock();
      const ended = await sessionEnded(now);
      if (ended !== null) return end(ended);
      const entries = await store.inbox.createdSince(scope, lookback());
      await send(entries, now);
      for (const entry of entries) if (since === null || entry.task.createdAt > since) since = entry.task.createdAt;
      const horizon = since === null ? 0 : since.getTime() - LOOKBACK_MS;
      for (const [key, at] of sent) if (at < horizon) sent.delete(key);
    } catch (error) {
      // the store closing under an open feed (shutdown) ends it; the page reconnects
      log.warn('inbox stream: poll failed, closing the stream', { error: (error as Error).message });
      stop();
      res.end();
      return;
    }
    if (!closed) poller = setTimeout(() => void poll(), STREAM_POLL_MS);
  };
  poller = setTimeout(() => void poll(), STREAM_POLL_MS);
}

/** When the task a reconnecting browser got last was created; null for a new page or an id that names no task. */
async function resumePoint({ store }: ApiContext, lastEventId: string | undefined): Promise<Date | null> {
  // the feed's ids are user task keys (int64 as text)
  if (lastEventId === undefined || !/^\d{1,20}$/.test(lastEventId)) return null;
  return (await store.tasks.get(lastEventId))?.createdAt ?? null;
}
