import type { RuntimeContext } from './context.js';
import type { Variables } from './records.js';
import { invalidArgument } from './errors.js';
import { latestDefinitions } from './definitions.js';
import { evaluateString } from '../feel/feel.js';

/** Broadcasts a signal to every signal start event and every open signal subscription. */
export function broadcastSignal(ctx: RuntimeContext, name: string, variables: Variables): number {
  if (!name) throw invalidArgument('No signalName provided.');
  const key = ctx.newKey();
  broadcastSignalFrom(ctx, name, variables);
  return key;
}

export function broadcastSignalFrom(ctx: RuntimeContext, name: string, variables: Variables): void {
  for (const def of latestDefinitions(ctx)) {
    const model = ctx.model(def.key);
    for (const startId of model.signalStartEventIds) {
      const start = model.elements.get(startId)!;
      if (start.event?.type !== 'signal') continue;
      if (evaluateString(start.event.signalName, {}, { nowMs: ctx.now() }) !== name) continue;
      ctx.enqueue(() => ctx.behaviors.lifecycle.startProcessInstance(def, {}, { startElementId: startId, triggerVariables: variables }));
    }
  }
  for (const sub of ctx.subscriptions.signalSubscriptionsFor(name)) {
    ctx.enqueue(() => {
      if (!ctx.get('signalSubscription', sub.key)) return;
      if (sub.interrupting) ctx.subscriptions.removeSignalSubscription(sub);
      ctx.behaviors.events.triggerEvent(sub.ownerKey, sub.elementId, variables);
    });
  }
}
