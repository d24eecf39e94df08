import { ITEM_FIELD_LABELS } from '../../../domain/catalogue/field-labels.js';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS } from './format.js';
import { departmentName } from './departments.js';
import { jobInputMessage } from './job-input-message.js';

/**
 * The Chinese words for the codes the API and the engine use (enumerations, audit actions,
 * incident types), so no page shows a raw code. A code without a label shows as a neutral
 * Chinese placeholder, never as itself: `labelOf` is the one place that decides.
 */

/** A final decision on an application (办理结果) */
export const DECISION_LABELS: Record<string, string> = { approve: '准予', reject: '不予' };
/** A department's answer in a joint review (联办审查) */
export const REVIEW_DECISION_LABELS: Record<string, string> = { approve: '同意', reject: '不同意' };
export const CHANNEL_LABELS: Record<string, string> = { window: '窗口', online: '网上', written: '书面', oral: '口头', phone: '电话', letter: '来信' };
export const NOTICE_DELIVERY_LABELS: Record<string, string> = { 'in-person': '当面送达', post: '邮寄', sms: '短信', online: '网上办事大厅' };
export const ROUTE_LABELS: Record<string, string> = { 'on-the-spot': '当场处理', center: '中心处理', agency: '转职能部门', joint: '管委会牵头', discipline: '移送纪检监察', unrouted: '未分流' };
export const RATING_LABELS: Record<string, string> = {
  'very-satisfied': '非常满意',
  satisfied: '满意',
  'basically-satisfied': '基本满意',
  dissatisfied: '不满意',
  'very-dissatisfied': '非常不满意',
};
export const TASK_STATE_LABELS: Record<string, string> = { created: '待办', completed: '已办结', canceled: '已取消' };

export const AUDIT_TARGET_LABELS: Record<string, string> = {
  user: '用户',
  case: '办件',
  task: '任务',
  diagram: '流程图',
  form: '表单',
  decision: '决策',
  complaint: '投诉',
  incident: '流程事故',
  'task-filter': '任务筛选',
  'catalogue-item': '事项目录',
};

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'session.login': '登录',
  'session.login-failed': '登录失败',
  'session.logout': '退出登录',
  'task.claim': '领取任务',
  'task.unclaim': '退回任务',
  'task.assign': '指派任务',
  'task.complete': '办理任务',
  'task-filter.create': '新建任务筛选',
  'task-filter.delete': '删除任务筛选',
  'diagram.save': '保存流程图',
  'diagram.deploy': '部署流程图',
  'diagram.deploy-rejected': '流程图部署被拒',
  'diagram.deploy-refused': '流程图未通过部署前检查',
  'form.save': '保存表单',
  'form.deploy': '部署表单',
  'form.deploy-rejected': '表单部署被拒',
  'form.deploy-refused': '表单未通过部署前检查',
  'decision.save': '保存决策',
  'decision.deploy': '部署决策',
  'decision.deploy-rejected': '决策部署被拒',
  'decision.deploy-refused': '决策未通过部署前检查',
  'incident.retry': '重试流程事故',
  'incident.variables': '修改流程变量',
  'case.rating-submitted': '提交评价',
  'case.supplement-submitted': '提交补正材料',
  'case.register': '收件登记',
  'case.verification-code-reissued': '重新生成办件查询码',
  'case.supplement-received-at-window': '窗口登记补正材料',
  'case.supplement-file-downloaded': '下载补正材料文件',
  'complaint.submit-online': '网上投诉',
  'complaint.register-at-office': '投诉处登记投诉',
  'complaint.code-reissued': '重新生成投诉查询码',
  'complaint.process-started': '启动投诉处理流程',
  'complaint-process-linked': '投诉关联处理流程',
  'complaint-registered': '登记投诉',
  'complaint-follow-up-recorded': '记录投诉回访',
  'notice-issued': '出具告知书',
  'fee-waived': '减免收费',
  'assessment-recorded': '记录考核',
  'calendar-unknown-year': '工作日历缺年份',
  'calendar.year-set': '录入年度工作日历',
  'catalogue.draft-save': '保存事项草稿',
  'catalogue.draft-discard': '放弃事项草稿',
  'catalogue.publish': '发布事项新版本',
};

