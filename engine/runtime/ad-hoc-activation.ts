import type { RuntimeContext } from './context.js';
import { invalidArgument, invalidState, notFound } from './errors.js';
import type { AdHocActivation } from './processors/processor.js';
import { adHocProcessorOf } from './processors/registry.js';

/**
 * POST /v2/element-instances/ad-hoc-activities/{adHocSubProcessInstanceKey}/activation (8.8):
 * starts inner elements of an active ad-hoc sub-process, with the rejections of Zeebe's
 * AdHocSubProcessInstructionActivateProcessor. With cancelRemainingInstances (the 8.8 client's
 * flag) whatever still runs inside is terminated first.
 */
export function activateAdHocActivities(ctx: RuntimeContext, key: number, activations: AdHocActivation[], cancelRemainingInstances: boolean): void {
  const ei = ctx.ei(key);
  const element = ei && ctx.element(ei);
  if (!ei || !element || element.behavior !== 'adHocSubProcess' || ei.multiInstanceBody) {
    throw notFound(`Expected to activate activities for ad-hoc sub-process but no ad-hoc sub-process instance found with key '${key}'.`);
  }
  if (ei.state !== 'ACTIVATED') throw invalidState(`Expected to activate activities for ad-hoc sub-process with key '${key}', but it is not active.`);
  const ids = activations.map((activation) => activation.elementId);
  if (new Set(ids).size !== ids.length) {
    throw invalidArgument(`Expected to activate activities for ad-hoc sub-process with key '${key}', but duplicate activities were given.`);
  }
  const unknown = ids.filter((id) => !element.adHoc!.activityIds.includes(id));
  if (unknown.length > 0) {
    throw notFound(`Expected to activate activities for ad-hoc sub-process with key '${key}', but the given elements [${unknown.join(', ')}] do not exist.`);
  }
  if (cancelRemainingInstances) {
    for (const child of ctx.childrenOf(ei.key)) ctx.behaviors.lifecycle.terminate(child);
  }
  adHocProcessorOf(ei, element).activateElements(ctx, ei, element, activations);
}
