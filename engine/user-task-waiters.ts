import { CommandRejection } from './runtime/errors.js';

/** How long a user task request waits for the task listeners of its transition (then 504, like Zeebe's gateway). */
const USER_TASK_REQUEST_TIMEOUT_MS = 20_000;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/** An answer that waits for its command's commit: given once the change is durable, refused if it is rolled back. */
export interface PendingAnswer {
  give(): void;
  refuse(err: Error): void;
}

/**
 * User task requests (complete, assign, update) whose transition waits for task listeners: each
 * is answered when its transition ends, or with DEADLINE_EXCEEDED after the request time-out.
 */
export class UserTaskWaiters {
  private readonly waiters = new Map<number, Waiter>();

  wait(key: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new CommandRejection('DEADLINE_EXCEEDED', `The task listeners of user task '${key}' did not complete within ${USER_TASK_REQUEST_TIMEOUT_MS} ms`));
      }, USER_TASK_REQUEST_TIMEOUT_MS);
      this.waiters.set(key, { resolve, reject, timer });
    });
  }

  /**
   * The answers for the transitions that ended in this command, to go out once it is committed.
   * Taken per command, not per flush, so a request arriving in the same turn for the next
   * transition of the task is not answered with the outcome of the previous one.
   */
  settle(ended: Array<{ userTaskKey: number; refusal?: string }>): PendingAnswer[] {
    const answers: PendingAnswer[] = [];
    for (const transition of ended) {
      const waiter = this.waiters.get(transition.userTaskKey);
      if (!waiter) continue;
      this.waiters.delete(transition.userTaskKey);
      clearTimeout(waiter.timer);
      answers.push({
        give: () => {
          if (transition.refusal === undefined) waiter.resolve();
          else waiter.reject(new CommandRejection('INVALID_STATE', transition.refusal));
        },
        refuse: (err) => waiter.reject(err),
      });
    }
    return answers;
  }

  /** Drops the waiters whose transition a rollback undid (their requests are refused with the command). */
  forgetUnless(stillWaiting: (key: number) => boolean): void {
    for (const [key, waiter] of this.waiters) {
      if (stillWaiting(key)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(key);
    }
  }

  clear(): void {
    for (const w of this.waiters.values()) clearTimeout(w.timer);
    this.waiters.clear();
  }
}
