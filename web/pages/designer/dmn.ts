import DmnModeler from 'dmn-js/lib/Modeler.js';
import styles from 'stylesheet:./dmn-editor.css';
import { el } from '../shared/api.js';
import { addStylesheet } from '../shared/stylesheet.js';
import { keepFixedTextsChinese } from './dmn-fixed-texts.js';
import { zhCNDmnTranslateModule } from './dmn-translate.js';
import { drdMenuBelowPadModule } from './menu-below-pad.js';

/** One view of a decision file: its requirements diagram, or one decision's table or literal expression. */
interface View {
  type: 'drd' | 'decisionTable' | 'literalExpression' | 'boxedExpression';
  element: { id: string; name?: string; $type: string };
}
interface ViewerEventBus {
  on(event: string, callback: (event: { trigger?: string }) => void): void;
}

/** A decision of the open file, as the page shows it for a business rule task to name. */
export interface DecisionOfFile {
  id: string;
  name: string | null;
}

// after the diagram editor's (bpmn.ts): dmn-js brings its own copy of diagram-js's styles
addStylesheet(styles, 3);

const VIEW_LABEL: Record<View['type'], string> = { drd: '决策需求图', decisionTable: '决策表', literalExpression: '文字表达式', boxedExpression: '业务知识模型' };

export interface DmnEditor {
  open(xml: string): Promise<string[]>;
  xml(): Promise<string>;
  decisions(): DecisionOfFile[];
  /** opens the view of the decision an engine's refusal names, if it has one */
  show(elementId: string): void;
}

/**
 * dmn-js 17's editor for decision files (<id>.dmn): the decision requirements diagram, decision
 * tables and literal expressions, each a view of its own; the tabs above switch between them (dmn-js
 * draws no tabs itself). Each view has a diagram-js injector of its own, so each is given the
 * zh-CN `translate` service (dmn-translate.ts); the few texts dmn-js writes without it are kept
 * Chinese as they render (dmn-fixed-texts.ts). The bpmn.io watermark stays (dmn-js licence). The
 * page imports this module when it first opens a decision, so neither the page nor the other
 * editors carry dmn-js.
 */
export function createDmnEditor(host: HTMLElement, onChange: () => void): DmnEditor {
  const tabs = el('div', { class: 'designer-dmn-tabs', role: 'tablist', id: 'dmn-views' });
  const container = el('div', { class: 'designer-dmn-canvas', id: 'dmn-canvas' });
  host.replaceChildren(tabs, container);
  keepFixedTextsChinese(container);
  const zhCN = { additionalModules: [zhCNDmnTranslateModule] };
  const modeler = new DmnModeler({
    container,
    drd: { additionalModules: [zhCNDmnTranslateModule, drdMenuBelowPadModule] },
    decisionTable: zhCN,
    literalExpression: zhCN,
    boxedExpression: zhCN,
  });
  const watched = new WeakSet<object>();
  let importing = false;

  // each view has an editor of its own, made when first shown: a change in any of them is the designer's
  function watchActiveViewer(): void {
    const viewer = modeler.getActiveViewer() as { get(name: string): unknown } | undefined;
    if (!viewer || watched.has(viewer)) return;
    watched.add(viewer);
    (viewer.get('eventBus') as ViewerEventBus).on('commandStack.changed', (event) => {
      if (!importing && event.trigger !== 'clear') onChange();
    });
  }

  function showTabs(): void {
    const active = modeler.getActiveView() as View | undefined;
    tabs.replaceChildren(
      ...(modeler.getViews() as View[]).map((view) => {
        const label = view.type === 'drd' ? VIEW_LABEL.drd : `${VIEW_LABEL[view.type]}：${view.element.name || view.element.id}`;
        const selected = active !== undefined && active.element.id === view.element.id;
        const tab = el('button', { type: 'button', role: 'tab', class: 'designer-dmn-tab', 'aria-selected': String(selected), 'data-view': view.type, 'data-element-id': view.element.id }, label);
        tab.addEventListener('click', () => void modeler.open(view));
        return tab;
      }),
    );
  }

  modeler.on('views.changed', () => {
    watchActiveViewer();
    showTabs();
  });

  return {
    async open(xml) {
      importing = true;
      try {
        const { warnings } = await modeler.importXML(xml);
        watchActiveViewer();
        showTabs();
        return warnings.map((w: unknown) => (w as Error | undefined)?.message ?? String(w));
      } finally {
        importing = false;
      }
    },
    async xml() {
      const { xml } = await modeler.saveXML({ format: true });
      return xml;
    },
    decisions() {
      const definitions = modeler.getDefinitions() as { drgElement?: Array<{ $type: string; id: string; name?: string }> } | undefined;
      return (definitions?.drgElement ?? []).filter((e) => e.$type === 'dmn:Decision').map((e) => ({ id: e.id, name: e.name ?? null }));
    },
    show(elementId) {
      const view = (modeler.getViews() as View[]).find((v) => v.element.id === elementId);
      if (view) void modeler.open(view);
    },
  };
}
