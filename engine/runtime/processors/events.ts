import { evaluateString } from '../../feel/feel.js';
import { feelOpts } from '../evaluation.js';
import type { ElementProcessor } from './processor.js';

/**
 * Intermediate catch events and receive tasks wait for their event; one activated with the
 * event's variables (the target an event-based gateway chose) completes at once.
 */
export const catchEvent: ElementProcessor = {
  onActivate(ctx, ei, element) {
    if (ei.pending) {
      ctx.behaviors.lifecycle.complete(ei);
      return;
    }
    ctx.behaviors.events.openCatchSubscriptions(ei, ei, [element]);
  },
};

/** Intermediate throw events: throw the event, or hand a job to a worker (message throw events). */
export const throwEvent: ElementProcessor = {
  onActivate(ctx, ei, element) {
    const { lifecycle, events, jobs, signals, tokens } = ctx.behaviors;
    if (element.job) {
      jobs.createElementJob(ei, element);
      return;
    }
    const event = element.event ?? { type: 'none' };
    switch (event.type) {
      case 'error': {
        const code = evaluateString(event.errorCode!, ctx.visibleVariables(ei.key), feelOpts(ctx));
        events.throwError(ei, code, `error end event ${element.id}`, {});
        return;
      }
      case 'escalation': {
        const code = evaluateString(event.escalationCode!, ctx.visibleVariables(ei.key), feelOpts(ctx));
        if (events.throwEscalation(ei, code)) return;
        lifecycle.complete(ei);
        return;
      }
      case 'signal': {
        const name = evaluateString(event.signalName, ctx.visibleVariables(ei.key), feelOpts(ctx));
        signals.broadcastSignalFrom(name, {});
        lifecycle.complete(ei);
        return;
      }
      case 'terminate': {
        const scope = ctx.ei(ei.flowScopeKey!)!;
        for (const sibling of ctx.childrenOf(scope.key)) if (sibling.key !== ei.key) lifecycle.terminate(sibling);
        tokens.dropTokensInFlight(scope);
        delete scope.joins;
        ctx.saveEi(scope);
        lifecycle.complete(ei);
        return;
      }
      default:
        lifecycle.complete(ei);
    }
  },
  onTerminate(ctx, ei) {
    ctx.behaviors.jobs.cancelJobOf(ei);
  },
};

/** End events throw like intermediate throw events, and their token ends there. */
export const endEvent: ElementProcessor = {
  ...throwEvent,
  selectOutgoing: () => [],
};
