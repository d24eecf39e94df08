import type { ElementProcessor } from './processor.js';

/**
 * Compensation intermediate throw and end events: they invoke the compensation handlers of the
 * completed activities in their scope (or of their activityRef) and wait until every handler
 * completed; the compensation behaviour completes them then. With nothing to compensate they
 * complete at once. An end event has no outgoing flows, so the same processor ends its token.
 */
export const compensationThrowEvent: ElementProcessor = {
  onActivate(ctx, ei, element) {
    if (!ctx.behaviors.compensation.throwCompensation(ei, element)) ctx.behaviors.lifecycle.complete(ei);
  },
};
