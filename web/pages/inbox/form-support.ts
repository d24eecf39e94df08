/**
 * What the form-js viewer needs to serve the hall, apart from form-js itself (form-viewer.ts, loaded
 * when a form is first shown): its messages in Chinese, and the API's 400 field errors placed on
 * the fields they name.
 */

type Schema = { id?: string; key?: string; path?: string; type?: string; label?: string; components?: Schema[] };

const VALIDATION: Array<[RegExp, (...m: string[]) => string]> = [
  [/^Field is required\.$/, () => '此项为必填项。'],
  [/^Field must have minimum value of (.+)\.$/, (_, v) => `不得小于 ${v}。`],
  [/^Field must have maximum value of (.+)\.$/, (_, v) => `不得大于 ${v}。`],
  [/^Field must have minimum length of (.+)\.$/, (_, v) => `至少 ${v} 个字符。`],
  [/^Field must have maximum length of (.+)\.$/, (_, v) => `最多 ${v} 个字符。`],
  [/^Field must match pattern (.+)\.$/, () => '格式不正确。'],
  [/^Field must be a valid email\.$/, () => '请输入有效的电子邮箱。'],
  [/^Field must be a valid\s+international phone number.*$/, () => '请输入有效的电话号码。'],
  [/^Value is not a number\.$/, () => '请输入数字。'],
  [/^Value is expected to be an integer\.$/, () => '请输入整数。'],
  [/^Value is expected to have at most (\d+) decimal digits?\.$/, (_, n) => `最多 ${n} 位小数。`],
];

export function translateMessage(message: string): string {
  for (const [pattern, to] of VALIDATION) {
    const m = pattern.exec(message);
    if (m) return to(...m);
  }
  return message;
}

/** The viewer's own words, as they appear in its buttons and placeholders. */
const UI_TEXT: Array<[RegExp, (...m: string[]) => string]> = [
  [/^Add new$/, () => '新增一行'],
  [/^Select$/, () => '请选择'],
  [/^Nothing to show\.$/, () => '暂无数据'],
  [/^No results$/, () => '无匹配项'],
  [/^Collapse$/, () => '收起'],
  [/^Expand all \((\d+)\)$/, (_, n) => `展开全部（${n}）`],
  [/^Browse$/, () => '选择文件'],
  [/^Search$/, () => '搜索'],
  [/^Remove list item (\d+)$/, (_, n) => `删除第 ${n} 行`],
  [/^Previous page$/, () => '上一页'],
  [/^Next page$/, () => '下一页'],
  [/^Increment$/, () => '加一'],
  [/^Decrement$/, () => '减一'],
];

function translateText(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  for (const [pattern, to] of [...UI_TEXT, ...VALIDATION]) {
    const m = pattern.exec(trimmed);
    if (m) return text.replace(trimmed, to(...m));
  }
  return null;
}

const ATTRIBUTES = ['placeholder', 'aria-label', 'title'];

function translateAttributes(element: Element): void {
  for (const attr of ATTRIBUTES) {
    const value = element.getAttribute(attr);
    const to = value === null ? null : translateText(value);
    if (to !== null && to !== value) element.setAttribute(attr, to);
  }
}

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const to = translateText(node.nodeValue ?? '');
    if (to !== null && to !== node.nodeValue) node.nodeValue = to;
    return;
  }
  if (!(node instanceof Element)) return;
  translateAttributes(node);
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) translateNode(n);
    else if (n instanceof Element) translateAttributes(n);
  }
}

/** Keeps the viewer's English words out of the page as it renders and re-renders. */
export function translateFormUi(container: HTMLElement): MutationObserver {
  translateNode(container);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') translateNode(r.target);
      else if (r.type === 'attributes') translateNode(r.target);
      else r.addedNodes.forEach(translateNode);
    }
  });
  observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
  return observer;
}

export interface FieldRef {
  /** the component's id, which form-js keys its errors by */
  id: string;
  label: string;
}

/**
 * Where an API error's field (`variables.missing.0.reason`) is in the form: the component and
 * the indexes of the lists it sits in, or null when it names no field of the form.
 */
export function locateField(schema: Schema, field: string): { ref: FieldRef; indexes: number[] } | null {
  const segments = field.replace(/^variables\./, '').split('.');
  const names = segments.filter((s) => !/^\d+$/.test(s));
  const indexes = segments.filter((s) => /^\d+$/.test(s)).map(Number);
  const search = (components: Schema[], prefix: string[], labels: string[]): FieldRef | null => {
    for (const c of components) {
      const own = c.key ?? c.path;
      const path = own ? [...prefix, ...own.split('.')] : prefix;
      const label = c.label ? [...labels, c.label] : labels;
      if (c.key && path.join('.') === names.join('.') && c.id) return { id: c.id, label: label.join(' / ') };
      if (c.components) {
        const found = search(c.components, path, label);
        if (found) return found;
      }
      if (c.path && !c.key && path.join('.') === names.join('.') && c.id) return { id: c.id, label: label.join(' / ') };
    }
    return null;
  };
  const ref = search(schema.components ?? [], [], []);
  return ref ? { ref, indexes } : null;
}

/** The form-js errors state for the API's field errors: `{ [id]: [msg] }`, or `{ [id]: { [i]: [msg] } }` inside a list. */
export function formErrorsOf(schema: Schema, errors: Array<{ field: string; message: string }>): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const e of errors) {
    const at = locateField(schema, e.field);
    if (!at) continue;
    if (at.indexes.length === 0) {
      state[at.ref.id] = [...((state[at.ref.id] as string[] | undefined) ?? []), e.message];
    } else {
      let node = (state[at.ref.id] ??= {}) as Record<string, unknown>;
      at.indexes.slice(0, -1).forEach((i) => (node = (node[i] ??= {}) as Record<string, unknown>));
      const last = at.indexes[at.indexes.length - 1];
      node[last] = [...((node[last] as string[] | undefined) ?? []), e.message];
    }
  }
  return state;
}

/** The top-level variable names the form owns (its fields, groups with a path, lists). */
export function ownedKeys(schema: Schema): Set<string> {
  const keys = new Set<string>();
  const walk = (components: Schema[]) => {
    for (const c of components) {
      const own = c.key ?? c.path;
      if (own) {
        keys.add(own.split('.')[0]);
        continue;
      }
      if (c.components) walk(c.components);
    }
  };
  walk(schema.components ?? []);
  return keys;
}
