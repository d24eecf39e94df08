import type { RuntimeContext } from './context.js';
import type { Behaviors } from './behaviors.js';
import {
  activateElement,
  completeElement,
  executionListenerCompleted,
  runActivation,
  startProcessInstance,
  terminateChildren,
  terminateElement,
  terminationReleased,
} from './lifecycle.js';
import { dropTokensInFlight, takeFlow, tryInclusiveJoin } from './tokens.js';
import {
  closeSubscriptionsOf,
  openBoundarySubscriptions,
  openCatchSubscriptions,
  openEventSubProcessSubscriptions,
  openPlans,
  planSubscriptions,
  retargetSubscription,
  subscriptionsOf,
  throwError,
  throwEscalation,
  triggerEvent,
} from './events.js';
import { cancelJobOf, createElementJob, createExecutionListenerJob, createJob, retryJobAfterIncident } from './jobs.js';
import { cancelUserTaskOf, createUserTask, listenerJobCompleted, listenerJobDenied } from './user-tasks.js';
import { correlateBufferedMessages, startByBufferedMessage } from './messages.js';
import { broadcastSignalFrom } from './signals.js';
import { latestDefinitionByProcessId, latestDefinitionWhere, latestFormById } from './definitions.js';
import { compensationElementCompleted, compensationElementTerminated, throwCompensation } from './compensation.js';
import { evaluateCalledDecision } from './decisions.js';

/**
 * The one place that knows every runtime module: binds their functions to a context as its
 * behaviours. Passed to the RuntimeContext constructor, so the context itself imports none of them.
 */
export function bindBehaviors(ctx: RuntimeContext): Behaviors {
  return {
    lifecycle: {
      startProcessInstance: (def, variables, opts) => startProcessInstance(ctx, def, variables, opts),
      activate: (scope, element, triggerVariables, localVariables) => activateElement(ctx, scope, element, triggerVariables, localVariables),
      runActivation: (ei) => runActivation(ctx, ei),
      complete: (ei, choice) => completeElement(ctx, ei, choice),
      executionListenerCompleted: (ei, variables) => executionListenerCompleted(ctx, ei, variables),
      terminate: (ei, then) => terminateElement(ctx, ei, then),
      terminateNow: (ei) => terminateElement(ctx, ei, undefined, 'immediate'),
      terminateChildren: (scope, then) => terminateChildren(ctx, scope, then),
      terminationReleased: (ei) => terminationReleased(ctx, ei),
    },
    tokens: {
      takeFlow: (scope, flow, triggerVariables) => takeFlow(ctx, scope, flow, triggerVariables),
      tryInclusiveJoin: (scopeKey, gateway) => tryInclusiveJoin(ctx, scopeKey, gateway),
      dropTokensInFlight: (scope) => dropTokensInFlight(ctx, scope),
    },
    events: {
      openBoundarySubscriptions: (ei, element) => openBoundarySubscriptions(ctx, ei, element),
      openCatchSubscriptions: (owner, scope, targets) => openCatchSubscriptions(ctx, owner, scope, targets),
      openEventSubProcessSubscriptions: (scope, element) => openEventSubProcessSubscriptions(ctx, scope, element),
      planSubscriptions: (variables, events) => planSubscriptions(ctx, variables, events),
      openPlannedSubscriptions: (owner, plans) => openPlans(ctx, owner, plans),
      subscriptionsOf: (ownerKey) => subscriptionsOf(ctx, ownerKey),
      retargetSubscription: (subscription, to) => retargetSubscription(ctx, subscription, to),
      closeSubscriptionsOf: (ownerKey, only) => closeSubscriptionsOf(ctx, ownerKey, only),
      triggerEvent: (ownerKey, elementId, variables) => triggerEvent(ctx, ownerKey, elementId, variables),
      throwError: (thrower, code, message, variables) => throwError(ctx, thrower, code, message, variables),
      throwEscalation: (thrower, code) => throwEscalation(ctx, thrower, code),
    },
    jobs: {
      createElementJob: (ei, element, kind) => createElementJob(ctx, ei, element, kind),
      createJob: (ei, spec) => createJob(ctx, ei, spec),
      createExecutionListenerJob: (ei, listener) => createExecutionListenerJob(ctx, ei, listener),
      cancelJobOf: (ei) => cancelJobOf(ctx, ei),
      retryJobAfterIncident: (job) => retryJobAfterIncident(ctx, job),
    },
    userTasks: {
      createUserTask: (ei, element) => createUserTask(ctx, ei, element),
      cancelUserTaskOf: (ei, mode) => cancelUserTaskOf(ctx, ei, mode),
      listenerJobCompleted: (job, corrections) => listenerJobCompleted(ctx, job, corrections),
      listenerJobDenied: (job, reason) => listenerJobDenied(ctx, job, reason),
    },
    messages: {
      correlateBufferedMessages: (sub) => correlateBufferedMessages(ctx, sub),
      startByBufferedMessage: (bpmnProcessId, correlationKey) => startByBufferedMessage(ctx, bpmnProcessId, correlationKey),
    },
    signals: {
      broadcastSignalFrom: (name, variables) => broadcastSignalFrom(ctx, name, variables),
    },
    definitions: {
      latestDefinitionByProcessId: (bpmnProcessId) => latestDefinitionByProcessId(ctx, bpmnProcessId),
      latestDefinitionWhere: (matches) => latestDefinitionWhere(ctx, matches),
      latestFormById: (formId) => latestFormById(ctx, formId),
    },
    compensation: {
      elementCompleted: (ei, element) => compensationElementCompleted(ctx, ei, element),
      elementTerminated: (ei) => compensationElementTerminated(ctx, ei),
      throwCompensation: (thrower, element) => throwCompensation(ctx, thrower, element),
    },
    decisions: {
      evaluateCalledDecision: (ei, element, decisionId) => evaluateCalledDecision(ctx, ei, element, decisionId),
    },
  };
}
