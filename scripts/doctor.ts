import { runDoctor } from './lib/doctor/run.js';
import { formatReport } from './lib/doctor/report.js';

// `npm run doctor`: checks a running system with the settings `npm start` uses; exit code 0 when all is well, 1 otherwise.
const findings = await runDoctor({ env: process.env });
process.stdout.write(formatReport(findings));
process.exit(findings.every((f) => f.ok) ? 0 : 1);
