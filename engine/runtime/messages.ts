import { messageStartKey, type RuntimeContext } from './context.js';
import type { DefinitionRecord, MessageRecord, MessageSubscriptionRecord, Variables } from './records.js';
import { CommandRejection, invalidArgument, notFound } from './errors.js';
import { messageSubscriptionChanged } from './history.js';
import { latestDefinitionByProcessId, latestDefinitions } from './definitions.js';
import { evaluateString } from '../feel/feel.js';

export interface PublishMessage {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId?: string;
  variables: Variables;
}

/**
 * Publishes a message (Zeebe semantics): it is correlated to the waiting subscriptions, at most
 * once per process (bpmn process id), and may start processes with a matching message start
 * event; with a time to live it is buffered for subscriptions opened later. A messageId already
 * buffered under the same name and correlation key is rejected.
 */
export function publishMessage(ctx: RuntimeContext, msg: PublishMessage): MessageRecord {
  if (!msg.name) throw invalidArgument('No name provided.');
  if (msg.messageId) {
    const duplicate = ctx.subscriptions
      .bufferedMessagesFor(msg.name, msg.correlationKey)
      .find((m) => m.messageId === msg.messageId && m.expiresAt > ctx.now());
    if (duplicate) {
      throw new CommandRejection(
        'ALREADY_EXISTS',
        `Expected to publish a new message with id '${msg.messageId}', but a message with that id was already published`,
      );
    }
  }
  const record: MessageRecord = {
    key: ctx.newKey(),
    name: msg.name,
    correlationKey: msg.correlationKey,
    ...(msg.messageId ? { messageId: msg.messageId } : {}),
    variables: msg.variables,
    expiresAt: ctx.now() + Math.max(0, msg.timeToLive),
    correlatedProcesses: [],
  };
  correlateToSubscriptions(ctx, record);
  startByMessage(ctx, record);
  if (msg.timeToLive > 0) {
    ctx.subscriptions.addBufferedMessage(record);
    ctx.time.push({ at: record.expiresAt, kind: 'messageExpiry', key: record.key });
    ctx.listeners.scheduleChanged();
  }
  return record;
}

/**
 * Correlates a message now, like a publication without buffering, and answers with the first
 * process instance it reached (Zeebe's correlate command); 404 when it reached none.
 */
export function correlateMessage(ctx: RuntimeContext, msg: Omit<PublishMessage, 'timeToLive' | 'messageId'>): { messageKey: number; processInstanceKey: number } {
  if (!msg.name) throw invalidArgument('No name provided.');
  const record: MessageRecord = {
    key: ctx.newKey(),
    name: msg.name,
    correlationKey: msg.correlationKey,
    variables: msg.variables,
    expiresAt: ctx.now(),
    correlatedProcesses: [],
  };
  const reached = [...correlateToSubscriptions(ctx, record), ...startByMessage(ctx, record)];
  if (reached[0] !== undefined) return { messageKey: record.key, processInstanceKey: reached[0] };
  throw notFound(
    `Expected to find subscription for message with name '${msg.name}' and correlation key '${msg.correlationKey}', but none was found.`,
  );
}

function triggerSubscription(ctx: RuntimeContext, sub: MessageSubscriptionRecord, record: MessageRecord): boolean {
  const processId = ctx.definition(sub.definitionKey).bpmnProcessId;
  if (record.correlatedProcesses.includes(processId)) return false;
  const owner = ctx.ei(sub.ownerKey);
  if (!owner || owner.state !== 'ACTIVATED') return false;
  if (sub.interrupting) ctx.subscriptions.removeMessageSubscription(sub);
  const ok = ctx.behaviors.events.triggerEvent(sub.ownerKey, sub.elementId, record.variables);
  if (ok || sub.interrupting) messageSubscriptionChanged(ctx, sub, ok ? 'CORRELATED' : 'DELETED');
  if (ok) record.correlatedProcesses.push(processId);
  return ok;
}

