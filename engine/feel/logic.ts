/**
 * feel-scala's three-valued logic where feelin's interpreter reads any value but false and null as
 * true (docs.camunda.io 8.8, language-guide/feel-control-flow, feel-list-expressions and
 * feel-boolean-expressions; feel-scala 1.19's FeelInterpreter). Applied to the compiled text once per
 * expression (docs/decisions/0017):
 * - the condition of an if is compared with true, so a condition that is not true (null, "yes")
 *   takes the else branch;
 * - `some … satisfies c` and `every … satisfies c` become calls of the functions below over
 *   `for … return c`: some is true when one item is true, false when all are false, null otherwise;
 *   every is false when one item is false, true when all are true, null otherwise.
 */
import { FeelFunction, parseExpression } from 'feelin';
import { TextEdits } from './text-edits.js';

const SOME = '__someSatisfies';
const EVERY = '__everySatisfies';

/** Above the variables in the evaluation context, so none can shadow them. */
export const QUANTIFIER_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  [SOME]: new FeelFunction((items: unknown) => {
    if (!Array.isArray(items)) return null;
    if (items.some((item) => item === true)) return true;
    return items.every((item) => item === false) ? false : null;
  }, ['items']),
  [EVERY]: new FeelFunction((items: unknown) => {
    if (!Array.isArray(items)) return null;
    if (items.some((item) => item === false)) return false;
    return items.every((item) => item === true) ? true : null;
  }, ['items']),
};

/** The text with feel-scala's if and some/every semantics; unchanged when it has neither. */
export function withFeelScalaLogic(text: string, names: Record<string, unknown>): { text: string; quantified: boolean } {
  if (!/\b(if|some|every)\b/.test(text)) return { text, quantified: false };
  const edits = new TextEdits();
  const open = (from: number, to: number, inserted: string) => edits.open(from, to, inserted);
  const close = (at: number, inserted: string) => edits.close(at, inserted);
  let quantified = false;
  let broken = false;
  parseExpression(text, names, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      const node = ref.node;
      if (ref.name === 'IfExpression') {
        const condition = node.firstChild?.nextSibling;
        if (condition) {
          open(condition.from, condition.from, '(');
          close(condition.to, ') = true');
        }
      } else if (ref.name === 'QuantifiedExpression') {
        const keyword = node.firstChild;
        const satisfies = node.getChild('satisfies');
        if (keyword && satisfies) {
          quantified = true;
          open(keyword.from, keyword.to, `${text.slice(keyword.from, keyword.to) === 'some' ? SOME : EVERY}(for`);
          open(satisfies.from, satisfies.to, 'return');
          close(node.to, ')');
        }
      }
      return !broken;
    },
  });
  // a syntax error is reported by the evaluation itself, from the original text
  if (broken) return { text, quantified: false };
  return { text: edits.apply(text), quantified };
}
