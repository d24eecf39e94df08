/**
 * feel-scala's numbers are scala.math.BigDecimal with MathContext.DECIMAL128: 34 significant
 * digits, half-even (docs/decisions/0021). A big.js constructor set up for that, shared by the
 * arithmetic operators (arithmetic.ts) and the numeric built-ins (number-functions.ts).
 */
import Big from 'big.js';

const DIGITS = 34;
const HALF_EVEN = 2;

export const Decimal = Big();
Decimal.RM = HALF_EVEN;
// plain notation, so that Number() reads every result
Decimal.NE = -1e6;
Decimal.PE = 1e6;

/** The decimal rounded to 34 significant digits, as the nearest double (what Zeebe stores). */
export const toNumber = (d: Big): number => Number(d.prec(DIGITS, HALF_EVEN).toString());

/** big.js divides to a number of decimal places: enough for 34 significant digits of this quotient, and two more. */
export function divide(a: Big, b: Big): Big {
  Decimal.DP = Math.max(0, DIGITS - (a.e - b.e)) + 2;
  return a.div(b);
}
