import { ApiError } from '../shared/api.js';
import { problemText } from '../shared/layout.js';

/** What the staff administration API (/api/admin/staff, /api/admin/posts) answers, and its words in Chinese. */

export type AbsenceKind = 'leave' | 'training' | 'business-trip';

export interface Absence {
  id: string;
  kind: AbsenceKind;
  reason: string;
  from: string;
  to: string;
  current: boolean;
}

export interface HeldPost {
  code: string;
  name: string;
  candidateGroup: string;
  rank: number;
}

export interface Account {
  username: string;
  displayName: string;
  departmentCode: string;
  roles: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  present: boolean;
  posts: HeldPost[];
  absences: Absence[];
}

export interface Post {
  code: string;
  name: string;
  departmentCode: string;
  candidateGroup: string;
  holders: Array<{ username: string; displayName: string; rank: number; present: boolean }>;
}

export interface HandedOver {
  userTaskKey: string;
  name: string;
  caseNumber: string | null;
  from: string;
  to: string | null;
  /** nobody of the post at work: back in the window's queue, the head alerted */
  queued: boolean;
}

export const ABSENCE_KINDS: ReadonlyArray<[AbsenceKind, string]> = [
  ['leave', '请假'],
  ['training', '培训'],
  ['business-trip', '出差'],
];

export const absenceKindLabel = (kind: AbsenceKind): string => ABSENCE_KINDS.find(([k]) => k === kind)?.[1] ?? kind;

/** A0 is the A post; the B holders follow in the order they take over. */
export const rankLabel = (rank: number): string => (rank === 0 ? 'A岗' : `B岗（第${rank}顺位）`);

const POST_KINDS: Record<string, string> = { window: '受理窗口', head: '窗口负责人', review: '审核岗', lead: '牵头窗口' };

/** 受理窗口 for `window:MZ`; the center's sections have no kind. */
export const postKind = (candidateGroup: string): string => POST_KINDS[candidateGroup.split(':')[0]] ?? '';

/** The fields the API names in its errors, as the page labels them. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  departmentCode: '部门',
  roles: '角色',
  kind: '类型',
  from: '开始日期',
  to: '结束日期',
  note: '说明',
  holders: '岗位人员',
};

/**
 * The API's Chinese words for a refusal. A refused field's message names the field as the API
 * calls it (「username 格式不正确」): the page says it with its own label instead.
 */
export function staffProblemText(error: unknown): string {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return problemText(error);
  return error.problem.errors
    .map(({ field, message }) => {
      const label = FIELD_LABELS[field.split('.')[0]] ?? field;
      if (message.includes(label)) return message;
      return message.includes(field) ? message.replace(field, label) : `${label}：${message}`;
    })
    .join('；');
}
