/** The part of big.js (https://github.com/MikeMcl/big.js, no bundled types) the FEEL arithmetic and numeric built-ins use. */
declare module 'big.js' {
  interface Big {
    readonly e: number;
    plus(n: Big): Big;
    minus(n: Big): Big;
    times(n: Big): Big;
    div(n: Big): Big;
    pow(n: number): Big;
    prec(significantDigits: number, roundingMode?: number): Big;
    round(decimalPlaces: number, roundingMode?: number): Big;
    mod(n: Big): Big;
    abs(): Big;
    cmp(n: Big): number;
    readonly s: number;
    eq(n: number): boolean;
    toString(): string;
  }
  interface BigConstructor {
    new (value: number | string | Big): Big;
    (): BigConstructor;
    DP: number;
    RM: number;
    NE: number;
    PE: number;
  }
  const Big: BigConstructor;
  export default Big;
}
