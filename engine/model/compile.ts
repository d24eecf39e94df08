/**
 * Compiles BPMN XML into the executable model (types.ts). The engine refuses what it cannot run
 * exactly as Zeebe 8.8 would, so every unsupported or invalid construct becomes a problem naming
 * the element, and a deployment with any problem is rejected as a whole.
 */
import { checkAdHocSubProcesses, readAdHoc, readAdHocJob } from './ad-hoc.js';
import { emptyElement } from './elements.js';
import type { EventPosition } from './eventDefinitions.js';
import { compileEventDefinition, compileMessage } from './eventDefinitions.js';
import { readFeelOnly } from './expressions.js';
import { ZeebeExtensions } from './extensions.js';
import { checkEmbeddedForms, readFormReference } from './forms.js';
import type { ModdleElement } from './moddle.js';
import { bool, expressionBody, idOf, list, ref, str } from './moddle.js';
import { parseBpmnXml } from './parseXml.js';
import type { Report } from './problems.js';
import { ProblemList } from './problems.js';
import { checkStructure } from './structure.js';
import type { ElementBehavior, ElementModel, ModelProblem, ProcessModel, SequenceFlowModel } from './types.js';
import { checkExecutionListenerSupport, readExecutionListeners } from './execution-listeners.js';
import {
  readCalledElement,
  readIoMapping,
  readJob,
  readJobWorkerUserTask,
  readMultiInstance,
  readScript,
  readCalledDecision,
  readUserTask,
} from './zeebeReaders.js';

export class DeploymentRejectedError extends Error {
  readonly code = 'INVALID_BPMN';
  readonly problems: ModelProblem[];
  resourceName: string;

  constructor(resourceName: string, problems: ModelProblem[]) {
    super(`'${resourceName}': ${describeProblems(problems)}`);
    this.name = 'DeploymentRejectedError';
    this.problems = problems;
    this.resourceName = resourceName;
  }
}

/** Zeebe's layout of deployment errors (one block per element), which clients may already parse. */
function describeProblems(problems: ModelProblem[]): string {
  const byElement = new Map<string, string[]>();
  for (const { elementId, elementType, message } of problems) {
    const element = elementId === '' ? '(document)' : `${elementId}${elementType ? ` (${elementType})` : ''}`;
    byElement.set(element, [...(byElement.get(element) ?? []), message]);
  }
  return [...byElement]
    .map(([element, messages]) => `- Element: ${element}\n${messages.map((message) => `    - ERROR: ${message}`).join('\n')}`)
    .join('\n');
}

/** One model per executable process (isExecutable not false); throws DeploymentRejectedError listing every problem. */
export async function compileBpmn(xml: string, resourceName: string): Promise<ProcessModel[]> {
  const { definitions, problems: parseProblems } = await parseBpmnXml(xml);
  const problems = new ProblemList(parseProblems);
  const models: ProcessModel[] = [];
  if (definitions) {
    const roots = list(definitions, 'rootElements');
    // collaborations only reference processes that are root elements themselves
    const processes = roots.filter((root) => root.$type === 'bpmn:Process' && bool(root, 'isExecutable') !== false);
    if (processes.length === 0) {
      problems.add(idOf(definitions), definitions.$type, 'the document contains no executable process');
    }
    for (const process of processes) {
      models.push(new ProcessCompiler(process, problems).compile());
    }
  }
  if (!problems.isEmpty) {
    throw new DeploymentRejectedError(resourceName, problems.problems);
  }
  return models;
}

/** Flow elements without execution semantics; Zeebe deploys and then ignores them. */
const IGNORED_FLOW_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const UNSUPPORTED_FLOW_ELEMENTS: Record<string, string> = {
  'bpmn:ComplexGateway': 'complex gateways are not supported by the embedded engine',
  'bpmn:Transaction': 'transactions are not supported by the embedded engine',
};

function newElement(node: ModdleElement, behavior: ElementBehavior): ElementModel {
  return emptyElement(idOf(node), node.$type, behavior, str(node, 'name'));
}

class ProcessCompiler {
  private readonly model: ProcessModel;
  /** flow nodes already reported as unsupported, so flows touching them aren't reported again */
  private readonly refusedIds = new Set<string>();
  /** bpmn:Association source id → target id (a compensation boundary event → its handler) */
  private readonly associations = new Map<string, string>();

