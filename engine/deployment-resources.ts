import { compileBpmn, DeploymentRejectedError } from './model/compile.js';
import type { ModelProblem, ProcessModel } from './model/types.js';
import { compileDmn } from './dmn/parse.js';
import type { DecisionRequirementsModel } from './dmn/types.js';
import { invalidArgument } from './runtime/errors.js';
import { firstDue, TimerValueError } from './timer/timer.js';
import type { ParsedResource } from './runtime/resources.js';

export interface DeployResource {
  name: string;
  content: Buffer;
}

export interface ParsedResources {
  processes: Array<{ model: ProcessModel; xml: string; name: string }>;
  forms: Array<{ id: string; versionTag?: string; schema: string; name: string }>;
  decisionRequirements: Array<{ model: DecisionRequirementsModel; xml: string; name: string }>;
  /** RPA scripts (.rpa), stored as versioned resources that job worker tasks link to */
  resources: ParsedResource[];
}

/** What this engine is configured to refuse beyond what Zeebe refuses. */
export interface DeploymentLimits {
  /** the shortest interval of a repeating timer (ENGINE_TIMER_MIN_CYCLE_SECONDS) */
  minCycleIntervalMs: number;
}

/**
 * A deployment's resources read and checked before anything is stored: each BPMN file compiled,
 * each form's id read, and the ids unique within the deployment, as Zeebe refuses them.
 */
export async function parseDeploymentResources(resources: DeployResource[], limits: DeploymentLimits): Promise<ParsedResources> {
  if (resources.length === 0) throw invalidArgument('Expected to deploy at least one resource, but none given');
  const parsed: ParsedResources = { processes: [], forms: [], decisionRequirements: [], resources: [] };
  for (const r of resources) {
    const text = r.content.toString('utf8');
    if (r.name.endsWith('.bpmn') || r.name.endsWith('.xml')) {
      const models = await compileBpmn(text, r.name);
      const problems = models.flatMap((model) => cyclesBelowMinimum(model, limits.minCycleIntervalMs));
      if (problems.length > 0) throw new DeploymentRejectedError(r.name, problems);
      for (const model of models) parsed.processes.push({ model, xml: text, name: r.name });
    } else if (r.name.endsWith('.dmn')) {
      parsed.decisionRequirements.push({ model: await compileDmn(text, r.name), xml: text, name: r.name });
    } else if (r.name.endsWith('.form')) {
      parsed.forms.push({ ...formIdentity(text, r.name), schema: text, name: r.name });
    } else if (r.name.endsWith('.rpa')) {
      parsed.resources.push({ ...rpaIdentity(text, r.name), content: text, name: r.name });
    } else {
      throw invalidArgument(`Expected to deploy a resource of type BPMN (.bpmn, .xml), DMN (.dmn), form (.form) or RPA (.rpa), but '${r.name}' is none of them`);
    }
  }
  // Zeebe rejects a deployment that would create two versions of one id at once
  const duplicates = [
    ...duplicateIds(parsed.processes.map((p) => ({ id: p.model.id, name: p.name })), (_, first, second) => `Duplicated process id in resources '${first}' and '${second}'`),
    ...duplicateIds(
      parsed.decisionRequirements.map((d) => ({ id: d.model.id, name: d.name })),
      (id, first, second) => `Expected the decision requirements ids to be unique within a deployment but found a duplicated id '${id}' in the resources '${first}' and '${second}'.`,
    ),
    ...duplicateIds(
      parsed.decisionRequirements.flatMap((d) => d.model.decisions.map((decision) => ({ id: decision.id, name: d.name }))),
      (id, first, second) => `Expected the decision ids to be unique within a deployment but found a duplicated id '${id}' in the resources '${first}' and '${second}'.`,
    ),
    ...duplicateIds(parsed.forms, (id, first, second) => `Expected the form ids to be unique within a deployment but found a duplicated id '${id}' in the resources '${first}' and '${second}'.`),
    ...duplicateIds(parsed.resources, (id, first, second) => `Expected the resource ids to be unique within a deployment but found a duplicated id '${id}' in the resources '${first}' and '${second}'.`),
  ];
  if (duplicates.length > 0) {
    throw invalidArgument(`Expected to deploy new resources, but encountered the following errors:\n${duplicates.join('\n')}`);
  }
  return parsed;
}

