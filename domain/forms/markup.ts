/**
 * What a form's text component may write: form-js renders its `text` as markdown, HTML
 * included, into the clerks' pages. form-js sanitises at render (DOMPurify), but a form is
 * checked when it is saved and deployed too, so that markup meant to run never gets into the
 * store or the engine, whoever renders it later (Tasklist in cluster mode). No HTML sanitiser
 * runs on the server without a DOM (DOMPurify needs one; none is installed), so this is a strict
 * allow-list that refuses, rather than strips: the designer sees what was refused and why.
 */

/** Formatting tags that carry no behaviour. */
const TAGS = new Set([
  'p', 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'code', 'pre', 'kbd', 'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'span', 'div', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'a',
]);
const ATTRIBUTES = new Set(['href', 'title', 'colspan', 'rowspan', 'align', 'class']);
/** Where a link may go: the web, mail, a telephone, or this site. */
const SAFE_URL = /^(?:https?:|mailto:|tel:|[/#?]|[^:/?#]*(?:[/?#]|$))/i;

const NAMED_ENTITIES: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')', sol: '/', amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' };

/** Entities decoded and controls and spaces dropped, as a browser reads a URL: `java&#x09;script&colon;` is javascript:. */
function urlAsBrowserReads(raw: string): string {
  return raw
    .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => NAMED_ENTITIES[name.toLowerCase()] ?? whole)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what a browser drops from a URL
    .replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
}

const unsafeUrl = (raw: string): boolean => !SAFE_URL.test(urlAsBrowserReads(raw));

/** Why the markup is refused (the first thing found, in Chinese), or undefined when it is plain formatting. */
export function unsafeMarkup(text: string): string | undefined {
  if (/<\s*[!?]/.test(text)) return '不允许 HTML 注释、声明或处理指令';
  for (const [, closing, name, attributes] of text.matchAll(/<\s*(\/?)\s*([a-zA-Z][\w:-]*)([^>]*)>?/g)) {
    const tag = name.toLowerCase();
    if (!TAGS.has(tag)) return `不允许 <${tag}> 标签`;
    if (closing) continue;
    for (const [, attribute, , double, single, bare] of attributes.matchAll(/([^\s=/"'>]+)(\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attr = attribute.toLowerCase();
      if (!ATTRIBUTES.has(attr)) return `不允许 <${tag}> 的 ${attr} 属性`;
      if (attr === 'href' && unsafeUrl(double ?? single ?? bare ?? '')) return `不允许的链接地址：${double ?? single ?? bare}`;
    }
  }
  // markdown links and images, [text](url "title") and ![alt](url), and autolinks <scheme:...>
  for (const [, url] of text.matchAll(/\]\(\s*<?([^)\s>]*)/g)) {
    if (unsafeUrl(url)) return `不允许的链接地址：${url}`;
  }
  for (const [, url] of text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) {
    if (unsafeUrl(url)) return `不允许的链接地址：${url}`;
  }
  return undefined;
}
