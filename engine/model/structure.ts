/**
 * Checks that need the whole process: how sequence flows connect elements and scopes, gateway
 * outgoing flows, boundary attachment, start events per scope, and catch events that would compete
 * for the same message, signal, error or escalation. Also fills in the links between elements
 * (incoming/outgoing, boundaryEventIds, start event ids) the runtime navigates by.
 */
import type { ProblemList, Report } from './problems.js';
import { checkStraightThroughLoops } from './loops.js';
import { checkLinkEvents } from './links.js';
import { checkCompensation } from './compensation.js';
import type { ElementBehavior, ElementModel, EventDefinition, Expr, ProcessModel, SequenceFlowModel } from './types.js';

export interface StructureFacts {
  /** flow nodes already reported as unsupported */
  refusedIds: ReadonlySet<string>;
  /** bpmn:Association source id → target id */
  associations: ReadonlyMap<string, string>;
  problems: ProblemList;
}

const ACTIVITIES: ReadonlySet<ElementBehavior> = new Set([
  'jobTask',
  'userTask',
  'receiveTask',
  'passThroughTask',
  'feelScriptTask',
  'subProcess',
  'adHocSubProcess',
  'callActivity',
]);

const CONDITIONAL_GATEWAYS: ReadonlySet<ElementBehavior> = new Set(['exclusiveGateway', 'inclusiveGateway']);

/** Zeebe 8.8 lets an event-based gateway wait only for these intermediate catch events (not receive tasks). */
const EVENT_GATEWAY_TARGET_EVENTS: ReadonlySet<EventDefinition['type']> = new Set(['message', 'timer', 'signal']);

export function checkStructure(model: ProcessModel, facts: StructureFacts): void {
  new StructureChecker(model, facts).run();
}

class StructureChecker {
  constructor(
    private readonly model: ProcessModel,
    private readonly facts: StructureFacts,
  ) {}

  run(): void {
    this.linkFlows();
    const elements = [...this.model.elements.values()];
    for (const element of elements) {
      this.checkFlowDirections(element);
      switch (element.behavior) {
        case 'process':
        case 'subProcess':
        case 'eventSubProcess':
          this.checkScope(element);
          break;
        case 'adHocSubProcess':
          this.checkEventSubProcessStarts(element);
          break;
        case 'boundaryEvent':
          this.attachBoundaryEvent(element);
          break;
        case 'exclusiveGateway':
        case 'inclusiveGateway':
          this.checkConditionalGateway(element);
          break;
        case 'eventBasedGateway':
          this.checkEventBasedGateway(element);
          break;
        default:
          break;
      }
      if (ACTIVITIES.has(element.behavior)) {
        this.checkActivityDefaultFlow(element);
      }
    }
    // boundary events are attached in the loop above, so their activities are complete only now
    for (const activity of elements.filter((element) => element.boundaryEventIds.length > 0)) {
      this.checkBoundaryEventsOf(activity);
    }
    checkStraightThroughLoops(this.model, this.facts.problems);
    checkLinkEvents(this.model, this.facts.problems);
    checkCompensation(this.model, this.facts.associations, this.facts.problems);
  }

  private reportOn(element: ElementModel): Report {
    return this.facts.problems.reporterForId(element.id, element.bpmnType);
  }

  private reportOnFlow(flowId: string): Report {
    return this.facts.problems.reporterForId(flowId, 'bpmn:SequenceFlow');
  }

  private childrenOf(scope: ElementModel): ElementModel[] {
    return scope.childIds.flatMap((id) => this.model.elements.get(id) ?? []);
  }

  private linkFlows(): void {
    for (const flow of this.model.flows.values()) {
      const report = this.reportOnFlow(flow.id);
      if (flow.sourceId === '' || flow.targetId === '') {
        // an unresolvable reference has been reported by the XML parser already
        if (!this.facts.problems.hasProblemFor(flow.id)) {
          report('a sequence flow needs a sourceRef and a targetRef');
        }
        continue;
      }
      const source = this.model.elements.get(flow.sourceId);
      const target = this.model.elements.get(flow.targetId);
      if (source && flow.condition !== undefined && !CONDITIONAL_GATEWAYS.has(source.behavior)) {
        report(`conditional sequence flows are only supported out of exclusive and inclusive gateways, not out of ${source.bpmnType}`);
      }
      if (this.facts.refusedIds.has(flow.sourceId) || this.facts.refusedIds.has(flow.targetId)) {
        continue;
      }
      if (!source || !target) {
        const [attribute, id] = source ? ['targetRef', flow.targetId] : ['sourceRef', flow.sourceId];
        report(`${attribute} '${id}' is not a flow node of process '${this.model.id}'`);
        continue;
      }
      // Where the flow is declared does not matter: Zeebe's SequenceFlowTransformer connects source
      // and target by id (a published tutorial declares a sub-process's flow on the process).
      if (source.parentId !== target.parentId) {
        report(
          `a sequence flow must connect elements of one scope, ` +
            `but '${source.id}' is in '${source.parentId ?? '-'}' and '${target.id}' in '${target.parentId ?? '-'}'`,
        );
        continue;
      }
      source.outgoing.push(flow.id);
      target.incoming.push(flow.id);
    }
  }

