/**
 * Turns Zeebe extension elements (task definitions, mappings, user task settings, loops, called
 * elements, scripts) into their model form, applying Zeebe's deployment-time rules.
 */
import { ZeebeExtensions } from './extensions.js';
import type { StaticRule } from './expressions.js';
import { RULES, readExpr, readFeelOnly } from './expressions.js';
import type { ModdleElement } from './moddle.js';
import { bool, expressionBody, list, str } from './moddle.js';
import { readFormBinding, readFormReference } from './forms.js';
import { readLinkedResources } from './linked-resources.js';
import type { Report } from './problems.js';
import type {
  CalledDecisionDefinition,
  BindingType,
  CalledElementDefinition,
  Expr,
  JobDefinition,
  JobWorkerUserTaskSettings,
  MultiInstanceDefinition,
  TaskListenerDefinition,
  TaskListenerEventType,
  UserTaskDefinition,
  VariableMapping,
} from './types.js';

/** Reads a required, non-empty attribute; reports and returns '' when it is missing. */
export function required(element: ModdleElement, attribute: string, label: string, report: Report): string {
  const value = str(element, attribute);
  if (value === undefined || value.trim() === '') {
    report(`${label} must be present and not empty`);
    return '';
  }
  return value;
}

/** Adds the optional fields that have a value, so absent settings don't show up as undefined keys. */
function withDefined<T extends object>(base: T, optional: Partial<T>): T {
  const result = { ...base };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      Object.assign(result, { [key]: value });
    }
  }
  return result;
}

/** Only the 'latest' binding can be expressed by the model; others would resolve a different version. */
export function readHeaders(extensions: ZeebeExtensions, report: Report): Record<string, string> {
  const headers: Record<string, string> = {};
  const taskHeaders = extensions.take('zeebe:TaskHeaders');
  for (const header of taskHeaders ? list(taskHeaders, 'values') : []) {
    const key = required(header, 'key', 'zeebe:header key', report);
    headers[key] = str(header, 'value') ?? '';
  }
  return headers;
}

/** undefined when the element has no zeebe:taskDefinition; the caller decides whether that is allowed. */
export function readJob(extensions: ZeebeExtensions, report: Report): JobDefinition | undefined {
  const definition = extensions.take('zeebe:TaskDefinition');
  if (!definition) {
    return undefined;
  }
  const type = required(definition, 'type', 'zeebe:taskDefinition type', report);
  // Zeebe reads an empty retries attribute as an absent one
  const given = str(definition, 'retries');
  const retries = given === undefined || given.trim() === '' ? '3' : given;
  const linkedResources = readLinkedResources(extensions, report);
  return {
    type: readExpr(type, 'zeebe:taskDefinition type', report),
    retries: readExpr(retries, 'zeebe:taskDefinition retries', report),
    headers: readHeaders(extensions, report),
    ...(linkedResources && { linkedResources }),
  };
}

/** A literal input source (no '=') is a plain string value in Zeebe; output sources must be expressions. */
export function readIoMapping(
  extensions: ZeebeExtensions,
  report: Report,
): { inputs: VariableMapping[]; outputs: VariableMapping[] } {
  const ioMapping = extensions.take('zeebe:IoMapping');
  if (!ioMapping) {
    return { inputs: [], outputs: [] };
  }
  const inputs = list(ioMapping, 'inputParameters').map((input) => {
    const target = required(input, 'target', 'zeebe:input target', report);
    // since 8.8 an input without a source declares the local variable with the value null
    const given = str(input, 'source');
    const source = given === undefined || given.trim() === '' ? '=null' : given;
    return { source: readExpr(source, `zeebe:input source (target '${target}')`, report), target };
  });
  const outputs = list(ioMapping, 'outputParameters').map((output) => {
    const target = required(output, 'target', 'zeebe:output target', report);
    const source = required(output, 'source', `zeebe:output source (target '${target}')`, report);
    const feel = readFeelOnly(source, `zeebe:output source (target '${target}')`, report);
    return { source: { kind: 'feel' as const, source: feel }, target };
  });
  return { inputs, outputs };
}

/** Zeebe's job type for user tasks without zeebe:userTask, which a task-list worker takes. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

/**
 * A user task without zeebe:userTask (a job-worker user task, still deployed by Zeebe 8.8) is a job
 * with one retry; its assignment, schedule and form are evaluated when the job is created and travel
 * as Zeebe's io.camunda.zeebe:* headers. A form key is a header as it stands.
 */
