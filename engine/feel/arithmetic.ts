/**
 * feel-scala's number arithmetic (docs/decisions/0021): `+`, `-`, `*`, `/` and whole powers are
 * decimal, rounded to 34 significant digits half-even (scala.math.BigDecimal with
 * MathContext.DECIMAL128), so `0.1 + 0.2` is 0.3 and `1.1 * 3` is 3.3, where feelin computes in
 * binary floating point. Numbers stay JavaScript numbers between operations: each operand is read
 * as the shortest decimal that is its double (the literal as written, for up to 17 digits), and
 * the decimal result goes back to the nearest double, which is also what Zeebe stores for a FEEL
 * number with a fraction (FeelToMessagePackTransformer writes doubleValue()). The operators are
 * rewritten to a call of the function below once per expression.
 */
import { FeelFunction, parseExpression } from 'feelin';
import { Decimal, divide, toNumber } from './decimal.js';
import { temporalArithmetic } from './temporal-arithmetic.js';
import { TextEdits } from './text-edits.js';

const ARITHMETIC = '__arithmetic';
/** big.js refuses larger exponents */
const MAX_POWER = 1e6;

function power(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || Math.abs(exponent) > MAX_POWER) return Math.pow(base, exponent);
  if (exponent < 0) return base === 0 ? Number.NaN : toNumber(divide(new Decimal(1), new Decimal(base).pow(-exponent)));
  return toNumber(new Decimal(base).pow(exponent));
}

function numeric(operator: string, a: number, b: number): number | null {
  switch (operator) {
    case '+':
      return toNumber(new Decimal(a).plus(new Decimal(b)));
    case '-':
      return toNumber(new Decimal(a).minus(new Decimal(b)));
    case '*':
      return toNumber(new Decimal(a).times(new Decimal(b)));
    case '/':
      return b === 0 ? null : toNumber(divide(new Decimal(a), new Decimal(b)));
    default:
      return power(a, b);
  }
}

function arithmetic(operator: unknown, a: unknown, b: unknown): unknown {
  const op = operator as string;
  if (typeof a === 'number' && typeof b === 'number') {
    const result = numeric(op, a, b);
    return result === null || Number.isFinite(result) ? result : null;
  }
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'string' || typeof b === 'string') return op === '+' && typeof a === 'string' && typeof b === 'string' ? a + b : null;
  return temporalArithmetic(op, a, b);
}

/** Above the variables in the evaluation context, so none can shadow it. */
export const ARITHMETIC_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  [ARITHMETIC]: new FeelFunction(arithmetic, ['operator', 'a', 'b']),
};

const OPERATORS = new Set(['+', '-', '*', '/', '**']);

/** The text with its binary arithmetic as calls of the function above; unchanged when it has none. */
export function withDecimalArithmetic(text: string, names: Record<string, unknown>): { text: string; computed: boolean } {
  if (!/[-+*/]/.test(text)) return { text, computed: false };
  const edits = new TextEdits();
  let broken = false;
  parseExpression(text, names, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      if (ref.name !== 'ArithmeticExpression') return !broken;
      const left = ref.node.firstChild;
      const operator = left?.nextSibling;
      const symbol = operator ? text.slice(operator.from, operator.to) : '';
      if (left && operator?.name === 'ArithOp' && OPERATORS.has(symbol)) {
        edits.open(left.from, left.from, `${ARITHMETIC}("${symbol}", `);
        edits.open(operator.from, operator.to, ',');
        edits.close(ref.node.to, ')');
      }
      return !broken;
    },
  });
  if (broken || edits.size === 0) return { text, computed: false };
  return { text: edits.apply(text), computed: true };
}
