import type { CamundaRestClient } from '@camunda8/sdk';
import { parseFormDefinition } from '../../domain/forms/form-definition.js';
import type { FormJsSchema } from '../../domain/forms/types.js';
import { engineRefusal } from '../engine-errors.js';
import type { ApiProblem } from '../http/problem.js';

/**
 * What the inbox asks of the engine, through the SDK's CamundaRestClient only (docs/architecture:
 * the web app never touches engine/ internals), so the same code runs against the embedded engine
 * and a Camunda 8 cluster. Every call is bounded in time: a slow engine must not hold a clerk's
 * page open.
 */

/** CREATED, COMPLETED, CANCELED or FAILED (and CREATING, ASSIGNING ... while listeners run) */
export type EngineTaskState = string;

export interface EngineTaskStatus {
  state: EngineTaskState;
  assignee: string | null;
  completionDate: Date | null;
}

export interface TaskForm {
  formKey: string;
  formId: string;
  version: number | null;
  schema: FormJsSchema;
}

export interface ProcessVariable {
  scopeKey: string;
  name: string;
  value: unknown;
}

/** An engine answer other than success: its HTTP status (0 when it could not be reached) and its detail. */
export class EngineCallError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    options?: { cause: unknown },
  ) {
    super(`engine answered ${status}: ${detail}`, options);
    this.name = 'EngineCallError';
  }
}

const ENGINE_TIMEOUT_MS = 5_000;
/** keys per user task search; the v2 API pages at most this many without asking for more */
const KEY_BATCH = 100;
const VARIABLE_PAGE = 500;