  constructor(
    private readonly process: ModdleElement,
    private readonly problems: ProblemList,
  ) {
    const name = str(process, 'name');
    this.model = {
      id: idOf(process),
      ...(name !== undefined && { name }),
      elements: new Map(),
      flows: new Map(),
      messageStartEventIds: [],
      timerStartEventIds: [],
      signalStartEventIds: [],
    };
  }

  compile(): ProcessModel {
    const report = this.problems.reporterFor(this.process);
    if (this.model.id === '') {
      report('a process needs an id');
    }
    const extensions = new ZeebeExtensions(this.process, report);
    extensions.take('zeebe:Properties');
    const versionTagElement = extensions.take('zeebe:VersionTag');
    const versionTag = versionTagElement && str(versionTagElement, 'value')?.trim();
    if (versionTag) this.model.versionTag = versionTag;
    // embedded form bodies, read only by Tasklist through a job-worker user task's formKey header
    checkEmbeddedForms(extensions, report);
    const listeners = readExecutionListeners(extensions, report);
    extensions.reportUnused(this.process.$type);
    const root = { ...newElement(this.process, 'process'), ...listeners };
    this.model.elements.set(root.id, root);
    this.compileScope(this.process, root);
    checkStructure(this.model, { refusedIds: this.refusedIds, associations: this.associations, problems: this.problems });
    checkAdHocSubProcesses(this.model, this.problems);
    return this.model;
  }

  private compileScope(container: ModdleElement, scope: ElementModel): void {
    for (const artifact of list(container, 'artifacts')) {
      const source = artifact.$type === 'bpmn:Association' ? ref(artifact, 'sourceRef') : undefined;
      const target = ref(artifact, 'targetRef');
      if (source && target) {
        this.associations.set(idOf(source), idOf(target));
      }
    }
    for (const child of list(container, 'flowElements')) {
      if (child.$type === 'bpmn:SequenceFlow') {
        this.compileFlow(child);
      } else if (!IGNORED_FLOW_ELEMENTS.has(child.$type)) {
        this.compileFlowNode(child, scope);
      }
    }
  }

  private compileFlow(flow: ModdleElement): void {
    const report = this.problems.reporterFor(flow);
    const id = idOf(flow);
    if (id === '') {
      report('a sequence flow needs an id');
      return;
    }
    const source = ref(flow, 'sourceRef');
    const target = ref(flow, 'targetRef');
    const model: SequenceFlowModel = { id, sourceId: source ? idOf(source) : '', targetId: target ? idOf(target) : '' };
    const condition = expressionBody(flow, 'conditionExpression')?.trim();
    if (condition === '') {
      report('the conditionExpression must not be empty');
    } else if (condition !== undefined) {
      model.condition = readFeelOnly(condition, 'conditionExpression', report);
    }
    this.model.flows.set(id, model);
  }

  private compileFlowNode(node: ModdleElement, scope: ElementModel): void {
    const report = this.problems.reporterFor(node);
    const id = idOf(node);
    if (id === '') {
      report(`a ${node.$type} needs an id`);
      return;
    }
    const unsupported = UNSUPPORTED_FLOW_ELEMENTS[node.$type];
    if (unsupported !== undefined) {
      report(unsupported);
      this.refusedIds.add(id);
      return;
    }
    const extensions = new ZeebeExtensions(node, report);
    const element = this.compileByType(node, scope, extensions, report);
    if (!element) {
      this.refusedIds.add(id);
      return;
    }
    const { inputs, outputs } = readIoMapping(extensions, report);
    element.inputs = inputs;
    element.outputs = outputs;
    extensions.take('zeebe:Properties');
    Object.assign(element, readExecutionListeners(extensions, report));
    checkExecutionListenerSupport(element, report);
    extensions.reportUnused(node.$type);
    if (node.$instanceOf('bpmn:Activity')) {
      this.compileActivity(node, element, report);
      if (bool(node, 'isForCompensation')) {
        element.isForCompensation = true;
      }
    }
    element.parentId = scope.id;
    scope.childIds.push(id);
    this.model.elements.set(id, element);
    if (element.behavior === 'eventSubProcess') {
      scope.eventSubProcessIds.push(id);
    }
    if (element.behavior === 'subProcess' || element.behavior === 'eventSubProcess' || element.behavior === 'adHocSubProcess') {
      this.compileScope(node, element);
    }
  }

