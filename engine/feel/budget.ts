/**
 * A time and size budget for one FEEL evaluation (docs/decisions/0017). feelin is a synchronous
 * interpreter without hooks, so the expression is rewritten once, before it is first evaluated:
 * every iteration source (for, some, every) and every loop or function body is wrapped in a guard
 * function that counts what it produces and checks the deadline. A runaway expression then fails
 * with FeelBudgetError, which the engine turns into an incident, instead of holding the engine.
 */
import { FeelFunction, FeelRange, parseExpression } from 'feelin';

type SyntaxNode = ReturnType<typeof parseExpression>['topNode'];

export interface FeelBudget {
  /** wall-clock time one evaluation may take */
  timeMs: number;
  /** list items the evaluation's iterations may create in total (ranges, iterated lists, their products) */
  items: number;
}

export const DEFAULT_BUDGET: FeelBudget = { timeMs: 250, items: 50_000 };

export class FeelBudgetError extends Error {
  override readonly name = 'FeelBudgetError';
}

interface Meter {
  budget: FeelBudget;
  deadline: number;
  items: number;
  /** range starts waiting for their end (ranges nest inside range bounds) */
  starts: unknown[];
}

let meter: Meter | undefined;

function checkTime(m: Meter): void {
  if (performance.now() > m.deadline) {
    throw new FeelBudgetError(`the evaluation took longer than its budget of ${m.budget.timeMs} ms`);
  }
}

function count(m: Meter, n: number, what: string): void {
  m.items += n;
  if (m.items > m.budget.items) {
    throw new FeelBudgetError(`the evaluation creates more than its budget of ${m.budget.items} list items (${what})`);
  }
  checkTime(m);
}

function active(): Meter {
  if (meter === undefined) throw new Error('FEEL budget guard called outside an evaluation');
  return meter;
}

const GUARD = {
  tick: '__budgetTick',
  items: '__budgetItems',
  from: '__budgetFrom',
  to: '__budgetTo',
} as const;

export const GUARD_FUNCTIONS: Readonly<Record<string, FeelFunction>> = {
  [GUARD.tick]: new FeelFunction((value: unknown) => {
    checkTime(active());
    return value;
  }, ['value']),
  [GUARD.items]: new FeelFunction((value: unknown) => {
    if (Array.isArray(value)) count(active(), value.length, `a list of ${value.length}`);
    else if (value instanceof FeelRange) count(active(), rangeSize(value.start, value.end), 'a range');
    return value;
  }, ['value']),
  [GUARD.from]: new FeelFunction((value: unknown) => {
    active().starts.push(value);
    return value;
  }, ['value']),
  [GUARD.to]: new FeelFunction((end: unknown) => {
    const m = active();
    const start = m.starts.pop();
    count(m, rangeSize(start, end), `the range ${String(start)}..${String(end)}`);
    return end;
  }, ['value']),
};

/**
 * Items an iterated range yields. feelin steps numeric ranges by one until it meets the end, so
 * bounds that are not a whole number apart would never stop: they are refused here.
 */
function rangeSize(start: unknown, end: unknown): number {
  if (typeof start !== 'number' || typeof end !== 'number') return 0;
  const span = Math.abs(end - start);
  if (!Number.isInteger(span)) {
    throw new FeelBudgetError(`the range ${start}..${end} cannot be iterated: its bounds are not a whole number apart`);
  }
  return span + 1;
}

interface Edit {
  at: number;
  text: string;
  /** at one position a node's closing goes before the next node's opening, and an outer opening before an inner one */
  rank: number;
}

function wrap(edits: Edit[], node: SyntaxNode, guard: string): void {
  // edits are applied from the last position backwards, so what is applied later lands in front
  edits.push({ at: node.from, text: `${guard}((`, rank: edits.length + 1 }, { at: node.to, text: '))', rank: 0 });
}

function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
  return children;
}

const LOOP_KEYWORDS = /\b(for|some|every|function)\b/;

/**
 * The expression with its guards in place, or the expression itself when it has no loop and no
 * function (most have none, and those evaluate unchanged). `names` is what the parser must know
 * to read names with spaces, as at evaluation.
 */
export function guardedSource(source: string, names: Record<string, unknown>): string {
  if (!LOOP_KEYWORDS.test(source)) return source;
  const edits: Edit[] = [];
  let broken = false;
  parseExpression(source, names, undefined).iterate({
    enter(ref) {
      if (ref.type.isError) broken = true;
      const node = ref.node;
      const children = childrenOf(node);
      switch (ref.name) {
        case 'IterationContext':
          if (children.length === 3) {
            wrap(edits, children[0], GUARD.from);
            wrap(edits, children[2], GUARD.to);
          } else if (children.length === 1) {
            wrap(edits, children[0], GUARD.items);
          }
          break;
        case 'ForExpression':
        case 'QuantifiedExpression':
        case 'FunctionBody': {
          const body = children[children.length - 1];
          if (body) wrap(edits, body, GUARD.tick);
          break;
        }
      }
      return !broken;
    },
  });
  // a syntax error is reported by the evaluation itself, from the original text
  if (broken) return source;
  edits.sort((a, b) => b.at - a.at || b.rank - a.rank);
  let result = source;
  for (const { at, text } of edits) result = result.slice(0, at) + text + result.slice(at);
  return result;
}

/** Runs one evaluation under the budget; guards reached outside of it fail loudly. */
export function withinBudget<T>(budget: FeelBudget, evaluate: () => T): T {
  const outer = meter;
  meter = { budget, deadline: performance.now() + budget.timeMs, items: 0, starts: [] };
  try {
    return evaluate();
  } finally {
    meter = outer;
  }
}