/** Returns the keys of the process instances the message correlated to, oldest subscription first. */
function correlateToSubscriptions(ctx: RuntimeContext, record: MessageRecord): number[] {
  const reached: number[] = [];
  for (const sub of ctx.subscriptions.messageSubscriptionsFor(record.name, record.correlationKey)) {
    if (triggerSubscription(ctx, sub, record)) reached.push(sub.processInstanceKey);
  }
  return reached;
}

/**
 * Starts instances of the latest definitions whose message start event listens for this name,
 * except of processes the message already correlated to.
 */
function startByMessage(ctx: RuntimeContext, record: MessageRecord): number[] {
  const started: number[] = [];
  for (const def of latestDefinitions(ctx)) {
    if (record.correlatedProcesses.includes(def.bpmnProcessId)) continue;
    const startId = messageStartEventsOf(ctx, def).get(record.name);
    if (startId === undefined) continue;
    if (record.correlationKey && hasActiveInstanceForKey(ctx, def, record.correlationKey)) continue;
    started.push(startFromMessage(ctx, def, startId, record));
  }
  return started;
}

/** Message start events of a definition by message name (names are static for start events). */
function messageStartEventsOf(ctx: RuntimeContext, def: DefinitionRecord): Map<string, string> {
  const model = ctx.model(def.key);
  const byName = new Map<string, string>();
  for (const startId of model.messageStartEventIds) {
    const start = model.elements.get(startId)!;
    if (start.event?.type !== 'message') continue;
    byName.set(evaluateString(start.event.messageName, {}, { nowMs: ctx.now() }), startId);
  }
  return byName;
}

function startFromMessage(ctx: RuntimeContext, def: DefinitionRecord, startId: string, record: MessageRecord): number {
  const root = ctx.behaviors.lifecycle.startProcessInstance(def, {}, {
    startElementId: startId,
    triggerVariables: record.variables,
    ...(record.correlationKey ? { startedByCorrelationKey: record.correlationKey } : {}),
  });
  record.correlatedProcesses.push(def.bpmnProcessId);
  return root.key;
}

/**
 * An instance started by a message with a correlation key ended, so the key is free again: the
 * oldest live buffered message for it that the process has not taken starts the next instance
 * (Zeebe semantics; the message was refused while that instance was active).
 */
export function startByBufferedMessage(ctx: RuntimeContext, bpmnProcessId: string, correlationKey: string): void {
  const def = latestDefinitionByProcessId(ctx, bpmnProcessId);
  if (!def || hasActiveInstanceForKey(ctx, def, correlationKey)) return;
  let next: { record: MessageRecord; startId: string } | undefined;
  for (const [name, startId] of messageStartEventsOf(ctx, def)) {
    for (const record of ctx.subscriptions.bufferedMessagesFor(name, correlationKey)) {
      if (record.expiresAt <= ctx.now() || record.correlatedProcesses.includes(bpmnProcessId)) continue;
      if (!next || record.key < next.record.key) next = { record, startId };
      break;
    }
  }
  if (!next) return;
  startFromMessage(ctx, def, next.startId, next.record);
  ctx.put('message', next.record.key, next.record);
}

function hasActiveInstanceForKey(ctx: RuntimeContext, def: DefinitionRecord, correlationKey: string): boolean {
  return ctx.messageStarted.has(messageStartKey(def.bpmnProcessId, correlationKey));
}

/**
 * A subscription just opened: a buffered message that is still alive correlates to it. A
 * non-interrupting one stays open and takes every such message in turn, like Zeebe's.
 */
export function correlateBufferedMessages(ctx: RuntimeContext, sub: MessageSubscriptionRecord): void {
  if (!ctx.get('messageSubscription', sub.key)) return;
  for (const record of ctx.subscriptions.bufferedMessagesFor(sub.messageName, sub.correlationKey)) {
    if (record.expiresAt <= ctx.now()) continue;
    if (triggerSubscription(ctx, sub, record)) {
      ctx.put('message', record.key, record);
      if (sub.interrupting) return;
    }
  }
}

export function expireMessage(ctx: RuntimeContext, key: number): void {
  const record = ctx.get<MessageRecord>('message', key);
  if (record && record.expiresAt <= ctx.now()) ctx.subscriptions.removeBufferedMessage(record);
}
