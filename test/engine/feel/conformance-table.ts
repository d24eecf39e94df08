/** A conformance row: the source it comes from (see each spec's header), the expression, the result feel-scala gives. */
export type FeelRow = [page: string, expression: string, result: unknown];

/** The clock the conformance tables evaluate on (now() and today()). */
export const FEEL_TEST_CLOCK = { nowMs: Date.parse('2026-12-06T02:00:00Z') };
