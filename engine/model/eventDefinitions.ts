/**
 * Compiles the event definition of an event (or the message of a receive task) according to where
 * the event sits; definitions Zeebe does not allow there, or the engine cannot run, are reported.
 */
import { FeelError, evaluateString } from '../feel/feel.js';
import { RULES, readExpr, readFeelOnly } from './expressions.js';
import { ZeebeExtensions } from './extensions.js';
import type { ModdleElement } from './moddle.js';
import { bool, expressionBody, idOf, list, ref, str } from './moddle.js';
import type { Report } from './problems.js';
import type { EventDefinition, Expr, TimerDef } from './types.js';

export type EventPosition =
  | 'processStart'
  | 'subProcessStart'
  | 'eventSubProcessStart'
  | 'boundary'
  | 'intermediateCatch'
  | 'intermediateThrow'
  | 'end';

type EventType = EventDefinition['type'];

const ALLOWED: Record<EventPosition, ReadonlySet<EventType>> = {
  processStart: new Set(['none', 'message', 'timer', 'signal']),
  subProcessStart: new Set(['none']),
  eventSubProcessStart: new Set(['message', 'timer', 'error', 'escalation', 'signal']),
  boundary: new Set(['message', 'timer', 'error', 'escalation', 'signal', 'compensation']),
  intermediateCatch: new Set(['message', 'timer', 'signal', 'link']),
  intermediateThrow: new Set(['none', 'message', 'signal', 'escalation', 'link', 'compensation']),
  end: new Set(['none', 'message', 'error', 'escalation', 'signal', 'terminate', 'compensation']),
};

const POSITION_LABEL: Record<EventPosition, string> = {
  processStart: 'process-level start events',
  subProcessStart: 'start events of embedded sub-processes',
  eventSubProcessStart: 'event sub-process start events',
  boundary: 'boundary events',
  intermediateCatch: 'intermediate catch events',
  intermediateThrow: 'intermediate throw events',
  end: 'end events',
};

const SUPPORTED_DEFINITIONS: Record<string, EventType> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CompensateEventDefinition': 'compensation',
};

const UNSUPPORTED_DEFINITIONS: Record<string, string> = {
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:CancelEventDefinition': 'cancel',
};

/**
 * Zeebe allows only these to be non-interrupting; an error, e.g., always interrupts. A
 * compensation boundary event interrupts nothing (its activity has completed), so Zeebe does
 * not read its cancelActivity.
 */
const MAY_BE_NON_INTERRUPTING: ReadonlySet<EventType> = new Set(['message', 'timer', 'signal', 'escalation', 'compensation']);

const THROW_POSITIONS: ReadonlySet<EventPosition> = new Set(['intermediateThrow', 'end']);

const NONE: EventDefinition = { type: 'none' };

/**
 * `interrupting` is cancelActivity for boundary events and isInterrupting for event sub-process
 * start events; pass true for all other positions.
 */