/** The keys of an audit entry's detail worth showing, in Chinese */
export const AUDIT_DETAIL_LABELS: Record<string, string> = {
  caseId: '办件',
  caseNumber: '办件编号',
  noticeNumber: '文书编号',
  complaintNumber: '投诉编号',
  processInstanceKey: '流程实例',
  assignee: '办理人',
  previousAssignee: '原办理人',
  coveringFor: '代A岗',
  decision: '决定',
  fields: '填写项',
  provided: '已提交材料',
  rating: '评价',
  name: '名称',
  departmentCode: '部门',
  version: '版本',
  key: '部署标识',
  engineVersion: '引擎版本',
  elements: '出错环节',
  errorType: '事故类型',
  jobKey: '作业',
  changes: '变量修改（前 → 后）',
  afterVariables: '修改变量后重试',
  bulk: '批量重试件数',
  ip: '登录地址',
  username: '用户名',
  baseVersion: '起草所依据的版本',
  changed: '修改的内容',
};

/** The engine's incident types (Zeebe ErrorType), as an operator reads them. */
export const INCIDENT_TYPE_LABELS: Record<string, string> = {
  JOB_NO_RETRIES: '作业重试次数用尽',
  EXTRACT_VALUE_ERROR: '表达式取值出错',
  CONDITION_ERROR: '流转条件出错',
  IO_MAPPING_ERROR: '变量映射出错',
  CALLED_ELEMENT_ERROR: '调用的子流程不存在',
  CALLED_DECISION_ERROR: '调用的决策不存在',
  DECISION_EVALUATION_ERROR: '决策计算出错',
  UNHANDLED_ERROR_EVENT: '业务错误未被流程捕获',
  MESSAGE_SIZE_EXCEEDED: '消息过大',
  FORM_NOT_FOUND: '表单不存在',
  RESOURCE_NOT_FOUND: '资源不存在',
  EXECUTION_LISTENER_NO_RETRIES: '执行监听器重试次数用尽',
  TASK_LISTENER_NO_RETRIES: '任务监听器重试次数用尽',
  AD_HOC_SUB_PROCESS_NO_RETRIES: '自由子流程重试次数用尽',
  UNKNOWN: '未知故障',
};

/** Any Chinese (CJK) character: the text was written for people. */
export const hasChinese = (text: string): boolean => /[\u3400-\u9fff]/.test(text);

/**
 * English in the text: a lowercase Latin word ("expected", "variable 'materials'"), as codes
 * (MZ-002, PDF) and case numbers never are.
 */
const ENGLISH_PROSE = /[a-z]{4,}/;

/**
 * What an incident's message says to an operator: the worker's own words when they are Chinese;
 * a worker's bad-input message in Chinese (which variable, what is wrong with it); otherwise
 * (English prose, even quoting a Chinese value) the kind of fault in Chinese, the original staying
 * in the engine and in the worker's log, where the operator following up finds it.
 */
export function incidentMessage(errorType: string, message: string): string {
  if (message && hasChinese(message) && !ENGLISH_PROSE.test(message)) return message;
  const badInput = jobInputMessage(message);
  if (badInput !== undefined) return badInput;
  return `${labelOf(INCIDENT_TYPE_LABELS, errorType, '流程故障')}：技术详情已记入系统日志`;
}

/** The label of a code in a map; an unknown code shows as the placeholder (default 「其他」), never raw. */
export function labelOf(labels: Record<string, string>, code: string | null | undefined, unknown = '其他'): string {
  if (code === null || code === undefined || code === '') return '—';
  return labels[code] ?? unknown;
}

/** Labels by the name of the variable (or audit detail key) that holds the code. */
const BY_KEY: Record<string, Record<string, string>> = {
  caseType: CASE_TYPE_LABELS,
  status: CASE_STATUS_LABELS,
  channel: CHANNEL_LABELS,
  noticeDelivery: NOTICE_DELIVERY_LABELS,
  route: ROUTE_LABELS,
  rating: RATING_LABELS,
  errorType: INCIDENT_TYPE_LABELS,
  changed: ITEM_FIELD_LABELS,
};

/**
 * A value shown in a table or a record, by the name it is held under: yes/no for booleans,
 * department names for department codes, the label of a known enumeration; `decisionLabels`
 * chooses how a decision reads (准予/不予 by default, 同意/不同意 for a department's review).
 */
export function displayValue(key: string, value: unknown, decisionLabels: Record<string, string> = DECISION_LABELS): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') {
    if (key === 'decision') return labelOf(decisionLabels, value, value);
    if (key === 'departmentCode' || key === 'department') return departmentName(value);
    const labels = BY_KEY[key];
    if (labels) return labelOf(labels, value);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => displayValue(key, v, decisionLabels)).join('、');
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : '—';
}
