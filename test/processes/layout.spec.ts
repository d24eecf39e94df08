import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { BpmnModdle } from 'bpmn-moddle';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { layoutBpmn } from '../../scripts/layout-bpmn.js';

const fixture = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'processes', 'layout.bpmn'), 'utf8');

interface ModdleObject {
  readonly $type: string;
  readonly id?: string;
  readonly $parent?: ModdleObject;
  get(property: string): unknown;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const objects = (value: unknown): ModdleObject[] => (Array.isArray(value) ? (value as ModdleObject[]) : []);

async function parse(xml: string): Promise<ModdleObject> {
  const { rootElement } = await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml);
  return rootElement as ModdleObject;
}

/** The elements drawn in each plane, by the id of the process or sub-process the plane shows. */
function planes(definitions: ModdleObject): Map<string, ModdleObject[]> {
  return new Map(
    objects(definitions.get('diagrams')).map((diagram) => {
      const plane = diagram.get('plane') as ModdleObject;
      return [(plane.get('bpmnElement') as ModdleObject).id ?? '', objects(plane.get('planeElement'))];
    }),
  );
}

function box(shape: ModdleObject): Box {
  const bounds = shape.get('bounds') as ModdleObject;
  return { x: bounds.get('x') as number, y: bounds.get('y') as number, width: bounds.get('width') as number, height: bounds.get('height') as number };
}

/** Whether an axis-parallel segment runs through the inside of a box. */
function crossesInside(a: { x: number; y: number }, b: { x: number; y: number }, r: Box): boolean {
  return Math.max(a.x, b.x) > r.x + 1 && Math.min(a.x, b.x) < r.x + r.width - 1 && Math.max(a.y, b.y) > r.y + 1 && Math.min(a.y, b.y) < r.y + r.height - 1;
}

describe('scripts/layout-bpmn', () => {
  let laidOut: string;
  let definitions: ModdleObject;

  before(async () => {
    laidOut = await layoutBpmn(fixture);
    definitions = await parse(laidOut);
  });

  it('should draw every flow node and sequence flow in the plane of its own process or sub-process', () => {
    const drawn = planes(definitions);
    const undrawnOrMisplaced: string[] = [];
    const visit = (container: ModdleObject) => {
      for (const element of objects(container.get('flowElements'))) {
        const inPlane = (drawn.get(container.id ?? '') ?? []).some((di) => di.get('bpmnElement') === element);
        if (!inPlane) undrawnOrMisplaced.push(element.id ?? element.$type);
        if (element.$type === 'bpmn:SubProcess') visit(element);
      }
    };
    objects(definitions.get('rootElements')).filter((root) => root.$type === 'bpmn:Process').forEach(visit);
    expect(undrawnOrMisplaced).to.deep.equal([]);
  });

  it('should draw sub-processes collapsed, their content in planes of their own', () => {
    expect([...planes(definitions).keys()]).to.have.members(['layout', 'work', 'cancelled']);
    const subProcessShapes = (planes(definitions).get('layout') ?? []).filter((di) => (di.get('bpmnElement') as ModdleObject).$type === 'bpmn:SubProcess');
    expect(subProcessShapes.map((di) => di.get('isExpanded') ?? false)).to.deep.equal([false, false]);
  });

  it('should route flows orthogonally and around every other shape', () => {
    const problems: string[] = [];
    for (const elements of planes(definitions).values()) {
      const shapes = elements.filter((di) => di.$type === 'bpmndi:BPMNShape');
      for (const edge of elements.filter((di) => di.$type === 'bpmndi:BPMNEdge')) {
        const flow = edge.get('bpmnElement') as ModdleObject;
        const ends = new Set([flow.get('sourceRef'), flow.get('targetRef')]);
        const points = objects(edge.get('waypoint')).map((p) => ({ x: p.get('x') as number, y: p.get('y') as number }));
        for (let i = 1; i < points.length; i++) {
          const [a, b] = [points[i - 1], points[i]];
          if (a.x !== b.x && a.y !== b.y) problems.push(`${flow.id} has a diagonal segment`);
          for (const shape of shapes.filter((di) => !ends.has(di.get('bpmnElement')))) {
            if (crossesInside(a, b, box(shape))) problems.push(`${flow.id} runs through ${(shape.get('bpmnElement') as ModdleObject).id}`);
          }
        }
      }
    }
    expect(problems).to.deep.equal([]);
  });

  it('should keep boundary events of one activity apart', () => {
    const shapes = planes(definitions).get('layout') ?? [];
    const [warn, overdue] = ['warn', 'overdue'].map((id) => box(shapes.find((di) => (di.get('bpmnElement') as ModdleObject).id === id)!));
    expect(Math.abs(warn.x - overdue.x)).to.be.at.least(warn.width);
  });

  it('should leave the semantic part alone and give the same layout when run again', async () => {
    const semantic = (xml: string) => xml.replace(/\s*<bpmndi:BPMNDiagram[\s\S]*<\/bpmndi:BPMNDiagram>/, '').replace(/^\s*<bpmn:(incoming|outgoing)>[^<]*<\/bpmn:\1>\n/gm, '');
    expect(semantic(laidOut)).to.include('<zeebe:taskDefinition type="layout-review" />');
    expect(semantic(laidOut)).to.include('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=again = true</bpmn:conditionExpression>');
    expect(await layoutBpmn(laidOut)).to.equal(laidOut);
  });
});
