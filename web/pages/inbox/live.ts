import { setServerTime } from '../shared/format.js';
import { toLogin } from '../shared/layout.js';
import type { InboxTask } from './types.js';

export interface LiveListener {
  task?(task: InboxTask): void;
  status?(connected: boolean): void;
}

/**
 * The inbox's live feed: GET /api/tasks/stream (Server-Sent Events). A task newly offered to one
 * of my groups or assigned to me arrives as `task`; `session-ended` sends the browser to log in.
 * One connection for the page, shared by its views.
 */
export class LiveFeed {
  connected = false;
  private source: EventSource | undefined;
  private readonly listeners = new Set<LiveListener>();

  start(): void {
    const source = new EventSource('/api/tasks/stream');
    this.source = source;
    source.addEventListener('ready', (event) => {
      try {
        setServerTime((JSON.parse((event as MessageEvent<string>).data) as { at: string }).at);
      } catch {
        // the countdowns keep the browser's clock
      }
      this.setConnected(true);
    });
    source.addEventListener('task', (event) => {
      let task: InboxTask;
      try {
        task = JSON.parse((event as MessageEvent<string>).data) as InboxTask;
      } catch {
        return;
      }
      for (const l of this.listeners) l.task?.(task);
    });
    source.addEventListener('session-ended', () => {
      source.close();
      void toLogin();
    });
    source.addEventListener('error', () => {
      this.setConnected(false);
      // EventSource retries by itself; it gives up only on a refused connection (the session has ended)
      if (source.readyState === EventSource.CLOSED) void toLogin();
    });
  }

  stop(): void {
    this.source?.close();
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    for (const l of this.listeners) l.status?.(connected);
  }
}
