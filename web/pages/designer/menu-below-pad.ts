/**
 * bpmn-js places the menus its context pad opens (更改元素类型 on one element, 对齐 on several)
 * with ContextPad#getPad, which diagram-js deprecated and warns about on every click; dmn-js's
 * requirements diagram does the same for 更改类型. This provider runs after the editor's and gives
 * those entries the same action placed from the open pad on the canvas instead, so the menu still
 * appears right below the pad.
 */

interface Target {
  id: string;
}
type Click = (event: MouseEvent | KeyboardEvent, target: Target | Target[]) => void;
interface Entry {
  action: { click?: Click } | Click;
}
type Entries = Record<string, Entry>;
interface Position {
  x: number;
  y: number;
  cursor?: { x: number; y: number };
}

interface ContextPad {
  registerProvider(priority: number, provider: { getContextPadEntries(): (entries: Entries) => Entries; getMultiElementContextPadEntries(): (entries: Entries) => Entries }): void;
}
interface PopupMenu {
  open(target: Target | Target[], provider: string, position: Position, options?: { title: string; width: string; search: boolean }): void;
}
interface Canvas {
  getContainer(): HTMLElement;
}

/** after bpmn-js's providers (1000): they have made the entries this one changes */
const PRIORITY = 500;
const Y_OFFSET = 5;

/** The replace menu an editor's context pad opens: its popup menu provider and how it is shown. */
interface ReplaceMenu {
  provider: string;
  options?: (translate: (text: string) => string) => { title: string; width: string; search: boolean };
}

function menuBelowPad(replace: ReplaceMenu) {
  function MenuBelowPad(contextPad: ContextPad, popupMenu: PopupMenu, canvas: Canvas, translate: (text: string) => string): void {
    function belowPad(event: MouseEvent | KeyboardEvent): Position {
      const pad = canvas.getContainer().querySelector('.djs-context-pad');
      // a key press (r: 更改元素类型) may come while no pad is shown: the menu opens at the canvas's corner
      const rect = pad?.getBoundingClientRect() ?? canvas.getContainer().getBoundingClientRect();
      const position: Position = { x: rect.left, y: rect.bottom + Y_OFFSET };
      if (event instanceof MouseEvent) position.cursor = { x: event.x, y: event.y };
      return position;
    }

    function withClick(entries: Entries, id: string, click: Click): Entries {
      const entry = entries[id];
      if (!entry) return entries;
      return { ...entries, [id]: { ...entry, action: { ...(typeof entry.action === 'function' ? {} : entry.action), click } } };
    }

    contextPad.registerProvider(PRIORITY, {
      getContextPadEntries: () => (entries) =>
        withClick(entries, 'replace', (event, target) =>
          popupMenu.open(target, replace.provider, belowPad(event), replace.options?.(translate)),
        ),
      getMultiElementContextPadEntries: () => (entries) => withClick(entries, 'align-elements', (event, target) => popupMenu.open(target, 'align-elements', belowPad(event))),
    });
  }
  MenuBelowPad.$inject = ['contextPad', 'popupMenu', 'canvas', 'translate'];
  return { __init__: ['menuBelowPad'], menuBelowPad: ['type', MenuBelowPad] };
}

export const menuBelowPadModule = menuBelowPad({
  provider: 'bpmn-replace',
  options: (translate) => ({ title: translate('Change element'), width: 'var(--bpmn-replace-popup-width, 300px)', search: true }),
});

/** dmn-js's requirements diagram: its replace menu has no title or search */
export const drdMenuBelowPadModule = menuBelowPad({ provider: 'dmn-replace' });
