/**
 * The few texts dmn-js 17 writes straight into its markup instead of asking `translate` (so
 * dmn-translate.ts cannot reach them): the result heading and type label of a business knowledge
 * model, the heads of its formal parameters, the duration cell editor's heading, the message for
 * an expression type it cannot show, and two attributes. Each is replaced where dmn-js puts it,
 * found by its element and exact text, as the views render; text a designer typed (anything
 * inside an editable cell or field) is never touched, so what is saved stays what was typed.
 */

interface FixedText {
  selector: string;
  text: string;
  zh: string;
}

const TEXTS: readonly FixedText[] = [
  { selector: '.element-variable > h2', text: 'Result', zh: '结果' },
  { selector: '.element-variable-type-label', text: 'Result type', zh: '结果类型' },
  { selector: '.formal-parameters th', text: 'Name', zh: '名称' },
  { selector: '.formal-parameters th', text: 'Type', zh: '类型' },
  { selector: '.comparison > h4.dms-heading', text: 'Value', zh: '值' },
  // "Expression of type {type} is not supported." comes as three text nodes around the type
  { selector: 'span', text: 'Expression of type ', zh: '不支持类型为 ' },
  { selector: 'span', text: ' is not supported.', zh: ' 的表达式。' },
];

const ATTRIBUTES: ReadonlyArray<{ name: 'aria-label' | 'title'; text: string; zh: string }> = [
  { name: 'aria-label', text: 'Decision table context menu', zh: '决策表快捷菜单' },
  { name: 'title', text: 'Remove item', zh: '删除此项' },
];

const editable = (node: Node): boolean => node.parentElement?.closest('[contenteditable="true"], input, textarea') != null;

function translateTextNode(node: Text): void {
  const parent = node.parentElement;
  if (!parent || editable(node)) return;
  const found = TEXTS.find((t) => t.text === node.data && parent.matches(t.selector));
  if (found) node.data = found.zh;
}

function translateSubtree(root: Node): void {
  if (root instanceof Text) {
    translateTextNode(root);
    return;
  }
  if (!(root instanceof Element)) return;
  for (const { selector } of TEXTS) {
    const hosts = [...(root.matches(selector) ? [root] : []), ...root.querySelectorAll(selector)];
    for (const host of hosts) for (const child of host.childNodes) if (child instanceof Text) translateTextNode(child);
  }
  for (const { name, text, zh } of ATTRIBUTES) {
    const query = `[${name}="${text}"]`;
    for (const element of [...(root.matches(query) ? [root] : []), ...root.querySelectorAll(query)]) element.setAttribute(name, zh);
  }
}

/** Keeps the texts above in Chinese in `container`, whatever dmn-js renders into it from now on. */
export function keepFixedTextsChinese(container: HTMLElement): void {
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) translateSubtree(node);
  }).observe(container, { childList: true, subtree: true });
  translateSubtree(container);
}