  private checkFlowDirections(element: ElementModel): void {
    const report = this.reportOn(element);
    if ((element.behavior === 'startEvent' || element.behavior === 'boundaryEvent') && element.incoming.length > 0) {
      report(`${element.bpmnType} must not have incoming sequence flows`);
    }
    if (element.bpmnType === 'bpmn:EndEvent' && element.outgoing.length > 0) {
      report('end events must not have outgoing sequence flows');
    }
    if (element.behavior === 'eventSubProcess' && element.incoming.length + element.outgoing.length > 0) {
      report('event sub-processes must not have incoming or outgoing sequence flows');
    }
  }

  private checkScope(scope: ElementModel): void {
    const report = this.reportOn(scope);
    const startEvents = this.childrenOf(scope).filter((child) => child.behavior === 'startEvent');
    if (scope.behavior === 'process') {
      this.collectProcessStartEvents(scope, startEvents, report);
    } else if (startEvents.length !== 1) {
      report(
        scope.behavior === 'subProcess'
          ? 'an embedded sub-process needs exactly one start event, a none start event'
          : 'an event sub-process needs exactly one start event, with a message, timer, error, escalation or signal definition',
      );
    } else {
      const [start] = startEvents as [ElementModel];
      if (scope.behavior === 'eventSubProcess') {
        scope.startEventId = start.id;
      } else if (start.event?.type === 'none') {
        // a start event with a definition was already reported when its definition was compiled
        scope.noneStartEventId = start.id;
      }
    }
    this.checkEventSubProcessStarts(scope);
  }

  private checkEventSubProcessStarts(scope: ElementModel): void {
    const report = this.reportOn(scope);
    const eventSubProcessStarts = scope.eventSubProcessIds.flatMap((id) => {
      const eventSubProcess = this.model.elements.get(id);
      return eventSubProcess ? this.childrenOf(eventSubProcess).filter((child) => child.behavior === 'startEvent') : [];
    });
    checkCompetingCatchEvents(eventSubProcessStarts, 'event sub-process start events', report);
  }

  private collectProcessStartEvents(process: ElementModel, startEvents: ElementModel[], report: Report): void {
    if (startEvents.length === 0) {
      report('a process needs at least one start event');
    }
    const noneStartEvents = startEvents.filter((start) => start.event?.type === 'none');
    if (noneStartEvents.length > 1) {
      report(`a process may have only one none start event, found ${noneStartEvents.map((start) => `'${start.id}'`).join(', ')}`);
    }
    const [noneStart] = noneStartEvents;
    if (noneStart) {
      process.noneStartEventId = noneStart.id;
    }
    for (const start of startEvents) {
      const type = start.event?.type;
      if (type === 'message') {
        this.model.messageStartEventIds.push(start.id);
      } else if (type === 'timer') {
        this.model.timerStartEventIds.push(start.id);
      } else if (type === 'signal') {
        this.model.signalStartEventIds.push(start.id);
      }
    }
    checkCompetingCatchEvents(startEvents, 'start events', report);
  }

  private attachBoundaryEvent(boundary: ElementModel): void {
    const report = this.reportOn(boundary);
    const hostId = boundary.attachedToId;
    if (hostId === undefined || this.facts.refusedIds.has(hostId)) {
      return;
    }
    const host = this.model.elements.get(hostId);
    if (!host) {
      report(`attachedToRef '${hostId}' is not an element of process '${this.model.id}'`);
    } else if (!ACTIVITIES.has(host.behavior)) {
      report(`boundary events can only be attached to activities, not to ${host.bpmnType} '${host.id}'${host.behavior === 'eventSubProcess' ? ' (an event sub-process)' : ''}`);
    } else if (host.parentId !== boundary.parentId) {
      report(`a boundary event must be in the same scope as its activity '${host.id}'`);
    } else {
      host.boundaryEventIds.push(boundary.id);
      if (boundary.event?.type === 'escalation' && host.behavior !== 'subProcess' && host.behavior !== 'adHocSubProcess' && host.behavior !== 'callActivity') {
        report('escalation boundary events can only be attached to sub-processes and call activities');
      }
    }
  }

