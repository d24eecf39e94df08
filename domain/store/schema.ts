/**
 * Row shapes of the store's tables, as Kysely sees them. The same schema runs on SQLite and
 * PostgreSQL, so it sticks to types both share:
 * - ids and engine keys are text (engine keys are int64, beyond a JS number);
 * - instants are ISO-8601 UTC text from Date.toISOString() (fixed width, so text order is time
 *   order on both), calendar days are 'YYYY-MM-DD';
 * - booleans are integers 0/1 (SQLite has no boolean and better-sqlite3 cannot bind one);
 * - JSON is text.
 * Repositories translate these rows to camelCase domain objects; nothing else should need them.
 */

import type { ColumnType } from 'kysely';

export type Iso = string;
export type Bool01 = 0 | 1;
export type JsonText = string;

export interface CounterRow {
  name: string;
  value: number;
}

export interface DepartmentRow {
  code: string;
  name: string;
  location: string;
}

export interface CatalogueItemRow {
  code: string;
  department_code: string;
  case_type: string;
  name: string;
  doc: JsonText;
  /** written with the published version's number as text; kept for stores an older app still reads */
  version: string;
  published_at: Iso;
  /** the published version in catalogue_item_versions (null only before migration 015 ran) */
  item_version: number | null;
}

export interface CatalogueItemVersionRow {
  item_code: string;
  version: number;
  doc: JsonText;
  /** the catalogue file's version it came from; null when an administrator published it */
  edition: string | null;
  published_at: Iso;
  published_by: string;
}

export interface CatalogueDraftRow {
  item_code: string;
  doc: JsonText;
  /** the published version the draft started from; null for an item not yet published */
  base_version: number | null;
  updated_by: string;
  updated_at: Iso;
}

export interface CalendarOverrideRow {
  date: string;
  kind: string;
  reason: string;
  set_by: string;
  set_at: Iso;
}

export interface CalendarYearRow {
  year: number;
  source: string;
  note: string | null;
}

export interface StaffRow {
  id: string;
  name: string;
  department_code: string;
  roles: JsonText;
  phone: string | null;
  email: string | null;
  active: Bool01;
}

export interface PostRow {
  code: string;
  department_code: string;
  name: string;
  candidate_group: string;
}

export interface PostHolderRow {
  post_code: string;
  staff_id: string;
  rank: number;
}

export interface AbsenceRow {
  id: string;
  staff_id: string;
  starts_at: Iso;
  ends_at: Iso;
  reason: string;
  kind: AbsenceKind;
  created_by: string | null;
  created_at: Iso | null;
}

/** 请假, 培训, 出差 */
export type AbsenceKind = 'leave' | 'training' | 'business-trip';

