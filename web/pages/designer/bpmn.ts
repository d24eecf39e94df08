import BpmnModeler from 'bpmn-js/lib/Modeler.js';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeTooltipProvider } from 'bpmn-js-properties-panel';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import ElementTemplateChooserModule from '@bpmn-io/element-template-chooser';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud/index.js';
import LintModule from 'bpmn-js-bpmnlint';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import bpmnlintConfig from 'virtual:bpmnlint-config';
import styles from 'stylesheet:./bpmn-editor.css';
import { el } from '../shared/api.js';
import { addStylesheet } from '../shared/stylesheet.js';
import elementTemplates from './element-templates.json' with { type: 'json' };
import { menuBelowPadModule } from './menu-below-pad.js';
import { translateZh, zhCNTranslateModule } from './translate.js';

/** One element a deployment was refused for (by the checks or the engine), as POST /api/designer/bpmn/{id}/deploy answers it. */
export interface ElementProblem {
  elementId: string | null;
  elementType: string | null;
  message: string;
}

interface Shape {
  id: string;
  businessObject: { name?: string };
}
interface ElementRegistry {
  get(id: string): Shape | undefined;
}
interface Canvas {
  addMarker(element: Shape | string, marker: string): void;
  removeMarker(element: Shape | string, marker: string): void;
  zoom(level: 'fit-viewport', center?: 'auto'): number;
  scrollToElement(element: Shape): void;
}
interface Overlays {
  add(element: Shape | string, type: string, overlay: { position: { top?: number; bottom?: number; left?: number; right?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Selection {
  select(element: Shape): void;
}
interface BusEvent {
  issues?: Record<string, Array<{ category: string }>>;
  errors?: Error[];
  context?: { element?: Shape; newTemplate?: { name: string } };
  trigger?: string;
}
interface EventBus {
  on(event: string, callback: (event: BusEvent) => void): void;
}
interface Modeling {
  updateLabel(element: Shape, text: string): void;
}
interface ElementTemplates {
  setEngines(engines: Record<string, string>): void;
}

// bpmn-js is ES modules without "type": "module": TypeScript (NodeNext) reads its default export as
// a CommonJS namespace, esbuild bundles the class it is.
const Modeler = BpmnModeler as unknown as typeof BpmnModeler.default;

/** The engine version the templates and the lint rules are for (.bpmnlintrc: camunda-cloud-8-8). */
const ENGINES = { camunda: '8.8.0' };
const DEPLOY_ERROR = 'sh-deploy-error';

// after the form editor's (form.ts), as when both came in one file
addStylesheet(styles, 2);

export interface BpmnEditor {
  open(xml: string): Promise<string[]>;
  xml(): Promise<string>;
  /** lint errors of the current diagram (the rules of .bpmnlintrc) */
  lintErrors(): number;
  showDeployProblems(problems: ElementProblem[], prefix: string): ElementProblem[];
  /** a bpmnlint message as the page's own lint shows it, in Chinese */
  translate(message: string): string;
  clearDeployProblems(): void;
  focus(elementId: string): void;
}

/**
 * bpmn-js with the Zeebe properties panel and its help tooltips, the project's element templates
 * (with their chooser), the Zeebe modelling behaviours, the project's lint rules on the diagram and
 * zh-CN labels.
 * The bpmn.io watermark stays (bpmn-js licence). The page imports this module when it first opens
 * a diagram, so the page itself loads without any of them.
 */
export function createBpmnEditor(canvasParent: HTMLElement, propertiesParent: HTMLElement, onChange: () => void, onTemplateErrors: (errors: Error[]) => void): BpmnEditor {
  const modeler = new Modeler({
    container: canvasParent,
    // the help a group's or a field's label shows when pointed at (in Chinese: translate-help.ts)
    propertiesPanel: { parent: propertiesParent, tooltip: ZeebeTooltipProvider },
    linting: { bpmnlint: bpmnlintConfig, active: true },
    elementTemplates: { engines: ENGINES },
    moddleExtensions: { zeebe: zeebeModdle },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      CloudElementTemplatesPropertiesProviderModule,
      ElementTemplateChooserModule,
      LintModule,
      zhCNTranslateModule,
      menuBelowPadModule,
    ],
  });
  const service = <T>(name: string): T => modeler.get<T>(name);
  const eventBus = service<EventBus>('eventBus');
  const canvas = service<Canvas>('canvas');
  const overlays = service<Overlays>('overlays');
  const registry = service<ElementRegistry>('elementRegistry');
  let errors = 0;
  let marked: string[] = [];

  eventBus.on('elementTemplates.errors', (event) => onTemplateErrors(event.errors ?? []));
  service<ElementTemplates>('elementTemplates').setEngines(ENGINES);
  service<{ setTemplates(templates: unknown[]): void }>('elementTemplatesLoader').setTemplates(elementTemplates);
  // a change by the designer, not the emptied history of a diagram being opened
  eventBus.on('commandStack.changed', (event) => {
    if (event.trigger !== 'clear') onChange();
  });
  // a task made from a template is called by the template's name (发送通知) until the designer names it
  eventBus.on('commandStack.propertiesPanel.zeebe.changeTemplate.postExecute', ({ context }) => {
    if (context?.element && context.newTemplate && !context.element.businessObject.name) service<Modeling>('modeling').updateLabel(context.element, context.newTemplate.name);
  });
  eventBus.on('linting.completed', (event) => {
    errors = Object.values(event.issues ?? {})
      .flat()
      .filter((issue) => issue.category === 'error').length;
  });

  function clearDeployProblems(): void {
    for (const id of marked) canvas.removeMarker(id, DEPLOY_ERROR);
    marked = [];
    overlays.remove({ type: DEPLOY_ERROR });
  }

  return {
    async open(xml) {
      clearDeployProblems();
      const { warnings } = await modeler.importXML(xml);
      canvas.zoom('fit-viewport', 'auto');
      // typed as strings, given as Errors
      return warnings.map((w) => (w as unknown as Error | undefined)?.message ?? String(w));
    },
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml!;
    },
    lintErrors: () => errors,
    /** Marks each element a refused deployment named and puts its message next to it; answers the problems it could not place. */
    showDeployProblems(problems, prefix) {
      clearDeployProblems();
      const unplaced: ElementProblem[] = [];
      for (const problem of problems) {
        const shape = problem.elementId === null ? undefined : registry.get(problem.elementId);
        if (!shape) {
          unplaced.push(problem);
          continue;
        }
        canvas.addMarker(shape, DEPLOY_ERROR);
        marked.push(shape.id);
        const note = el('div', { class: 'sh-deploy-error-note', role: 'alert', 'data-element-id': shape.id }, prefix, problem.message);
        overlays.add(shape, DEPLOY_ERROR, { position: { bottom: -8, left: -10 }, html: note });
      }
      return unplaced;
    },
    clearDeployProblems,
    translate: (message) => translateZh(message),
    focus(elementId) {
      const shape = registry.get(elementId);
      if (!shape) return;
      canvas.scrollToElement(shape);
      service<Selection>('selection').select(shape);
    },
  };
}
