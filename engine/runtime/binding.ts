import type { ResourceBinding } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord } from './records.js';

/** A deployed resource one of whose versions a binding picks: a process, a decision, a form. */
export interface BindableVersion {
  version: number;
  deploymentKey: number;
  versionTag?: string;
}

/**
 * The versions a binding type accepts, as Zeebe resolves call activities, business rule tasks and
 * linked forms (ZeebeBindingType): any (latest), those deployed together with the element's process
 * (deployment), those carrying the version tag (versionTag). The highest accepted version is used.
 */
export function bindingAccepts(ctx: RuntimeContext, ei: ElementInstanceRecord, binding: ResourceBinding): (resource: BindableVersion) => boolean {
  if (binding.bindingType === 'deployment') {
    const deploymentKey = ctx.definition(ei.definitionKey).deploymentKey;
    return (resource) => resource.deploymentKey === deploymentKey;
  }
  // a binding without a tag (Zeebe deploys a linked resource written so) matches no version
  if (binding.bindingType === 'versionTag') return (resource) => resource.versionTag !== undefined && resource.versionTag === binding.versionTag;
  return () => true;
}

/** The highest version among those that match. */
export function latestVersion<T extends { version: number }>(items: Iterable<T>, matches: (item: T) => boolean): T | undefined {
  let best: T | undefined;
  for (const item of items) if (matches(item) && (!best || item.version > best.version)) best = item;
  return best;
}