export interface CaseRow {
  id: string;
  case_number: string;
  verification_hash: string | null;
  process_instance_key: string | null;
  item_code: string;
  /** the catalogue item version the case was registered under */
  item_version: number | null;
  case_type: string;
  department_code: string;
  stage: string | null;
  status: string;
  applicant_name: string;
  applicant_id_number: string | null;
  applicant_phone: string | null;
  applicant_email: string | null;
  applicant_kind: string;
  /** a company's or organisation's contact person */
  applicant_contact: string | null;
  /** the web app's registration request that made the case (unique), so a repeated request finds it */
  registration_key: string | null;
  received_at: Iso;
  accepted_at: Iso | null;
  due_at: Iso | null;
  warn_at: Iso | null;
  suspended_since: Iso | null;
  suspended_working_days: number;
  extension_days: number;
  calendar_flag: string | null;
  completed_at: Iso | null;
  on_time: Bool01 | null;
  result: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface CaseEventRow {
  id: string;
  case_id: string;
  at: Iso;
  kind: string;
  actor: string;
  detail: JsonText;
  /** the person or system job whose action led to the event (JSON), when a job worker wrote it */
  cause: JsonText | null;
  /** the staff id in cause, for searching by person */
  caused_by: string | null;
}

export interface CaseFeeRow {
  id: string;
  case_id: string;
  fee_code: string;
  /** bigint: large fees overflow a 32-bit integer on PostgreSQL */
  amount_fen: number;
  waived: Bool01;
  waived_by: string | null;
  waiver_reason: string | null;
  receipt_number: string | null;
  idempotency_key: string;
  created_at: Iso;
}

export interface TaskRow {
  user_task_key: string;
  case_id: string | null;
  process_instance_key: string;
  element_id: string;
  name: string;
  candidate_groups: JsonText;
  department_code: string | null;
  assignee: string | null;
  covering_for: string | null;
  due_at: Iso | null;
  form_id: string | null;
  state: string;
  created_at: Iso;
  completed_at: Iso | null;
  /** the staff member who completed it through the inbox */
  completed_by: string | null;
  /** the form it was completed with (task_forms) */
  form_key: string | null;
  /** what was submitted and the variables the form read (JSON) */
  submission: JsonText | null;
}

export interface TaskFormRow {
  form_key: string;
  form_id: string;
  version: number | null;
  /** the form-js schema (JSON) */
  schema: JsonText;
}

/** One row per candidate group of a task, so the inbox can find a group's tasks through an index. */
export interface TaskCandidateGroupRow {
  user_task_key: string;
  candidate_group: string;
  /** the task's state, copied by triggers (migration 021) so one group's open tasks are one index range */
  task_state: ColumnType<string, string | undefined, string>;
}

/** A notice belongs to a case or to a complaint, never both (check constraint notices_subject). */
export interface NoticeRow {
  id: string;
  case_id: string | null;
  complaint_id: string | null;
  kind: string;
  number: string;
  title: string;
  html: string;
  data: JsonText;
  idempotency_key: string;
  created_at: Iso;
}

export interface OutboxRow {
  id: string;
  channel: string;
  recipient: string;
  subject: string | null;
  body: string;
  notice_id: string | null;
  case_id: string | null;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: Iso;
  last_error: string | null;
  created_at: Iso;
  sent_at: Iso | null;
}

export interface SupervisionRecordRow {
  id: string;
  case_id: string;
  user_task_key: string | null;
  kind: string;
  reason: string;
  idempotency_key: string;
  created_at: Iso;
  resolved_at: Iso | null;
}

export interface ComplaintRow {
  id: string;
  complaint_number: string;
  verification_hash: string | null;
  process_instance_key: string | null;
  channel: string;
  ground_category: number;
  ground_item: string | null;
  is_major: Bool01;
  complainant_name: string;
  complainant_phone: string | null;
  complainant_email: string | null;
  target_department_code: string | null;
  target_staff_id: string | null;
  case_number: string | null;
  content: string;
  route: string | null;
  agency: string | null;
  opinion_due_at: Iso | null;
  reply_due_at: Iso | null;
  status: string;
  reply_kind: string | null;
  reply_text: string | null;
  replied_at: Iso | null;
  verified: Bool01 | null;
  satisfaction: string | null;
  created_at: Iso;
  updated_at: Iso;
}

export interface EvaluationRow {
  case_id: string;
  level: string;
  comment: string | null;
  created_at: Iso;
  rectification_due_at: Iso | null;
  follow_up_state: string | null;
}

export interface AssessmentRow {
  id: string;
  complaint_id: string;
  department_code: string;
  staff_id: string | null;
  reason: string;
  created_at: Iso;
  idempotency_key: string;
}

export interface AuditLogRow {
  id: string;
  at: Iso;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  detail: JsonText;
  cause: JsonText | null;
  caused_by: string | null;
}

export interface ProcessedJobRow {
  idempotency_key: string;
  job_type: string;
  result: JsonText | null;
  processed_at: Iso;
}

/** A staff log-in account for the web app; roles and department decide what it may see and do. */
export interface UserRow {
  username: string;
  display_name: string;
  staff_id: string | null;
  department_code: string;
  roles: JsonText;
  /** self-describing (scheme and cost parameters included), so the cost can rise without a migration */
  password_hash: string;
  disabled: Bool01;
  /** set by an administrator's reset: the account opens nothing until the user picks a password */
  must_change_password: Bool01;
  created_at: Iso;
  updated_at: Iso;
}

export interface SessionRow {
  /** SHA-256 of the token in the session cookie */
  id_hash: string;
  username: string;
  csrf_token: string;
  created_at: Iso;
  expires_at: Iso;
  last_seen_at: Iso;
}

/** One saved version of a designer's diagram or form (migration 005_designer). */
export interface DesignVersionRow {
  kind: string;
  resource_id: string;
  version: number;
  content: string;
  author: string;
  created_at: Iso;
  deployed_version_key: string | null;
  deployed_at: Iso | null;
}

/** A form being filled in: one per user and task (migration 004_inbox). */
export interface TaskDraftRow {
  user_task_key: string;
  username: string;
  data: JsonText;
  saved_at: Iso;
}

/** An inbox filter saved for a whole window (department). */
export interface SavedFilterRow {
  id: string;
  department_code: string;
  name: string;
  query: JsonText;
  created_by: string;
  created_at: Iso;
}

/** A running app instance's job workers (migration 007_worker_heartbeats). */
export interface WorkerHeartbeatRow {
  instance_id: string;
  host: string;
  pid: number;
  job_types: JsonText;
  started_at: Iso;
  seen_at: Iso;
}

/** A staff member's read of an in-app message (migration 019_inapp_reads). */
export interface InappReadRow {
  message_id: string;
  staff_id: string;
  read_at: Iso;
}

/** A resource `npm start` deployed from a file of processes/ or forms/ (migration 016_start_deployments). */
export interface StartDeploymentRow {
  kind: string;
  resource_id: string;
  engine_key: string;
  engine_version: number;
  file: string;
  file_sha256: string;
  deployed_at: Iso;
}

/** A client's hits in the current window of one rate limiter (migration 008_rate_limits). */
export interface RateLimitRow {
  /** the limiter's prefix and the client's key, e.g. `login:203.0.113.7|mz-clerk-a` */
  key: string;
  hits: number;
  reset_at: Iso;
}

/** Failed 查询码 tries of one case or complaint number (migration 018_code_lockouts). */
export interface CodeLockoutRow {
  /** `case:SH20261126-0001` or `complaint:…` */
  key: string;
  /** failures since the last lockout (or since the first failure) */
  failures: number;
  /** lockouts so far; each lasts twice the one before */
  lockouts: number;
  locked_until: Iso | null;
  last_failure_at: Iso;
}

/** A supplement handed in against one supplement notice (unique notice_id): online by the applicant or at the window. */
export interface CaseSupplementRow {
  id: string;
  case_id: string;
  notice_id: string;
  channel: string;
  /** the clerk's username, or 'applicant' for an online supplement */
  actor: string;
  idempotency_key: string;
  materials: JsonText;
  created_at: Iso;
}

/** A file uploaded with a supplement; content is BLOB (SQLite) or bytea (PostgreSQL), read as a Buffer from both. */
export interface SupplementFileRow {
  id: string;
  supplement_id: string;
  material_code: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  scan_status: string;
  scanner: string | null;
  content: Buffer;
  created_at: Iso;
}

/** One character or pair of adjacent characters of a case's applicant name, lowercased, with its case's department and receipt time (migrations 020, 023; written by triggers). */
export interface CaseNameGramRow {
  gram: string;
  /** the case's, copied by the triggers so a search within a department reads its grams alone */
  department_code: string;
  /** the case's, so the grams list a name's cases newest first */
  received_at: Iso;
  case_id: string;
}

export interface Database {
  counters: CounterRow;
  departments: DepartmentRow;
  catalogue_items: CatalogueItemRow;
  catalogue_item_versions: CatalogueItemVersionRow;
  catalogue_drafts: CatalogueDraftRow;
  calendar_overrides: CalendarOverrideRow;
  calendar_years: CalendarYearRow;
  staff: StaffRow;
  posts: PostRow;
  post_holders: PostHolderRow;
  absences: AbsenceRow;
  cases: CaseRow;
  case_name_grams: CaseNameGramRow;
  case_events: CaseEventRow;
  case_fees: CaseFeeRow;
  tasks: TaskRow;
  task_candidate_groups: TaskCandidateGroupRow;
  task_forms: TaskFormRow;
  notices: NoticeRow;
  outbox: OutboxRow;
  inapp_reads: InappReadRow;
  supervision_records: SupervisionRecordRow;
  complaints: ComplaintRow;
  evaluations: EvaluationRow;
  assessments: AssessmentRow;
  audit_log: AuditLogRow;
  processed_jobs: ProcessedJobRow;
  users: UserRow;
  sessions: SessionRow;
  task_drafts: TaskDraftRow;
  saved_filters: SavedFilterRow;
  design_versions: DesignVersionRow;
  worker_heartbeats: WorkerHeartbeatRow;
  start_deployments: StartDeploymentRow;
  rate_limits: RateLimitRow;
  code_lockouts: CodeLockoutRow;
  case_supplements: CaseSupplementRow;
  supplement_files: SupplementFileRow;
}
