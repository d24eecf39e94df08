import type { ElementModel, ProcessModel } from './types.js';
import type { ProblemList } from './problems.js';

/**
 * Compensation as Zeebe 8.8 validates it (BoundaryEventValidator, CompensationTaskValidator,
 * CompensationEventDefinitionValidator), with Zeebe's messages. Each compensation boundary event
 * learns its handler here (the target of its association), so the runtime needs no search.
 */

/** The task types Zeebe 8.8 lets be compensation handlers; sub-processes and call activities may be too. */
const HANDLER_TASKS: ReadonlySet<string> = new Set([
  'bpmn:ServiceTask',
  'bpmn:UserTask',
  'bpmn:SendTask',
  'bpmn:ScriptTask',
  'bpmn:ManualTask',
  'bpmn:Task',
]);

const TASKS: ReadonlySet<string> = new Set([...HANDLER_TASKS, 'bpmn:ReceiveTask', 'bpmn:BusinessRuleTask']);

export function checkCompensation(model: ProcessModel, associations: ReadonlyMap<string, string>, problems: ProblemList): void {
  const report = (element: ElementModel, message: string) => problems.add(element.id, element.bpmnType, message);
  for (const element of model.elements.values()) {
    if (element.behavior === 'boundaryEvent' && element.event?.type === 'compensation') {
      const handler = model.elements.get(associations.get(element.id) ?? '');
      if (element.outgoing.length > 0 || !associations.has(element.id)) {
        report(element, 'Compensation boundary events must have a compensation association and no outgoing sequence flows');
      }
      if (handler) element.compensationHandlerId = handler.id;
    }
    if (element.isForCompensation && TASKS.has(element.bpmnType)) checkHandlerTask(element, (message) => report(element, message));
    if (element.behavior === 'compensationThrowEvent' && element.event?.type === 'compensation' && element.event.activityRef !== undefined) {
      checkActivityRef(model, element, element.event.activityRef, (message) => report(element, message));
    }
  }
}

function checkHandlerTask(task: ElementModel, report: (message: string) => void): void {
  if (!HANDLER_TASKS.has(task.bpmnType)) {
    report('Compensation task must be one of: service task, user task, send task, script task, manual task, or undefined task.');
  }
  if (task.incoming.length > 0) report('A compensation handler should have no incoming sequence flows');
  if (task.outgoing.length > 0) report('A compensation handler should have no outgoing sequence flows');
  if (task.boundaryEventIds.length > 0) report('A compensation handler should have no boundary events');
}

/**
 * The activity must be compensable (a compensation boundary event, or an embedded sub-process whose
 * children may be) and sit in the throw event's scope; a throw event in an event sub-process may
 * also name an activity of the scope around that event sub-process.
 */
function checkActivityRef(model: ProcessModel, thrower: ElementModel, activityId: string, report: (message: string) => void): void {
  const activity = model.elements.get(activityId);
  // an activityRef moddle could not resolve is reported by the parser with Zeebe's message
  if (!activity) return;
  const compensable =
    activity.behavior === 'subProcess' ||
    activity.boundaryEventIds.some((id) => model.elements.get(id)?.event?.type === 'compensation');
  if (!compensable) {
    report(`The referenced compensation activity '${activityId}' must have either a compensation boundary event or be a subprocess`);
  }
  const throwScope = model.elements.get(thrower.parentId ?? '');
  const sameScope =
    activity.parentId === thrower.parentId || (throwScope?.behavior === 'eventSubProcess' && activity.parentId === throwScope.parentId);
  if (!sameScope) {
    report(`The referenced compensation activity '${activityId}' must be in the same scope as the compensation throw event`);
  }
}
