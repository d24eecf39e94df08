import type { ElementModel, ExecutionListenerDefinition, SequenceFlowModel } from '../model/types.js';
import type {
  AfterTermination,
  DefinitionRecord,
  ElementInstanceRecord,
  FormRecord,
  JobRecord,
  MessageSubscriptionRecord,
  Variables,
} from './records.js';

/**
 * The shared behaviours of the runtime (Zeebe's BpmnBehaviors), bound to one engine's context
 * and reached as `ctx.behaviors`. Element processors and the modules behind these behaviours
 * call each other only through this object, never by importing one another, so the runtime's
 * modules form no import cycle and a new element kind touches no other processor.
 */
export interface Behaviors {
  lifecycle: LifecycleBehavior;
  tokens: TokenBehavior;
  events: EventBehavior;
  jobs: JobBehavior;
  userTasks: UserTaskBehavior;
  messages: MessageBehavior;
  signals: SignalBehavior;
  definitions: DefinitionBehavior;
  compensation: CompensationBehavior;
  decisions: DecisionBehavior;
}

export interface StartOptions {
  startElementId?: string;
  parentElementInstanceKey?: number;
  startedByCorrelationKey?: string;
  /** variables of the event that started the instance (message, signal): go to the start event */
  triggerVariables?: Variables;
}

/** The catch event an event-based gateway continues with, and the variables of its trigger. */
export interface EventGatewayChoice {
  targetId: string;
  variables: Variables;
}

/**
 * How an element is terminated: 'awaiting' lets canceling task listeners hold the termination
 * (a canceled instance, an interrupting event, a terminate end event); 'immediate' ends it within
 * the command (process instance modification, which Zeebe keeps free of listener jobs that could
 * block it).
 */
export type TerminationMode = 'awaiting' | 'immediate';

/** Element-instance state transitions (engine/runtime/lifecycle.ts). */
export interface LifecycleBehavior {
  startProcessInstance(def: DefinitionRecord, variables: Variables, opts?: StartOptions): ElementInstanceRecord;
  /**
   * Creates the element instance in `scope` and runs its activation now; `localVariables` are
   * set on the new instance before its input mappings (a modification's variables for it).
   */
  activate(scope: ElementInstanceRecord, element: ElementModel, triggerVariables?: Variables, localVariables?: Variables): ElementInstanceRecord;
  /** Runs (again) the activation of an instance in ACTIVATING, e.g. after its incident was resolved. */
  runActivation(ei: ElementInstanceRecord): void;
  complete(ei: ElementInstanceRecord, eventGatewayChoice?: EventGatewayChoice): void;
  /** The job of the instance's current execution listener completed with `variables`: the next listener runs, or the element goes on. */
  executionListenerCompleted(ei: ElementInstanceRecord, variables: Variables): void;
  /**
   * Terminates the instance and everything below it. What follows is the caller's, or `then`:
   * run when the termination ended, at once or, when canceling task listeners hold it, later.
   */
  terminate(ei: ElementInstanceRecord, then?: AfterTermination): void;
  /**
   * Terminates the instance and everything below it, called instances included, within this
   * command: no canceling task listener runs (a process instance modification, as in Zeebe).
   */
  terminateNow(ei: ElementInstanceRecord): void;
  /** Interrupts a scope: terminates all its children and clears waiting tokens; `then` once they all ended. */
  terminateChildren(scope: ElementInstanceRecord, then?: AfterTermination): void;
  /** A termination an element held (onTerminate answered 'held') goes on: it ends, and so may its held ancestors. */
  terminationReleased(ei: ElementInstanceRecord): void;
}

/** Tokens on sequence flows and at joining gateways (engine/runtime/tokens.ts). */
export interface TokenBehavior {
  takeFlow(scope: ElementInstanceRecord, flow: SequenceFlowModel, triggerVariables?: Variables): void;
  tryInclusiveJoin(scopeKey: number, gateway: ElementModel): void;
  dropTokensInFlight(scope: ElementInstanceRecord): void;
}

/** A subscription an element instance is about to open, its expressions already evaluated. */
export type SubscriptionPlan =
  | { kind: 'timer'; elementId: string; dueAt: number; cycle?: { repetitionsLeft: number | null; spec: string } }
  | { kind: 'message'; elementId: string; name: string; correlationKey: string; interrupting: boolean }
  | { kind: 'signal'; elementId: string; name: string; interrupting: boolean };

/** A subscription an element instance owns, with the catch event it is for. */
export interface OwnedSubscription {
  kind: 'timer' | 'messageSubscription' | 'signalSubscription';
  key: number;
  elementId: string;
  /** message subscriptions: the message name */
  messageName?: string;
}

