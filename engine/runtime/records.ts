/** The engine's durable records. Keys are engine keys (numbers below 2^53, strings on the wire). */

export type Variables = Record<string, unknown>;

/** What every deployed BPMN process and DMN graph keeps: its version and the resource it came from. */
interface DeployedResourceRecord {
  key: number;
  name?: string;
  version: number;
  resourceName: string;
  deploymentKey: number;
  checksum: string;
  xml: string;
  deployedAt: number;
}

export interface DefinitionRecord extends DeployedResourceRecord {
  bpmnProcessId: string;
  versionTag?: string;
}

/** A deployed DMN resource: one decision requirements graph (DRG), versioned by its id. */
export interface DecisionRequirementsRecord extends DeployedResourceRecord {
  decisionRequirementsId: string;
}

/** A decision of a deployed DRG, versioned by its decision id. */
export interface DecisionRecord {
  key: number;
  decisionId: string;
  name?: string;
  version: number;
  versionTag?: string;
  decisionRequirementsKey: number;
  decisionRequirementsId: string;
  deploymentKey: number;
}

export interface FormRecord {
  key: number;
  formId: string;
  version: number;
  /** the form's own versionTag property, for linked forms bound by version tag */
  versionTag?: string;
  resourceName: string;
  deploymentKey: number;
  checksum: string;
  schema: string;
}

