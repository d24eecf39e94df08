import type { ElementModel, SequenceFlowModel } from '../../model/types.js';
import type { RuntimeContext } from '../context.js';
import type { ElementInstanceRecord, Variables } from '../records.js';
import type { TerminationMode } from '../behaviors.js';

/**
 * What one kind of element does at each step of its lifecycle (Zeebe's BpmnElementProcessor).
 * The lifecycle (engine/runtime/lifecycle.ts) owns the state transitions, variable mappings,
 * boundary events and incidents; a processor adds only what is particular to its kind, and
 * reaches everything shared through `ctx.behaviors`.
 *
 * Adding an element kind: a behaviour name in engine/model/types.ts (ElementBehavior), the
 * compiler mapping to it, a processor file here, and one line in ./registry.ts.
 */
export interface ElementProcessor {
  /**
   * The element's own work once it is ACTIVATED (input mappings applied, boundary events open):
   * complete at once, or create what it waits for (job, user task, subscription, child).
   * An ActivationIncident, FeelError or TimerValueError thrown here becomes an incident and
   * leaves the instance in ACTIVATING, to be retried.
   */
  onActivate(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void;
  /**
   * True for a processor whose onActivate maps inputs, opens boundary events and marks the
   * instance ACTIVATED itself (the multi-instance body, whose inputs belong to its inner instances).
   */
  activatesItself?: boolean;
  /** Writes the element's results into the variables when it completes; default: output mappings. A FeelError is an IO_MAPPING_ERROR incident. */
  onComplete?(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel): void;
  /** The sequence flows taken when the element completes; default: all outgoing flows. */
  selectOutgoing?(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, outgoing: SequenceFlowModel[]): SequenceFlowModel[];
  /**
   * Ends what the element owns (job, user task, called instance) when it is terminated; its
   * children and subscriptions are already gone. 'held' keeps the instance TERMINATING until the
   * processor calls lifecycle.terminationReleased (a user task's canceling listeners, a called
   * instance whose termination is held); an 'immediate' termination must not be held.
   */
  onTerminate?(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, mode: TerminationMode): void | 'held';
}

/** An element that holds other element instances (process, sub-processes, multi-instance body). */
export interface ContainerProcessor extends ElementProcessor {
  /**
   * A child is about to complete (its output mappings ran): the container takes its result.
   * A FeelError is an IO_MAPPING_ERROR incident on the child.
   */
  beforeChildCompleted?(ctx: RuntimeContext, scope: ElementInstanceRecord, child: ElementInstanceRecord, childElement: ElementModel): void;
  /** A child whose termination was held ended later, while this container is still active: it may complete now. */
  onHeldChildTerminated?(ctx: RuntimeContext, scope: ElementInstanceRecord): void;
  /** A child completed and was removed: move its token on along `flows`, or complete the container. */
  onChildCompleted(
    ctx: RuntimeContext,
    scope: ElementInstanceRecord,
    child: ElementInstanceRecord,
    childElement: ElementModel,
    flows: SequenceFlowModel[],
    triggerVariables: Variables | undefined,
  ): void;
}

/** An element that waits for a process instance it started (call activity). */
export interface CallingProcessor extends ElementProcessor {
  /** The called instance completed with these variables. */
  onCalledInstanceCompleted(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, variables: Variables): void;
}

/** One inner element to start in an ad-hoc sub-process, with variables for its inner instance. */
export interface AdHocActivation {
  elementId: string;
  variables?: Variables;
}

/** An ad-hoc sub-process: inner elements are started on entry, by the REST API or a job worker. */
export interface AdHocProcessor extends ContainerProcessor {
  /** Starts each element in an inner instance of its own; the ids are already validated. */
  activateElements(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, activations: AdHocActivation[]): void;
  /** The job-worker variant's job completed (its result already validated). */
  jobCompleted(ctx: RuntimeContext, ei: ElementInstanceRecord, element: ElementModel, variables: Variables, result: AdHocJobResult): void;
}

/** The `adHocSubProcess` job result of the 8.8 job completion request. */
export interface AdHocJobResult {
  activateElements?: AdHocActivation[];
  isCompletionConditionFulfilled?: boolean;
  isCancelRemainingInstances?: boolean;
}
