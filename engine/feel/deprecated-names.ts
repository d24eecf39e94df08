/**
 * feel-scala still calls the list built-ins all() and any() by their deprecated names and() and
 * or() (docs.camunda.io 8.8, builtin-functions/feel-built-in-functions-list; feel-scala 1.19
 * ListBuiltinFunctions). In feelin's grammar `and` and `or` are only operators, so such a call is a
 * syntax error there; the text is given the current names where the keyword stands where an
 * operand belongs and is followed by an argument list.
 */
import { parseExpression } from 'feelin';

const RENAMED: Readonly<Record<string, string>> = { and: 'all', or: 'any' };

/** Before an operand: the start, an opening bracket, a separator, an operator or a keyword that takes an operand. */
const OPERAND_EXPECTED = /(?:^|[([{,:+\-*/<>=!]|(?:^|[^\p{L}\p{N}_?$])(?:if|then|else|return|satisfies|in|and|or))\s*$/u;

export function withCurrentListFunctionNames(text: string, names: Record<string, unknown>): string {
  if (!/\b(?:and|or)\s*\(/.test(text)) return text;
  const calls: Array<{ from: number; to: number; name: string }> = [];
  parseExpression(text, names, undefined).iterate({
    enter(ref) {
      const renamed = RENAMED[ref.name];
      if (renamed && /^\s*\(/.test(text.slice(ref.to)) && OPERAND_EXPECTED.test(text.slice(0, ref.from))) {
        calls.push({ from: ref.from, to: ref.to, name: renamed });
      }
    },
  });
  let result = text;
  for (const { from, to, name } of calls.sort((a, b) => b.from - a.from)) result = result.slice(0, from) + name + result.slice(to);
  return result;
}
