/**
 * The numeric built-ins feel-scala computes in BigDecimal (NumericBuiltinFunctions and
 * ListBuiltinFunctions 1.19) and feelin in binary floating point: `sum([0.1, 0.2])` is 0.3 there,
 * 0.30000000000000004 in feelin; `modulo(0.3, 0.1)` is 0, `round half up(1.005, 2)` 1.01. Each
 * replaces feelin's built-in of its name with the same parameters, reading numbers and returning
 * them as arithmetic.ts does (docs/decisions/0021). Arguments feel-scala does not accept, and
 * what throws an ArithmeticException there (a zero divisor, one number's stddev), answer null.
 */
import type Big from 'big.js';
import { evaluate, FeelFunction } from 'feelin';
import { Decimal, divide, toNumber } from './decimal.js';

type Builtin = ((...args: unknown[]) => unknown) & { $args: string[] };

const parametersOf = (name: string): string[] => (evaluate(name, {}).value as Builtin).$args;

/** big.js's rounding modes */
const DOWN = 0;
const HALF_UP = 1;
const HALF_EVEN = 2;
const UP = 3;

type Rounding = (d: Big, scale: number) => Big;

/** java.math.RoundingMode, built on big.js's four (away from zero is big.js's UP). */
const ROUNDINGS: Readonly<Record<string, Rounding>> = {
  UP: (d, scale) => d.round(scale, UP),
  DOWN: (d, scale) => d.round(scale, DOWN),
  CEILING: (d, scale) => d.round(scale, d.s < 0 ? DOWN : UP),
  FLOOR: (d, scale) => d.round(scale, d.s < 0 ? UP : DOWN),
  HALF_UP: (d, scale) => d.round(scale, HALF_UP),
  HALF_EVEN: (d, scale) => d.round(scale, HALF_EVEN),
  HALF_DOWN: (d, scale) => {
    const down = d.round(scale, DOWN);
    const half = new Decimal(`5e${-scale - 1}`);
    return d.minus(down).abs().cmp(half) > 0 ? d.round(scale, UP) : down;
  },
  UNNECESSARY: (d, scale) => {
    const exact = d.round(scale, DOWN);
    if (exact.cmp(d) !== 0) throw new RangeError('Rounding necessary');
    return exact;
  },
};

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
/** BigDecimal#intValue of a scale */
const intValue = (n: number): number => Math.trunc(n) | 0;

function rounded(mode: string, n: unknown, scale: unknown): number | null {
  if (!isNumber(n) || !isNumber(scale)) return null;
  try {
    return toNumber(ROUNDINGS[mode](new Decimal(n), intValue(scale)));
  } catch {
    return null;
  }
}

function rounding(name: string, mode: string): FeelFunction {
  return new FeelFunction((n: unknown, scale: unknown) => rounded(mode, n, scale), parametersOf(name));
}

/** floor(n) and ceiling(n) round to a whole number; floor(n, scale) and ceiling(n, scale) to the scale. */
function wholeOrScaled(name: string, mode: string): FeelFunction {
  return new FeelFunction((n: unknown, scale: unknown) => rounded(mode, n, scale ?? 0), parametersOf(name));
}

/** The var-args list built-ins: one list argument is the list, several are its items; not empty, numbers only. */
function overNumbers(name: string, compute: (numbers: Big[]) => Big | number): FeelFunction {
  return new FeelFunction((...args: unknown[]) => {
    const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    if (list.length === 0 || !list.every(isNumber)) return null;
    try {
      const result = compute(list.map((n) => new Decimal(n)));
      return typeof result === 'number' ? (Number.isFinite(result) ? result : null) : toNumber(result);
    } catch {
      return null;
    }
  }, parametersOf(name));
}

const total = (numbers: Big[]): Big => numbers.reduce((a, b) => a.plus(b));
const mean = (numbers: Big[]): Big => divide(total(numbers), new Decimal(numbers.length));

function median(numbers: Big[]): Big {
  const sorted = [...numbers].sort((a, b) => a.cmp(b));
  const i = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[i] : divide(sorted[i - 1].plus(sorted[i]), new Decimal(2));
}

/** the sample deviation: a double's square root of a decimal variance; one number divides by zero */
function stddev(numbers: Big[]): number {
  if (numbers.length < 2) throw new RangeError('Division by zero');
  const m = mean(numbers);
  const squares = numbers.reduce((sum, n) => sum.plus(n.minus(m).pow(2)), new Decimal(0));
  return Math.sqrt(toNumber(divide(squares, new Decimal(numbers.length - 1))));
}

/** ((dividend % divisor) + divisor) % divisor, the remainder taking the dividend's sign as in Java */
function modulo(dividend: unknown, divisor: unknown): number | null {
  if (!isNumber(dividend) || !isNumber(divisor) || divisor === 0) return null;
  const d = new Decimal(divisor);
  return toNumber(new Decimal(dividend).mod(d).plus(d).mod(d));
}

/** decimal(n, scale) rounds half-even; feel-scala's decimal(n, scale, mode) takes a java.math.RoundingMode name. */
function decimal(n: unknown, scale: unknown, mode: unknown): number | null {
  if (mode === undefined || mode === null) return rounded('HALF_EVEN', n, scale);
  if (typeof mode !== 'string' || !Object.hasOwn(ROUNDINGS, mode.toUpperCase())) return null;
  return rounded(mode.toUpperCase(), n, scale);
}

export const NUMBER_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  sum: overNumbers('sum', total),
  product: overNumbers('product', (numbers) => numbers.reduce((a, b) => a.times(b))),
  mean: overNumbers('mean', mean),
  median: overNumbers('median', median),
  stddev: overNumbers('stddev', stddev),
  modulo: new FeelFunction(modulo, parametersOf('modulo')),
  decimal: new FeelFunction(decimal, ['n', 'scale', 'mode']),
  floor: wholeOrScaled('floor', 'FLOOR'),
  ceiling: wholeOrScaled('ceiling', 'CEILING'),
  'round up': rounding('round up', 'UP'),
  'round down': rounding('round down', 'DOWN'),
  'round half up': rounding('round half up', 'HALF_UP'),
  'round half down': rounding('round half down', 'HALF_DOWN'),
};