  /** undefined when the element type is not supported at all (already reported). */
  private compileByType(
    node: ModdleElement,
    scope: ElementModel,
    extensions: ZeebeExtensions,
    report: Report,
  ): ElementModel | undefined {
    switch (node.$type) {
      case 'bpmn:StartEvent':
        return this.compileStartEvent(node, scope, extensions, report);
      case 'bpmn:EndEvent':
        return this.compileThrowEvent(node, 'endEvent', 'end', extensions, report);
      case 'bpmn:IntermediateThrowEvent':
        return this.compileThrowEvent(node, 'intermediateThrowEvent', 'intermediateThrow', extensions, report);
      case 'bpmn:IntermediateCatchEvent': {
        const event = compileEventDefinition(node, 'intermediateCatch', true, report);
        return { ...newElement(node, event.type === 'link' ? 'linkCatchEvent' : 'intermediateCatchEvent'), event };
      }
      case 'bpmn:BoundaryEvent':
        return this.compileBoundaryEvent(node, report);
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask':
        return this.compileJobTask(node, extensions, report);
      case 'bpmn:BusinessRuleTask': {
        const calledDecision = extensions.take('zeebe:CalledDecision');
        if (!calledDecision) return this.compileJobTask(node, extensions, report);
        if (extensions.take('zeebe:TaskDefinition')) {
          report("Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element");
        }
        // Zeebe keeps task headers of a decision task without using them
        extensions.take('zeebe:TaskHeaders');
        return { ...newElement(node, 'decisionTask'), calledDecision: readCalledDecision(calledDecision, report) };
      }
      case 'bpmn:ScriptTask':
        return this.compileScriptTask(node, extensions, report);
      case 'bpmn:UserTask':
        // Zeebe's UserTaskTransformer never reads a task definition: a job-worker user task's job is
        // always of type io.camunda.zeebe:userTask with 1 retry, so one left on the task deploys unused
        extensions.take('zeebe:TaskDefinition');
        if (!extensions.take('zeebe:UserTask')) {
          return { ...newElement(node, 'jobTask'), job: readJobWorkerUserTask(extensions, report) };
        }
        return { ...newElement(node, 'userTask'), userTask: readUserTask(extensions, report) };
      case 'bpmn:ReceiveTask':
        if (bool(node, 'instantiate')) {
          report('instantiating receive tasks are not supported; use a message start event');
        }
        return { ...newElement(node, 'receiveTask'), event: compileMessage(ref(node, 'messageRef'), 'catch', report) };
      case 'bpmn:Task':
      case 'bpmn:ManualTask':
        return newElement(node, 'passThroughTask');
      case 'bpmn:SubProcess':
        return newElement(node, bool(node, 'triggeredByEvent') ? 'eventSubProcess' : 'subProcess');
      case 'bpmn:AdHocSubProcess': {
        const adHoc = readAdHoc(node, extensions, report);
        const job = readAdHocJob(node, adHoc, extensions, report);
        return { ...newElement(node, 'adHocSubProcess'), adHoc, ...(job && { job }) };
      }
      case 'bpmn:CallActivity':
        return this.compileCallActivity(node, extensions, report);
      case 'bpmn:ExclusiveGateway':
        return this.withDefaultFlow(node, newElement(node, 'exclusiveGateway'));
      case 'bpmn:InclusiveGateway':
        return this.withDefaultFlow(node, newElement(node, 'inclusiveGateway'));
      case 'bpmn:ParallelGateway':
        return newElement(node, 'parallelGateway');
      case 'bpmn:EventBasedGateway':
        if (bool(node, 'instantiate') || str(node, 'eventGatewayType') === 'Parallel') {
          report('instantiating or parallel event-based gateways are not supported');
        }
        return newElement(node, 'eventBasedGateway');
      default:
        report(`${node.$type} is not supported by the embedded engine`);
        return undefined;
    }
  }

