import type { ActivateRequest, ActivatedJob } from './runtime/jobs.js';

/** How long a long poll with requestTimeout 0 waits, as Zeebe's gateway default. */
const DEFAULT_LONG_POLL_MS = 10_000;

interface PendingPoll {
  req: ActivateRequest;
  resolve: (jobs: ActivatedJob[]) => void;
  timer: NodeJS.Timeout;
  done: boolean;
}

/**
 * Job activations waiting (long polling) for jobs of their type, oldest first per type. A poll
 * ends once: with jobs when `serve` hands it some, empty at its time-out, on abort or at close.
 */
export class JobPolls {
  private readonly waiting = new Map<string, PendingPoll[]>();

  wait(req: ActivateRequest, requestTimeout: number, abort?: AbortSignal): Promise<ActivatedJob[]> {
    return new Promise((resolve) => {
      const poll: PendingPoll = {
        req,
        resolve,
        done: false,
        timer: setTimeout(() => {
          poll.done = true;
          resolve([]);
        }, requestTimeout === 0 ? DEFAULT_LONG_POLL_MS : requestTimeout),
      };
      abort?.addEventListener('abort', () => this.end(poll, []));
      let list = this.waiting.get(req.type);
      if (!list) this.waiting.set(req.type, (list = []));
      list.push(poll);
    });
  }

  /**
   * For each of `types`, takes waiting polls oldest first while `available(type)` holds and
   * answers each with what `activate` hands out (the caller decides when the answer goes out).
   */
  serve(types: Iterable<string>, available: (type: string) => boolean, activate: (req: ActivateRequest, answer: (jobs: ActivatedJob[]) => void) => void): void {
    for (const type of types) {
      const list = this.waiting.get(type);
      if (!list) continue;
      while (list.length > 0 && available(type)) {
        const poll = list.shift()!;
        if (poll.done) continue;
        poll.done = true;
        clearTimeout(poll.timer);
        activate(poll.req, poll.resolve);
      }
      if (list.length === 0) this.waiting.delete(type);
    }
  }

  /** Answers every waiting poll with no jobs. */
  closeAll(): void {
    for (const list of this.waiting.values()) for (const poll of list) this.end(poll, []);
    this.waiting.clear();
  }

  private end(poll: PendingPoll, jobs: ActivatedJob[]): void {
    if (poll.done) return;
    poll.done = true;
    clearTimeout(poll.timer);
    poll.resolve(jobs);
  }
}
