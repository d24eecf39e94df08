import type { FormJsSchema } from './types.js';

/** FEEL names that are the language's own, never a variable the form reads. */
const FEEL_WORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'if', 'then', 'else', 'for', 'in', 'return', 'some', 'every', 'satisfies', 'instance', 'of', 'between', 'item', 'this', 'parent', 'i', '_this_', '_parent_', '_i_']);

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

function namesIn(expression: string, into: Set<string>): void {
  // string literals name no variable
  for (const name of expression.replace(/"(?:[^"\\]|\\.)*"/g, '').match(IDENTIFIER) ?? []) if (!FEEL_WORDS.has(name)) into.add(name);
}

/**
 * The top-level variables a form may read when it is shown: the first segment of every key and
 * path, every valuesKey, and every name in its FEEL expressions and {{ }} templates. It errs on
 * the side of too many (a FEEL function's name is taken as a variable): what it returns is what
 * is kept of a task's variables to show its form again as it was submitted.
 */
export function variablesReadBy(form: FormJsSchema): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, property: string | null): void => {
    if (typeof node === 'string') {
      if (property === 'valuesKey') names.add(node);
      else if ((property === 'key' || property === 'path') && node !== '') names.add(node.split('.')[0]);
      else if (node.startsWith('=')) namesIn(node.slice(1), names);
      else for (const [, inner] of node.matchAll(/\{\{([^}]*)\}\}/g)) namesIn(inner, names);
      return;
    }
    if (Array.isArray(node)) node.forEach((child) => visit(child, null));
    else if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) visit(v, k);
  };
  visit(form.components, null);
  return names;
}
