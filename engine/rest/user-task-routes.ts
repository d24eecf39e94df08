import type { FormRecord } from '../runtime/records.js';
import { invalidArgument, notFound } from '../runtime/errors.js';
import { scopeChain, userTasks, variablesInScopes } from './indexed-specs.js';
import { indexedGet, indexedRow, indexedSearch } from './indexed-search.js';
import { body, found, key, numberOr, route, text, type RouteDeps } from './request.js';
import type { SearchRequest } from './search.js';
import { formResult } from './wire.js';

/** The user task routes: reading a task, its form and variables, and completing, assigning, updating it. */
export function registerUserTaskRoutes({ api, engine, variablesOf }: RouteDeps): void {
  const store = engine.ctx.store;
  const db = store.index.db;

  /** live or ended: a completed task's form and variables stay readable */
  const userTaskOr404 = (k: number) => {
    const task = indexedRow(db, userTasks, k);
    if (!task) throw notFound(`User task with key '${k}' not found`);
    return { formKey: (task.form_key as number | null) ?? undefined, elementInstanceKey: task.element_instance_key as number };
  };

  api.post('/user-tasks/search', route((req) => indexedSearch(db, userTasks, body(req) as SearchRequest)));

  api.get('/user-tasks/:key', route((req) => found(indexedGet(db, userTasks, key(req, 'key')), 'User task', req)));

  api.get('/user-tasks/:key/form', route((req) => {
    const task = userTaskOr404(key(req, 'key'));
    if (task.formKey === undefined) return undefined;
    const form = store.get<FormRecord>('form', task.formKey);
    if (!form) throw notFound(`Form with key '${task.formKey}' not found`);
    return formResult(form);
  }));

  api.post('/user-tasks/:key/variables/search', route((req) => {
    const task = userTaskOr404(key(req, 'key'));
    return indexedSearch(db, variablesInScopes(scopeChain(db, task.elementInstanceKey)), body(req) as SearchRequest);
  }));

  api.post('/user-tasks/:key/completion', route(async (req) => {
    const b = body(req);
    await engine.completeUserTask(key(req, 'key'), variablesOf(b.variables), text(b.action, 'action') || undefined);
  }));

  api.post('/user-tasks/:key/assignment', route(async (req) => {
    const b = body(req);
    await engine.assignUserTask(key(req, 'key'), text(b.assignee, 'assignee') ?? '', b.allowOverride !== false, text(b.action, 'action') || undefined);
  }));

  api.delete('/user-tasks/:key/assignee', route(async (req) => {
    await engine.unassignUserTask(key(req, 'key'));
  }));

  api.patch('/user-tasks/:key', route(async (req) => {
    const b = body(req);
    const c = (b.changeset ?? {}) as Record<string, unknown>;
    const list = (v: unknown, field: string) => {
      if (!Array.isArray(v)) throw invalidArgument(`Expected ${field} to be an array of strings`);
      return v.map(String);
    };
    await engine.updateUserTask(
      key(req, 'key'),
      {
        ...(c.dueDate !== undefined ? { dueDate: c.dueDate === null ? null : text(c.dueDate, 'dueDate')! } : {}),
        ...(c.followUpDate !== undefined ? { followUpDate: c.followUpDate === null ? null : text(c.followUpDate, 'followUpDate')! } : {}),
        ...(c.candidateGroups !== undefined ? { candidateGroups: list(c.candidateGroups, 'candidateGroups') } : {}),
        ...(c.candidateUsers !== undefined ? { candidateUsers: list(c.candidateUsers, 'candidateUsers') } : {}),
        ...(c.priority !== undefined ? { priority: numberOr(c.priority, 50, 'priority') } : {}),
      },
      text(b.action, 'action') || undefined,
    );
  }));
}