/** A deployed resource other than a process, decision or form: an RPA script (.rpa), versioned by its id. */
export interface ResourceRecord {
  key: number;
  resourceId: string;
  version: number;
  /** the .rpa JSON's versionTag, for linked resources bound by version tag */
  versionTag?: string;
  resourceName: string;
  deploymentKey: number;
  checksum: string;
  content: string;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** Summary kept for search after the instance ends (element instances are deleted when they end). */
export interface ProcessInstanceRecord {
  key: number;
  definitionKey: number;
  bpmnProcessId: string;
  version: number;
  state: ProcessInstanceState;
  startDate: number;
  endDate?: number;
  parentProcessInstanceKey?: number;
  parentElementInstanceKey?: number;
  /** correlation key of the message that started it; one active instance per key (Zeebe rule) */
  startedByCorrelationKey?: string;
  incidentCount: number;
}

export type ElementInstanceState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'TERMINATING';

export interface MultiInstanceState {
  items: unknown[];
  /** index of the next item to start (sequential) */
  next: number;
  completed: number;
}

/** What follows a termination, kept as data so a termination held across commands survives a restart. */
export interface AfterTermination {
  /** activate this element in that scope, with these variables (a boundary event, an event sub-process) */
  activate: { scopeKey: number; elementId: string; variables: Variables };
}

export interface ElementInstanceRecord {
  key: number;
  processInstanceKey: number;
  definitionKey: number;
  elementId: string;
  /** null for the process instance itself */
  flowScopeKey: number | null;
  state: ElementInstanceState;
  /** local variables of this scope */
  variables: Variables;
  /** job / message / user-task completion variables waiting for output mappings */
  pending?: Variables;
  /** element instances that are direct children of this one and have not ended, plus tokens on a flow to one (between steps of a command) */
  activeChildren: number;
  /** tokens on sequence flows into a joining gateway, per gateway id, per flow id */
  joins?: Record<string, Record<string, number>>;
  /** true for the body of a multi-instance activity (its inner instances are its children) */
  multiInstanceBody?: boolean;
  multiInstance?: MultiInstanceState;
  loopCounter?: number;
  jobKey?: number;
  userTaskKey?: number;
  calledProcessInstanceKey?: number;
  /** set on a process instance started by a call activity */
  parentElementInstanceKey?: number;
  /** an interrupting event sub-process already ran in this scope */
  interrupted?: boolean;
  /** a termination held by canceling task listeners: what follows it once it ends (a boundary event, say) */
  afterTermination?: AfterTermination;
  /** a scope whose children's termination is held: what follows once the last one ended (an interrupting event sub-process) */
  afterChildrenTerminated?: AfterTermination;
  /** ad-hoc sub-process: its completion condition held once; it completes when nothing runs inside any more */
  completionConditionFulfilled?: boolean;
  incidentKey?: number;
  /**
   * while execution listeners run: the index of the current one among the element's start
   * listeners (state ACTIVATING) or end listeners (state COMPLETING)
   */
  listenerIndex?: number;
  /** a process instance whose start listeners run: the start event it will begin at (its trigger variables wait in `pending`) */
  startElementId?: string;
  /** the process instance (root) only: compensation subscriptions of its completed activities */
  compensations?: CompensationSubscriptionRecord[];
}

/**
 * A completed activity that can be compensated (Zeebe's compensation subscription): one with a
 * compensation boundary event, or a sub-process / multi-instance body whose children left
 * subscriptions. Kept on the process instance until compensated or the instance ends.
 */
export interface CompensationSubscriptionRecord {
  key: number;
  /** the activity; a multi-instance activity's subscription is its body's */
  activityId: string;
  activityInstanceKey: number;
  /** the flow scope instance the activity completed in */
  scopeKey: number;
  /** the handler its compensation boundary event is associated with; absent for a scope's own */
  handlerId?: string;
  /** set once a throw event triggered it; it ends when its handler (or every subscription below it) completed */
  throwEventInstanceKey?: number;
  handlerInstanceKey?: number;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';
export type JobKind = 'BPMN_ELEMENT' | 'EXECUTION_LISTENER' | 'TASK_LISTENER' | 'AD_HOC_SUB_PROCESS';

export interface JobRecord {
  key: number;
  type: string;
  kind: JobKind;
  listenerEventType?: string;
  state: JobState;
  retries: number;
  worker?: string;
  deadline?: number;
  backoffUntil?: number;
  errorMessage?: string;
  errorCode?: string;
  elementInstanceKey: number;
  processInstanceKey: number;
  definitionKey: number;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  customHeaders: Record<string, string>;
  userTaskKey?: number;
  createdAt: number;
  incidentKey?: number;
}

export interface TimerRecord {
  key: number;
  dueAt: number;
  /** the element whose event it is: catch event, boundary event, start event */
  elementId: string;
  /** the instance that owns the subscription (catch event, activity, scope, event gateway); absent for process start timers */
  ownerKey?: number;
  processInstanceKey?: number;
  definitionKey: number;
  cycle?: { repetitionsLeft: number | null; spec: string };
}

export interface MessageSubscriptionRecord {
  key: number;
  messageName: string;
  correlationKey: string;
  elementId: string;
  ownerKey: number;
  processInstanceKey: number;
  definitionKey: number;
  interrupting: boolean;
}

export interface SignalSubscriptionRecord {
  key: number;
  signalName: string;
  elementId: string;
  ownerKey: number;
  processInstanceKey: number;
  definitionKey: number;
  interrupting: boolean;
}

export interface MessageRecord {
  key: number;
  name: string;
  correlationKey: string;
  messageId?: string;
  variables: Variables;
  expiresAt: number;
  /**
   * bpmn process ids it correlated to, through a subscription or a start event: Zeebe correlates
   * a message once per process (all versions, all instances), never to a second subscription of it
   */
  correlatedProcesses: string[];
}

export type IncidentErrorType =
  | 'JOB_NO_RETRIES'
  | 'AD_HOC_SUB_PROCESS_NO_RETRIES'
  | 'UNHANDLED_ERROR_EVENT'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'FORM_NOT_FOUND'
  | 'RESOURCE_NOT_FOUND'
  | 'TASK_LISTENER_NO_RETRIES'
  | 'EXECUTION_LISTENER_NO_RETRIES'
  | 'CALLED_DECISION_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'UNKNOWN';

export interface IncidentRecord {
  key: number;
  errorType: IncidentErrorType;
  errorMessage: string;
  state: 'ACTIVE' | 'RESOLVED';
  elementId: string;
  elementInstanceKey: number;
  processInstanceKey: number;
  definitionKey: number;
  bpmnProcessId: string;
  jobKey?: number;
  creationTime: number;
  /** what to retry on resolution when no job is involved */
  retry?: 'activate' | 'complete';
}

export type UserTaskState =
  | 'CREATING'
  | 'CREATED'
  | 'ASSIGNING'
  | 'UPDATING'
  | 'COMPLETING'
  | 'CANCELING'
  | 'COMPLETED'
  | 'CANCELED'
  | 'FAILED';

export interface UserTaskChanges {
  assignee?: string | null;
  dueDate?: string | null;
  followUpDate?: string | null;
  candidateGroups?: string[];
  candidateUsers?: string[];
  priority?: number;
}

export interface UserTaskRecord {
  key: number;
  elementInstanceKey: number;
  processInstanceKey: number;
  definitionKey: number;
  bpmnProcessId: string;
  version: number;
  elementId: string;
  name?: string;
  state: UserTaskState;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  dueDate?: string;
  followUpDate?: string;
  priority: number;
  formKey?: number;
  externalFormReference?: string;
  customHeaders: Record<string, string>;
  creationDate: number;
  completionDate?: number;
  /** the transition in progress while its listeners run */
  transition?: {
    eventType: 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling';
    listenerIndex: number;
    changes: UserTaskChanges;
    variables?: Variables;
    action?: string;
    /** state to return to when a listener denies */
    previousAssignee?: string;
  };
}
