import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crossFieldErrors } from '../../domain/forms/cross-field-rules.js';
import { parseFormDefinition } from '../../domain/forms/form-definition.js';
import { validateSubmission } from '../../domain/forms/submission-schema.js';
import type { FormJsSchema } from '../../domain/forms/types.js';
import { startWorkerHarness, type WorkerHarness } from './workers.js';
import { workerModules } from '../../workers/index.js';
import { readResources } from '../../scripts/lib/resources.js';
import { until as poll } from './until.js';

const root = join(import.meta.dirname, '..', '..');

export interface OpenTask {
  userTaskKey: string;
  elementId: string;
  processInstanceKey: string;
  candidateGroups: string[];
  assignee: string | null;
  dueDate: string | null;
  formKey: string | null;
}

export interface Scenario extends WorkerHarness {
  /** waits until a user task of this element is open (CREATED) and returns it */
  task(elementId: string, opts?: { processInstanceKey?: string; timeoutMs?: number }): Promise<OpenTask>;
  /**
   * Completes a task as a clerk would through the inbox: the submission is validated against the
   * task's form and the task's variables first, so a scenario fails if diagram and form disagree.
   */
  complete(task: OpenTask, data: Record<string, unknown>): Promise<void>;
  /** waits until the process instance reaches the state */
  ended(processInstanceKey: string, state?: 'COMPLETED' | 'TERMINATED', timeoutMs?: number): Promise<void>;
  /** process instance variables (root scope) */
  variables(processInstanceKey: string): Promise<Record<string, unknown>>;
  /** polls until fn returns a value that is not undefined/false */
  until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs?: number): Promise<T>;
  forms: Map<string, FormJsSchema>;
}

function loadForms(): Map<string, FormJsSchema> {
  const forms = new Map<string, FormJsSchema>();
  for (const name of readdirSync(join(root, 'forms')).filter((n) => n.endsWith('.form'))) {
    const form = parseFormDefinition(JSON.parse(readFileSync(join(root, 'forms', name), 'utf8')));
    forms.set(form.id, form);
  }
  return forms;
}

/** The whole system on one pinned clock: every diagram and form deployed, every worker running. */
/**
 * `except` leaves job types out of the in-process workers, for a scenario that runs them elsewhere
 * (e.g. in a child process it kills: test/support/worker-process.ts).
 */
export async function startScenario(opts: { start?: string; except?: string[] } = {}): Promise<Scenario> {
  const only = opts.except ? workerModules().map((m) => m.jobType).filter((t) => !opts.except!.includes(t)) : undefined;
  const h = await startWorkerHarness({ ...(opts.start ? { start: opts.start } : {}), ...(only ? { only } : {}) });
  await h.engine.client.deployResources(await readResources());
  const forms = loadForms();
  const client = h.engine.client;

  const until: Scenario['until'] = (what, fn, timeoutMs) => poll(what, fn, timeoutMs === undefined ? {} : { timeoutMs });

  const task: Scenario['task'] = (elementId, o = {}) =>
    until(`user task '${elementId}'`, async () => {
      const found = await client.searchUserTasks({
        filter: { elementId, state: 'CREATED', ...(o.processInstanceKey ? { processInstanceKey: o.processInstanceKey } : {}) },
      } as never);
      const item = (found.items as unknown as OpenTask[])[0];
      return item;
    }, o.timeoutMs);

  const complete: Scenario['complete'] = async (t, data) => {
    const formId = await client.getUserTask(t.userTaskKey).then((u) => {
      const key = (u as unknown as { formKey: string | null }).formKey;
      return key;
    });
    if (formId) {
      const form = await fetch(`${h.engine.url}/v2/user-tasks/${t.userTaskKey}/form`, { headers: h.engine.headers }).then((r) => r.json() as Promise<{ formId: string }>);
      const schema = forms.get(form.formId);
      if (!schema) throw new Error(`form '${form.formId}' of task ${t.elementId} is not in forms/`);
      const vars = await fetch(`${h.engine.url}/v2/user-tasks/${t.userTaskKey}/variables/search`, {
        method: 'POST',
        headers: { ...h.engine.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ page: { limit: 1000 } }),
      }).then((r) => r.json() as Promise<{ items: Array<{ name: string; value: string }> }>);
      const variables = Object.fromEntries(vars.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
      const result = validateSubmission(schema, data, variables);
      const errors = [...(result.ok ? [] : result.errors), ...crossFieldErrors(form.formId, data, variables)];
      if (errors.length > 0) throw new Error(`form '${form.formId}' of task ${t.elementId} rejects the submission: ${JSON.stringify(errors)}`);
    }
    await client.completeUserTask({ userTaskKey: t.userTaskKey, variables: data });
  };

  const ended: Scenario['ended'] = async (key, state = 'COMPLETED', timeoutMs) => {
    await until(`process instance ${key} ${state}`, async () => {
      const found = await client.searchProcessInstances({ filter: { processInstanceKey: key } });
      const item = found.items[0] as unknown as { state: string } | undefined;
      return item?.state === state;
    }, timeoutMs);
  };

  const variables: Scenario['variables'] = async (key) => {
    const found = await fetch(`${h.engine.url}/v2/variables/search`, {
      method: 'POST',
      headers: { ...h.engine.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ filter: { scopeKey: key }, page: { limit: 1000 } }),
    }).then((r) => r.json() as Promise<{ items: Array<{ name: string; value: string }> }>);
    return Object.fromEntries(found.items.map((v) => [v.name, JSON.parse(v.value) as unknown]));
  };

  return { ...h, task, complete, ended, variables, until, forms };
}
