/**
 * History search benchmark (`npm run bench:history`): prints figures only, no verdicts.
 *
 * Fills the engine's history with BENCH_HISTORY_INSTANCES (default 20,000) ended instances of a
 * three-step process, then times the searches operations pages make on the history through the
 * REST API: an instance's path, variables and jobs, an instance by key, and the newest page of
 * completed instances of one process. Prints p50/p99 of each and the process's RSS (the engine
 * runs in it) with that history.
 *
 * BENCH_HISTORY_FILL=engine (the default) runs every instance through the REST API. With
 * BENCH_HISTORY_FILL=bulk (for 1,000,000 instances: the engine runs about 400 a second) only two
 * instances run through the engine; the rows it wrote for them are replayed with fresh keys
 * through the history writer the engine itself uses (SearchIndex: processInstanceChanged,
 * elementInstanceCreated/Ended, variableChanged, recordChanged, then flush), BULK_INSTANCES per
 * transaction, start dates spread over the last 30 days. The fill stops at
 * BENCH_HISTORY_FILL_SECONDS (default 420) and the searches run on the size reached, which is
 * printed.
 */
import type Database from 'better-sqlite3';
import type { SearchIndex } from '../engine/store/search-index.js';
import { startTestEngine } from '../test/support/engine.js';
import { percentile } from './percentile.js';

const INSTANCES = Number(process.env.BENCH_HISTORY_INSTANCES ?? 20_000);
const FILL = process.env.BENCH_HISTORY_FILL ?? 'engine';
const FILL_SECONDS = Number(process.env.BENCH_HISTORY_FILL_SECONDS ?? 420);
const BATCH = 100;
const BULK_INSTANCES = 10_000;
const SAMPLES = 300;
const MB = 1024 * 1024;
const DAY_MS = 86_400_000;

const t = await startTestEngine();
await t.deployFixtures('engine/rest/history-path.bpmn');

