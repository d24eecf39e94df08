/** The inbox API's answers as the page reads them (web/openapi/paths/inbox.ts). */

import type { RecordCause } from '../shared/actors.js';
import type { DueStatus } from '../shared/format.js';

export interface Person {
  id: string;
  name: string | null;
}

export interface MaskedApplicant {
  kind: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
}

export type TaskState = 'created' | 'completed' | 'canceled';

export interface InboxTask {
  userTaskKey: string;
  name: string;
  elementId: string;
  processInstanceKey: string;
  formId: string | null;
  state: TaskState;
  caseNumber: string | null;
  applicant: MaskedApplicant | null;
  item: { code: string; name: string | null } | null;
  department: { code: string; name: string | null } | null;
  candidateGroups: string[];
  assignee: Person | null;
  coveringFor: Person | null;
  dueAt: string | null;
  dueStatus: DueStatus;
  createdAt: string;
  completedAt: string | null;
  /** the complaint a complaint procedure's task serves; such a task has no case */
  complaint: { number: string; complainant: string; ground: string | null; replyDueAt: string | null } | null;
}

export interface CoveredPost {
  postCode: string;
  candidateGroup: string;
  absentHolder: Person | null;
}

export interface InboxPage {
  tasks: InboxTask[];
  total: number;
  limit: number;
  offset: number;
  view: 'mine' | 'cover' | 'window';
  coveredPosts: CoveredPost[];
}

/** The list's filters: the query parameters of GET /api/tasks, and what a saved filter keeps. */
export interface TaskQuery {
  state?: TaskState;
  caseNumber?: string;
  applicant?: string;
  status?: DueStatus;
  assignee?: 'me' | 'unassigned';
  group?: string;
  view?: 'mine' | 'cover' | 'window';
  sort?: 'dueAt' | 'createdAt' | 'caseNumber' | 'name';
  order?: 'asc' | 'desc';
}

export const QUERY_KEYS = ['state', 'caseNumber', 'applicant', 'status', 'assignee', 'group', 'view', 'sort', 'order'] as const;

export interface SavedFilter {
  id: string;
  name: string;
  departmentCode: string;
  query: TaskQuery;
  createdBy: string;
  createdAt: string;
}

/** What a completion led to (web/inbox/completion-outcome.ts). */
export type CompletionOutcome = { kind: 'finished' } | { kind: 'next'; steps: string[] } | { kind: 'pending' };

export interface CompletedTask extends InboxTask {
  outcome: CompletionOutcome;
}

export interface TaskDraft {
  userTaskKey: string;
  variables: Record<string, unknown>;
  savedAt: string;
}

export interface NoticeLink {
  id: string;
  number: string;
  kind: string;
  title: string;
  createdAt: string;
  href: string | null;
  /** the print-ready page, /notices/<number> */
  printHref?: string;
}

export interface RequestedMaterial {
  code: string;
  name: string;
  form: string | null;
  reason: string;
}

export interface SuppliedFile {
  id: string;
  materialCode: string;
  name: string;
  contentType: string;
  size: number;
  scanStatus: string;
  scanLabel: string;
  href?: string;
}

export interface Supplied {
  noticeNumber: string;
  channel: 'online' | 'window';
  at: string;
  actor?: string;
  actorName?: string | null;
  materials: Array<{ code: string; name: string; declaration: string | null; received: string | null }>;
  files: SuppliedFile[];
}

/** The case's open supplement notice, whether this user may record materials handed in for it, and what was supplied. */
export interface CaseSupplement {
  open: { noticeNumber: string; issuedAt: string; validUntil: string | null; materials: RequestedMaterial[] } | null;
  mayRecord: boolean;
  supplied: Supplied[];
}

export interface CaseFile {
  caseNumber: string;
  processInstanceKey: string | null;
  caseType: string;
  status: string;
  stage: string | null;
  item: { code: string; name: string | null; version: number | null };
  applicant: MaskedApplicant | null;
  receivedAt: string;
  acceptedAt: string | null;
  dueAt: string | null;
  suspended: boolean;
  materials: Array<{ code: string; name: string; departmentCode?: string; provided: boolean | null; verified: boolean | null; missingReason: string | null }>;
  notices: NoticeLink[];
  supplement: CaseSupplement;
  mayReissueCode: boolean;
  timeline: Array<{ at: string; kind: string; actor: string; actorName: string | null; cause: RecordCause | null; detail: unknown }>;
}

export interface TaskFormView {
  task: InboxTask;
  editable: boolean;
  form: { formKey: string; formId: string; version: number | null; schema: Record<string, unknown> } | null;
  variables: Record<string, unknown>;
  draft: TaskDraft | null;
  caseFile: CaseFile | null;
  /** a task completed through the inbox: who completed it and when */
  completion: { by: Person; at: string | null } | null;
}

/** One person the window head may hand a task to. */
export interface AssigneeOption {
  id: string;
  name: string;
  posts: Array<{ code: string; name: string; rank: number }>;
  present: boolean;
  absence: { reason: string; endsAt: string } | null;
  current: boolean;
}
