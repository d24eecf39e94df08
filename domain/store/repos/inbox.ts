import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { fromIso, fromIsoOrNull, fromJson, toIso, toJson } from '../codec.js';
import { contains, startsWith } from '../like.js';
import type { StoreEnv } from '../env.js';
import type { CaseRow, Database, SavedFilterRow, TaskRow } from '../schema.js';
import { FINISHED_CASE_STATUSES, toCase, type Applicant, type Case, type CaseStatus } from './cases.js';
import { toTask, type Task, type TaskState } from './tasks.js';

/**
 * The queries of the clerk inbox and the joint-approval desk, which read tasks together with
 * their case, item, department and people; and what the inbox keeps of its own: drafts of forms
 * being filled in, and the filters a window saves for its department.
 */

/** Whose tasks: the user's own (assigned to them or offered to their groups), or those they cover for (AB岗). */
export type InboxScope =
  | { kind: 'mine'; assignee: string | null; candidateGroups: string[] }
  | {
      kind: 'cover';
      /** tasks assigned to this staff member while covering for an absent holder */
      assignee: string | null;
      /** posts this staff member stands in for: their tasks waiting on the absent holder or on nobody */
      posts: Array<{ candidateGroup: string; absentHolder: string }>;
    };

/** The colour bands of due times (domain/calendar/due-status.ts), as instants the database can compare. */
export interface DueBands {
  now: Date;
  yellowBefore: Date;
}

export type InboxSort = 'dueAt' | 'createdAt' | 'caseNumber' | 'name';

