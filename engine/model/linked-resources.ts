/**
 * zeebe:linkedResources of a job worker task, as Zeebe 8.8 validates them (ZeebeRuntimeValidators:
 * resourceId and resourceType present and not empty, bindingType one of its values). A linked RPA
 * script is resolved when the job is created; the worker reads its key from the job's
 * linkedResources header and fetches the script through GET /v2/resources/{key}/content.
 */
import type { ZeebeExtensions } from './extensions.js';
import { readBindingType } from './forms.js';
import { list, str } from './moddle.js';
import type { Report } from './problems.js';
import type { LinkedResourceDefinition } from './types.js';

const present = (value: string | undefined) => value !== undefined && value.trim() !== '';

/** undefined when the element links no resource, so a job without links has no header. */
export function readLinkedResources(extensions: ZeebeExtensions, report: Report): LinkedResourceDefinition[] | undefined {
  const container = extensions.take('zeebe:LinkedResources');
  const links = container ? list(container, 'values') : [];
  if (links.length === 0) return undefined;
  return links.map((link) => {
    const resourceId = str(link, 'resourceId');
    const resourceType = str(link, 'resourceType');
    if (!present(resourceId)) report("Attribute 'resourceId' must be present and not empty");
    if (!present(resourceType)) report("Attribute 'resourceType' must be present and not empty");
    const bindingType = readBindingType(link, report) ?? 'latest';
    const versionTag = str(link, 'versionTag');
    const linkName = str(link, 'linkName');
    return {
      resourceId: resourceId ?? '',
      resourceType: resourceType ?? '',
      ...(linkName !== undefined && { linkName }),
      // Zeebe reads the tag only for a versionTag binding, and looks up an absent one as 'null'
      binding: bindingType === 'versionTag' ? { bindingType, ...(versionTag !== undefined && { versionTag }) } : { bindingType },
    };
  });
}
