import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };

/** What the doctor needs of one processes/*.bpmn: what to compare with the engine and which jobs it creates. */
export interface Diagram {
  /** the file name, which is also the resource name `npm start` deploys it under */
  file: string;
  xml: string;
  /** the executable processes it defines; each is deployed as its own definition */
  processIds: string[];
  /** every job type its tasks and listeners create, FEEL-computed ones left out (they cannot be known before a run) */
  jobTypes: string[];
}

/** A diagram that does not parse: the app could not deploy it either. */
export class DiagramError extends Error {
  readonly code = 'DIAGRAM';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`processes/${file} cannot be read as BPMN: ${detail}`);
    this.name = 'DiagramError';
  }
}

interface ModdleObject {
  readonly $type: string;
  readonly id?: string;
  get(property: string): unknown;
}

const list = (value: unknown): ModdleObject[] => (Array.isArray(value) ? (value as ModdleObject[]) : []);

/** zeebe:taskDefinition on service, send, script and business-rule tasks and message throw events; task and execution listeners. */
function jobTypesOf(element: ModdleObject): string[] {
  const types: string[] = [];
  const extensions = element.get('extensionElements') as ModdleObject | undefined;
  for (const value of list(extensions?.get('values'))) {
    if (value.$type === 'zeebe:TaskDefinition') types.push(value.get('type') as string);
    if (value.$type === 'zeebe:TaskListeners' || value.$type === 'zeebe:ExecutionListeners') {
      for (const listener of list(value.get('listeners'))) types.push(listener.get('type') as string);
    }
  }
  for (const child of list(element.get('flowElements'))) types.push(...jobTypesOf(child));
  return types;
}

export async function parseDiagram(file: string, xml: string): Promise<Diagram> {
  let definitions: ModdleObject;
  try {
    definitions = (await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml)).rootElement as ModdleObject;
  } catch (error) {
    throw new DiagramError(file, error instanceof Error ? error.message : String(error));
  }
  const processes = list(definitions.get('rootElements')).filter((root) => root.$type === 'bpmn:Process' && root.get('isExecutable') !== false);
  const jobTypes = processes.flatMap(jobTypesOf).filter((type) => typeof type === 'string' && type !== '' && !type.startsWith('='));
  return { file, xml, processIds: processes.map((p) => p.id!), jobTypes: [...new Set(jobTypes)].sort() };
}