async function post(path: string, body: unknown, retried = false): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${t.url}/v2${path}`, { method: 'POST', headers: { ...t.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    // a keep-alive connection the server closed while a bulk transaction held the event loop
    if (retried) throw err;
    return post(path, body, true);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Runs `count` instances to their end through the REST API; answers their keys. */
async function runThroughEngine(count: number, offset = 0): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i += BATCH) {
    const created = await Promise.all(
      Array.from({ length: Math.min(BATCH, count - i) }, (_, j) =>
        post('/process-instances', { processDefinitionId: 'history-path', variables: { decision: (offset + i + j) % 2 ? 'approve' : 'reject', caseNumber: `B-${offset + i + j}` } }),
      ),
    );
    keys.push(...created.map((c) => String(c.processInstanceKey)));
    for (;;) {
      const { jobs } = (await post('/jobs/activation', { type: 'history-check', timeout: 60_000, maxJobsToActivate: BATCH, requestTimeout: -1, worker: 'bench' })) as {
        jobs: Array<{ jobKey: string }>;
      };
      if (jobs.length === 0) break;
      await Promise.all(jobs.map((j) => post(`/jobs/${j.jobKey}/completion`, { variables: { checkedBy: 'bench' } })));
    }
  }
  return keys;
}

type Row = Record<string, unknown>;

/** The rows the engine wrote for one ended instance. */
function rowsOf(db: Database.Database, processInstanceKey: number) {
  const all = (table: string) => db.prepare(`SELECT * FROM ${table} WHERE process_instance_key = ?`).all(processInstanceKey) as Row[];
  return {
    instance: db.prepare('SELECT * FROM process_instance WHERE key = ?').get(processInstanceKey) as Row,
    elements: all('element_instance'),
    variables: all('variable'),
    jobs: all('job'),
  };
}

type Template = ReturnType<typeof rowsOf>;

/**
 * Writes a copy of a template instance's history with fresh keys (the template's keys in order
 * map to base, base + 1, ...), started at `startDate`, through the engine's own history writer.
 */
function replay(index: SearchIndex, template: Template, base: number, startDate: number): void {
  const pi = template.instance;
  const oldKeys = [Number(pi.key), ...template.elements.map((e) => Number(e.key)).filter((k) => k !== Number(pi.key)), ...template.jobs.map((j) => Number(j.key))].sort((a, b) => a - b);
  const keyOf = new Map(oldKeys.map((k, i) => [k, base + i]));
  const fresh = (k: unknown) => (k === null ? null : keyOf.get(Number(k))!);
  const shift = (date: unknown) => (date === null ? undefined : startDate + (Number(date) - Number(pi.start_date)));
  const piKey = fresh(pi.key)!;
  index.processInstanceChanged(
    {
      key: piKey,
      bpmnProcessId: String(pi.process_definition_id),
      definitionKey: Number(pi.process_definition_key),
      version: Number(pi.process_definition_version),
      state: pi.state as 'COMPLETED',
      startDate,
      endDate: shift(pi.end_date),
      incidentCount: 0,
    },
    (pi.process_definition_name as string | null) ?? undefined,
  );
  for (const e of template.elements) {
    const key = fresh(e.key)!;
    index.elementInstanceCreated({
      key,
      processInstanceKey: piKey,
      definitionKey: Number(e.process_definition_key),
      bpmnProcessId: String(e.process_definition_id),
      elementId: String(e.element_id),
      elementName: String(e.element_name),
      type: String(e.type),
      startDate: shift(e.start_date)!,
      scopeKey: fresh(e.scope_key),
    });
    index.elementInstanceEnded(key, e.state as 'COMPLETED', shift(e.end_date)!);
  }
  for (const v of template.variables) {
    const name = String(v.name);
    index.variableChanged(fresh(v.scope_key)!, piKey, name, { [name]: JSON.parse(String(v.value)) as unknown });
  }
  for (const j of template.jobs) {
    const row = { ...j, key: fresh(j.key), process_instance_key: piKey, element_instance_key: fresh(j.element_instance_key), end_time: shift(j.end_time) ?? null };
    index.recordChanged('job', row.key!, () => row);
  }
}

// in bulk mode the instance keys are computed, not kept: an array of a million would weigh in the RSS printed
let count: number;
let keyAt: (i: number) => string;
const filling = performance.now();
if (FILL === 'bulk') {
  const templates = (await runThroughEngine(2)).map((k) => rowsOf(t.running.engine.ctx.store.index.db, Number(k)));
  const index = t.running.engine.ctx.store.index;
  const write = index.db.transaction(() => index.flush());
  // far above the keys the engine draws (from 2^51), so the copies never meet them
  const firstKey = 4_000_000_000_000_000;
  const stride = 16;
  const now = Date.now();
  count = 0;
  while (count < INSTANCES && (performance.now() - filling) / 1000 < FILL_SECONDS) {
    const end = Math.min(count + BULK_INSTANCES, INSTANCES);
    for (let j = count; j < end; j++) replay(index, templates[j % 2], firstKey + j * stride, now - 30 * DAY_MS + Math.floor((j / INSTANCES) * 30 * DAY_MS));
    write();
    count = end;
    // lets the server serve and close its idle connections between transactions
    await new Promise((resolve) => setImmediate(resolve));
  }
  keyAt = (i) => String(firstKey + i * stride);
  // the replay must write what the engine writes: compare a copy's answers with its template's, keys and dates aside
  const shapeOf = async (path: string, key: string) =>
    ((await post(path, { filter: { processInstanceKey: key } })).items as Row[])
      .map((item) => JSON.stringify(Object.fromEntries(Object.entries(item).filter(([field]) => !/Key$|Date$|Time$|deadline/.test(field)))))
      .sort()
      .join('\n');
  for (const path of ['/process-instances/search', '/element-instances/search', '/variables/search', '/jobs/search']) {
    const [template, copy] = await Promise.all([shapeOf(path, String(templates[0].instance.key)), shapeOf(path, keyAt(0))]);
    if (template !== copy) throw new Error(`a replayed instance answers ${path} otherwise than the engine's own: ${copy} vs ${template}`);
  }
} else {
  const keys = await runThroughEngine(INSTANCES);
  count = keys.length;
  keyAt = (i) => keys[i];
}
const fillSeconds = (performance.now() - filling) / 1000;
console.log(
  `${count} ended instances in history (${FILL === 'bulk' ? 'bulk: 2 through the engine, the rest replayed through its history writer' : 'run through the engine'})` +
    `${count < INSTANCES ? `, the size reached in ${FILL_SECONDS} s of the ${INSTANCES} asked for` : ''}, filled in ${fillSeconds.toFixed(1)} s (${Math.round(count / fillSeconds)}/s)`,
);
global.gc?.();
console.log(`RSS with that history: ${Math.round(process.memoryUsage().rss / MB)} MB (heap used ${Math.round(process.memoryUsage().heapUsed / MB)} MB)`);

const anyKey = () => keyAt(Math.floor(Math.random() * count));
const searches: Array<[string, string, () => unknown]> = [
  ['an instance’s path', '/element-instances/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance’s variables', '/variables/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance’s jobs', '/jobs/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  ['an instance by key', '/process-instances/search', () => ({ filter: { processInstanceKey: anyKey() } })],
  [
    'newest 50 completed instances of the process',
    '/process-instances/search',
    () => ({ filter: { processDefinitionId: 'history-path', state: 'COMPLETED' }, sort: [{ field: 'startDate', order: 'DESC' }], page: { limit: 50 } }),
  ],
];
for (const [name, path, body] of searches) {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await post(path, body());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms`);
}
await t.stop();
