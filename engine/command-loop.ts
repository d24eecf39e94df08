import { JobPolls } from './job-polls.js';
import { UserTaskWaiters, type PendingAnswer } from './user-task-waiters.js';
import type { DurableStore } from './store/durable-store.js';
import { DEFAULT_COMMAND_STEP_BUDGET } from './config.js';
import { RuntimeContext } from './runtime/context.js';
import { logEngineError } from './error-log.js';
import { DEFAULT_MIN_CYCLE_INTERVAL_MS } from './timer/timer.js';
import { CommandRejection } from './runtime/errors.js';
import type { MessageRecord, TimerRecord, UserTaskRecord, Variables } from './runtime/records.js';
import { startProcessInstance } from './runtime/lifecycle.js';
import { bindBehaviors } from './runtime/bind-behaviors.js';
import { activateJobs, hasActivatable, jobBackoffEnded, jobTimedOut, rebuildJobIndex } from './runtime/jobs.js';
import { expireMessage } from './runtime/messages.js';
import { fireTimer } from './runtime/events.js';

export interface EngineOptions {
  /** SQLite file, or ':memory:' */
  dataPath: string;
  /** logs unexpected internal errors; defaults to logEngineError (stderr, personal numbers masked) */
  logError?: (message: string, err: unknown) => void;
  /** days an ended process instance stays searchable; defaults to DEFAULT_HISTORY_RETENTION_DAYS */
  historyRetentionDays?: number;
  /** element activations one command may run; defaults to DEFAULT_COMMAND_STEP_BUDGET */
  commandStepBudget?: number;
  /** the shortest interval of a repeating timer; defaults to DEFAULT_MIN_CYCLE_INTERVAL_MS */
  minCycleIntervalMs?: number;
  /** instance records kept cached per kind between commands; defaults to DEFAULT_CACHED_RECORDS */
  cachedRecords?: number;
}