  private compileStartEvent(node: ModdleElement, scope: ElementModel, extensions: ZeebeExtensions, report: Report): ElementModel {
    // a start form is for Tasklist; like Camunda's exporter, the process's none start event names it (a linked form only)
    const form = readFormReference(extensions, report);
    const positions: Partial<Record<ElementBehavior, EventPosition>> = {
      process: 'processStart',
      subProcess: 'subProcessStart',
      eventSubProcess: 'eventSubProcessStart',
    };
    const position = positions[scope.behavior] ?? 'subProcessStart';
    const element = newElement(node, 'startEvent');
    if (position !== 'eventSubProcessStart') {
      const event = compileEventDefinition(node, position, true, report);
      if (position === 'processStart' && event.type === 'none' && form?.formId !== undefined) this.model.startFormId = form.formId;
      return { ...element, event };
    }
    if (scope.parentId === this.model.id && list(node, 'eventDefinitions').some((d) => d.$type === 'bpmn:CompensateEventDefinition')) {
      this.problems.reporterForId(scope.id, scope.bpmnType)('A compensation event subprocess is not allowed on the process level');
    }
    const interrupting = bool(node, 'isInterrupting') ?? true;
    return { ...element, event: compileEventDefinition(node, position, interrupting, report), interrupting };
  }

  /** Message throw events are carried out by a job worker that publishes the message, like Zeebe does. */
  private compileThrowEvent(
    node: ModdleElement,
    behavior: 'endEvent' | 'intermediateThrowEvent',
    position: EventPosition,
    extensions: ZeebeExtensions,
    report: Report,
  ): ElementModel {
    const event = compileEventDefinition(node, position, true, report);
    const own = { link: 'linkThrowEvent', compensation: 'compensationThrowEvent' } as const;
    const element: ElementModel = { ...newElement(node, event.type === 'link' || event.type === 'compensation' ? own[event.type] : behavior), event };
    if (event.type === 'message') {
      const job = readJob(extensions, report);
      if (job) {
        element.job = job;
      } else {
        report('message throw events need zeebe:taskDefinition (a job worker publishes the message)');
      }
    }
    return element;
  }

  private compileBoundaryEvent(node: ModdleElement, report: Report): ElementModel {
    const interrupting = bool(node, 'cancelActivity') ?? true;
    const element: ElementModel = {
      ...newElement(node, 'boundaryEvent'),
      event: compileEventDefinition(node, 'boundary', interrupting, report),
      interrupting,
    };
    const attachedTo = ref(node, 'attachedToRef');
    if (attachedTo) {
      element.attachedToId = idOf(attachedTo);
    } else {
      report('a boundary event must be attached to an activity (attachedToRef)');
    }
    return element;
  }

  private compileJobTask(node: ModdleElement, extensions: ZeebeExtensions, report: Report): ElementModel {
    const element = newElement(node, 'jobTask');
    const job = readJob(extensions, report);
    if (!job) {
      report(`${node.$type} needs zeebe:taskDefinition with a job type`);
      return element;
    }
    return { ...element, job };
  }

  private compileScriptTask(node: ModdleElement, extensions: ZeebeExtensions, report: Report): ElementModel {
    const script = extensions.take('zeebe:Script');
    const job = readJob(extensions, report);
    if (script && job) {
      report('a script task needs either zeebe:script or zeebe:taskDefinition, not both');
    }
    if (script) {
      return { ...newElement(node, 'feelScriptTask'), script: readScript(script, report) };
    }
    if (!job) {
      report('a script task needs zeebe:script (a FEEL expression) or zeebe:taskDefinition');
      return newElement(node, 'jobTask');
    }
    return { ...newElement(node, 'jobTask'), job };
  }

  private compileCallActivity(node: ModdleElement, extensions: ZeebeExtensions, report: Report): ElementModel {
    const element = newElement(node, 'callActivity');
    const calledElement = readCalledElement(extensions, report);
    return calledElement ? { ...element, calledElement } : element;
  }

  private compileActivity(node: ModdleElement, element: ElementModel, report: Report): void {
    const loop = ref(node, 'loopCharacteristics');
    const multiInstance = loop ? readMultiInstance(loop, report) : undefined;
    if (multiInstance) {
      element.multiInstance = multiInstance;
    }
    this.withDefaultFlow(node, element);
  }

  private withDefaultFlow(node: ModdleElement, element: ElementModel): ElementModel {
    const defaultFlow = ref(node, 'default');
    if (defaultFlow) {
      element.defaultFlowId = idOf(defaultFlow);
    }
    return element;
  }
}