/** Event subscriptions, triggering and BPMN error/escalation propagation (engine/runtime/events.ts). */
export interface EventBehavior {
  openBoundarySubscriptions(ei: ElementInstanceRecord, element: ElementModel): void;
  /** Catch events, receive tasks and the targets of an event-based gateway. */
  openCatchSubscriptions(owner: ElementInstanceRecord, scope: ElementInstanceRecord, targets: ElementModel[]): void;
  openEventSubProcessSubscriptions(scope: ElementInstanceRecord, scopeElement: ElementModel): void;
  /** Evaluates what subscribing to `events` would open with the variables a scope sees; throws when an expression fails. */
  planSubscriptions(variables: Variables, events: ElementModel[]): SubscriptionPlan[];
  openPlannedSubscriptions(owner: ElementInstanceRecord, plans: SubscriptionPlan[]): void;
  /** The subscriptions an element instance owns (timers, message and signal subscriptions). */
  subscriptionsOf(ownerKey: number): OwnedSubscription[];
  /** A migrated subscription: the same subscription (key, due date, message) for another catch event. */
  retargetSubscription(subscription: OwnedSubscription, to: { definitionKey: number; elementId: string; interrupting: boolean }): void;
  closeSubscriptionsOf(ownerKey: number, only?: (elementId: string) => boolean): void;
  /** Returns false when the owner no longer waits. */
  triggerEvent(ownerKey: number, elementId: string, variables: Variables): boolean;
  /** Returns false when nothing catches the error (an incident was raised). */
  throwError(thrower: ElementInstanceRecord, code: string, message: string, variables: Variables): boolean;
  /** Returns true when an interrupting catch ended the thrower. */
  throwEscalation(thrower: ElementInstanceRecord, code: string): boolean;
}

export interface JobSpec {
  type: string;
  retries: number;
  kind: JobRecord['kind'];
  customHeaders: Record<string, string>;
  listenerEventType?: string;
  userTaskKey?: number;
}

/** Jobs (engine/runtime/jobs.ts). */
export interface JobBehavior {
  /** The job of a job-based element (zeebe:taskDefinition). */
  createElementJob(ei: ElementInstanceRecord, element: ElementModel, kind?: JobRecord['kind']): void;
  createJob(ei: ElementInstanceRecord, spec: JobSpec): JobRecord;
  /** The job of an execution listener (its type and retries evaluated in the instance's scope). */
  createExecutionListenerJob(ei: ElementInstanceRecord, listener: ExecutionListenerDefinition): void;
  cancelJobOf(ei: ElementInstanceRecord): void;
  retryJobAfterIncident(job: JobRecord): void;
}

/** Camunda user tasks and their task listeners (engine/runtime/user-tasks.ts). */
export interface UserTaskBehavior {
  createUserTask(ei: ElementInstanceRecord, element: ElementModel): void;
  /**
   * 'held' when canceling listeners run first; the task then releases the termination itself.
   * An 'immediate' termination cancels the task without them.
   */
  cancelUserTaskOf(ei: ElementInstanceRecord, mode: TerminationMode): void | 'held';
  listenerJobCompleted(job: JobRecord, corrections: Record<string, unknown>): void;
  listenerJobDenied(job: JobRecord, deniedReason: string): void;
}

/** Message correlation (engine/runtime/messages.ts). */
export interface MessageBehavior {
  /** A subscription just opened: buffered messages still alive correlate to it. */
  correlateBufferedMessages(sub: MessageSubscriptionRecord): void;
  /** An instance a message started ended: the next buffered message for its key may start one. */
  startByBufferedMessage(bpmnProcessId: string, correlationKey: string): void;
}

/** Signal broadcast (engine/runtime/signals.ts). */
export interface SignalBehavior {
  broadcastSignalFrom(name: string, variables: Variables): void;
}

/** DMN decisions (engine/runtime/decisions.ts). */
export interface DecisionBehavior {
  /**
   * Evaluates the decision a business rule task calls and answers its output; throws the
   * ActivationIncident Zeebe raises when the decision is missing or fails.
   */
  evaluateCalledDecision(ei: ElementInstanceRecord, element: ElementModel, decisionId: string): unknown;
}

/** Deployed resources (engine/runtime/definitions.ts). */
export interface DefinitionBehavior {
  latestDefinitionByProcessId(bpmnProcessId: string): DefinitionRecord | undefined;
  latestDefinitionWhere(matches: (def: DefinitionRecord) => boolean): DefinitionRecord | undefined;
  latestFormById(formId: string): FormRecord | undefined;
}

/** Compensation subscriptions and handlers (engine/runtime/compensation.ts). */
export interface CompensationBehavior {
  /** An element instance completes: it may become compensable, or be a handler whose compensation is done. */
  elementCompleted(ei: ElementInstanceRecord, element: ElementModel): void;
  /** An element instance is terminated: what completed inside it can no longer be compensated. */
  elementTerminated(ei: ElementInstanceRecord): void;
  /**
   * A compensation throw event invokes the handlers of the completed activities in its scope (or of
   * its activityRef); false when there was nothing to compensate. The thrower is completed once
   * every handler it invoked completed.
   */
  throwCompensation(thrower: ElementInstanceRecord, element: ElementModel): boolean;
}
