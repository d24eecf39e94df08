/**
 * Who a record names (docs/procedures.md, actedBy): a person by name, a job worker as 系统 with
 * its job in Chinese, and, for a worker, the person or event that set it going.
 */

/** The cause the API gives with a timeline event or an audit entry. */
export interface RecordCause {
  kind: 'staff' | 'applicant' | 'event';
  staffId?: string;
  name?: string;
  task?: string;
  event?: string | null;
}

const JOB_LABELS: Record<string, string> = {
  'case-register': '办件登记',
  'case-stage': '更新办件状态',
  'case-complete': '办结',
  'clock-suspend': '暂停计时',
  'clock-resume': '恢复计时',
  'deadline-set': '计算时限',
  'notice-issue': '出具文书',
  'supervision-record': '电子监察',
  'fee-assess': '核定收费',
  'evaluation-invite': '邀请评价',
  'evaluation-record': '记录评价',
  'follow-up-record': '记录回访',
  'complaint-register': '投诉登记',
  'complaint-route': '投诉分流',
  'complaint-reply-record': '记录答复',
  'assessment-record': '纳入考核',
  'report-forward': '上报上级机关',
  'applicant-notify': '通知申请人',
  'user-task-creating': '分派任务',
  'user-task-assigning': '指派任务',
  'user-task-completing': '办结任务',
};

/** The one who acted: a person's name (or user name), or 系统（<job>） for a job worker. */
export function actorLabel(actor: string, actorName: string | null = null): string {
  if (actor === 'system') return '系统';
  if (actor.startsWith('worker:')) {
    const job = actor.slice('worker:'.length);
    return `系统（${JOB_LABELS[job] ?? '自动处理'}）`;
  }
  if (actor === 'anonymous') return '未登录用户';
  return actorName ?? actor;
}

/** Why a job worker acted: 依 王芳 的材料审查, 因 申请人补齐材料, 因 逾期未补正; '' when nothing is known. */
export function causeLabel(cause: RecordCause | null | undefined): string {
  if (!cause) return '';
  switch (cause.kind) {
    case 'staff':
      return `依 ${cause.name ?? cause.staffId ?? ''} 的${cause.task ? `「${cause.task}」` : '操作'}`;
    case 'applicant':
      return `因 ${cause.event ?? '申请人的操作'}`;
    case 'event':
      return `因 ${cause.event ?? '流程事件'}`;
    default:
      return '';
  }
}

/** 系统（出具文书）· 依 王芳 的「材料审查」, or just the person's name. */
export function recordedBy(actor: string, actorName: string | null, cause: RecordCause | null | undefined): string {
  const why = causeLabel(cause);
  return why ? `${actorLabel(actor, actorName)} · ${why}` : actorLabel(actor, actorName);
}
