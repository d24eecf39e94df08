import type { DurableStore } from './store/durable-store.js';

const DAY_MS = 86_400_000;
const SWEEP_INTERVAL_MS = 3_600_000;
/** ended instances removed per step of the sweep; the event loop serves commands between steps */
const SWEEP_BATCH = 500;

/** The history retention (docs/decisions/0011): ended instances older than it are removed, hourly. */
export class HistorySweep {
  private readonly retentionMs: number;
  private readonly interval: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: DurableStore,
    private readonly now: () => number,
    retentionDays: number,
    private readonly logError: (message: string, err: unknown) => void,
  ) {
    this.retentionMs = retentionDays * DAY_MS;
    this.interval = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.interval.unref();
  }

  /** Removes the history of instances that ended longer ago than the retention, all at once; answers how many. */
  cleanAll(): number {
    let removed = 0;
    for (let n; (n = this.store.index.removeEndedBefore(this.now() - this.retentionMs, SWEEP_BATCH)) > 0; ) removed += n;
    return removed;
  }

  /** One batch per event-loop turn, so commands keep being served. */
  sweep(): void {
    if (this.stopped) return;
    try {
      const removed = this.store.index.removeEndedBefore(this.now() - this.retentionMs, SWEEP_BATCH);
      if (removed === SWEEP_BATCH) setImmediate(() => this.sweep());
    } catch (err) {
      this.logError('history cleanup failed; it is tried again at the next sweep', err);
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.interval);
  }
}
