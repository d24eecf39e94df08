import type { WorkerHeartbeat } from '../../../domain/store/index.js';
import type { Diagram } from './diagrams.js';
import { fail, pass, type Finding } from './findings.js';

const START = 'start the app (npm start) or check its logs';

/**
 * Every job type the diagrams create needs a worker module (else its jobs wait forever) and an
 * app instance whose heartbeat is recent (else nobody polls them now). `heartbeats` undefined:
 * the store could not be read, so only the first half is checked.
 */
export function checkWorkers({
  diagrams,
  implemented,
  heartbeats,
  windowMs,
}: {
  diagrams: readonly Diagram[];
  implemented: readonly string[];
  heartbeats: readonly WorkerHeartbeat[] | undefined;
  windowMs: number;
}): Finding[] {
  const usedIn = new Map<string, string[]>();
  for (const d of diagrams) for (const type of d.jobTypes) usedIn.set(type, [...(usedIn.get(type) ?? []), `processes/${d.file}`]);
  const types = [...usedIn.keys()].sort();
  const findings = types
    .filter((type) => !implemented.includes(type))
    .map((type) =>
      fail('workers', `job type ${type} (${usedIn.get(type)!.join(', ')}) has no worker module; add one to workers/ and list it in workers/index.ts, or correct the type in the diagram`),
    );
  const seconds = Math.round(windowMs / 1000);
  if (heartbeats === undefined) {
    findings.push(fail('workers', 'running workers not checked: their heartbeats are in the store, which could not be used (see above)'));
  } else if (heartbeats.length === 0) {
    findings.push(fail('workers', `no running app instance polls any job type (no worker heartbeat in the last ${seconds} s); ${START}`));
  } else {
    const polled = new Set(heartbeats.flatMap((h) => h.jobTypes));
    for (const type of types.filter((t) => implemented.includes(t) && !polled.has(t))) {
      findings.push(fail('workers', `no running app instance polls job type ${type}; ${START}`));
    }
  }
  if (findings.length > 0) return findings;
  const instances = heartbeats!.map((h) => `${h.host} pid ${h.pid}`).join(', ');
  return [pass('workers', `the ${types.length} job type(s) the diagrams use are polled (heartbeat in the last ${seconds} s from ${instances})`)];
}
