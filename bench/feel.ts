/**
 * FEEL evaluation benchmark (`npm run bench:feel`): prints figures only, no verdicts.
 *
 * Evaluates the kinds of expressions the hall's diagrams use (bare variables and paths in
 * mappings, comparisons in gateway conditions, if-then-else, list literals, a for loop) against
 * a case's worth of variables, two ways in the same run:
 * - before: feelin's evaluate() with a plain context, as the engine called it until the compiled
 *   expression cache (every call parses, builds and deep-copies the context);
 * - now: the engine's evaluateFeel() (docs/decisions/0017).
 * Prints µs per evaluation (median of BENCH_FEEL_ROUNDS rounds of BENCH_FEEL_ITERATIONS each).
 */
import { evaluate, FeelFunction, parseDate, parseDateTime } from 'feelin';
import { evaluateFeel } from '../engine/feel/feel.js';
import { percentile } from './percentile.js';

const ITERATIONS = Number(process.env.BENCH_FEEL_ITERATIONS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_FEEL_ROUNDS ?? 5);
const nowMs = Date.parse('2026-12-06T02:00:00Z');

const vars: Record<string, unknown> = {
  caseNumber: 'MZ-2026-000123',
  departmentCode: 'mz',
  decision: 'approve',
  materialsComplete: true,
  accepted: true,
  reviewAction: 'extension',
  extensionApproved: false,
  extensionDays: 12,
  promisedDays: 20,
  supplementDays: null,
  dueAt: '2026-12-20T09:00:00+08:00',
  applicant: { name: '张三', idNumber: '110101199001011234', mobile: '13800000000', address: { county: '某县', street: '某街道' } },
  materials: Array.from({ length: 8 }, (_, i) => ({ code: `M${i}`, name: `材料${i}`, received: i % 3 !== 0 })),
  missing: [{ code: 'M0' }, { code: 'M3' }],
  opinions: Array.from({ length: 4 }, (_, i) => ({ department: `d${i}`, decision: 'approve', opinion: '同意'.repeat(20) })),
  ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`field${i}`, `value ${i}`])),
};

const EXPRESSIONS: Array<[kind: string, source: string]> = [
  ['bare variable', 'caseNumber'],
  ['path', 'applicant.address.county'],
  ['comparison', 'decision = "approve"'],
  ['and/or', 'materialsComplete != false and accepted = false'],
  ['if-then-else', 'if extensionDays > 10 then 10 else extensionDays'],
  ['list literal', '["window:" + departmentCode]'],
  ['for loop', 'for m in missing return m.code'],
];

const iso = new Date(nowMs).toISOString();
const before = (source: string) =>
  evaluate(source, {
    now: new FeelFunction(() => parseDateTime(iso), []),
    today: new FeelFunction(() => parseDate(iso.slice(0, 10)), []),
    ...vars,
  }).value;
const now = (source: string) => evaluateFeel(source, vars, { nowMs });

function microsPerEval(run: (source: string) => unknown, source: string): number {
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (let i = 0; i < ITERATIONS; i++) run(source);
    rounds.push(((performance.now() - start) * 1000) / ITERATIONS);
  }
  return percentile(rounds.sort((a, b) => a - b), 50);
}

console.log(`FEEL evaluation, µs per evaluation (median of ${ROUNDS} × ${ITERATIONS}), ${Object.keys(vars).length} variables`);
console.log('kind'.padEnd(16), 'before'.padStart(9), 'now'.padStart(9), 'speed-up'.padStart(9));
let totalBefore = 0;
let totalNow = 0;
for (const [kind, source] of EXPRESSIONS) {
  if (JSON.stringify(before(source)) !== JSON.stringify(now(source))) throw new Error(`'${source}' evaluates differently`);
  const b = microsPerEval(before, source);
  const n = microsPerEval(now, source);
  totalBefore += b;
  totalNow += n;
  console.log(kind.padEnd(16), b.toFixed(1).padStart(9), n.toFixed(1).padStart(9), `${(b / n).toFixed(1)}×`.padStart(9));
}
console.log('all kinds'.padEnd(16), totalBefore.toFixed(1).padStart(9), totalNow.toFixed(1).padStart(9), `${(totalBefore / totalNow).toFixed(1)}×`.padStart(9));
