import type { Finding } from './findings.js';

/** One line per finding, ✔ or ✘, then a summary line. */
export function formatReport(findings: readonly Finding[]): string {
  const lines = findings.map((f) => `${f.ok ? '✔' : '✘'} ${f.check}: ${f.message}`);
  const problems = findings.filter((f) => !f.ok).length;
  lines.push(problems === 0 ? 'All checks passed.' : `${problems} problem(s) found.`);
  return lines.join('\n') + '\n';
}