/**
 * Literal timer cycles shorter than the configured minimum, reported as compiling reports an
 * invalid one. Checked here rather than when compiling: stored diagrams are compiled again at
 * every start, and raising the minimum must not stop them loading (their timers are throttled).
 */
function cyclesBelowMinimum(model: ProcessModel, minCycleIntervalMs: number): ModelProblem[] {
  return [...model.elements.values()].flatMap((element) => {
    const timer = element.event?.type === 'timer' ? element.event.timer : undefined;
    if (timer?.kind !== 'cycle' || timer.expr.kind !== 'static') return [];
    try {
      firstDue('cycle', timer.expr.value, 0, minCycleIntervalMs);
      return [];
    } catch (error) {
      if (!(error instanceof TimerValueError)) throw error;
      return [{ elementId: element.id, elementType: element.bpmnType, message: `timer cycle is invalid: ${error.message}` }];
    }
  });
}

/** The form's id, and its versionTag (what a linked form bound by version tag matches), from its JSON. */
function formIdentity(text: string, name: string): { id: string; versionTag?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidArgument(`Form '${name}' is not valid JSON: ${(err as Error).message}`, { resource: name });
  }
  const { id, versionTag } = (parsed ?? {}) as { id?: unknown; versionTag?: unknown };
  if (typeof id !== 'string' || id.length === 0) {
    throw invalidArgument(`Form '${name}' has no 'id'; a deployed form needs an id that user tasks link to`, { resource: name });
  }
  return { id, ...(typeof versionTag === 'string' && versionTag.trim() !== '' ? { versionTag: versionTag.trim() } : {}) };
}

/**
 * An RPA script's id and versionTag, read as Zeebe's RpaTransformer reads them (other properties
 * are the worker's business), refused with its messages.
 */
function rpaIdentity(text: string, name: string): { id: string; versionTag?: string } {
  const refuse = (message: string) => invalidArgument(`Expected to deploy new resources, but encountered the following errors:\n'${name}': ${message}`, { resource: name });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw refuse(`Failed to parse resource JSON. '${name}': ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw refuse(`Failed to parse resource JSON. '${name}': expected a JSON object`);
  const { id, versionTag } = parsed as { id?: unknown; versionTag?: unknown };
  // Jackson reads a number or boolean into a String field as its text
  const asText = (value: unknown) => (typeof value === 'number' || typeof value === 'boolean' ? String(value) : value);
  const resourceId = asText(id);
  const tag = asText(versionTag);
  if (resourceId === undefined || resourceId === null) throw refuse('Expected the resource id to be present, but none given');
  if (typeof resourceId !== 'string' || (tag !== undefined && tag !== null && typeof tag !== 'string')) {
    throw refuse(`Failed to parse resource JSON. '${name}': id and versionTag must be text`);
  }
  if (resourceId.trim() === '') throw refuse('Expected the resource id to be filled, but it is blank');
  return { id: resourceId, ...(typeof tag === 'string' && { versionTag: tag }) };
}

/** One message per resource that repeats an id an earlier resource of the same deployment declared. */
function duplicateIds(items: Array<{ id: string; name: string }>, message: (id: string, first: string, second: string) => string): string[] {
  const firstName = new Map<string, string>();
  const messages: string[] = [];
  for (const { id, name } of items) {
    const first = firstName.get(id);
    if (first === undefined) firstName.set(id, name);
    else messages.push(message(id, first, name));
  }
  return messages;
}
