/**
 * zeebe:executionListeners as Zeebe 8.8 reads and validates them
 * (https://docs.camunda.io/docs/8.8/components/concepts/execution-listeners/): each listener
 * needs an event type (start or end) and a job type, retries default to 3, an event type and job
 * type pair may appear once per element, and some elements refuse one of the two event types,
 * with the messages of Zeebe's validators.
 */
import type { ZeebeExtensions } from './extensions.js';
import { readExpr } from './expressions.js';
import type { ModdleElement } from './moddle.js';
import { list, str } from './moddle.js';
import type { Report } from './problems.js';
import type { ElementModel, ExecutionListenerDefinition, ExecutionListenerEventType } from './types.js';
import { required } from './zeebeReaders.js';

const EVENT_TYPES: readonly ExecutionListenerEventType[] = ['start', 'end'];

const GATEWAYS = new Set(['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway']);

/** The listeners of one element (or process), split by event type; absent keys when there are none. */
export function readExecutionListeners(
  extensions: ZeebeExtensions,
  report: Report,
): Pick<ElementModel, 'startListeners' | 'endListeners'> {
  const container = extensions.take('zeebe:ExecutionListeners');
  const listeners = (container ? list(container, 'listeners') : []).map((listener) => readListener(listener, report));
  reportDuplicates(listeners, report);
  const ofType = (eventType: ExecutionListenerEventType) =>
    listeners.filter((l): l is ReadListener => l?.eventType === eventType).map(({ rawType: _, ...definition }) => definition);
  const start = ofType('start');
  const end = ofType('end');
  return { ...(start.length > 0 && { startListeners: start }), ...(end.length > 0 && { endListeners: end }) };
}

type ReadListener = ExecutionListenerDefinition & { rawType: string };

function readListener(listener: ModdleElement, report: Report): ReadListener | undefined {
  const rawEventType = required(listener, 'eventType', 'zeebe:executionListener eventType', report);
  const eventType = EVENT_TYPES.find((t) => t === rawEventType);
  if (rawEventType !== '' && eventType === undefined) {
    report(`zeebe:executionListener eventType '${rawEventType}' is not one of ${EVENT_TYPES.join(', ')}`);
  }
  const rawType = required(listener, 'type', 'zeebe:executionListener type', report);
  // like a task definition's, an empty retries attribute reads as an absent one
  const given = str(listener, 'retries');
  const retries = given === undefined || given.trim() === '' ? '3' : given;
  if (eventType === undefined || rawType === '') return undefined;
  return {
    eventType,
    rawType,
    type: readExpr(rawType, 'zeebe:executionListener type', report),
    retries: readExpr(retries, 'zeebe:executionListener retries', report),
  };
}

function reportDuplicates(listeners: Array<{ eventType: string; rawType: string } | undefined>, report: Report): void {
  const counts = new Map<string, { eventType: string; rawType: string; count: number }>();
  for (const listener of listeners) {
    if (!listener) continue;
    const key = `${listener.eventType}|${listener.rawType}`;
    const seen = counts.get(key) ?? { ...listener, count: 0 };
    seen.count++;
    counts.set(key, seen);
  }
  for (const { eventType, rawType, count } of counts.values()) {
    if (count > 1) report(`Found '${count}' duplicates based on eventType[${eventType}] and type[${rawType}], these combinations should be unique.`);
  }
}

/** Zeebe's per-element limits: where a start or end listener could never run, the deployment is refused. */
export function checkExecutionListenerSupport(element: ElementModel, report: Report): void {
  const start = element.startListeners !== undefined;
  const end = element.endListeners !== undefined;
  if (start && element.behavior === 'startEvent') report("Execution listeners of type 'start' are not supported by start events");
  if (element.behavior === 'boundaryEvent' && element.event?.type === 'compensation') {
    // Zeebe activates and completes it in one step when compensation is thrown: no listener could run
    if (start || end) report("Execution listeners of type 'start' and 'end' are not supported by [compensation] boundary events");
  } else if (start && element.behavior === 'boundaryEvent') {
    report("Execution listeners of type 'start' are not supported by boundary events");
  }
  if (end && GATEWAYS.has(element.behavior)) report("Execution listeners of type 'end' are not supported by gateway element");
  if (end && element.behavior === 'endEvent' && element.event?.type === 'error') {
    report("Execution listeners of type 'end' are not supported by [error] end events");
  }
}
