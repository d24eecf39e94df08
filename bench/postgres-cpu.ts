import pg from 'pg';
import { cpuMsOf } from '../test/support/engine-process.js';

/**
 * The CPU time PostgreSQL spends for a bench run, from the server's processes in /proc (the
 * server runs on this machine). A connection's backend is one process, found in pg_stat_activity
 * by the application_name its client set (PGAPPNAME in the environment of the processes the bench
 * tags); the server's own processes (WAL writer, checkpointer, background writer, autovacuum) work
 * for every database on the server, so they are summed apart, as `shared`.
 *
 * Backends come and go with the pools' connections (idle ones close after 10 s), so the activity is
 * sampled every SAMPLE_MS and a backend's last reading counts; one that ends between two samples
 * loses at most that interval of its time. This monitor's own backend is not counted.
 */

const SAMPLE_MS = 500;
export const SHARED = 'shared';

export interface PostgresCpu {
  /** stops sampling; CPU ms since start() per tagged application_name, and SHARED */
  stop(): Promise<Map<string, number>>;
}

export async function watchPostgresCpu(connectionString: string, applicationNames: readonly string[]): Promise<PostgresCpu> {
  const client = new pg.Client({ connectionString, application_name: 'bench-postgres-cpu' });
  await client.connect();
  const baseline = new Map<number, number>();
  const last = new Map<number, { group: string; ms: number }>();

  const sample = async () => {
    const { rows } = await client.query<{ pid: number; application_name: string; backend_type: string }>(
      'select pid, application_name, backend_type from pg_stat_activity where pid <> pg_backend_pid() and (application_name = any($1) or backend_type <> $2)',
      [applicationNames, 'client backend'],
    );
    for (const row of rows) {
      let ms;
      try {
        ms = cpuMsOf(row.pid);
      } catch {
        continue; // ended since the query
      }
      last.set(row.pid, { group: row.backend_type === 'client backend' ? row.application_name : SHARED, ms });
    }
  };

  await sample();
  for (const [pid, { ms }] of last) baseline.set(pid, ms);
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample);
  }, SAMPLE_MS);

  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      await sample();
      await client.end();
      const byGroup = new Map<string, number>([...applicationNames, SHARED].map((name) => [name, 0]));
      for (const [pid, { group, ms }] of last) byGroup.set(group, (byGroup.get(group) ?? 0) + ms - (baseline.get(pid) ?? 0));
      return byGroup;
    },
  };
}
