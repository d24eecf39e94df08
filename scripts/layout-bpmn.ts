/**
 * Generates the diagram layout (bpmndi) of hand-written BPMN files, in place, with
 * bpmn-auto-layout, so the diagrams open in bpmn-js and Camunda Modeler:
 *
 *   npx tsx scripts/layout-bpmn.ts processes/promised-case.bpmn [more.bpmn ...]
 *
 * Any layout already in a file is replaced. The semantic part is written back unchanged except
 * for the incoming/outgoing references of flow nodes, which are derived from the sequence flows
 * (Modeler writes them too).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { BpmnModdle } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { type Rect, Router } from './layout-bpmn-routing.js';

/** The part of moddle's object model this script touches. */
interface ModdleObject {
  readonly $type: string;
  id?: string;
  $instanceOf(type: string): boolean;
  get(property: string): unknown;
  set(property: string, value: unknown): void;
}

interface Moddle {
  fromXML(xml: string): Promise<{ rootElement: ModdleObject; warnings: { message: string }[] }>;
  toXML(element: ModdleObject, options: { format: boolean }): Promise<{ xml: string }>;
  create(type: string, properties?: Record<string, unknown>): ModdleObject;
}

/** the layouter's grid row height */
const ROW_HEIGHT = 140;
/** space kept between a moved branch and other shapes */
const CLEARANCE = 15;
const BOUNDARY_SPACING = 42;
const BOUNDARY_LABEL_WIDTH = 90;

// engine/model declares only the parsing half of bpmn-moddle's API.
const moddle = new BpmnModdle({ zeebe: zeebeSchema }) as unknown as Moddle;

const objects = (value: unknown): ModdleObject[] => (Array.isArray(value) ? (value as ModdleObject[]) : []);

function flowElements(container: ModdleObject): ModdleObject[] {
  return objects(container.get('flowElements'));
}

/** Processes and (event) sub-processes at any depth, outermost first. */
function containers(definitions: ModdleObject): ModdleObject[] {
  const found: ModdleObject[] = [];
  const visit = (container: ModdleObject) => {
    found.push(container);
    flowElements(container).filter((element) => element.$type === 'bpmn:SubProcess').forEach(visit);
  };
  objects(definitions.get('rootElements'))
    .filter((root) => root.$type === 'bpmn:Process')
    .forEach(visit);
  return found;
}

/**
 * bpmn-auto-layout walks the flow through incoming/outgoing, which hand-written XML usually lacks;
 * without them it stacks every element in one column and draws no edges.
 */
function linkFlowNodes(container: ModdleObject): void {
  const elements = flowElements(container);
  const flows = elements.filter((element) => element.$type === 'bpmn:SequenceFlow');
  for (const node of elements.filter((element) => element.$instanceOf('bpmn:FlowNode'))) {
    node.set('incoming', flows.filter((flow) => flow.get('targetRef') === node));
    node.set('outgoing', flows.filter((flow) => flow.get('sourceRef') === node));
  }
}

/**
 * bpmn-auto-layout 1.3 draws sub-processes collapsed but puts their content into the main plane,
 * on top of the main flow. Modeler shows a collapsed sub-process's content in a plane of its own
 * (drill-down), so the content is moved there. (Seeding an expanded shape makes the layouter draw
 * the sub-process expanded instead, but then it routes the flows of boundary events diagonally
 * across the diagram.)
 */
function moveContentToOwnPlanes(definitions: ModdleObject): void {
  const [main] = objects(definitions.get('diagrams'));
  const mainPlane = main?.get('plane') as ModdleObject | undefined;
  if (!mainPlane) return;
  const subProcesses = containers(definitions).filter((container) => container.$type === 'bpmn:SubProcess');
  const planes = new Map(
    subProcesses.map((subProcess) => [
      subProcess,
      moddle.create('bpmndi:BPMNPlane', { id: `BPMNPlane_${subProcess.id}`, bpmnElement: subProcess, planeElement: [] }),
    ]),
  );
  const kept: ModdleObject[] = [];
  for (const di of objects(mainPlane.get('planeElement'))) {
    const parent = (di.get('bpmnElement') as ModdleObject & { $parent?: ModdleObject }).$parent;
    const plane = parent && planes.get(parent);
    if (plane) (plane.get('planeElement') as ModdleObject[]).push(di);
    else kept.push(di);
  }
  mainPlane.set('planeElement', kept);
  const diagrams = [...planes.values()].map((plane) =>
    moddle.create('bpmndi:BPMNDiagram', { id: `BPMNDiagram_${(plane.get('bpmnElement') as ModdleObject).id}`, plane }),
  );
  definitions.set('diagrams', [main, ...diagrams]);
}

function boundsOf(di: ModdleObject): Rect {
  const bounds = di.get('bounds') as ModdleObject;
  return {
    x: bounds.get('x') as number,
    y: bounds.get('y') as number,
    width: bounds.get('width') as number,
    height: bounds.get('height') as number,
  };
}

function overlaps(a: Rect, b: Rect, margin: number): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

