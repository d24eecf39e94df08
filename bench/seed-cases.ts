import type { Store } from '../domain/store/index.js';
import type { CaseRow, TaskRow } from '../domain/store/schema.js';

/** rows a statement (30 columns a case: under SQLite's 32,766 parameters) */
const BATCH = 500;
/** cases (with their tasks and groups) a transaction */
const CHUNK = 10_000;
const DAY = 86_400_000;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英'];
const COMPANIES = ['县清源建筑工程有限公司', '县康宁食品店', '县书法家协会', '县顺达运输有限公司', '县明德教育咨询中心', '县惠民超市'];

/** Deterministic pseudo-random numbers, so every run seeds the same store. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const dayText = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

export interface SeedOptions {
  cases: number;
  /** the newest this many cases are open, each with one open task; the rest closed, each with its last (completed) task */
  openTasks: number;
  /** the clock the cases are seeded around */
  now: number;
}

/**
 * Cases, their tasks and the tasks' candidate groups, inserted straight into the store in batches
 * of BATCH rows, CHUNK rows a transaction, so a million cases never sit in memory at once. The
 * cases are received over the year before `now`, the open ones in its last 30 days; 80 % have a
 * person as applicant, the rest a company; the same on every run.
 */
export async function seedCases(store: Store, { cases: CASES, openTasks: OPEN_TASKS, now: NOW }: SeedOptions): Promise<{ seconds: number; departments: string[] }> {
  const started = performance.now();
  const items = (await store.catalogue.listItems()).map((i) => ({ code: i.code, caseType: i.caseType, departmentCode: i.departmentCode }));
  const departments = [...new Set(items.map((i) => i.departmentCode))];
  const rnd = random(20260302);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const iso = (ms: number) => new Date(ms).toISOString();
  const perDay = new Map<string, number>();

  let cases: CaseRow[] = [];
  let tasks: TaskRow[] = [];
  let groups: Array<{ user_task_key: string; candidate_group: string }> = [];
  for (let i = 0; i < CASES; i++) {
    const open = i < OPEN_TASKS;
    // received over the last year, the open ones in the last few weeks
    const receivedAt = NOW - (open ? (i / OPEN_TASKS) * 30 * DAY : 30 * DAY + ((i - OPEN_TASKS) / (CASES - OPEN_TASKS)) * 335 * DAY) - Math.floor(rnd() * 8 * 3_600_000);
    const day = dayText(receivedAt);
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const item = items[i % items.length];
    const person = rnd() < 0.8;
    const id = `bench-case-${String(i).padStart(6, '0')}`;
    const dueAt = receivedAt + (5 + Math.floor(rnd() * 20)) * DAY;
    cases.push({
      id,
      case_number: `SH${day}-${String(seq).padStart(4, '0')}`,
      verification_hash: null,
      process_instance_key: String(2_251_799_813_000_000 + i),
      item_code: item.code,
      item_version: 1,
      case_type: item.caseType,
      department_code: item.departmentCode,
      stage: open ? '审查' : '办结',
      status: open ? 'accepted' : 'completed',
      applicant_name: person ? `${pick(SURNAMES)}${pick(GIVEN)}` : pick(COMPANIES),
      applicant_id_number: person ? `1101011990${String(i % 10_000).padStart(4, '0')}1234` : `91530000MA6K${String(i % 100_000).padStart(5, '0')}X1`,
      applicant_phone: `138${String(i).padStart(8, '0')}`,
      applicant_email: null,
      applicant_kind: person ? 'person' : 'company',
      applicant_contact: null,
      registration_key: null,
      received_at: iso(receivedAt),
      accepted_at: iso(receivedAt + 3_600_000),
      due_at: iso(dueAt),
      warn_at: iso(dueAt - DAY),
      suspended_since: null,
      suspended_working_days: 0,
      extension_days: 0,
      calendar_flag: null,
      completed_at: open ? null : iso(receivedAt + 4 * DAY),
      on_time: open ? null : 1,
      result: open ? null : 'approved',
      created_at: iso(receivedAt),
      updated_at: iso(receivedAt),
    });
    const key = String(4_503_599_627_000_000 + i);
    const d = item.departmentCode;
    const r = rnd();
    const group = open && i % 40 === 0 ? 'supervision' : r < 0.7 ? `window:${d}` : r < 0.9 ? `review:${d}` : `head:${d}`;
    const demo = ['MZ', 'ZJ', 'ZRZY'].includes(d) && group.startsWith('window:');
    // open tasks due from 5 days ago to 15 days ahead: some overdue, some warned, most normal
    const taskDue = open ? NOW + Math.floor((rnd() * 20 - 5) * DAY) : dueAt - DAY;
    tasks.push({
      user_task_key: key,
      case_id: id,
      process_instance_key: String(2_251_799_813_000_000 + i),
      element_id: group.startsWith('review:') ? 'departmentReview' : group.startsWith('head:') ? 'headApproval' : 'materialCheck',
      name: group.startsWith('review:') ? '部门审查' : group.startsWith('head:') ? '窗口负责人审批' : group === 'supervision' ? '督办核查' : '材料审查',
      candidate_groups: JSON.stringify([group]),
      department_code: group === 'supervision' ? null : d,
      assignee: demo && rnd() < 0.5 ? `${d.toLowerCase()}-clerk-a` : null,
      covering_for: null,
      due_at: iso(taskDue),
      form_id: 'material-check',
      state: open ? 'created' : 'completed',
      created_at: iso(receivedAt + 60_000),
      completed_at: open ? null : iso(receivedAt + 3 * DAY),
      completed_by: null,
      form_key: null,
      submission: null,
    });
    groups.push({ user_task_key: key, candidate_group: group });
    if (cases.length === CHUNK || i === CASES - 1) {
      await insertChunk(store, cases, tasks, groups);
      [cases, tasks, groups] = [[], [], []];
    }
  }

  return { seconds: (performance.now() - started) / 1000, departments };
}

async function insertChunk(store: Store, cases: CaseRow[], tasks: TaskRow[], groups: Array<{ user_task_key: string; candidate_group: string }>): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    for (const [table, rows] of [
      ['cases', cases],
      ['tasks', tasks],
      ['task_candidate_groups', groups],
    ] as const) {
      for (let at = 0; at < rows.length; at += BATCH) {
        await trx
          .insertInto(table)
          .values(rows.slice(at, at + BATCH))
          .execute();
      }
    }
  });
}
