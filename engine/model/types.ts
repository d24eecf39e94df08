/**
 * The compiled, executable form of a deployed BPMN process. The compiler (compile.ts) turns
 * bpmn-moddle's object tree into these plain objects once per deployment, so the runtime never
 * touches moddle and a definition can be cached and re-read from storage by re-compiling its XML.
 */

/** A value that is either a literal or a FEEL expression (the XML value started with '='). */
export type Expr =
  | { kind: 'static'; value: string }
  | { kind: 'feel'; source: string };

/** A zeebe:input / zeebe:output entry. `source` is FEEL (leading '=' stripped); `target` a variable name or path. */
export interface VariableMapping {
  /** a static input source is a plain string, as in Zeebe; output sources are always FEEL */
  source: Expr;
  target: string;
}

export type TimerDef =
  | { kind: 'duration'; expr: Expr }
  | { kind: 'date'; expr: Expr }
  | { kind: 'cycle'; expr: Expr };

export type EventDefinition =
  | { type: 'none' }
  | { type: 'message'; messageName: Expr; correlationKey?: Expr }
  | { type: 'timer'; timer: TimerDef }
  /** errorCode undefined means catch-all (boundary/start) */
  | { type: 'error'; errorCode?: Expr }
  /** escalationCode undefined means catch-all (boundary/start) */
  | { type: 'escalation'; escalationCode?: Expr }
  | { type: 'signal'; signalName: Expr }
  | { type: 'terminate' }
  /** intermediate throw and catch events only: a throw jumps to the catch of its name in its scope */
  | { type: 'link'; name: string }
  /** boundary events (no activityRef), intermediate throw and end events: activityRef narrows a throw to one activity */
  | { type: 'compensation'; activityRef?: string };

export interface JobDefinition {
  type: Expr;
  /** defaults to static '3' like Zeebe */
  retries: Expr;
  headers: Record<string, string>;
  /** job-worker user tasks: settings evaluated when the job is created, sent as io.camunda.zeebe:* headers */
  userTask?: JobWorkerUserTaskSettings;
  /** zeebe:linkedResources: deployed resources (RPA scripts) resolved when the job is created, sent in its linkedResources header */
  linkedResources?: LinkedResourceDefinition[];
}

/** One zeebe:linkedResource: a deployed resource by id, the version its binding picks. */
export interface LinkedResourceDefinition {
  resourceId: string;
  resourceType: string;
  /** how the worker tells the resources apart (RPAScript, Before, After); Zeebe passes an absent one on as null */
  linkName?: string;
  binding: ResourceBinding;
}

/** A user task without zeebe:userTask: what Zeebe 8.8 evaluates into its job's headers. */
export interface JobWorkerUserTaskSettings {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  /** a linked form: the formKey header carries the key of the version its binding picks */
  formId?: string;
  formBinding?: ResourceBinding;
}

export type TaskListenerEventType = 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';

export interface TaskListenerDefinition {
  eventType: TaskListenerEventType;
  type: Expr;
  retries: Expr;
}

export type ExecutionListenerEventType = 'start' | 'end';

/** A zeebe:executionListener: a job of `type` the element waits for before (start) or after (end) its own work. */
export interface ExecutionListenerDefinition {
  eventType: ExecutionListenerEventType;
  type: Expr;
  /** defaults to static '3' like Zeebe */
  retries: Expr;
}

export interface UserTaskDefinition {
  assignee?: Expr;
  candidateGroups?: Expr;
  candidateUsers?: Expr;
  dueDate?: Expr;
  followUpDate?: Expr;
  priority?: Expr;
  /** zeebe:formDefinition formId (linked, deployed form; the version its binding picks at activation) */
  formId?: string;
  formBinding?: ResourceBinding;
  /** zeebe:formDefinition externalReference */
  externalReference?: string;
  listeners: TaskListenerDefinition[];
  headers: Record<string, string>;
}

export interface MultiInstanceDefinition {
  sequential: boolean;
  /** FEEL, leading '=' stripped */
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  /** FEEL, leading '=' stripped */
  outputElement?: string;
  /** FEEL, leading '=' stripped */
  completionCondition?: string;
}

/** bpmn:adHocSubProcess with zeebe:adHoc (Camunda 8.8, BPMN implementation). */
export interface AdHocDefinition {
  /** FEEL, leading '=' stripped: the ids of the inner elements activated on entry */
  activeElementsCollection?: string;
  /** FEEL, leading '=' stripped: evaluated each time an inner flow completes */
  completionCondition?: string;
  /** default true: once the condition holds, what still runs inside is terminated */
  cancelRemainingInstances: boolean;
  /** local variable collecting outputElement of each completed inner flow; propagated on completion */
  outputCollection?: string;
  /** FEEL, leading '=' stripped */
  outputElement?: string;
  /** the inner elements an activation may name: flow nodes without incoming flows (set by the structure check) */
  activityIds: string[];
  /** id of the synthetic element each activation's inner instance has (Zeebe's `<id>#innerInstance`) */
  innerInstanceId: string;
  /** the `adHocSubProcessElements` variable: one entry per activatable element */
  elements: AdHocElementMetadata[];
}

export interface AdHocElementMetadata {
  elementId: string;
  elementName: string;
  documentation: string;
  properties: Record<string, string>;
  /** fromAi() parameters of the element's input mappings; not read by the embedded engine */
  parameters: unknown[];
}