function toEngineError(error: unknown): EngineCallError {
  if (error instanceof EngineCallError) return error;
  const e = error as { statusCode?: unknown; status?: unknown; detail?: unknown; title?: unknown; message?: unknown; response?: { body?: unknown } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : 0;
  let detail = typeof e.detail === 'string' ? e.detail : '';
  if (!detail && typeof e.response?.body === 'string') {
    try {
      const parsed = JSON.parse(e.response.body) as { detail?: unknown };
      if (typeof parsed.detail === 'string') detail = parsed.detail;
    } catch {
      // not a problem document; the message below will do
    }
  }
  if (!detail) detail = typeof e.message === 'string' ? e.message : String(error);
  return new EngineCallError(status, detail, { cause: error });
}

/** the inbox's check of its page against the engine: a list must not wait long for it */
const CHECK_TIMEOUT_MS = 2_000;

async function bounded<T>(what: string, call: () => PromiseLike<T>, timeoutMs = ENGINE_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new EngineCallError(0, `${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(call), timeout]);
  } catch (error) {
    throw toEngineError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** A variable's value as the v2 API gives it: JSON text. */
function parseValue(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface InboxEngine {
  /** The engine's state of each task it knows; a key it does not (yet) list is absent from the map. */
  taskStates(keys: string[]): Promise<Map<string, EngineTaskStatus>>;
  /** The task's linked form, or null when it has none. Parsed forms are kept per form key (immutable once deployed), and the link per task. */
  form(userTaskKey: string): Promise<TaskForm | null>;
  /** Every variable the task sees (its own scope and the scopes above), by name. */
  taskVariables(userTaskKey: string): Promise<Record<string, unknown>>;
  /** Variables of one name in the live scopes of a process instance (every scope that has one). */
  processVariables(processInstanceKey: string, name: string): Promise<ProcessVariable[]>;
  assign(userTaskKey: string, assignee: string, allowOverride: boolean, action: string): Promise<void>;
  unassign(userTaskKey: string): Promise<void>;
  complete(userTaskKey: string, variables: Record<string, unknown>): Promise<void>;
}

/** how many single-task look-ups run at once when the engine takes no key list */
const LOOKUP_CONCURRENCY = 8;

const statusOf = (t: { state: string; assignee?: string | null; completionDate?: string | null }): EngineTaskStatus => ({
  state: t.state,
  assignee: t.assignee ?? null,
  completionDate: t.completionDate ? new Date(t.completionDate) : null,
});

/** tasks whose linked form is remembered (see formOfTask below) */
const TASK_FORMS_KEPT = 2_000;

interface FormAnswer {
  formKey?: unknown;
  formId?: unknown;
  version?: unknown;
  schema?: unknown;
}

export function createInboxEngine(camunda: CamundaRestClient): InboxEngine {
  const forms = new Map<string, TaskForm>();
  /**
   * The form each recently read task is linked to (null: none). The engine links a user task to
   * its form once, when it creates the task, so a completion after the clerk opened the form here
   * asks the engine for the task's variables only. Oldest first, at most TASK_FORMS_KEPT.
   */
  const formOfTask = new Map<string, TaskForm | null>();
  const remember = (userTaskKey: string, form: TaskForm | null) => {
    formOfTask.delete(userTaskKey);
    formOfTask.set(userTaskKey, form);
    if (formOfTask.size > TASK_FORMS_KEPT) formOfTask.delete(formOfTask.keys().next().value!);
  };
  const parsedForm = (answer: FormAnswer): TaskForm => {
    const formKey = String(answer.formKey);
    const known = forms.get(formKey);
    if (known) return known;
    const form: TaskForm = {
      formKey,
      formId: String(answer.formId),
      version: typeof answer.version === 'number' ? answer.version : null,
      schema: parseFormDefinition(answer.schema),
    };
    forms.set(formKey, form);
    return form;
  };
  /**
   * The embedded engine filters user tasks by a list of keys (`$in`); the published 8.8 API
   * documents the user task key filter as a single key. The first refusal (400) switches this
   * client to one look-up per task (GET /v2/user-tasks/{key}, a few at a time) for good.
   */
  let keyListRefused = false;

  const lookUp = async (keys: string[], states: Map<string, EngineTaskStatus>) => {
    for (let i = 0; i < keys.length; i += LOOKUP_CONCURRENCY) {
      await Promise.all(
        keys.slice(i, i + LOOKUP_CONCURRENCY).map(async (key) => {
          try {
            const t = await bounded('get user task', () => camunda.getUserTask(key), CHECK_TIMEOUT_MS);
            states.set(key, statusOf(t));
          } catch (error) {
            // not (yet) known to the engine's search: left alone
            if (toEngineError(error).status !== 404) throw error;
          }
        }),
      );
    }
  };

  /** A value the search cut short is fetched whole. */
  const fullValue = async (item: { variableKey: string; value: string; isTruncated?: boolean }): Promise<unknown> => {
    if (!item.isTruncated) return parseValue(item.value);
    const whole = await bounded('get variable', () => camunda.getVariable({ variableKey: item.variableKey }));
    return parseValue((whole as unknown as { value: string }).value);
  };

  return {
    async taskStates(keys) {
      const states = new Map<string, EngineTaskStatus>();
      for (let i = 0; i < keys.length; i += KEY_BATCH) {
        const batch = keys.slice(i, i + KEY_BATCH);
        if (keyListRefused) {
          await lookUp(batch, states);
          continue;
        }
        let found;
        try {
          found = await bounded(
            'search user tasks',
            () =>
              camunda.searchUserTasks({
                // a list of keys; the SDK's type knows a single key only
                filter: { userTaskKey: { $in: batch } as unknown as string },
                page: { from: 0, limit: batch.length },
              }),
            CHECK_TIMEOUT_MS,
          );
        } catch (error) {
          if (toEngineError(error).status !== 400) throw error;
          keyListRefused = true;
          await lookUp(batch, states);
          continue;
        }
        for (const item of found.items) {
          const t = item as unknown as { userTaskKey: string; state: string; assignee?: string | null; completionDate?: string | null };
          states.set(String(t.userTaskKey), statusOf(t));
        }
      }
      return states;
    },

    async form(userTaskKey) {
      const linked = formOfTask.get(userTaskKey);
      if (linked !== undefined) return linked;
      const text = await bounded('get user task form', () => camunda.callApiEndpoint({ method: 'GET', urlPath: `user-tasks/${userTaskKey}/form`, json: false }));
      const form = text === undefined || text === null || String(text).trim() === '' ? null : parsedForm(JSON.parse(String(text)) as FormAnswer);
      remember(userTaskKey, form);
      return form;
    },

    async taskVariables(userTaskKey) {
      // a name may be listed once per scope the task sees; the innermost scope's value is the
      // task's. The scopes form one chain, and a scope's key is drawn after its parent's, so the
      // innermost is the one with the highest key.
      const innermost = new Map<string, { scope: bigint; item: { variableKey: string; value: string; isTruncated?: boolean } }>();
      for (let from = 0; ; from += VARIABLE_PAGE) {
        const page = await bounded('search user task variables', () =>
          camunda.searchUserTaskVariables({ userTaskKey, page: { from, limit: VARIABLE_PAGE } }),
        );
        for (const item of page.items) {
          const scope = /^\d+$/.test(String(item.scopeKey)) ? BigInt(item.scopeKey) : 0n;
          const known = innermost.get(item.name);
          if (!known || scope > known.scope) innermost.set(item.name, { scope, item });
        }
        if (page.items.length < VARIABLE_PAGE) break;
      }
      const variables: Record<string, unknown> = {};
      for (const [name, { item }] of innermost) variables[name] = await fullValue(item);
      return variables;
    },

    async processVariables(processInstanceKey, name) {
      // the variable search also lists the last values of scopes that have ended (history, as on
      // a cluster); only the live scopes hold the instance's current state
      const live = new Set<string>();
      for (let from = 0; ; from += VARIABLE_PAGE) {
        const page = await bounded('search element instances', () =>
          camunda.searchElementInstances({ filter: { processInstanceKey, state: 'ACTIVE' }, page: { from, limit: VARIABLE_PAGE } }),
        );
        for (const item of page.items) live.add(String(item.elementInstanceKey));
        if (page.items.length < VARIABLE_PAGE) break;
      }
      const found: ProcessVariable[] = [];
      for (let from = 0; ; from += VARIABLE_PAGE) {
        const page = await bounded('search variables', () =>
          camunda.searchVariables({ filter: { processInstanceKey, name }, page: { from, limit: VARIABLE_PAGE } }),
        );
        for (const item of page.items) {
          const v = item as unknown as { variableKey: string; scopeKey: string; name: string; value: string; isTruncated?: boolean };
          if (live.has(String(v.scopeKey))) found.push({ scopeKey: String(v.scopeKey), name: v.name, value: await fullValue(v) });
        }
        if (page.items.length < VARIABLE_PAGE) break;
      }
      return found;
    },

    async assign(userTaskKey, assignee, allowOverride, action) {
      await bounded('assign user task', () => camunda.assignUserTask({ userTaskKey, assignee, allowOverride, action }));
    },

    async unassign(userTaskKey) {
      await bounded('unassign user task', () => camunda.unassignUserTask({ userTaskKey }));
    },

    async complete(userTaskKey, variables) {
      await bounded('complete user task', () => camunda.completeUserTask({ userTaskKey, variables, action: 'complete' }));
      formOfTask.delete(userTaskKey);
    },
  };
}

/**
 * What the API answers when the engine refused or could not be asked, in Chinese
 * (web/engine-errors.ts); the engine's own words are for the log, which the caller writes.
 */
export function engineProblem(error: unknown, doing: string): ApiProblem {
  const e = toEngineError(error);
  return engineRefusal(e.status === 0 ? undefined : e.status, e.detail, doing);
}

export { toEngineError };