  private checkBoundaryEventsOf(activity: ElementModel): void {
    const report = this.reportOn(activity);
    const boundaries = activity.boundaryEventIds.flatMap((id) => this.model.elements.get(id) ?? []);
    checkCompetingCatchEvents(boundaries, 'boundary events', report);
    if (activity.behavior === 'receiveTask' && activity.event) {
      const own = catchKey(activity.event);
      if (own !== undefined && boundaries.some((boundary) => boundary.event && catchKey(boundary.event) === own)) {
        report('a receive task cannot wait for the same message name as one of its boundary events');
      }
    }
  }

  private outgoingFlows(element: ElementModel): SequenceFlowModel[] {
    return element.outgoing.flatMap((id) => this.model.flows.get(id) ?? []);
  }

  private checkConditionalGateway(gateway: ElementModel): void {
    const report = this.reportOn(gateway);
    const outgoing = this.outgoingFlows(gateway);
    if (gateway.defaultFlowId !== undefined) {
      const defaultFlow = outgoing.find((flow) => flow.id === gateway.defaultFlowId);
      if (!defaultFlow) {
        report(`the default flow '${gateway.defaultFlowId}' must be an outgoing sequence flow of the gateway`);
      } else {
        // Zeebe deploys a default flow with a condition and never evaluates it
        delete defaultFlow.condition;
      }
    }
    if (outgoing.length > 1) {
      for (const flow of outgoing.filter((f) => f.id !== gateway.defaultFlowId && f.condition === undefined)) {
        this.reportOnFlow(flow.id)(`leaves ${gateway.bpmnType} '${gateway.id}' alongside other flows, so it needs a condition or must be the default flow`);
      }
    }
  }

  private checkActivityDefaultFlow(activity: ElementModel): void {
    if (activity.defaultFlowId !== undefined && !activity.outgoing.includes(activity.defaultFlowId)) {
      this.reportOn(activity)(`the default flow '${activity.defaultFlowId}' must be an outgoing sequence flow of the activity`);
    }
  }

  /** Zeebe's EventBasedGatewayValidator, with its messages, naming the offending target. */
  private checkEventBasedGateway(gateway: ElementModel): void {
    const report = this.reportOn(gateway);
    const outgoing = this.outgoingFlows(gateway);
    if (outgoing.length < 2) {
      report('Event-based gateway must have at least 2 outgoing sequence flows.');
    }
    const targets: ElementModel[] = [];
    for (const flow of outgoing) {
      const target = this.model.elements.get(flow.targetId);
      if (!target) {
        continue;
      }
      targets.push(target);
      if (target.behavior !== 'intermediateCatchEvent' || !EVENT_GATEWAY_TARGET_EVENTS.has(target.event?.type ?? 'none')) {
        report(
          'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal ' +
            `intermediate catch events (found ${target.bpmnType} '${target.id}').`,
        );
      }
      if (target.incoming.length > 1) {
        report(
          'Target elements of an event gateway must not have any additional incoming sequence flows other than that ' +
            `from the event gateway (found on '${target.id}').`,
        );
      }
    }
    checkCompetingCatchEvents(targets, 'events after an event-based gateway', report);
  }
}

function exprKey(expr: Expr | undefined): string {
  if (!expr) {
    return '*';
  }
  return expr.kind === 'static' ? expr.value : `=${expr.source}`;
}

/** What an event (or receive task) waits for; undefined for timers and non-catching definitions. */
function catchKey(event: EventDefinition): string | undefined {
  switch (event.type) {
    case 'message':
      return `message name '${exprKey(event.messageName)}'`;
    case 'signal':
      return `signal name '${exprKey(event.signalName)}'`;
    case 'error':
      return event.errorCode ? `errorCode '${exprKey(event.errorCode)}'` : 'no errorCode (catch-all)';
    case 'escalation':
      return event.escalationCode ? `escalationCode '${exprKey(event.escalationCode)}'` : 'no escalationCode (catch-all)';
    default:
      return undefined;
  }
}

/** Zeebe rejects catch events of one scope that would be triggered by the same thing. */
function checkCompetingCatchEvents(events: ElementModel[], kind: string, report: Report): void {
  const byKey = new Map<string, string[]>();
  for (const event of events) {
    const key = event.event && catchKey(event.event);
    if (key !== undefined) {
      byKey.set(key, [...(byKey.get(key) ?? []), event.id]);
    }
  }
  for (const [key, ids] of byKey) {
    if (ids.length > 1) {
      report(`${kind} ${ids.map((id) => `'${id}'`).join(', ')} all wait for ${key}; only one is allowed`);
    }
  }
}