export function compileEventDefinition(
  event: ModdleElement,
  position: EventPosition,
  interrupting: boolean,
  report: Report,
): EventDefinition {
  if (list(event, 'eventDefinitionRefs').length > 0) {
    report('event definitions referenced by eventDefinitionRef are not supported');
  }
  const definitions = list(event, 'eventDefinitions');
  if (definitions.length > 1) {
    report('events with more than one event definition (multiple / parallel multiple) are not supported');
    return NONE;
  }
  const definition = definitions[0];
  if (!definition) {
    if (!ALLOWED[position].has('none')) {
      report(`${POSITION_LABEL[position]} need an event definition (one of ${[...ALLOWED[position]].join(', ')})`);
    }
    return NONE;
  }
  const type = SUPPORTED_DEFINITIONS[definition.$type];
  if (type === undefined) {
    const label = UNSUPPORTED_DEFINITIONS[definition.$type] ?? definition.$type;
    report(`${label} events are not supported by the embedded engine`);
    return NONE;
  }
  if (type === 'compensation' && position === 'eventSubProcessStart') {
    // Zeebe 8.8 has no compensation event sub-processes (SubProcessValidator)
    report('Start events in event subprocesses must be one of: message, timer, error, signal or escalation');
    return NONE;
  }
  if (!ALLOWED[position].has(type)) {
    report(`${type} event definitions are not allowed on ${POSITION_LABEL[position]}`);
    return NONE;
  }
  if (!interrupting && !MAY_BE_NON_INTERRUPTING.has(type)) {
    report(`non-interrupting ${type} events are not supported`);
  }
  switch (type) {
    case 'message':
      return compileMessage(
        ref(definition, 'messageRef'),
        position === 'processStart' ? 'start' : THROW_POSITIONS.has(position) ? 'throw' : 'catch',
        report,
      );
    case 'timer':
      return { type, timer: compileTimer(definition, position, interrupting, report) };
    case 'error':
      return compileError(definition, position, report);
    case 'escalation':
      return compileEscalation(definition, position, report);
    case 'signal':
      return compileSignal(definition, position, report);
    case 'link':
      return compileLink(definition, report);
    case 'compensation':
      return compileCompensation(definition, position, report);
    default:
      return { type };
  }
}

/**
 * Zeebe resolves the message/signal name of a process start event once, at deployment, so its
 * expression may not use variables; the model keeps the resulting literal.
 */
function constantName(value: string, attribute: string, report: Report): Expr {
  const expr = readExpr(value, attribute, report);
  if (expr.kind === 'static') {
    return expr;
  }
  try {
    return { kind: 'static', value: evaluateString(expr, {}, { nowMs: Date.now() }) };
  } catch (error) {
    if (!(error instanceof FeelError)) {
      throw error;
    }
    // a syntax error has been reported by readExpr already
    if (error.code === 'FEEL_EVALUATION_ERROR') {
      report(`${attribute} of a start event must evaluate to a string without variables: ${error.message}`);
    }
    return { kind: 'static', value };
  }
}

type MessageMode = 'start' | 'catch' | 'throw';

/**
 * 'catch' covers intermediate catch, boundary and event sub-process start events and receive tasks,
 * which all subscribe with a correlation key. A throw event's message is published by its job
 * worker, so its name is informational only and may be absent ('').
 */
export function compileMessage(
  message: ModdleElement | undefined,
  mode: MessageMode,
  report: Report,
): Extract<EventDefinition, { type: 'message' }> {
  if (!message) {
    if (mode !== 'throw') {
      report('must reference a message (messageRef)');
    }
    return { type: 'message', messageName: { kind: 'static', value: '' } };
  }
  const name = str(message, 'name') ?? '';
  if (name.trim() === '' && mode !== 'throw') {
    report(`message '${idOf(message)}' needs a name`);
  }
  const messageName = mode === 'start' ? constantName(name, 'message name', report) : readExpr(name, 'message name', report);
  if (mode !== 'catch') {
    return { type: 'message', messageName };
  }
  const subscription = new ZeebeExtensions(message, report).take('zeebe:Subscription');
  const correlationKey = subscription ? (str(subscription, 'correlationKey') ?? '') : '';
  if (correlationKey.trim() === '') {
    report(`message '${name || idOf(message)}' needs zeebe:subscription with a correlationKey`);
    return { type: 'message', messageName };
  }
  return {
    type: 'message',
    messageName,
    correlationKey: { kind: 'feel', source: readFeelOnly(correlationKey, 'zeebe:subscription correlationKey', report) },
  };
}