/**
 * bpmn-auto-layout gives every branch a grid row of its own and never reuses a row, so branches
 * end up far below the main path with empty rows between them. Each branch (shapes connected to
 * each other below the top row) moves up to the highest row where it fits.
 */
function compactBranches(shapes: Map<ModdleObject, ModdleObject>, flows: ModdleObject[]): void {
  const bounds = (element: ModdleObject) => shapes.get(element)!.get('bounds') as ModdleObject;
  const rect = (element: ModdleObject): Rect => boundsOf(shapes.get(element)!);
  const topRow = Math.min(...[...shapes.keys()].map((element) => Math.floor(rect(element).y / ROW_HEIGHT)));
  const anchor = (element: ModdleObject) =>
    element.$type === 'bpmn:BoundaryEvent' ? (element.get('attachedToRef') as ModdleObject) : element;
  const movable = (element: ModdleObject) => Math.floor(rect(anchor(element)).y / ROW_HEIGHT) > topRow;

  const group = new Map<ModdleObject, ModdleObject[]>();
  const join = (a: ModdleObject, b: ModdleObject) => {
    const ga = group.get(a) ?? [a];
    const gb = group.get(b) ?? [b];
    if (ga === gb) return;
    const merged = [...ga, ...gb];
    for (const element of merged) group.set(element, merged);
  };
  for (const element of shapes.keys()) {
    if (!movable(element)) continue;
    group.set(element, group.get(element) ?? [element]);
    if (anchor(element) !== element) join(element, anchor(element));
  }
  for (const flow of flows) {
    const source = flow.get('sourceRef') as ModdleObject;
    const target = flow.get('targetRef') as ModdleObject;
    if (group.has(source) && group.has(target)) join(source, target);
  }

  const branches = [...new Set(group.values())].sort(
    (a, b) => Math.min(...a.map((e) => rect(e).y)) - Math.min(...b.map((e) => rect(e).y)),
  );
  for (const branch of branches) {
    const members = new Set(branch);
    const others = [...shapes.keys()].filter((element) => !members.has(element)).map(rect);
    const row = Math.min(...branch.map((element) => Math.floor(rect(anchor(element)).y / ROW_HEIGHT)));
    for (let target = topRow + 1; target < row; target++) {
      const dy = (target - row) * ROW_HEIGHT;
      const fits = branch.every((element) => {
        const moved = { ...rect(element), y: rect(element).y + dy };
        return others.every((other) => !overlaps(moved, other, CLEARANCE));
      });
      if (fits) {
        for (const element of branch) bounds(element).set('y', rect(element).y + dy);
        break;
      }
    }
  }
}

/** bpmn-auto-layout spreads boundary events over the activity's width, which lets two of them overlap. */
function spreadBoundaryEvents(shapes: Map<ModdleObject, ModdleObject>): void {
  const byHost = new Map<ModdleObject, ModdleObject[]>();
  for (const element of shapes.keys()) {
    const host = element.$type === 'bpmn:BoundaryEvent' ? (element.get('attachedToRef') as ModdleObject) : undefined;
    if (host) byHost.set(host, [...(byHost.get(host) ?? []), element]);
  }
  for (const [host, events] of byHost) {
    const hostDi = shapes.get(host);
    if (!hostDi) continue;
    const hostBounds = boundsOf(hostDi);
    const first = hostBounds.x + hostBounds.width / 2 - ((events.length - 1) * BOUNDARY_SPACING) / 2;
    events.forEach((event, i) => {
      const di = shapes.get(event)!;
      const bounds = di.get('bounds') as ModdleObject;
      const x = Math.round(first + i * BOUNDARY_SPACING - (bounds.get('width') as number) / 2);
      bounds.set('x', x);
      // side by side, the default labels centred under each event would overlap
      if (events.length > 1 && (i === 0 || i === events.length - 1)) {
        const labelX = i === 0 ? x - BOUNDARY_LABEL_WIDTH + 8 : x + (bounds.get('width') as number) - 8;
        const labelBounds = moddle.create('dc:Bounds', {
          x: labelX,
          y: (bounds.get('y') as number) + (bounds.get('height') as number) + 2,
          width: BOUNDARY_LABEL_WIDTH,
          height: 27,
        });
        di.set('label', moddle.create('bpmndi:BPMNLabel', { bounds: labelBounds }));
      }
    });
  }
}

