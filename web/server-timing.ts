import type { Response } from 'express';

/**
 * Phases of one request, sent as a Server-Timing header (shown by the browser's developer tools
 * and read by bench:instances), so the time a clerk waits can be split into its parts without a
 * profiler. Names are tokens; durations in milliseconds.
 */
export class ServerTiming {
  private readonly phases: Array<[string, number]> = [];
  private last: number;

  /** Phases count from `start` (performance.now() of the request's arrival, when known). */
  constructor(start = performance.now()) {
    this.last = start;
  }

  /** Ends the phase running since the previous mark (or the start) under this name. */
  mark(name: string): void {
    const now = performance.now();
    this.phases.push([name, now - this.last]);
    this.last = now;
  }

  /**
   * Times work that runs beside other phases: its entry takes its place in the header now, its
   * duration runs from now until the work settles. Marks after it count from then on.
   */
  async span<T>(name: string, work: () => Promise<T>): Promise<T> {
    const entry: [string, number] = [name, 0];
    this.phases.push(entry);
    const start = performance.now();
    try {
      return await work();
    } finally {
      const end = performance.now();
      entry[1] = end - start;
      this.last = Math.max(this.last, end);
    }
  }

  /** Sets the header; call before the body is sent. */
  send(res: Response): void {
    res.set('Server-Timing', this.phases.map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`).join(', '));
  }
}

/** When the request reached the app (set by the access log, the first middleware), for ServerTiming. */
export function arrivalOf(res: Response): number | undefined {
  const at: unknown = res.locals.arrivedAt;
  return typeof at === 'number' ? at : undefined;
}

/** The phases of a Server-Timing header value, name → ms. */
export function parseServerTiming(value: string | null): Map<string, number> {
  const phases = new Map<string, number>();
  for (const part of (value ?? '').split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const dur = params.map((p) => /^dur=([0-9.]+)$/.exec(p.trim())).find((m) => m !== null);
    if (name !== '' && dur) phases.set(name, Number(dur[1]));
  }
  return phases;
}