export function readJobWorkerUserTask(extensions: ZeebeExtensions, report: Report): JobDefinition {
  const headers = readHeaders(extensions, report);
  const assignment = extensions.take('zeebe:AssignmentDefinition');
  const schedule = extensions.take('zeebe:TaskSchedule');
  const form = readFormReference(extensions, report);
  if (form?.formKey !== undefined) headers['io.camunda.zeebe:formKey'] = form.formKey;
  const userTask = withDefined<JobWorkerUserTaskSettings>(
    {},
    {
      assignee: optionalExpr(assignment, 'assignee', 'zeebe:assignmentDefinition assignee', report),
      candidateGroups: optionalExpr(assignment, 'candidateGroups', 'zeebe:assignmentDefinition candidateGroups', report, RULES.csv),
      candidateUsers: optionalExpr(assignment, 'candidateUsers', 'zeebe:assignmentDefinition candidateUsers', report, RULES.csv),
      dueDate: optionalExpr(schedule, 'dueDate', 'zeebe:taskSchedule dueDate', report, RULES.dateTime),
      followUpDate: optionalExpr(schedule, 'followUpDate', 'zeebe:taskSchedule followUpDate', report, RULES.dateTime),
      formId: form?.formId,
      formBinding: form?.formBinding,
    },
  );
  return { type: { kind: 'static', value: USER_TASK_JOB_TYPE }, retries: { kind: 'static', value: '1' }, headers, userTask };
}

const LISTENER_EVENT_TYPES: readonly TaskListenerEventType[] = ['creating', 'assigning', 'updating', 'completing', 'canceling'];

/** Deprecated spellings Zeebe still accepts. */
const DEPRECATED_LISTENER_EVENT_TYPES: Record<string, TaskListenerEventType> = {
  create: 'creating',
  assignment: 'assigning',
  update: 'updating',
  complete: 'completing',
  cancel: 'canceling',
};

function listenerEventType(name: string): TaskListenerEventType | undefined {
  return LISTENER_EVENT_TYPES.find((type) => type === name) ?? DEPRECATED_LISTENER_EVENT_TYPES[name];
}

function readTaskListeners(extensions: ZeebeExtensions, report: Report): TaskListenerDefinition[] {
  const taskListeners = extensions.take('zeebe:TaskListeners');
  return (taskListeners ? list(taskListeners, 'listeners') : []).map((listener) => {
    const rawEventType = required(listener, 'eventType', 'zeebe:taskListener eventType', report);
    const eventType = listenerEventType(rawEventType);
    if (rawEventType !== '' && eventType === undefined) {
      report(`zeebe:taskListener eventType '${rawEventType}' is not one of ${LISTENER_EVENT_TYPES.join(', ')}`);
    }
    const type = required(listener, 'type', 'zeebe:taskListener type', report);
    return {
      eventType: eventType ?? 'creating',
      type: readExpr(type, 'zeebe:taskListener type', report),
      retries: readExpr(str(listener, 'retries') ?? '3', 'zeebe:taskListener retries', report),
    };
  });
}

const FORM_KEY_UNSUPPORTED = 'embedded/ formKey forms are not supported, use formId';

function readForm(extensions: ZeebeExtensions, report: Report): Pick<UserTaskDefinition, 'formId' | 'formBinding' | 'externalReference'> {
  if (extensions.take('zeebe:UserTaskForm')) {
    report(FORM_KEY_UNSUPPORTED);
  }
  const form = extensions.take('zeebe:FormDefinition');
  if (!form) {
    return {};
  }
  if (str(form, 'formKey') !== undefined) {
    report(FORM_KEY_UNSUPPORTED);
    return {};
  }
  const formId = str(form, 'formId')?.trim() || undefined;
  const formBinding = formId !== undefined ? readFormBinding(form, report) : undefined;
  const externalReference = str(form, 'externalReference')?.trim() || undefined;
  if ((formId === undefined) === (externalReference === undefined)) {
    report('zeebe:formDefinition needs exactly one of formId and externalReference');
  }
  if (externalReference?.startsWith('=')) {
    report('a FEEL expression as zeebe:formDefinition externalReference is not supported by the embedded engine');
  }
  return withDefined<Pick<UserTaskDefinition, 'formId' | 'formBinding' | 'externalReference'>>({}, { formId, formBinding, externalReference });
}

function optionalExpr(
  element: ModdleElement | undefined,
  attribute: string,
  label: string,
  report: Report,
  rule?: StaticRule,
): Expr | undefined {
  const value = element ? str(element, attribute) : undefined;
  return value === undefined || value === '' ? undefined : readExpr(value, label, report, rule);
}

export function readUserTask(extensions: ZeebeExtensions, report: Report): UserTaskDefinition {
  const assignment = extensions.take('zeebe:AssignmentDefinition');
  const schedule = extensions.take('zeebe:TaskSchedule');
  const priorityDefinition = extensions.take('zeebe:PriorityDefinition');
  const priority = priorityDefinition
    ? readExpr(
        required(priorityDefinition, 'priority', 'zeebe:priorityDefinition priority', report),
        'zeebe:priorityDefinition priority',
        report,
        RULES.priority,
      )
    : undefined;
  return withDefined<UserTaskDefinition>(
    {
      ...readForm(extensions, report),
      listeners: readTaskListeners(extensions, report),
      headers: readHeaders(extensions, report),
    },
    {
      assignee: optionalExpr(assignment, 'assignee', 'zeebe:assignmentDefinition assignee', report),
      candidateGroups: optionalExpr(assignment, 'candidateGroups', 'zeebe:assignmentDefinition candidateGroups', report, RULES.csv),
      candidateUsers: optionalExpr(assignment, 'candidateUsers', 'zeebe:assignmentDefinition candidateUsers', report, RULES.csv),
      dueDate: optionalExpr(schedule, 'dueDate', 'zeebe:taskSchedule dueDate', report, RULES.dateTime),
      followUpDate: optionalExpr(schedule, 'followUpDate', 'zeebe:taskSchedule followUpDate', report, RULES.dateTime),
      priority,
    },
  );
}

