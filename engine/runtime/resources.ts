import type { LinkedResourceDefinition } from '../model/types.js';
import type { RuntimeContext } from './context.js';
import type { ElementInstanceRecord, ResourceRecord } from './records.js';
import { bindingAccepts, latestVersion } from './binding.js';
import { checksum } from './checksum.js';
import { ActivationIncident } from './evaluation.js';

/**
 * RPA scripts (.rpa) as Zeebe 8.8 keeps them (RpaTransformer, ResourceState): versioned by the id in
 * their JSON, resolved for a job worker task's zeebe:linkedResources when its job is created
 * (BpmnJobBehavior), and read by the RPA worker through GET /v2/resources/{key}/content.
 */

/** The job header the linked resources travel in (Zeebe's Protocol.LINKED_RESOURCES_HEADER_NAME). */
const LINKED_RESOURCES_HEADER = 'linkedResources';

export interface ParsedResource {
  id: string;
  versionTag?: string;
  content: string;
  name: string;
}

const deletedVersionMeta = (resourceId: string) => `deletedResourceVersion:${resourceId}`;

function latestResourceById(ctx: RuntimeContext, resourceId: string): ResourceRecord | undefined {
  return latestVersion(ctx.store.table<ResourceRecord>('resource').values(), (r) => r.resourceId === resourceId);
}

/** Zeebe's duplicate: the latest version has the same content under the same resource name. */
function sameAsLatest(latest: ResourceRecord | undefined, resource: ParsedResource): latest is ResourceRecord {
  return latest !== undefined && latest.checksum === checksum(resource.content) && latest.resourceName === resource.name;
}

export function isUnchangedResource(ctx: RuntimeContext, resource: ParsedResource): boolean {
  return sameAsLatest(latestResourceById(ctx, resource.id), resource);
}

/**
 * Stores an RPA script. An unchanged one stays the version it was only when nothing else in the
 * deployment is new either: otherwise Zeebe versions it again with this deployment, so that a task
 * bound by deployment finds it beside the process it was deployed with.
 */
export function storeResource(ctx: RuntimeContext, resource: ParsedResource, deploymentKey: number, deploymentHasNew: boolean): ResourceRecord {
  const latest = latestResourceById(ctx, resource.id);
  if (!deploymentHasNew && sameAsLatest(latest, resource)) return latest;
  const record: ResourceRecord = {
    key: ctx.newKey(),
    resourceId: resource.id,
    // a deleted version's number is not given again, as in Zeebe
    version: Math.max(latest?.version ?? 0, Number(ctx.store.getMeta(deletedVersionMeta(resource.id)) ?? 0)) + 1,
    ...(resource.versionTag !== undefined && { versionTag: resource.versionTag }),
    resourceName: resource.name,
    deploymentKey,
    checksum: checksum(resource.content),
    content: resource.content,
  };
  ctx.put('resource', record.key, record);
  return record;
}

/** Deletes an RPA script by its key; false when the key is no such resource. */
export function deleteStoredResource(ctx: RuntimeContext, key: number): boolean {
  const resource = ctx.store.get<ResourceRecord>('resource', key);
  if (!resource) return false;
  ctx.store.delete('resource', key);
  const deleted = Number(ctx.store.getMeta(deletedVersionMeta(resource.resourceId)) ?? 0);
  ctx.store.setMeta(deletedVersionMeta(resource.resourceId), String(Math.max(deleted, resource.version)));
  return true;
}

/**
 * The linkedResources header of a job: each link's resource by its binding, as JSON in Zeebe's
 * shape (resourceKey as a string, resourceType, linkName). A link with no such resource is
 * RESOURCE_NOT_FOUND with Zeebe's message, and the job is not created.
 */
export function linkedResourcesHeader(ctx: RuntimeContext, ei: ElementInstanceRecord, links: LinkedResourceDefinition[]): Record<string, string> {
  const resolved = links.map((link) => ({
    resourceKey: String(linkedResource(ctx, ei, link).key),
    resourceType: link.resourceType,
    linkName: link.linkName ?? null,
  }));
  return { [LINKED_RESOURCES_HEADER]: JSON.stringify(resolved) };
}

function linkedResource(ctx: RuntimeContext, ei: ElementInstanceRecord, link: LinkedResourceDefinition): ResourceRecord {
  const accepts = bindingAccepts(ctx, ei, link.binding);
  const found = latestVersion(ctx.store.table<ResourceRecord>('resource').values(), (r) => r.resourceId === link.resourceId && accepts(r));
  if (found) return found;
  const { resourceId, binding } = link;
  if (binding.bindingType === 'deployment') {
    throw new ActivationIncident(
      'RESOURCE_NOT_FOUND',
      `Expected to link a resource with id '${resourceId}' and binding type 'deployment', but no such resource found in the deployment with key ${ctx.definition(ei.definitionKey).deploymentKey} which contained the current process. ` +
        'To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended resource to use.',
    );
  }
  // Zeebe's other two messages are text blocks that end with a line break
  if (binding.bindingType === 'versionTag') {
    throw new ActivationIncident(
      'RESOURCE_NOT_FOUND',
      `Expected to link a resource with id '${resourceId}' and version tag '${binding.versionTag ?? 'null'}', but no such resource found. To resolve the incident, deploy a resource with the given id and version tag.\n`,
    );
  }
  throw new ActivationIncident(
    'RESOURCE_NOT_FOUND',
    `Expected to link a resource with id '${resourceId}', but no resource with this id is found, at least a resource with this id should be available. To resolve the Incident please deploy a resource with the same id.\n`,
  );
}
