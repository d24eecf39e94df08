import type { ElementProcessor } from './processor.js';

/**
 * Link events, a "go to" inside one scope: the throw event passes its token to the catch event
 * of the same name (found at deployment, engine/model/links.ts), which goes on along its flows.
 * The catch event is activated before the throw event completes, so the scope never looks empty
 * in between.
 */
export const linkThrowEvent: ElementProcessor = {
  onActivate(ctx, ei, element) {
    const scope = ctx.ei(ei.flowScopeKey!)!;
    const target = ctx.model(ei.definitionKey).elements.get(element.linkTargetId!)!;
    ctx.behaviors.lifecycle.activate(scope, target);
    ctx.behaviors.lifecycle.complete(ei);
  },
  // Zeebe deploys outgoing flows on a link throw event (no rule refuses them) and never takes them:
  // its LinkIntermediateThrowEventBehavior goes on at the catch event only
  selectOutgoing: () => [],
};

/** Reached only through its throw event; it waits for nothing. */
export const linkCatchEvent: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.behaviors.lifecycle.complete(ei);
  },
};