export function readMultiInstance(loop: ModdleElement, report: Report): MultiInstanceDefinition | undefined {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    report(`${loop.$type} (standard loops) is not supported, use a multi-instance marker`);
    return undefined;
  }
  const extensions = new ZeebeExtensions(loop, report);
  const characteristics = extensions.take('zeebe:LoopCharacteristics');
  extensions.reportUnused(loop.$type);
  if (!characteristics) {
    report('a multi-instance activity needs zeebe:loopCharacteristics with an inputCollection');
    return undefined;
  }
  const inputElement = str(characteristics, 'inputElement')?.trim() || undefined;
  const outputCollection = str(characteristics, 'outputCollection')?.trim() || undefined;
  const outputElement = str(characteristics, 'outputElement')?.trim() || undefined;
  if ((outputCollection === undefined) !== (outputElement === undefined)) {
    report('zeebe:loopCharacteristics outputCollection and outputElement must be set together');
  }
  const completionCondition = expressionBody(loop, 'completionCondition')?.trim() || undefined;
  return withDefined<MultiInstanceDefinition>(
    {
      sequential: bool(loop, 'isSequential') ?? false,
      inputCollection: readFeelOnly(
        required(characteristics, 'inputCollection', 'zeebe:loopCharacteristics inputCollection', report),
        'zeebe:loopCharacteristics inputCollection',
        report,
      ),
    },
    {
      inputElement,
      outputCollection,
      outputElement: outputElement && readFeelOnly(outputElement, 'zeebe:loopCharacteristics outputElement', report),
      completionCondition: completionCondition && readFeelOnly(completionCondition, 'completionCondition', report),
    },
  );
}

export function readCalledElement(extensions: ZeebeExtensions, report: Report): CalledElementDefinition | undefined {
  const calledElement = extensions.take('zeebe:CalledElement');
  if (!calledElement) {
    report('a call activity needs zeebe:calledElement with a processId');
    return undefined;
  }
  const processId = required(calledElement, 'processId', 'zeebe:calledElement processId', report);
  return {
    processId: readExpr(processId, 'zeebe:calledElement processId', report),
    ...readBinding(calledElement, 'zeebe:calledElement', report),
    propagateAllChildVariables: bool(calledElement, 'propagateAllChildVariables') ?? true,
    propagateAllParentVariables: bool(calledElement, 'propagateAllParentVariables') ?? true,
  };
}

const BINDING_TYPES = ['latest', 'deployment', 'versionTag'] as const;

/** bindingType (absent: latest) and, for binding by version tag, the tag that must be given. */
function readBinding(element: ModdleElement, label: string, report: Report): { bindingType: BindingType; versionTag?: string } {
  const binding = str(element, 'bindingType')?.trim() || 'latest';
  const bindingType = BINDING_TYPES.find((t) => t === binding);
  if (!bindingType) report(`${label} bindingType '${binding}' is not one of ${BINDING_TYPES.join(', ')}`);
  const versionTag = str(element, 'versionTag')?.trim();
  if (bindingType === 'versionTag' && !versionTag) report(`${label} versionTag must be present and not empty when the bindingType is 'versionTag'`);
  return { bindingType: bindingType ?? 'latest', ...(bindingType === 'versionTag' && versionTag ? { versionTag } : {}) };
}

/** A business rule task's zeebe:calledDecision: the decision (FEEL or static id), where its result goes, which version. */
export function readCalledDecision(calledDecision: ModdleElement, report: Report): CalledDecisionDefinition {
  const decisionId = required(calledDecision, 'decisionId', 'zeebe:calledDecision decisionId', report);
  const resultVariable = required(calledDecision, 'resultVariable', 'zeebe:calledDecision resultVariable', report);
  return {
    decisionId: readExpr(decisionId, 'zeebe:calledDecision decisionId', report),
    resultVariable,
    ...readBinding(calledDecision, 'zeebe:calledDecision', report),
  };
}

export function readScript(script: ModdleElement, report: Report): { expression: string; resultVariable: string } {
  const expression = required(script, 'expression', 'zeebe:script expression', report);
  return {
    expression: expression === '' ? '' : readFeelOnly(expression, 'zeebe:script expression', report),
    resultVariable: required(script, 'resultVariable', 'zeebe:script resultVariable', report),
  };
}
