/**
 * feel-scala's comparison operators (FeelInterpreter 1.19: checkEquality, dualOp; `between` is
 * parsed as `x >= a and x <= b`), applied to the compiled text once per expression
 * (docs/decisions/0017). feelin answers `[1] = 1` true (it reads a one-item list as its item) and
 * fails the whole evaluation on `true < false` or `x between 1 and "a"` (it cannot build a range of
 * those bounds); feel-scala answers null for values of different or non-comparable types
 * (docs.camunda.io 8.8, language-guide/feel-boolean-expressions: "Both values must be of the same
 * type. Otherwise, the result is null"). So each `=`, `!=`, `<`, `<=`, `>`, `>=` and `between`
 * becomes a call of a function below, and so does each test of `x in (…)` that is an expression.
 */
import { FeelFunction, FeelRange, parseExpression } from 'feelin';
import { comparable, feelEquals, isComparableList, order } from './comparison.js';
import { feelScalaString } from './string-conversion.js';
import { TextEdits } from './text-edits.js';

const COMPARE = '__compare';
const BETWEEN = '__between';
const IN_TEST = '__inTest';
/**
 * Each call is the right operand of `true and`, which passes true, false and null through: feelin
 * tells a filter (`list[item > 1]`) from an index (`list[1]`) by the kind of expression in the
 * brackets, and takes a comparison or a conjunction, not a function call, for a filter.
 */
const TEST = '(true and ';

/** feel-scala's failure when two lists pass its type check (Val#compare throws for them). */
export class IncomparableListsError extends Error {
  override readonly name = 'IncomparableListsError';

  constructor(a: unknown[], b: unknown[]) {
    super(`${feelScalaString(a)} can not be compared to ${feelScalaString(b)}`);
  }
}

const ORDERINGS: Readonly<Record<string, (sign: number) => boolean>> = {
  '<': (sign) => sign < 0,
  '<=': (sign) => sign <= 0,
  '>': (sign) => sign > 0,
  '>=': (sign) => sign >= 0,
};

function ordered(operator: string, a: unknown, b: unknown): boolean | null {
  if (isComparableList(a) && isComparableList(b)) throw new IncomparableListsError(a, b);
  return comparable(a, b) ? ORDERINGS[operator](order(a, b)) : null;
}

function compare(operator: unknown, a: unknown, b: unknown): boolean | null {
  if (operator === '=') return feelEquals(a, b);
  if (operator === '!=') {
    const equal = feelEquals(a, b);
    return equal === null ? null : !equal;
  }
  return ordered(operator as string, a, b);
}

/**
 * feel-scala's test of `x in (e)` for an expression e that is not `< a` or an interval
 * (FeelInterpreter#unaryTestExpression): true when e is true, a list holding x, or equal to x;
 * null when x and e cannot be compared (`"a" in (1, 2)`, `1 in "a"`), where feelin answers false;
 * false otherwise. feelin calls a test that is a function with the value, so e becomes one.
 */
function inTest(test: unknown): (value: unknown) => boolean | null {
  return (value) => {
    if (test === true) return true;
    // a range is taken by membership, as feelin does
    if (test instanceof FeelRange) return test.includes(value);
    if (Array.isArray(test)) return test.some((item) => feelEquals(item, value) === true);
    const equal = feelEquals(value, test);
    if (equal === true || test === false) return equal === true;
    return equal === null ? null : false;
  };
}

/** Above the variables in the evaluation context, so none can shadow them. */
export const COMPARISON_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  [COMPARE]: new FeelFunction(compare, ['operator', 'a', 'b']),
  // three-valued and of `x >= a` and `x <= b`, the second not evaluated when the first is false
  [BETWEEN]: new FeelFunction((x: unknown, a: unknown, b: unknown) => {
    const low = ordered('>=', x, a);
    if (low === false) return false;
    const high = ordered('<=', x, b);
    if (high === false) return false;
    return low === true && high === true ? true : null;
  }, ['x', 'a', 'b']),
  [IN_TEST]: new FeelFunction(inTest, ['test']),
};

/** The text with its comparisons as calls of the functions above; unchanged when it has none. */
export function withFeelScalaComparisons(text: string, names: Record<string, unknown>): { text: string; compared: boolean } {
  if (!/[<>=]|\b(?:between|in)\b/.test(text)) return { text, compared: false };
  const edits = new TextEdits();
  const open = (from: number, to: number, inserted: string) => edits.open(from, to, inserted);
  const close = (at: number) => edits.close(at, '))');
  let broken = false;
  parseExpression(text, names, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      if (ref.name !== 'Comparison') return !broken;
      const left = ref.node.firstChild;
      const operator = left?.nextSibling;
      if (!left || !operator) return !broken;
      if (operator.name === 'CompareOp') {
        open(left.from, left.from, `${TEST}${COMPARE}("${text.slice(operator.from, operator.to)}", `);
        open(operator.from, operator.to, ',');
        close(ref.node.to);
      } else if (operator.name === 'between') {
        const and = ref.node.getChild('and');
        if (!and) return !broken;
        open(left.from, left.from, `${TEST}${BETWEEN}(`);
        open(operator.from, operator.to, ',');
        open(and.from, and.to, ',');
        close(ref.node.to);
      } else if (operator.name === 'in') {
        for (const test of ref.node.getChildren('PositiveUnaryTest').concat(ref.node.getChild('PositiveUnaryTests')?.getChildren('PositiveUnaryTest') ?? [])) {
          const expression = test.firstChild;
          // `< a` and intervals are ranges already; a bare boolean literal is compared with the
          // value by feelin where feel-scala reads it as a test (`1 in (true, 2)`), left so
          if (!expression || expression.name === 'SimplePositiveUnaryTest' || expression.name === 'BooleanLiteral') continue;
          open(expression.from, expression.from, `${IN_TEST}(`);
          edits.close(expression.to, ')');
        }
      }
      return !broken;
    },
  });
  // a syntax error is reported by the evaluation itself, from the original text
  if (broken || edits.size === 0) return { text, compared: false };
  return { text: edits.apply(text), compared: true };
}