export interface InboxSearch {
  scope: InboxScope;
  /** default created (open) */
  state?: TaskState;
  /** case numbers starting with this */
  caseNumber?: string;
  /** applicant names containing this */
  applicant?: string;
  status?: { band: 'normal' | 'yellow' | 'red'; bands: DueBands };
  /** a staff id, or null for unassigned tasks */
  assignee?: string | null;
  /** one candidate group */
  group?: string;
  sort?: InboxSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** A task with what the inbox shows of its case and people. */
export interface InboxEntry {
  task: Task;
  caseNumber: string | null;
  caseStatus: CaseStatus | null;
  applicant: Applicant | null;
  itemCode: string | null;
  itemName: string | null;
  departmentName: string | null;
  assigneeName: string | null;
  coveringForName: string | null;
  /** the complaint a complaint procedure's task serves (its tasks have no case) */
  complaint: { number: string; complainantName: string; groundItem: string | null; replyDueAt: Date | null } | null;
}

export interface TaskDraft {
  userTaskKey: string;
  username: string;
  data: Record<string, unknown>;
  savedAt: Date;
}

export interface SavedFilter {
  id: string;
  departmentCode: string;
  name: string;
  query: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
}

export interface NewSavedFilter {
  departmentCode: string;
  name: string;
  query: Record<string, unknown>;
  createdBy: string;
  at?: Date;
}

/** A joint case (联办件) with how far its departments' reviews are, from the task store. */
export interface JointCaseSummary {
  theCase: Case;
  itemName: string | null;
  reviews: { open: number; completed: number; canceled: number };
}

type TaskTables = Database & { c: CaseRow };

export type InboxRepo = ReturnType<typeof createInboxRepo>;

export function createInboxRepo(db: Kysely<Database>, env: StoreEnv) {
  const joined = () =>
    db
      .selectFrom('tasks')
      .leftJoin('cases as c', 'c.id', 'tasks.case_id')
      .leftJoin('catalogue_items as i', 'i.code', 'c.item_code')
      .leftJoin('departments as d', 'd.code', 'tasks.department_code')
      .leftJoin('staff as sa', 'sa.id', 'tasks.assignee')
      .leftJoin('staff as sc', 'sc.id', 'tasks.covering_for')
      .leftJoin('complaints as cp', 'cp.process_instance_key', 'tasks.process_instance_key');

  /**
   * The tables a search's conditions and orders read: the task and its case (which the database
   * leaves out when nothing reads it: one case a task at most), its complaint only when asked for
   * (several complaints could name one process instance, so that join is never left out).
   */
  const searched = (withComplaint: boolean) =>
    db
      .selectFrom('tasks')
      .leftJoin('cases as c', 'c.id', 'tasks.case_id')
      .$if(withComplaint, (qb) => qb.leftJoin('complaints as cp', 'cp.process_instance_key', 'tasks.process_instance_key'));

  const entryColumns = [
    'c.case_number',
    'c.status as case_status',
    'c.applicant_name',
    'c.applicant_kind',
    'c.applicant_id_number',
    'c.applicant_phone',
    'c.applicant_email',
    'c.item_code',
    'i.name as item_name',
    'd.name as department_name',
    'sa.name as assignee_name',
    'sc.name as covering_for_name',
    'cp.complaint_number',
    'cp.complainant_name',
    'cp.ground_item',
    'cp.reply_due_at as complaint_reply_due_at',
  ] as const;

  type EntryRow = TaskRow & {
    case_number: string | null;
    case_status: string | null;
    applicant_name: string | null;
    applicant_kind: string | null;
    applicant_id_number: string | null;
    applicant_phone: string | null;
    applicant_email: string | null;
    item_code: string | null;
    item_name: string | null;
    department_name: string | null;
    assignee_name: string | null;
    covering_for_name: string | null;
    complaint_number: string | null;
    complainant_name: string | null;
    ground_item: string | null;
    complaint_reply_due_at: string | null;
  };

  const toEntry = (row: EntryRow): InboxEntry => ({
    task: toTask(row),
    caseNumber: row.case_number,
    caseStatus: row.case_status as CaseStatus | null,
    applicant:
      row.applicant_name === null
        ? null
        : {
            kind: (row.applicant_kind ?? 'person') as Applicant['kind'],
            name: row.applicant_name,
            idNumber: row.applicant_id_number,
            phone: row.applicant_phone,
            email: row.applicant_email,
          },
    itemCode: row.item_code,
    itemName: row.item_name,
    departmentName: row.department_name,
    assigneeName: row.assignee_name,
    coveringForName: row.covering_for_name,
    complaint:
      row.complaint_number === null
        ? null
        : { number: row.complaint_number, complainantName: row.complainant_name ?? '', groundItem: row.ground_item, replyDueAt: fromIsoOrNull(row.complaint_reply_due_at) },
  });

  /**
   * Offered to one of the groups, in the state asked for: one range of the (group, state) index,
   * which the planner can combine with the assignee's index instead of visiting every task.
   */
  const offeredTo = (eb: ExpressionBuilder<TaskTables, 'tasks'>, groups: string[], state: TaskState | undefined) => {
    let offered = eb.selectFrom('task_candidate_groups as g').select('g.user_task_key').where('g.candidate_group', 'in', groups);
    if (state !== undefined) offered = offered.where('g.task_state', '=', state);
    return eb('tasks.user_task_key', 'in', offered);
  };

  const inScope = (eb: ExpressionBuilder<TaskTables, 'tasks'>, scope: InboxScope, state?: TaskState): Expression<SqlBool> => {
    const any: Expression<SqlBool>[] = [];
    if (scope.kind === 'mine') {
      if (scope.assignee !== null) any.push(eb('tasks.assignee', '=', scope.assignee));
      if (scope.candidateGroups.length > 0) any.push(offeredTo(eb, scope.candidateGroups, state));
    } else {
      if (scope.assignee !== null) any.push(eb.and([eb('tasks.assignee', '=', scope.assignee), eb('tasks.covering_for', 'is not', null)]));
      for (const post of scope.posts) {
        any.push(eb.and([offeredTo(eb, [post.candidateGroup], state), eb.or([eb('tasks.assignee', 'is', null), eb('tasks.assignee', '=', post.absentHolder)])]));
      }
    }
    // nobody's tasks: an empty OR would be false on PostgreSQL but is not valid SQL everywhere
    return any.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(any);
  };

  const bandCondition = (eb: ExpressionBuilder<TaskTables, 'tasks'>, state: TaskState, band: 'normal' | 'yellow' | 'red', bands: DueBands): Expression<SqlBool> => {
    if (state !== 'created') {
      // a finished task is red when it was finished late, never yellow
      if (band === 'yellow') return sql<SqlBool>`1 = 0`;
      const late = eb.and([eb('tasks.due_at', 'is not', null), eb('tasks.completed_at', '>', eb.ref('tasks.due_at'))]);
      return band === 'red' ? late : eb.not(late);
    }
    const now = toIso(bands.now);
    const yellowBefore = toIso(bands.yellowBefore);
    if (band === 'red') return eb('tasks.due_at', '<', now);
    if (band === 'yellow') return eb.and([eb('tasks.due_at', '>=', now), eb('tasks.due_at', '<', yellowBefore)]);
    return eb.or([eb('tasks.due_at', 'is', null), eb('tasks.due_at', '>=', yellowBefore)]);
  };

  /**
   * How many tasks in a state are the user's or offered to their groups, counted from the indexes
   * alone: the assignee's range of tasks and the groups' ranges of group rows (which carry their
   * task's state, migration 021), each task once. The search's own count reads every task of the
   * scope from the table, a few milliseconds for a window's 1,500 open tasks at 1,000,000 cases.
   */
  const countMine = (scope: Extract<InboxScope, { kind: 'mine' }>, state: TaskState) => {
    const ranges = [
      ...(scope.assignee === null ? [] : [db.selectFrom('tasks').select('user_task_key').where('state', '=', state).where('assignee', '=', scope.assignee)]),
      ...(scope.candidateGroups.length === 0
        ? []
        : [db.selectFrom('task_candidate_groups').select('user_task_key').where('candidate_group', 'in', scope.candidateGroups).where('task_state', '=', state)]),
    ];
    if (ranges.length === 0) return { n: 0 };
    const keys = ranges.reduce((all, range) => all.union(range));
    return db.selectFrom(keys.as('k')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  };

  const entriesOf = async (keys: string[]): Promise<InboxEntry[]> => {
    if (keys.length === 0) return [];
    const rows = await joined().selectAll('tasks').select(entryColumns).where('tasks.user_task_key', 'in', keys).execute();
    const byKey = new Map(rows.map((row) => [row.user_task_key, toEntry(row as EntryRow)]));
    return keys.flatMap((key) => byKey.get(key) ?? []);
  };

  return {
    /**
     * One page of the inbox, with the total of the whole search. The matching tasks are counted and
     * sorted with only the tables the conditions and the order read; the names of items,
     * departments and people are joined to the page's rows alone. Joined first, every matching
     * task (thousands for a window at a million cases) went through five more look-ups before
     * the sort kept fifty of them.
     */
    async search(q: InboxSearch): Promise<{ entries: InboxEntry[]; total: number }> {
      const state = q.state ?? 'created';
      const matching = searched(q.caseNumber !== undefined)
        .where((eb) => {
          const all: Expression<SqlBool>[] = [eb('tasks.state', '=', state), inScope(eb, q.scope, state)];
          if (q.caseNumber !== undefined) all.push(eb.or([startsWith('c.case_number', q.caseNumber), startsWith('cp.complaint_number', q.caseNumber)]));
          // the scope holds a few thousand tasks at most, their names are read directly: the name
          // index would list every case of a common surname first (45,000 for 王 at 1,000,000)
          if (q.applicant !== undefined) all.push(contains('c.applicant_name', q.applicant));
          if (q.status !== undefined) all.push(bandCondition(eb, state, q.status.band, q.status.bands));
          if (q.assignee !== undefined) all.push(q.assignee === null ? eb('tasks.assignee', 'is', null) : eb('tasks.assignee', '=', q.assignee));
          if (q.group !== undefined) all.push(offeredTo(eb, [q.group], state));
          return eb.and(all);
        });
      const direction = q.order ?? 'asc';
      let page = matching.select('tasks.user_task_key');
      switch (q.sort ?? 'dueAt') {
        case 'dueAt':
          page = page.orderBy('tasks.due_at', (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast());
          break;
        case 'caseNumber':
          page = page.orderBy('c.case_number', (ob) => (direction === 'asc' ? ob.asc() : ob.desc()).nullsLast());
          break;
        case 'name':
          page = page.orderBy('tasks.name', direction);
          break;
        case 'createdAt':
          break;
      }
      page = page.orderBy('tasks.created_at', direction).orderBy('tasks.user_task_key', direction).limit(q.limit).offset(q.offset);
      const onlyScope = q.caseNumber === undefined && q.applicant === undefined && q.status === undefined && q.assignee === undefined && q.group === undefined;
      if (onlyScope && q.scope.kind === 'mine') {
        const keys = await page.execute();
        const counted = await countMine(q.scope, state);
        return { entries: await entriesOf(keys.map((k) => k.user_task_key)), total: Number(counted.n) };
      }
      // counted by the pass that sorts: each task a filter reads (its case, for a name or a
      // number) is read once, where a count of its own read them all a second time
      const rows = await page.select(sql<number | string>`count(*) over ()`.as('total')).execute();
      // a page past the last has no row to carry the total
      const total =
        rows.length > 0 ? Number(rows[0].total) : q.offset === 0 ? 0 : Number((await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      return { entries: await entriesOf(rows.map((k) => k.user_task_key)), total };
    },

    /** The tasks with these keys, as the inbox shows them (any state, any scope: the caller checks access). */
    entries: entriesOf,

    /**
     * Open tasks in the scope created at or after `since`, oldest first: what the inbox's live feed
     * has not sent yet (the caller drops those it already sent at the same instants).
     */
    async createdSince(scope: InboxScope, since: Date | null, limit = 200): Promise<InboxEntry[]> {
      let q = joined()
        .selectAll('tasks')
        .select(entryColumns)
        .where((eb) => eb.and([eb('tasks.state', '=', 'created'), inScope(eb, scope, 'created')]));
      if (since !== null) q = q.where('tasks.created_at', '>=', toIso(since));
      const rows = await q.orderBy('tasks.created_at').orderBy('tasks.user_task_key').limit(limit).execute();
      return rows.map((row) => toEntry(row as EntryRow));
    },

    /** When the newest task in the scope (any state) was created: where a live feed starts. */
    async latestCreatedAt(scope: InboxScope): Promise<Date | null> {
      const row = await db
        .selectFrom('tasks')
        .select((eb) => eb.fn.max('tasks.created_at').as('latest'))
        .where((eb) => inScope(eb as unknown as ExpressionBuilder<TaskTables, 'tasks'>, scope))
        .executeTakeFirst();
      return row?.latest ? fromIso(row.latest) : null;
    },

    /** Joint cases led by a department (every department's when none is given), newest first. */
    async jointCases(filter: { departmentCode?: string; open?: boolean; limit: number; offset: number }): Promise<{ cases: JointCaseSummary[]; total: number }> {
      let q = db.selectFrom('cases').leftJoin('catalogue_items as i', 'i.code', 'cases.item_code').where('cases.case_type', '=', 'joint');
      if (filter.departmentCode !== undefined) q = q.where('cases.department_code', '=', filter.departmentCode);
      if (filter.open) q = q.where('cases.status', 'not in', FINISHED_CASE_STATUSES);
      const counted = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const rows = await q
        .selectAll('cases')
        .select('i.name as item_name')
        .orderBy('cases.received_at', 'desc')
        .orderBy('cases.id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute();
      const ids = rows.map((r) => r.id);
      const counts =
        ids.length === 0
          ? []
          : await db
              .selectFrom('tasks')
              .select(['tasks.case_id', 'tasks.state', (eb) => eb.fn.countAll<number>().as('n')])
              .where('tasks.case_id', 'in', ids)
              .where((eb) =>
                eb.exists(
                  eb
                    .selectFrom('task_candidate_groups as g')
                    .select('g.user_task_key')
                    .whereRef('g.user_task_key', '=', 'tasks.user_task_key')
                    .where('g.candidate_group', 'like', 'review:%'),
                ),
              )
              .groupBy(['tasks.case_id', 'tasks.state'])
              .execute();
      const cases = rows.map(({ item_name, ...row }) => {
        const reviews = { open: 0, completed: 0, canceled: 0 };
        for (const c of counts.filter((c) => c.case_id === row.id)) {
          if (c.state === 'created') reviews.open += Number(c.n);
          else if (c.state === 'completed') reviews.completed += Number(c.n);
          else if (c.state === 'canceled') reviews.canceled += Number(c.n);
        }
        return { theCase: toCase(row), itemName: item_name, reviews };
      });
      return { cases, total: Number(counted.n) };
    },

    // ---- drafts ----

    /** Keeps the latest draft of a user's form for a task, replacing the one before. */
    async saveDraft(input: { userTaskKey: string; username: string; data: Record<string, unknown>; at?: Date }): Promise<TaskDraft> {
      const savedAt = toIso(input.at ?? env.now());
      const data = toJson(input.data);
      await db
        .insertInto('task_drafts')
        .values({ user_task_key: input.userTaskKey, username: input.username, data, saved_at: savedAt })
        .onConflict((oc) => oc.columns(['user_task_key', 'username']).doUpdateSet({ data, saved_at: savedAt }))
        .execute();
      return { userTaskKey: input.userTaskKey, username: input.username, data: input.data, savedAt: fromIso(savedAt) };
    },

    async getDraft(userTaskKey: string, username: string): Promise<TaskDraft | undefined> {
      const row = await db.selectFrom('task_drafts').selectAll().where('user_task_key', '=', userTaskKey).where('username', '=', username).executeTakeFirst();
      return row && { userTaskKey: row.user_task_key, username: row.username, data: fromJson<Record<string, unknown>>(row.data), savedAt: fromIso(row.saved_at) };
    },

    async deleteDraft(userTaskKey: string, username: string): Promise<boolean> {
      const result = await db.deleteFrom('task_drafts').where('user_task_key', '=', userTaskKey).where('username', '=', username).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    /** Every user's draft of a task: the task is done, nobody comes back to it. */
    async deleteDraftsOf(userTaskKey: string): Promise<number> {
      const result = await db.deleteFrom('task_drafts').where('user_task_key', '=', userTaskKey).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    // ---- saved filters ----

    async listFilters(departmentCode: string): Promise<SavedFilter[]> {
      const rows = await db.selectFrom('saved_filters').selectAll().where('department_code', '=', departmentCode).orderBy('name').orderBy('id').execute();
      return rows.map(toFilter);
    },

    async getFilter(id: string): Promise<SavedFilter | undefined> {
      const row = await db.selectFrom('saved_filters').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toFilter(row);
    },

    /** undefined when the department already has a filter of that name. */
    async addFilter(input: NewSavedFilter): Promise<SavedFilter | undefined> {
      const row: SavedFilterRow = {
        id: env.newId(),
        department_code: input.departmentCode,
        name: input.name,
        query: toJson(input.query),
        created_by: input.createdBy,
        created_at: toIso(input.at ?? env.now()),
      };
      const inserted = await db
        .insertInto('saved_filters')
        .values(row)
        .onConflict((oc) => oc.columns(['department_code', 'name']).doNothing())
        .returningAll()
        .executeTakeFirst();
      return inserted && toFilter(inserted);
    },

    async deleteFilter(id: string): Promise<boolean> {
      const result = await db.deleteFrom('saved_filters').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

function toFilter(row: SavedFilterRow): SavedFilter {
  return {
    id: row.id,
    departmentCode: row.department_code,
    name: row.name,
    query: fromJson<Record<string, unknown>>(row.query),
    createdBy: row.created_by,
    createdAt: fromIso(row.created_at),
  };
}
