import type { CamundaRestClient } from '@camunda8/sdk';
import { BpmnModdle } from 'bpmn-moddle';
import type { Logger } from './log.js';

/**
 * The names a deployed diagram gives its process and its elements (办件登记, 承诺件办理 …), read
 * from the engine through the SDK, so operators read 「承诺件办理 · 办件登记」 rather than the
 * ids. A deployed definition never changes: its names are kept per definition key.
 */
export interface ProcessNames {
  process: string | null;
  element(id: string): string | null;
}

interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  flowElements?: ModdleElement[];
}

const NONE: ProcessNames = { process: null, element: () => null };

function collect(elements: ModdleElement[] | undefined, into: Map<string, string>): void {
  for (const e of elements ?? []) {
    if (e.id && e.name) into.set(e.id, e.name.trim());
    collect(e.flowElements, into);
  }
}

export function createProcessNames(camunda: CamundaRestClient, log: Logger): (processDefinitionKey: string | undefined, processDefinitionId: string) => Promise<ProcessNames> {
  const moddle = new BpmnModdle();
  const known = new Map<string, Promise<ProcessNames>>();

  const read = async (key: string, processId: string): Promise<ProcessNames> => {
    try {
      const xml = await camunda.getProcessDefinitionXML(key);
      const { rootElement } = await moddle.fromXML(xml);
      const processes = ((rootElement as { rootElements?: ModdleElement[] }).rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
      const process = processes.find((p) => p.id === processId) ?? processes[0];
      const elements = new Map<string, string>();
      collect(processes.flatMap((p) => p.flowElements ?? []), elements);
      return { process: process?.name?.trim() || null, element: (id) => elements.get(id) ?? null };
    } catch (error) {
      known.delete(key);
      log.warn('could not read the names of a deployed diagram; showing none', { processDefinitionKey: key, error: (error as Error).message });
      return NONE;
    }
  };

  return (key, processId) => {
    if (!key) return Promise.resolve(NONE);
    let names = known.get(key);
    if (!names) {
      names = read(key, processId);
      known.set(key, names);
    }
    return names;
  };
}