/** Replaces the layouter's waypoints with orthogonal routes around all shapes of the plane. */
function routeFlows(plane: ModdleObject): void {
  const elements = objects(plane.get('planeElement'));
  const shapes = new Map<ModdleObject, ModdleObject>();
  const edges: ModdleObject[] = [];
  for (const di of elements) {
    if (di.$type === 'bpmndi:BPMNShape') shapes.set(di.get('bpmnElement') as ModdleObject, di);
    else if (di.$type === 'bpmndi:BPMNEdge') edges.push(di);
  }
  compactBranches(
    shapes,
    edges.map((edge) => edge.get('bpmnElement') as ModdleObject),
  );
  spreadBoundaryEvents(shapes);
  const rects = new Map([...shapes].map(([element, di]) => [element, boundsOf(di)]));
  const router = new Router([...rects.values()]);
  const container = plane.get('bpmnElement') as ModdleObject;
  const order = flowElements(container);
  // flows declared first (the main path, by convention of these files) get the straightest routes;
  // exception paths (flows out of boundary events) give way to the normal flow
  const rank = (edge: ModdleObject) => {
    const flow = edge.get('bpmnElement') as ModdleObject;
    const fromBoundary = (flow.get('sourceRef') as ModdleObject).$type === 'bpmn:BoundaryEvent';
    return (fromBoundary ? order.length : 0) + order.indexOf(flow);
  };
  edges.sort((e1, e2) => rank(e1) - rank(e2));
  for (const edge of edges) {
    const flow = edge.get('bpmnElement') as ModdleObject;
    const source = flow.get('sourceRef') as ModdleObject;
    const target = flow.get('targetRef') as ModdleObject;
    const points = router.route({
      source: rects.get(source)!,
      target: rects.get(target)!,
      sourceIsBoundary: source.$type === 'bpmn:BoundaryEvent',
    });
    edge.set(
      'waypoint',
      points.map((point) => moddle.create('dc:Point', { x: Math.round(point.x), y: Math.round(point.y) })),
    );
  }
}

async function semanticXml(definitions: ModdleObject): Promise<string> {
  const diagrams = definitions.get('diagrams');
  definitions.set('diagrams', []);
  const { xml } = await moddle.toXML(definitions, { format: true });
  definitions.set('diagrams', diagrams);
  // namespace declarations come out in a different order after the layouter's round trip
  return xml.replace(/\s+xmlns:\w+="[^"]*"/g, '');
}

/** Ids of flow nodes and sequence flows that have no shape or edge in the layout. */
function elementsWithoutDi(definitions: ModdleObject): string[] {
  const drawn = new Set<unknown>();
  for (const diagram of objects(definitions.get('diagrams'))) {
    const plane = diagram.get('plane') as ModdleObject | undefined;
    for (const di of plane ? objects(plane.get('planeElement')) : []) drawn.add(di.get('bpmnElement'));
  }
  return containers(definitions)
    .flatMap(flowElements)
    .filter((element) => element.$instanceOf('bpmn:FlowNode') || element.$type === 'bpmn:SequenceFlow')
    .filter((element) => !drawn.has(element))
    .map((element) => element.id ?? element.$type);
}

/**
 * Drops what this script derives anyway: the old layout and the incoming/outgoing references,
 * which would otherwise point at elements deleted since the last layout.
 */
function withoutDerivedParts(xml: string): string {
  return xml
    .replace(/\s*<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '')
    .replace(/^\s*<bpmn:(incoming|outgoing)>[^<]*<\/bpmn:\1>\r?\n/gm, '');
}

export async function layoutBpmn(xml: string): Promise<string> {
  const { rootElement: definitions, warnings } = await moddle.fromXML(withoutDerivedParts(xml));
  if (warnings.length > 0) {
    // moddle drops what it cannot read, so writing back would silently lose it
    throw new Error(`cannot read the diagram: ${warnings.map((warning) => warning.message).join('; ')}`);
  }
  const processes = objects(definitions.get('rootElements')).filter((root) => root.$type === 'bpmn:Process');
  if (processes.length !== 1) {
    // bpmn-auto-layout lays out the first process only
    throw new Error(`expected exactly one process, found ${processes.length}`);
  }
  containers(definitions).forEach(linkFlowNodes);
  const before = await semanticXml(definitions);
  const { xml: seeded } = await moddle.toXML(definitions, { format: true });

  const { rootElement: laidOut } = await moddle.fromXML(await layoutProcess(seeded));
  if ((await semanticXml(laidOut)) !== before) {
    // the layouter parses without the Zeebe schema; make sure nothing got lost on the way
    throw new Error('bpmn-auto-layout changed the semantic part of the diagram');
  }
  moveContentToOwnPlanes(laidOut);
  for (const diagram of objects(laidOut.get('diagrams'))) routeFlows(diagram.get('plane') as ModdleObject);
  const missing = elementsWithoutDi(laidOut);
  if (missing.length > 0) {
    throw new Error(`bpmn-auto-layout drew no shape or edge for ${missing.join(', ')}`);
  }
  return (await moddle.toXML(laidOut, { format: true })).xml;
}

async function main(files: string[]): Promise<void> {
  if (files.length === 0) {
    console.error('usage: npx tsx scripts/layout-bpmn.ts <file.bpmn> [...]');
    process.exitCode = 2;
    return;
  }
  for (const file of files) {
    try {
      await writeFile(file, await layoutBpmn(await readFile(file, 'utf8')), 'utf8');
      console.log(`laid out ${file}`);
    } catch (error) {
      console.error(`${file}: ${(error as Error).message}`);
      process.exitCode = 1;
    }
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
