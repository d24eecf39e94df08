/**
 * Ad-hoc sub-processes as Camunda 8.8 defines them
 * (https://docs.camunda.io/docs/8.8/components/modeler/bpmn/ad-hoc-subprocesses/): zeebe:adHoc's
 * activeElementsCollection, outputCollection and outputElement, bpmn:completionCondition and
 * cancelRemainingInstances, with Zeebe's deploy validation (AdHocSubProcessValidator).
 */
import { emptyElement } from './elements.js';
import type { ZeebeExtensions } from './extensions.js';
import { readFeelOnly } from './expressions.js';
import type { ModdleElement } from './moddle.js';
import { bool, expressionBody, idOf, list, ref, str } from './moddle.js';
import type { ProblemList, Report } from './problems.js';
import type { AdHocDefinition, AdHocElementMetadata, ElementBehavior, ElementModel, JobDefinition, ProcessModel } from './types.js';
import { readJob } from './zeebeReaders.js';

/** Zeebe's id of the synthetic flow scope each activation runs in. */
export const innerInstanceIdOf = (adHocId: string) => `${adHocId}#innerInstance`;

export function readAdHoc(node: ModdleElement, extensions: ZeebeExtensions, report: Report): AdHocDefinition {
  const adHoc = extensions.take('zeebe:AdHoc');
  const feel = (value: string | undefined, label: string) => {
    const trimmed = value?.trim();
    // Zeebe reads an empty attribute as an absent one
    return trimmed ? readFeelOnly(trimmed, label, report) : undefined;
  };
  const definition: AdHocDefinition = {
    cancelRemainingInstances: bool(node, 'cancelRemainingInstances') ?? true,
    activityIds: [],
    innerInstanceId: innerInstanceIdOf(idOf(node)),
    elements: list(node, 'flowElements').map(metadataOf),
  };
  const active = feel(adHoc ? str(adHoc, 'activeElementsCollection') : undefined, 'zeebe:adHoc activeElementsCollection');
  const completion = feel(expressionBody(node, 'completionCondition'), 'completionCondition');
  const outputCollection = adHoc ? str(adHoc, 'outputCollection')?.trim() : undefined;
  const outputElement = feel(adHoc ? str(adHoc, 'outputElement') : undefined, 'zeebe:adHoc outputElement');
  if (active !== undefined) definition.activeElementsCollection = active;
  if (completion !== undefined) definition.completionCondition = completion;
  if (outputCollection) definition.outputCollection = outputCollection;
  if (outputElement !== undefined) definition.outputElement = outputElement;
  return definition;
}

/**
 * The job worker implementation (8.8: "define the sub-process with a task definition"): a worker
 * decides what to activate and when it completes, so Zeebe refuses the settings that decide it.
 */
export function readAdHocJob(node: ModdleElement, definition: AdHocDefinition, extensions: ZeebeExtensions, report: Report): JobDefinition | undefined {
  const job = readJob(extensions, report);
  if (!job) return undefined;
  if (bool(node, 'cancelRemainingInstances') === false) report('Must not set cancelRemainingInstances to false in combination with zeebe:taskDefinition');
  if (expressionBody(node, 'completionCondition') !== undefined) report('Must not set completionCondition in combination with zeebe:taskDefinition');
  if (definition.activeElementsCollection !== undefined) report('Must not set activeElementsCollection in combination with zeebe:taskDefinition');
  return job;
}

/** What Zeebe tells a worker about an inner element: name, documentation, zeebe:properties. */
function metadataOf(child: ModdleElement): AdHocElementMetadata {
  const properties: Record<string, string> = {};
  const extensions = ref(child, 'extensionElements');
  for (const holder of extensions ? list(extensions, 'values').filter((v) => v.$type === 'zeebe:Properties') : []) {
    for (const property of list(holder, 'properties')) properties[str(property, 'name') ?? ''] = str(property, 'value') ?? '';
  }
  return {
    elementId: idOf(child),
    elementName: str(child, 'name') ?? '',
    documentation: list(child, 'documentation').map((doc) => str(doc, 'text') ?? '').join('\n'),
    properties,
    parameters: [],
  };
}

/** Element kinds Zeebe can activate inside an ad-hoc sub-process (AdHocSubProcessTransformer.isAdHocActivity). */
const NOT_ACTIVATABLE: ReadonlySet<ElementBehavior> = new Set(['startEvent', 'endEvent', 'boundaryEvent', 'eventSubProcess', 'process', 'adHocInnerInstance']);

/**
 * Zeebe's constraints on the contents (at least one element, no start or end event), the
 * elements an activation may name, and the synthetic inner-instance element the runtime gives
 * each activation as its flow scope. Runs after the flows are linked.
 */
export function checkAdHocSubProcesses(model: ProcessModel, problems: ProblemList): void {
  for (const adHoc of [...model.elements.values()].filter((element) => element.behavior === 'adHocSubProcess')) {
    const report = (message: string) => problems.add(adHoc.id, adHoc.bpmnType, message);
    const children = adHoc.childIds.flatMap((id) => model.elements.get(id) ?? []);
    if (children.length === 0) report('Must have at least one activity.');
    if (children.some((child) => child.behavior === 'startEvent')) report('Must not contain a start event.');
    if (children.some((child) => child.behavior === 'endEvent')) report('Must not contain an end event.');
    const definition = adHoc.adHoc!;
    definition.activityIds = children.filter((child) => !NOT_ACTIVATABLE.has(child.behavior) && child.incoming.length === 0).map((child) => child.id);
    definition.elements = definition.elements.filter((entry) => definition.activityIds.includes(entry.elementId));
    model.elements.set(definition.innerInstanceId, innerInstanceElement(adHoc));
  }
}

function innerInstanceElement(adHoc: ElementModel): ElementModel {
  return { ...emptyElement(adHoc.adHoc!.innerInstanceId, 'bpmn:AdHocSubProcessInnerInstance', 'adHocInnerInstance'), parentId: adHoc.id };
}
