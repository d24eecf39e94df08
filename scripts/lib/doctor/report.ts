import type { Finding } from './findings.js';

/** One line per finding, ✔, ⚠ (a warning, which does not fail the doctor) or ✘, then a summary line. */
export function formatReport(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${f.warning ? '⚠' : f.ok ? '✔' : '✘'} ${f.check}: ${f.message}`);
  const problems = findings.filter((f) => !f.ok).length;
  const warnings = findings.filter((f) => f.warning).length;
  const noted = warnings === 0 ? '' : `${problems === 0 ? ', with' : ' and'} ${warnings} warning(s)`;
  lines.push(problems === 0 ? `All checks passed${noted}.` : `${problems} problem(s) found${noted}.`);
  return lines.join('\n') + '\n';
}
