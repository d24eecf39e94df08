import type { RuntimeContext } from './context.js';
import type { DefinitionRecord, MessageRecord, MessageSubscriptionRecord, ProcessInstanceRecord, Variables } from './records.js';
import { CommandRejection, invalidArgument, notFound } from './errors.js';
import { triggerEvent } from './events.js';
import { startProcessInstance } from './flow.js';
import { latestDefinitions } from './definitions.js';
import { evaluateString } from '../feel/feel.js';

export interface PublishMessage {
  name: string;
  correlationKey: string;
  timeToLive: number;
  messageId?: string;
  variables: Variables;
}

/**
 * Publishes a message (Zeebe semantics): it is correlated to every waiting subscription, at most
 * once per process instance, and may start processes with a matching message start event; with a
 * time to live it is buffered for subscriptions opened later. A messageId already buffered under
 * the same name and correlation key is rejected.
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
    correlatedTo: [],
    startedProcesses: [],
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

/** Correlates a message now, to one subscription or start event, without buffering; 404 otherwise. */
export function correlateMessage(ctx: RuntimeContext, msg: Omit<PublishMessage, 'timeToLive' | 'messageId'>): { messageKey: number; processInstanceKey: number } {
  if (!msg.name) throw invalidArgument('No name provided.');
  const record: MessageRecord = {
    key: ctx.newKey(),
    name: msg.name,
    correlationKey: msg.correlationKey,
    variables: msg.variables,
    expiresAt: ctx.now(),
    correlatedTo: [],
    startedProcesses: [],
  };
  for (const sub of ctx.subscriptions.messageSubscriptionsFor(record.name, record.correlationKey)) {
    if (triggerSubscription(ctx, sub, record)) return { messageKey: record.key, processInstanceKey: sub.processInstanceKey };
  }
  const started = startByMessage(ctx, record, 1);
  if (started[0] !== undefined) return { messageKey: record.key, processInstanceKey: started[0] };
  throw notFound(
    `Expected to find subscription for message with name '${msg.name}' and correlation key '${msg.correlationKey}', but none was found.`,
  );
}

function triggerSubscription(ctx: RuntimeContext, sub: MessageSubscriptionRecord, record: MessageRecord): boolean {
  if (record.correlatedTo.includes(sub.processInstanceKey)) return false;
  const owner = ctx.ei(sub.ownerKey);
  if (!owner || owner.state !== 'ACTIVATED') return false;
  if (sub.interrupting) ctx.subscriptions.removeMessageSubscription(sub);
  const ok = triggerEvent(ctx, sub.ownerKey, sub.elementId, record.variables);
  if (ok) record.correlatedTo.push(sub.processInstanceKey);
  return ok;
}

function correlateToSubscriptions(ctx: RuntimeContext, record: MessageRecord): void {
  for (const sub of ctx.subscriptions.messageSubscriptionsFor(record.name, record.correlationKey)) {
    triggerSubscription(ctx, sub, record);
  }
}

/** Starts instances of the latest definitions whose message start event listens for this name. */
function startByMessage(ctx: RuntimeContext, record: MessageRecord, limit = Infinity): number[] {
  const started: number[] = [];
  for (const def of latestDefinitions(ctx)) {
    if (started.length >= limit) break;
    if (record.startedProcesses.includes(def.bpmnProcessId)) continue;
    const model = ctx.model(def.key);
    for (const startId of model.messageStartEventIds) {
      const start = model.elements.get(startId)!;
      if (start.event?.type !== 'message') continue;
      const name = evaluateString(start.event.messageName, {}, { nowMs: ctx.now() });
      if (name !== record.name) continue;
      if (record.correlationKey && hasActiveInstanceForKey(ctx, def, record.correlationKey)) break;
      const root = startProcessInstance(ctx, def, {}, {
        startElementId: startId,
        triggerVariables: record.variables,
        ...(record.correlationKey ? { startedByCorrelationKey: record.correlationKey } : {}),
      });
      record.startedProcesses.push(def.bpmnProcessId);
      record.correlatedTo.push(root.key);
      started.push(root.key);
      break;
    }
  }
  return started;
}

function hasActiveInstanceForKey(ctx: RuntimeContext, def: DefinitionRecord, correlationKey: string): boolean {
  for (const pi of ctx.store.table<ProcessInstanceRecord>('processInstance').values()) {
    if (pi.state === 'ACTIVE' && pi.bpmnProcessId === def.bpmnProcessId && pi.startedByCorrelationKey === correlationKey) return true;
  }
  return false;
}

/** A subscription just opened: a buffered message that is still alive correlates to it. */
export function correlateBufferedMessages(ctx: RuntimeContext, sub: MessageSubscriptionRecord): void {
  if (!ctx.get('messageSubscription', sub.key)) return;
  for (const record of ctx.subscriptions.bufferedMessagesFor(sub.messageName, sub.correlationKey)) {
    if (record.expiresAt <= ctx.now()) continue;
    if (triggerSubscription(ctx, sub, record)) {
      ctx.put('message', record.key, record);
      return;
    }
  }
}

export function expireMessage(ctx: RuntimeContext, key: number): void {
  const record = ctx.get<MessageRecord>('message', key);
  if (record && record.expiresAt <= ctx.now()) ctx.subscriptions.removeBufferedMessage(record);
}
