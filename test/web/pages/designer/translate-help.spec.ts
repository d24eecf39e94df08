import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { propertiesHelpZhCN } from '../../../../web/pages/designer/translate-help.js';
import { translateZh } from '../../../../web/pages/designer/translate.js';

/**
 * The help the designer's properties panel shows, read from the bpmn-js-properties-panel the page
 * bundles: every text the ZeebeTooltipProvider (bpmn.ts hands it to the panel) and the Zeebe
 * entries' own tooltips and descriptions ask `translate` for must come back in Chinese. The BPMN
 * provider's entries are left out: the Zeebe provider replaces the only ones with help (the timer's).
 */

const root = join(import.meta.dirname, '..', '..', '..', '..');
const dist = readFileSync(join(root, 'node_modules', 'bpmn-js-properties-panel', 'dist', 'index.esm.js'), 'utf8');

/** The first of `stops`, or the closing bracket, from `start` on outside the brackets and strings opened after it. */
function scanTo(src: string, start: number, stops: string): number {
  let depth = 0;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (c === "'" || c === '"' || c === '`') {
      for (i++; src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && stops.includes(c)) return i;
  }
  throw new Error(`unterminated code at ${start}`);
}

/** Where the expression starting at `start` ends. */
const expressionEnd = (src: string, start: number): number => scanTo(src, start, ',;');

/** The text of `const name = …;` or `function name(…) {…}` in the dist file. */
function declaration(name: string): string {
  for (const head of [`const ${name} = `, `function ${name}(`]) {
    const at = dist.indexOf(`\n${head}`);
    if (at < 0) continue;
    const body = dist.indexOf('{', at + head.length + 1);
    return dist.slice(at, scanTo(dist, body + 1, '') + 1);
  }
  throw new Error(`${name} not found in bpmn-js-properties-panel`);
}

/** The local name the dist file exports as `exported`. */
function exportedAs(exported: string): string {
  const name = new RegExp(`([\\w$]+) as ${exported}\\b`).exec(dist)?.[1];
  if (!name) throw new Error(`bpmn-js-properties-panel exports no ${exported}`);
  return name;
}

/** The `tooltip:` and `description:` values of the Zeebe provider's entries, with the helper functions they call. */
function zeebeEntryHelp(): string[] {
  const from = dist.indexOf(`\nvar ${exportedAs('BpmnPropertiesProviderModule')} = {`);
  const to = dist.indexOf(`\nvar ${exportedAs('ZeebePropertiesProviderModule')} = {`);
  expect(from, 'the Zeebe provider follows the BPMN provider').to.be.within(0, to);
  const zeebe = dist.slice(from, to);
  return [...zeebe.matchAll(/\b(?:tooltip|description): /g)].map((m) => {
    const value = zeebe.slice(m.index + m[0].length, expressionEnd(zeebe, m.index + m[0].length));
    const helper = /^([\w$]+)\(/.exec(value)?.[1];
    return helper && !['jsx', 'jsxs', 'translate'].includes(helper) ? declaration(helper) : value;
  });
}

/** What each `translate(…)` in `code` asks for: a literal, or literals joined by `+`; anything else (built at run time) as null. */
function translateArguments(code: string): Array<{ text: string | null; source: string }> {
  return [...code.matchAll(/\btranslate\(/g)].map((m) => {
    const start = m.index + m[0].length;
    const source = code.slice(start, expressionEnd(code, start)).trim();
    const parts = source.split(/\s*\+\s*(?=['"])/);
    const literals = parts.map((part) => /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(part));
    if (literals.some((l) => l === null)) return { text: null, source };
    const text = literals.map((l) => JSON.parse(`"${(l![1] ?? l![2]).replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`) as string).join('');
    return { text, source };
  });
}

describe('web/pages/designer translate-help', () => {
  const provider = declaration(exportedAs('ZeebeTooltipProvider'));
  const entries = zeebeEntryHelp();
  const asked = [provider, ...entries].flatMap(translateArguments);
  const texts = [...new Set(asked.map((a) => a.text).filter((t): t is string => t !== null))];

  it('should find the tooltip provider and the Zeebe entries’ own help in bpmn-js-properties-panel', () => {
    expect(provider).to.contain("'group-businessRuleImplementation'");
    expect(entries.join('\n')).to.contain('ISO 8601').and.to.contain('propagated to the child process instance');
    expect(texts.length, 'texts the help asks translate for').to.be.at.least(100);
    expect(
      asked.filter((a) => a.text === null).map((a) => a.source),
      'texts built at run time, which a table cannot match',
    ).to.deep.equal([]);
  });

  it('should give every help text a zh-CN translation that keeps its placeholders', () => {
    const english = texts.filter((t) => translateZh(t) === t);
    expect(english, 'help texts left in English').to.deep.equal([]);
    for (const text of texts) {
      const placeholders = (s: string) => [...s.matchAll(/{[^}]+}/g)].map((p) => p[0]).sort();
      expect(placeholders(translateZh(text)), text).to.deep.equal(placeholders(text));
    }
    expect(translateZh('Evaluate a business rule, for example a DMN decision. To add a custom implementation, use a job worker. ')).to.equal('评估业务规则，例如一个 DMN 决策。如需自定义实现，请使用作业处理器。');
    expect(translateZh('Learn more.')).to.equal('了解更多。');
  });

  it('should keep in translate-help.ts only texts the help asks for, none overridden by the rest of the table', () => {
    expect(Object.keys(propertiesHelpZhCN).filter((key) => !texts.includes(key)), 'entries no help asks for').to.deep.equal([]);
    for (const [key, zh] of Object.entries(propertiesHelpZhCN)) expect(translateZh(key), key).to.equal(zh);
  });
});