interface CompletionWaiter {
  resolve: (variables: Variables) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * A command's change was rolled back: it failed half-way, or the commit it shared could not be
 * written (a record that does not serialise, a database error). The state is as it was before.
 */
export class CommandNotApplied extends Error {
  constructor(readonly reason: unknown) {
    super(`The command was not applied and the engine's state is unchanged: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'CommandNotApplied';
  }
}

const MAX_TIMER_SLEEP_MS = 60_000;

/**
 * The engine's command loop: runs each command against the in-memory state, group-commits the
 * commands of one event-loop turn, rolls back to the last commit when a command or commit fails,
 * and fires timers, job time-outs and message expiry when they fall due. The Engine adds the
 * commands themselves.
 */
export abstract class CommandLoop {
  private context: RuntimeContext;
  protected readonly store: DurableStore;
  protected readonly logError: (message: string, err: unknown) => void;
  private readonly afterCommit: PendingAnswer[] = [];
  private readonly commandStepBudget: number;
  protected readonly minCycleIntervalMs: number;
  private flushScheduled = false;
  protected readonly polls = new JobPolls();
  protected readonly completionWaiters = new Map<number, CompletionWaiter>();
  /** requests (complete, assign, update) waiting for their user task transition, by user task key */
  protected readonly userTaskWaiters = new UserTaskWaiters();
  protected wakeTimer: NodeJS.Timeout | undefined;
  protected closed = false;

  protected constructor(store: DurableStore, opts: EngineOptions) {
    this.store = store;
    this.logError = opts.logError ?? logEngineError;
    this.commandStepBudget = opts.commandStepBudget ?? DEFAULT_COMMAND_STEP_BUDGET;
    this.minCycleIntervalMs = opts.minCycleIntervalMs ?? DEFAULT_MIN_CYCLE_INTERVAL_MS;
    this.context = this.newContext();
  }

  /** The runtime state; replaced when a rollback reads the committed state again. */
  get ctx(): RuntimeContext {
    return this.context;
  }

  private newContext(): RuntimeContext {
    return new RuntimeContext(this.store, { jobsAvailable: () => {}, scheduleChanged: () => this.scheduleWake() }, bindBehaviors, this.commandStepBudget, this.minCycleIntervalMs);
  }

  protected armSchedule(): void {
    for (const [key, at] of this.store.timerDueTimes()) this.ctx.time.push({ at, kind: 'timer', key });
    for (const m of this.store.table<MessageRecord>('message').values()) this.ctx.time.push({ at: m.expiresAt, kind: 'messageExpiry', key: m.key });
  }

  /**
   * Puts the engine back at its last commit: the store reads the committed state again and the
   * runtime is rebuilt from it, as after a restart. Every answer still waiting for a commit is
   * refused, since its change is gone with the rest; the engine goes on serving.
   */
  private rollBack(cause: unknown): CommandNotApplied {
    const refusal = new CommandNotApplied(cause);
    const { models, decisionGraphs } = this.context;
    this.store.discardPendingWrites();
    this.context = this.newContext();
    for (const [key, model] of models) if (this.store.get('definition', key)) this.context.models.set(key, model);
    for (const [key, graph] of decisionGraphs) if (this.store.get('decisionRequirements', key)) this.context.decisionGraphs.set(key, graph);
    this.armSchedule();
    rebuildJobIndex(this.context);
    this.forgetRolledBackWaiters();
    for (const answer of this.afterCommit.splice(0)) answer.refuse(refusal);
    this.scheduleWake();
    return refusal;
  }

  /**
   * Waiters registered by rolled-back commands wait for something that will not happen; their
   * requests were refused, so they are dropped without an answer of their own.
   */
  private forgetRolledBackWaiters(): void {
    for (const [key, waiter] of this.completionWaiters) {
      if (this.context.pi(key)) continue;
      clearTimeout(waiter.timer);
      this.completionWaiters.delete(key);
    }
    this.userTaskWaiters.forgetUnless((key) => this.store.get<UserTaskRecord>('userTask', key)?.transition !== undefined);
  }

  /**
   * Runs one command: synchronous state change plus follow-up steps, then resolves once the
   * change is durable. A rejection thrown before any change leaves the state untouched; any other
   * failure rolls the state back to the last commit.
   */
  protected command<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new CommandRejection('INVALID_STATE', 'The engine is shutting down'));
    let result: T;
    this.ctx.beginCommand();
    try {
      result = fn();
      this.ctx.drain();
      this.settleUserTaskWaiters();
    } catch (err) {
      if (!(err instanceof CommandRejection)) {
        this.logError('command failed; the changes since the last commit are rolled back', err);
        return Promise.reject(this.rollBack(err));
      }
      this.ctx.drain();
      this.settleUserTaskWaiters();
      this.scheduleFlush();
      return Promise.reject(err);
    }
    return new Promise<T>((resolve, reject) => {
      this.afterCommit.push({ give: () => resolve(result), refuse: reject });
      this.scheduleFlush();
    });
  }

  /**
   * The commit waits for the end of the turn, and while an fsync is in flight, until it has
   * finished: every command run meanwhile shares the one transaction, which the next fsync
   * covers as it would have covered a transaction per turn (docs/decisions/0023).
   */
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.store.whenSyncIdle(() => this.flush()));
  }

  /**
   * Group commit: jobs for the long polls waiting on the types this turn made available are
   * activated first, so they go into the same transaction as the jobs' creation; the answers
   * of every command of the turn leave once that transaction is durable.
   */
  private flush(): void {
    this.flushScheduled = false;
    this.servePolls();
    const callbacks = this.afterCommit.splice(0);
    const ended = this.ctx.endedInstances.splice(0);
    try {
      this.store.commit(() => {
        for (const answer of callbacks) answer.give();
        this.deliverEndedInstances(ended);
      });
      this.ctx.committed();
    } catch (err) {
      this.logError('commit failed; the commands since the last commit are refused and rolled back', err);
      this.afterCommit.unshift(...callbacks);
      this.rollBack(err);
      return;
    }
  }

  private deliverEndedInstances(ended: RuntimeContext['endedInstances']): void {
    for (const e of ended) {
      const waiter = this.completionWaiters.get(e.key);
      if (!waiter) continue;
      this.completionWaiters.delete(e.key);
      clearTimeout(waiter.timer);
      if (e.state === 'COMPLETED') waiter.resolve(e.variables);
      else waiter.reject(new CommandRejection('INVALID_STATE', `Process instance '${e.key}' was terminated before it completed`));
    }
  }

  protected settleUserTaskWaiters(): void {
    this.afterCommit.push(...this.userTaskWaiters.settle(this.ctx.endedUserTaskTransitions.splice(0)));
  }

  private servePolls(): void {
    const types = [...this.ctx.jobTypesAvailable];
    this.ctx.jobTypesAvailable.clear();
    this.polls.serve(
      types,
      (type) => hasActivatable(this.ctx, type),
      (req, answer) => {
        const jobs = activateJobs(this.ctx, req);
        // a rolled-back activation hands out nothing: the jobs are activatable again
        this.afterCommit.push({ give: () => answer(jobs), refuse: () => answer([]) });
      },
    );
  }

  // ---- time ----

  protected scheduleWake(): void {
    if (this.closed) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    const next = this.ctx.time.peek();
    if (!next || this.ctx.isClockPinned()) {
      if (next && next.at <= this.ctx.now()) setImmediate(() => this.processDue());
      return;
    }
    const delay = Math.min(Math.max(0, next.at - this.ctx.now()), MAX_TIMER_SLEEP_MS);
    this.wakeTimer = setTimeout(() => this.processDue(), delay);
    this.wakeTimer.unref();
  }

  private processDue(): void {
    if (this.closed) return;
    if (this.ctx.time.peek() && this.ctx.time.peek()!.at <= this.ctx.now()) {
      this.command(() => this.runDue()).catch((err) => this.logError('processing due timers failed', err));
    }
    this.scheduleWake();
  }

  /** Fires everything due at the current engine time, inside the calling command. */
  protected runDue(): void {
    for (const entry of this.ctx.time.popDue(this.ctx.now())) {
      // each due timer is a command of its own in Zeebe, with its own step budget
      this.ctx.beginCommand();
      if (entry.kind === 'timer') {
        const timer = this.store.get<TimerRecord>('timer', entry.key);
        if (timer && timer.dueAt <= this.ctx.now()) fireTimer(this.ctx, timer, (t) => this.startByTimer(t));
      } else if (entry.kind === 'jobTimeout') jobTimedOut(this.ctx, entry.key);
      else if (entry.kind === 'jobBackoff') jobBackoffEnded(this.ctx, entry.key);
      else expireMessage(this.ctx, entry.key);
      this.ctx.drain();
    }
  }

  private startByTimer(timer: TimerRecord): void {
    const def = this.ctx.definition(timer.definitionKey);
    startProcessInstance(this.ctx, def, {}, { startElementId: timer.elementId });
  }
}
