import BpmnNavigatedViewer from 'bpmn-js/lib/NavigatedViewer.js';
import styles from 'stylesheet:bpmn-js/dist/assets/diagram-js.css';
import { addStylesheet } from '../shared/stylesheet.js';

/**
 * The instance's diagram, read-only (bpmn-js NavigatedViewer: pan and zoom, no editing), with
 * the path taken, the waiting elements and the incidents marked. A chunk of its own, with its
 * stylesheet (scripts/build-web.ts), imported when an instance is opened, so the incident list
 * never downloads a diagram viewer.
 */

export interface DiagramMarks {
  completed: string[];
  active: string[];
  /** element id → how many open incidents it has */
  incidents: Record<string, number>;
}

// the package's CommonJS-style declarations type the default import as the module (as the designer's Modeler)
const NavigatedViewer = BpmnNavigatedViewer as unknown as typeof BpmnNavigatedViewer.default;

addStylesheet(styles, 1);

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: string): void;
}
interface Overlays {
  add(id: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): void;
}
interface Registry {
  get(id: string): unknown;
}

export async function showDiagram(container: HTMLElement, xml: string, marks: DiagramMarks): Promise<void> {
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<Registry>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  canvas.zoom('fit-viewport');
  const known = (id: string) => registry.get(id) !== undefined;
  for (const id of marks.completed.filter(known)) canvas.addMarker(id, 'ops-completed');
  for (const id of marks.active.filter(known)) canvas.addMarker(id, 'ops-active');
  for (const [id, count] of Object.entries(marks.incidents)) {
    if (!known(id)) continue;
    canvas.addMarker(id, 'ops-incident');
    const badge = document.createElement('span');
    badge.className = 'ops-incident-badge';
    badge.title = `${count} 个未解决的事故`;
    badge.textContent = `事故 ${count}`;
    overlays.add(id, { position: { top: -12, right: 12 }, html: badge });
  }
}
