import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import type { EngineRequests } from './engine-requests.js';

/** What the inbox shows of a user task that a listener job does not carry: its name and form id. */
export interface UserTaskElement {
  name: string | null;
  formId: string | null;
}

interface ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  formId?: string;
  flowElements?: ModdleElement[];
  extensionElements?: { values?: ModdleElement[] };
}

function collect(elements: ModdleElement[] | undefined, into: Map<string, UserTaskElement>): void {
  for (const element of elements ?? []) {
    if (element.$type === 'bpmn:UserTask' && element.id) {
      const form = element.extensionElements?.values?.find((v) => v.$type === 'zeebe:FormDefinition');
      into.set(element.id, { name: element.name ?? null, formId: form?.formId ?? null });
    }
    collect(element.flowElements, into);
  }
}

/**
 * Looks user tasks up in their deployed process definition. Zeebe hands a listener job the task's
 * key, groups, assignee and form *key*, but not the element's name nor the form id the inbox
 * renders; both are in the diagram. A definition never changes once deployed, so each is fetched
 * and parsed once per worker process (from the REST API, which both engines serve).
 */
export function userTaskElements(engine: Pick<EngineRequests, 'processDefinitionXml'>) {
  const definitions = new Map<string, Promise<Map<string, UserTaskElement>>>();

  async function load(processDefinitionKey: string): Promise<Map<string, UserTaskElement>> {
    const xml = await engine.processDefinitionXml(processDefinitionKey);
    const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
    const tasks = new Map<string, UserTaskElement>();
    for (const root of (rootElement as { rootElements?: ModdleElement[] }).rootElements ?? []) {
      if (root.$type === 'bpmn:Process') collect(root.flowElements, tasks);
    }
    return tasks;
  }

  return async (processDefinitionKey: string, elementId: string): Promise<UserTaskElement> => {
    let tasks = definitions.get(processDefinitionKey);
    if (!tasks) {
      tasks = load(processDefinitionKey);
      definitions.set(processDefinitionKey, tasks);
      // a failed fetch must not stay cached: the job is retried and should try again
      void tasks.catch(() => definitions.delete(processDefinitionKey));
    }
    return (await tasks).get(elementId) ?? { name: null, formId: null };
  };
}
