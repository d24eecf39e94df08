import type { ElementBehavior, ElementModel } from './types.js';

/** An element with no flows, mappings or children yet; the compiler fills them in. */
export function emptyElement(id: string, bpmnType: string, behavior: ElementBehavior, name?: string): ElementModel {
  return {
    id,
    ...(name !== undefined && { name }),
    bpmnType,
    behavior,
    incoming: [],
    outgoing: [],
    inputs: [],
    outputs: [],
    boundaryEventIds: [],
    childIds: [],
    eventSubProcessIds: [],
  };
}
