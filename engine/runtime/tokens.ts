import type { ElementModel, ProcessModel, SequenceFlowModel } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord, Variables } from './records.js';

/**
 * Tokens on sequence flows and at joining gateways. A token counts as an active child of its
 * scope until its target activates, so a scope cannot complete while a token is under way.
 */

export function takeFlow(
  ctx: RuntimeContext,
  scope: ElementInstanceRecord,
  flow: SequenceFlowModel,
  triggerVariables?: Variables,
): void {
  const model = ctx.model(scope.definitionKey);
  const target = model.elements.get(flow.targetId)!;
  const joining =
    (target.behavior === 'parallelGateway' || target.behavior === 'inclusiveGateway') && target.incoming.length > 1;
  if (!joining) {
    activateAfterFlow(ctx, scope, target, triggerVariables);
    return;
  }
  scope.joins ??= {};
  const tokens = (scope.joins[target.id] ??= {});
  tokens[flow.id] = (tokens[flow.id] ?? 0) + 1;
  ctx.saveEi(scope);
  if (target.behavior === 'parallelGateway') tryParallelJoin(ctx, scope, target);
  else ctx.enqueue(() => tryInclusiveJoin(ctx, scope.key, target));
}

function tryParallelJoin(ctx: RuntimeContext, scope: ElementInstanceRecord, gateway: ElementModel): void {
  const tokens = scope.joins?.[gateway.id];
  if (!tokens || !gateway.incoming.every((f) => (tokens[f] ?? 0) > 0)) return;
  consumeJoin(ctx, scope, gateway, gateway.incoming);
}

function consumeJoin(ctx: RuntimeContext, scope: ElementInstanceRecord, gateway: ElementModel, flowIds: string[]): void {
  const tokens = scope.joins![gateway.id];
  for (const f of flowIds) {
    if (!tokens[f]) continue;
    tokens[f]--;
    if (tokens[f] === 0) delete tokens[f];
  }
  if (Object.keys(tokens).length === 0) delete scope.joins![gateway.id];
  if (Object.keys(scope.joins!).length === 0) delete scope.joins;
  ctx.saveEi(scope);
  activateAfterFlow(ctx, scope, gateway);
}

/**
 * Activates `target` as a follow-up step. Until then the token on the flow counts as an active
 * child of the scope (Zeebe's active sequence flows): otherwise a completion check queued
 * earlier would see an empty scope and complete it while the token is still under way.
 */
function activateAfterFlow(ctx: RuntimeContext, scope: ElementInstanceRecord, target: ElementModel, triggerVariables?: Variables): void {
  scope.activeChildren++;
  ctx.saveEi(scope);
  const token = ctx.newTokenId();
  let tokens = ctx.tokensInFlight.get(scope.key);
  if (!tokens) ctx.tokensInFlight.set(scope.key, (tokens = new Map<number, string>()));
  tokens.set(token, target.id);
  ctx.enqueue(() => {
    const onFlow = ctx.tokensInFlight.get(scope.key);
    // A token whose scope was interrupted or ended while it travelled is gone with it.
    if (!onFlow?.delete(token)) return;
    if (onFlow.size === 0) ctx.tokensInFlight.delete(scope.key);
    const current = ctx.ei(scope.key);
    if (!current) return;
    current.activeChildren--;
    ctx.behaviors.lifecycle.activate(current, target, triggerVariables);
  });
}

/**
 * An inclusive join fires once no token left in the scope can still reach one of its
 * untaken incoming flows (Zeebe 8.6+ semantics).
 */
export function tryInclusiveJoin(ctx: RuntimeContext, scopeKey: number, gateway: ElementModel): void {
  const scope = ctx.ei(scopeKey);
  const tokens = scope?.joins?.[gateway.id];
  if (!scope || !tokens) return;
  const model = ctx.model(scope.definitionKey);
  const reach = reachability(model);
  for (const child of ctx.childrenOf(scope.key)) {
    if (reach.get(child.elementId)?.has(gateway.id)) return;
  }
  for (const targetId of ctx.tokensInFlight.get(scope.key)?.values() ?? []) {
    if (targetId === gateway.id || reach.get(targetId)?.has(gateway.id)) return;
  }
  for (const [otherId, otherTokens] of Object.entries(scope.joins ?? {})) {
    if (otherId === gateway.id || Object.keys(otherTokens).length === 0) continue;
    if (reach.get(otherId)?.has(gateway.id)) return;
  }
  consumeJoin(ctx, scope, gateway, Object.keys(tokens));
}

const reachCache = new WeakMap<ProcessModel, Map<string, Set<string>>>();

/** For every element, the elements reachable from it (including via its boundary events). */
function reachability(model: ProcessModel): Map<string, Set<string>> {
  const cached = reachCache.get(model);
  if (cached) return cached;
  const next = (id: string): string[] => {
    const el = model.elements.get(id);
    if (!el) return [];
    return [...el.outgoing.map((f) => model.flows.get(f)!.targetId), ...el.boundaryEventIds];
  };
  const result = new Map<string, Set<string>>();
  for (const id of model.elements.keys()) {
    const seen = new Set<string>();
    const stack = next(id);
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      stack.push(...next(cur));
    }
    result.set(id, seen);
  }
  reachCache.set(model, result);
  return result;
}

export function dropTokensInFlight(ctx: RuntimeContext, scope: ElementInstanceRecord): void {
  const tokens = ctx.tokensInFlight.get(scope.key);
  if (!tokens) return;
  scope.activeChildren -= tokens.size;
  ctx.tokensInFlight.delete(scope.key);
}
