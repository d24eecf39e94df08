import type { ApiClient } from './web.js';

export interface StreamEvent {
  event: string;
  data: unknown;
  id?: string;
}

export interface EventStream {
  status: number;
  contentType: string | null;
  events: StreamEvent[];
  ended(): boolean;
  close(): Promise<void>;
}

/**
 * Reads a Server-Sent Events stream as a browser's EventSource would, with the browser's cookies;
 * `lastEventId` is the Last-Event-ID that EventSource sends when it reconnects.
 */
export async function openEventStream(browser: ApiClient, path: string, options: { baseUrl?: string; lastEventId?: string } = {}): Promise<EventStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { cookie: [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const res = await fetch(`${options.baseUrl ?? browser.baseUrl}${path}`, { headers, signal: controller.signal });
  const events: StreamEvent[] = [];
  let ended = false;
  const reading = (async () => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const fields = buffer.slice(0, cut).split('\n').filter((line) => !line.startsWith(':'));
          buffer = buffer.slice(cut + 2);
          const named = Object.fromEntries(fields.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
          if (named.event) events.push({ event: named.event, data: JSON.parse(named.data) as unknown, ...(named.id ? { id: named.id } : {}) });
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    ended: () => ended,
    async close() {
      controller.abort();
      await reading;
    },
  };
}
