import type { ExpressionBuilder, Kysely } from 'kysely';
import { fromIso, fromIsoOrNull, fromJson, toIso, toIsoOrNull, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, TaskRow } from '../schema.js';
import type { CaseStatus } from './cases.js';
import { inTransaction } from '../transaction.js';

export type TaskState = 'created' | 'completed' | 'canceled';

/** A Camunda user task as the inbox sees it, written by the `creating` task listener's worker. */
export interface Task {
  /** the engine's user task key (int64, as text) */
  userTaskKey: string;
  caseId: string | null;
  processInstanceKey: string;
  elementId: string;
  name: string;
  candidateGroups: string[];
  departmentCode: string | null;
  assignee: string | null;
  /** the absent A holder whose work a B holder took over (AB岗) */
  coveringFor: string | null;
  dueAt: Date | null;
  formId: string | null;
  state: TaskState;
  createdAt: Date;
  completedAt: Date | null;
  /** the staff member who completed it through the inbox */
  completedBy: string | null;
}

/** A deployed form, as a completed task was shown with it. */
export interface TaskFormRecord {
  formKey: string;
  formId: string;
  version: number | null;
  /** the form-js schema */
  schema: object;
}

/** What a completion through the inbox kept: who, with which form, what was submitted and the variables the form read. */
export interface TaskCompletion {
  completedBy: string;
  form: TaskFormRecord | null;
  values: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface NewTask {
  userTaskKey: string;
  processInstanceKey: string;
  elementId: string;
  name: string;
  candidateGroups?: string[];
  caseId?: string | null;
  departmentCode?: string | null;
  assignee?: string | null;
  coveringFor?: string | null;
  dueAt?: Date | null;
  formId?: string | null;
  createdAt?: Date;
}

export interface TaskFilter {
  state?: TaskState;
  caseId?: string;
  processInstanceKey?: string;
  departmentCode?: string;
  assignee?: string;
  candidateGroup?: string;
  dueBefore?: Date;
  limit?: number;
}

export type TasksRepo = ReturnType<typeof createTasksRepo>;

export function createTasksRepo(db: Kysely<Database>, env: StoreEnv) {
  const byKey = (key: string) => db.selectFrom('tasks').selectAll().where('user_task_key', '=', key).executeTakeFirst();

  /** Moves a created task to its final state; a task already final is returned as it is (replays). */
  const finish = async (key: string, state: Exclude<TaskState, 'created'>, at: Date): Promise<Task> => {
    const row =
      (await db
        .updateTable('tasks')
        .set({ state, completed_at: toIso(at) })
        .where('user_task_key', '=', key)
        .where('state', '=', 'created')
        .returningAll()
        .executeTakeFirst()) ?? (await byKey(key));
    if (!row) throw new StoreNotFoundError('task', key);
    return toTask(row);
  };

  return {
    /**
     * Idempotent on the user task key: the listener's job is delivered at least once, and a
     * replay returns the task as first recorded.
     */
    record(input: NewTask): Promise<Task> {
      return inTransaction(db, async (trx) => {
        const groups = [...new Set(input.candidateGroups ?? [])];
        const row: TaskRow = {
          user_task_key: input.userTaskKey,
          case_id: input.caseId ?? null,
          process_instance_key: input.processInstanceKey,
          element_id: input.elementId,
          name: input.name,
          candidate_groups: toJson(groups),
          department_code: input.departmentCode ?? null,
          assignee: input.assignee ?? null,
          covering_for: input.coveringFor ?? null,
          due_at: toIsoOrNull(input.dueAt),
          form_id: input.formId ?? null,
          state: 'created',
          created_at: toIso(input.createdAt ?? env.now()),
          completed_at: null,
          completed_by: null,
          form_key: null,
          submission: null,
        };
        const inserted = await trx
          .insertInto('tasks')
          .values(row)
          .onConflict((oc) => oc.column('user_task_key').doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) return toTask(await trx.selectFrom('tasks').selectAll().where('user_task_key', '=', input.userTaskKey).executeTakeFirstOrThrow());
        if (groups.length > 0) {
          await trx
            .insertInto('task_candidate_groups')
            .values(groups.map((g) => ({ user_task_key: input.userTaskKey, candidate_group: g })))
            .execute();
        }
        return toTask(inserted);
      });
    },

    async get(userTaskKey: string): Promise<Task | undefined> {
      const row = await byKey(userTaskKey);
      return row && toTask(row);
    },

    /** null unassigns; coveringFor names the absent A holder when a B holder takes the task. */
    async assign(userTaskKey: string, assignee: string | null, coveringFor: string | null = null): Promise<Task> {
      const row = await db
        .updateTable('tasks')
        .set({ assignee, covering_for: coveringFor })
        .where('user_task_key', '=', userTaskKey)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError('task', userTaskKey);
      return toTask(row);
    },

    /**
     * Records an assignment made in the engine, in one statement: a new assignee covers for
     * nobody, while the same assignee again keeps the AB岗 note of whom they cover for (the
     * engine repeats the assignment made on creation); null unassigns. Undefined when the task
     * was never recorded.
     */
    async recordAssignment(userTaskKey: string, assignee: string | null): Promise<Task | undefined> {
      const row = await db
        .updateTable('tasks')
        .set((eb) => ({ assignee, covering_for: eb.case().when('assignee', '=', assignee).then(eb.ref('covering_for')).else(null).end() }))
        .where('user_task_key', '=', userTaskKey)
        .returningAll()
        .executeTakeFirst();
      return row && toTask(row);
    },

    complete(userTaskKey: string, at: Date = env.now()): Promise<Task> {
      return finish(userTaskKey, 'completed', at);
    },

    /**
     * Keeps a deployed form (immutable once deployed) for the tasks completed with it: once per
     * form key, a later call changes nothing.
     */
    async storeForm(form: TaskFormRecord): Promise<void> {
      await db
        .insertInto('task_forms')
        .values({ form_key: form.formKey, form_id: form.formId, version: form.version, schema: toJson(form.schema) })
        .onConflict((oc) => oc.column('form_key').doNothing())
        .execute();
    },

    /**
     * Marks the task completed through the inbox and keeps what was submitted, with the key of its
     * form (stored by storeForm), in one statement. The completing listener may have marked it
     * first: whichever comes first marks it and sets its time, as complete() does.
     */
    async recordCompletion(userTaskKey: string, at: Date, completion: Omit<TaskCompletion, 'form'> & { formKey: string | null }): Promise<void> {
      const open = (eb: ExpressionBuilder<Database, 'tasks'>) => eb('state', '=', 'created');
      const updated = await db
        .updateTable('tasks')
        .set((eb) => ({
          // SET reads the row as it was: both see the state before this statement
          state: eb.case().when(open(eb)).then('completed').else(eb.ref('state')).end(),
          completed_at: eb.case().when(open(eb)).then(toIso(at)).else(eb.ref('completed_at')).end(),
          completed_by: completion.completedBy,
          form_key: completion.formKey,
          submission: toJson({ values: completion.values, context: completion.context }),
        }))
        .where('user_task_key', '=', userTaskKey)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) throw new StoreNotFoundError('task', userTaskKey);
    },

    /**
     * The open tasks of a process instance (key and name, oldest first) and the status of its case,
     * in one read: what a completion's wait for its outcome looks at. A task's case always exists.
     */
    async instanceProgress(processInstanceKey: string, caseId: string | null): Promise<{ caseStatus: CaseStatus | null; open: Array<{ userTaskKey: string; name: string }> }> {
      if (caseId === null) {
        const rows = await db
          .selectFrom('tasks')
          .select(['user_task_key', 'name'])
          .where('process_instance_key', '=', processInstanceKey)
          .where('state', '=', 'created')
          .orderBy('created_at')
          .orderBy('user_task_key')
          .execute();
        return { caseStatus: null, open: rows.map((r) => ({ userTaskKey: r.user_task_key, name: r.name })) };
      }
      const rows = await db
        .selectFrom('cases as c')
        .leftJoin('tasks as t', (join) => join.on('t.process_instance_key', '=', processInstanceKey).on('t.state', '=', 'created'))
        .select(['c.status', 't.user_task_key', 't.name'])
        .where('c.id', '=', caseId)
        .orderBy('t.created_at')
        .orderBy('t.user_task_key')
        .execute();
      return {
        caseStatus: (rows[0]?.status as CaseStatus | undefined) ?? null,
        open: rows.flatMap((r) => (r.user_task_key === null || r.name === null ? [] : [{ userTaskKey: r.user_task_key, name: r.name }])),
      };
    },

    /** What the inbox kept of the task's completion, or undefined when it was not completed through the inbox. */
    async completion(userTaskKey: string): Promise<TaskCompletion | undefined> {
      const row = await db
        .selectFrom('tasks')
        .leftJoin('task_forms as f', 'f.form_key', 'tasks.form_key')
        .select(['tasks.completed_by', 'tasks.submission', 'f.form_key', 'f.form_id', 'f.version', 'f.schema'])
        .where('tasks.user_task_key', '=', userTaskKey)
        .executeTakeFirst();
      if (!row || row.completed_by === null || row.submission === null) return undefined;
      const { values, context } = fromJson<{ values: Record<string, unknown>; context: Record<string, unknown> }>(row.submission);
      const form = row.form_key !== null && row.form_id !== null && row.schema !== null ? { formKey: row.form_key, formId: row.form_id, version: row.version ?? null, schema: fromJson<object>(row.schema) } : null;
      return { completedBy: row.completed_by, form, values, context };
    },

    cancel(userTaskKey: string, at: Date = env.now()): Promise<Task> {
      return finish(userTaskKey, 'canceled', at);
    },

    async list(filter: TaskFilter = {}): Promise<Task[]> {
      let q = db.selectFrom('tasks').selectAll('tasks');
      if (filter.candidateGroup !== undefined) {
        q = q
          .innerJoin('task_candidate_groups as g', 'g.user_task_key', 'tasks.user_task_key')
          .where('g.candidate_group', '=', filter.candidateGroup);
      }
      if (filter.state !== undefined) q = q.where('tasks.state', '=', filter.state);
      if (filter.caseId !== undefined) q = q.where('tasks.case_id', '=', filter.caseId);
      if (filter.processInstanceKey !== undefined) q = q.where('tasks.process_instance_key', '=', filter.processInstanceKey);
      if (filter.departmentCode !== undefined) q = q.where('tasks.department_code', '=', filter.departmentCode);
      if (filter.assignee !== undefined) q = q.where('tasks.assignee', '=', filter.assignee);
      if (filter.dueBefore !== undefined) q = q.where('tasks.due_at', '<', toIso(filter.dueBefore));
      if (filter.limit !== undefined) q = q.limit(filter.limit);
      const rows = await q.orderBy('tasks.created_at').orderBy('tasks.user_task_key').execute();
      return rows.map(toTask);
    },
  };
}

/** A tasks row as the domain sees it; for repositories that join tasks to other tables. */
export function toTask(row: TaskRow): Task {
  return {
    userTaskKey: row.user_task_key,
    caseId: row.case_id,
    processInstanceKey: row.process_instance_key,
    elementId: row.element_id,
    name: row.name,
    candidateGroups: fromJson<string[]>(row.candidate_groups),
    departmentCode: row.department_code,
    assignee: row.assignee,
    coveringFor: row.covering_for,
    dueAt: fromIsoOrNull(row.due_at),
    formId: row.form_id,
    state: row.state as TaskState,
    createdAt: fromIso(row.created_at),
    completedAt: fromIsoOrNull(row.completed_at),
    completedBy: row.completed_by,
  };
}