function compileTimer(definition: ModdleElement, position: EventPosition, interrupting: boolean, report: Report): TimerDef {
  const candidates: [TimerDef['kind'], string | undefined][] = [
    ['duration', expressionBody(definition, 'timeDuration')],
    ['date', expressionBody(definition, 'timeDate')],
    ['cycle', expressionBody(definition, 'timeCycle')],
  ];
  const present = candidates.filter((candidate): candidate is [TimerDef['kind'], string] => candidate[1] !== undefined);
  if (present.length !== 1) {
    report('a timer needs exactly one of timeDuration, timeDate and timeCycle');
  }
  const [kind, body] = present[0] ?? ['duration', ''];
  if (kind === 'cycle' && position === 'intermediateCatch') {
    report('intermediate timer catch events need a timeDuration or timeDate, not a timeCycle');
  }
  if (kind === 'cycle' && interrupting && (position === 'boundary' || position === 'eventSubProcessStart')) {
    report('interrupting timer events with a timeCycle are not allowed');
  }
  const value = body.trim();
  if (value === '') {
    report(`the timer ${kind} must not be empty`);
  }
  const rule = { duration: RULES.duration, date: RULES.dateTime, cycle: RULES.cycle }[kind];
  return { kind, expr: readExpr(value, `timer ${kind}`, report, rule) };
}

function compileError(definition: ModdleElement, position: EventPosition, report: Report): EventDefinition {
  const error = ref(definition, 'errorRef');
  const errorCode = error ? str(error, 'errorCode') : undefined;
  if (position === 'end') {
    if (!error) {
      report('an error end event must reference an error (errorRef)');
    } else if (!errorCode?.trim()) {
      report(`error '${idOf(error)}' needs an errorCode`);
    }
    return { type: 'error', errorCode: readExpr(errorCode ?? '', 'errorCode', report) };
  }
  if (!errorCode) {
    return { type: 'error' };
  }
  if (errorCode.startsWith('=')) {
    report('the errorCode of an error catch event must not be an expression');
  }
  return { type: 'error', errorCode: { kind: 'static', value: errorCode } };
}

function compileEscalation(definition: ModdleElement, position: EventPosition, report: Report): EventDefinition {
  const escalation = ref(definition, 'escalationRef');
  const escalationCode = escalation ? str(escalation, 'escalationCode') : undefined;
  if (THROW_POSITIONS.has(position)) {
    if (!escalation) {
      report('an escalation throw event must reference an escalation (escalationRef)');
    } else if (!escalationCode?.trim()) {
      report(`escalation '${idOf(escalation)}' needs an escalationCode`);
    }
    return { type: 'escalation', escalationCode: readExpr(escalationCode ?? '', 'escalationCode', report) };
  }
  if (!escalationCode) {
    return { type: 'escalation' };
  }
  if (escalationCode.startsWith('=')) {
    report('the escalationCode of an escalation catch event must not be an expression');
  }
  return { type: 'escalation', escalationCode: { kind: 'static', value: escalationCode } };
}

function compileSignal(definition: ModdleElement, position: EventPosition, report: Report): EventDefinition {
  const signal = ref(definition, 'signalRef');
  const name = signal ? (str(signal, 'name') ?? '') : '';
  if (!signal) {
    report('must reference a signal (signalRef)');
  } else if (name.trim() === '') {
    report(`signal '${idOf(signal)}' needs a name`);
  }
  return {
    type: 'signal',
    signalName: position === 'processStart' ? constantName(name, 'signal name', report) : readExpr(name, 'signal name', report),
  };
}

function compileLink(definition: ModdleElement, report: Report): EventDefinition {
  const name = str(definition, 'name')?.trim() ?? '';
  if (name === '') {
    report('Link name must be present and not empty.');
  }
  return { type: 'link', name };
}

/**
 * Zeebe 8.8 compensates synchronously only: a throw event waits for the handlers it invoked. Whether
 * activityRef names an activity it may compensate needs the whole process (engine/model/compensation.ts).
 */
function compileCompensation(definition: ModdleElement, position: EventPosition, report: Report): EventDefinition {
  if (bool(definition, 'waitForCompletion') === false) {
    report(
      position === 'end'
        ? 'A compensation end event waitForCompletion attribute must be true or not present'
        : 'A compensation intermediate throwing event waitForCompletion attribute must be true or not present',
    );
  }
  const activity = position === 'boundary' ? undefined : ref(definition, 'activityRef');
  return activity ? { type: 'compensation', activityRef: idOf(activity) } : { type: 'compensation' };
}
