import type { ElementBehavior, ElementModel } from '../../model/types.js';
import type { ElementInstanceRecord } from '../records.js';
import type { AdHocProcessor, CallingProcessor, ContainerProcessor, ElementProcessor } from './processor.js';
import { completesAtOnce, feelScriptTask, jobTask } from './tasks.js';
import { decisionTask } from './decision-task.js';
import { userTask } from './user-task.js';
import { catchEvent, endEvent, throwEvent } from './events.js';
import { eventBasedGateway, exclusiveGateway, inclusiveGateway, parallelGateway } from './gateways.js';
import { adHocInnerInstance, eventSubProcess, processScope, subProcess } from './sub-processes.js';
import { callActivity } from './call-activity.js';
import { multiInstanceBody } from './multi-instance.js';
import { linkCatchEvent, linkThrowEvent } from './link-events.js';
import { adHocSubProcess } from './ad-hoc-sub-process.js';
import { compensationThrowEvent } from './compensation-events.js';

/** The processor of every element behaviour; the type makes a new behaviour without one a compile error. */
const PROCESSORS: Record<ElementBehavior, ElementProcessor> = {
  process: processScope,
  subProcess,
  eventSubProcess,
  adHocSubProcess,
  adHocInnerInstance,
  callActivity,
  startEvent: completesAtOnce,
  boundaryEvent: completesAtOnce,
  intermediateCatchEvent: catchEvent,
  receiveTask: catchEvent,
  intermediateThrowEvent: throwEvent,
  endEvent,
  linkThrowEvent,
  linkCatchEvent,
  compensationThrowEvent,
  passThroughTask: completesAtOnce,
  feelScriptTask,
  decisionTask,
  jobTask,
  userTask,
  exclusiveGateway,
  inclusiveGateway,
  parallelGateway,
  eventBasedGateway,
};

/** The processor for an element instance: the multi-instance body wraps the element's own. */
export function processorOf(ei: ElementInstanceRecord, element: ElementModel): ElementProcessor {
  return ei.multiInstanceBody ? multiInstanceBody : PROCESSORS[element.behavior];
}

/** The processor of an element instance that holds children. */
export function containerOf(scope: ElementInstanceRecord, element: ElementModel): ContainerProcessor {
  const processor = processorOf(scope, element);
  if (!('onChildCompleted' in processor)) throw new Error(`element ${element.id} (${element.behavior}) holds no element instances`);
  return processor as ContainerProcessor;
}

/** The processor of an element instance that started a process instance. */
export function callingProcessorOf(caller: ElementInstanceRecord, element: ElementModel): CallingProcessor {
  const processor = processorOf(caller, element);
  if (!('onCalledInstanceCompleted' in processor)) throw new Error(`element ${element.id} (${element.behavior}) calls no process`);
  return processor as CallingProcessor;
}

/** The processor of an ad-hoc sub-process instance (not its multi-instance body). */
export function adHocProcessorOf(ei: ElementInstanceRecord, element: ElementModel): AdHocProcessor {
  const processor = processorOf(ei, element);
  if (!('activateElements' in processor)) throw new Error(`element ${element.id} (${element.behavior}) is no ad-hoc sub-process`);
  return processor as AdHocProcessor;
}