/** How a call activity, business rule task or linked form picks the version it uses (Zeebe's ZeebeBindingType). */
export type BindingType = 'latest' | 'deployment' | 'versionTag';

/** A binding type with, for binding by version tag, the tag. */
export interface ResourceBinding {
  bindingType: BindingType;
  versionTag?: string;
}

export interface CalledElementDefinition {
  processId: Expr;
  /** which version of the process: the latest, the one deployed with the caller, or the latest with `versionTag` */
  bindingType: BindingType;
  versionTag?: string;
  propagateAllChildVariables: boolean;
  propagateAllParentVariables: boolean;
}

export interface CalledDecisionDefinition {
  decisionId: Expr;
  resultVariable: string;
  /** which version of the decision: the latest, the one deployed with the process, or the one with `versionTag` */
  bindingType: BindingType;
  versionTag?: string;
}

/**
 * What the runtime does with an element. Several BPMN types share one behaviour:
 * service, send, script (job-based) and business-rule (job-based) tasks are all 'jobTask'.
 * Message intermediate throw / end events keep 'intermediateThrowEvent' / 'endEvent' and carry
 * their zeebe:taskDefinition in `job`: a job worker publishes the message.
 */
export type ElementBehavior =
  | 'process'
  | 'subProcess'
  | 'eventSubProcess'
  | 'adHocSubProcess'
  /** the synthetic flow scope of one activation inside an ad-hoc sub-process (not in the XML) */
  | 'adHocInnerInstance'
  | 'callActivity'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  /** intermediate throw / catch events with a bpmn:LinkEventDefinition */
  | 'linkThrowEvent'
  | 'linkCatchEvent'
  /** intermediate throw / end events with a bpmn:CompensateEventDefinition */
  | 'compensationThrowEvent'
  | 'boundaryEvent'
  | 'jobTask'
  | 'userTask'
  | 'receiveTask'
  /** bpmn:Task and bpmn:ManualTask: complete at once */
  | 'passThroughTask'
  /** bpmn:ScriptTask with zeebe:script (FEEL) */
  | 'feelScriptTask'
  /** bpmn:BusinessRuleTask with zeebe:calledDecision (DMN) */
  | 'decisionTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway';

export interface ElementModel {
  id: string;
  name?: string;
  /** the moddle type, e.g. 'bpmn:ServiceTask' — reported in API answers and errors */
  bpmnType: string;
  behavior: ElementBehavior;
  /** id of the flow scope: the process id, or the id of the (event) sub-process containing it */
  parentId?: string;
  /** sequence flow ids */
  incoming: string[];
  outgoing: string[];
  defaultFlowId?: string;
  inputs: VariableMapping[];
  outputs: VariableMapping[];
  /**
   * events: their (single) event definition; 'none' when absent. Receive tasks: their message.
   * Message names of process start events are always static (Zeebe resolves them at deployment);
   * a message throw event's name is informational ('' without messageRef).
   */
  event?: EventDefinition;
  /** boundary events: cancelActivity; event sub-process start events: isInterrupting */
  interrupting?: boolean;
  /** boundary events: the activity they are attached to */
  attachedToId?: string;
  /** activities: ids of boundary events attached to them */
  boundaryEventIds: string[];
  job?: JobDefinition;
  userTask?: UserTaskDefinition;
  script?: { expression: string; resultVariable: string };
  multiInstance?: MultiInstanceDefinition;
  calledElement?: CalledElementDefinition;
  adHoc?: AdHocDefinition;
  calledDecision?: CalledDecisionDefinition;
  /** process, subProcess, eventSubProcess: direct child element ids (not nested deeper) */
  childIds: string[];
  /** process, subProcess: the none start event the scope begins with */
  noneStartEventId?: string;
  /** process, subProcess, eventSubProcess: event sub-processes directly inside */
  eventSubProcessIds: string[];
  /** eventSubProcess: its single start event */
  startEventId?: string;
  /** link throw events: the link catch event of the same name in the same scope */
  linkTargetId?: string;
  /** zeebe:executionListener entries of event type start / end, in model order; absent when none */
  startListeners?: ExecutionListenerDefinition[];
  endListeners?: ExecutionListenerDefinition[];
  /** activities marked isForCompensation: run only as the compensation handler of another activity */
  isForCompensation?: boolean;
  /** compensation boundary events: the handler their association points to */
  compensationHandlerId?: string;
}

export interface SequenceFlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  /** FEEL, leading '=' stripped; undefined = unconditional */
  condition?: string;
}

export interface ProcessModel {
  /** bpmn process id */
  id: string;
  name?: string;
  /** zeebe:versionTag of the process, for call activities bound by version tag */
  versionTag?: string;
  /** the process element itself is elements.get(id) with behavior 'process' */
  elements: Map<string, ElementModel>;
  flows: Map<string, SequenceFlowModel>;
  /** top-level start events by kind, for message/timer/signal instantiation */
  messageStartEventIds: string[];
  timerStartEventIds: string[];
  signalStartEventIds: string[];
  /** formId of the first process-level none start event's zeebe:formDefinition (Tasklist's start form) */
  startFormId?: string;
}

/** One problem found while compiling a diagram; every problem names the element. */
export interface ModelProblem {
  elementId: string;
  elementType: string;
  message: string;
}
