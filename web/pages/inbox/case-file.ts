import { el } from '../shared/api.js';
import { recordedBy } from '../shared/actors.js';
import { CASE_STATUS_LABELS, CASE_TYPE_LABELS, formatDateTime } from '../shared/format.js';
import { renderCodeReissue } from './code-reissue.js';
import { renderSupplementPart } from './case-supplement.js';
import type { CaseFile } from './types.js';

/** The case file beside a task's form: the case, its materials, the notices issued, the timeline. */

const EVENT_LABELS: Record<string, string> = {
  registered: '办件登记',
  'materials-received': '收取材料',
  stage: '环节变更',
  'deadline-set': '计算时限',
  'deadline-extended': '延长时限',
  'clock-suspended': '暂停计时',
  'clock-resumed': '恢复计时',
  'clock-closed': '计时结束',
  'notice-issued': '出具文书',
  supervision: '电子监察',
  completed: '办结',
  'fees-assessed': '核定收费',
  'fee-waiver-refused': '减免未获批准，按标准收费',
  'post-unstaffed': '岗位无人在岗',
  'evaluation-invited': '邀请评价',
  rated: '好差评',
  'follow-up-visited': '回访',
  forwarded: '上报',
  'calendar-unknown-year': '工作日历缺少年度数据',
  'deadline-recomputed': '工作日历调整时限',
  'supplement-received': '补正材料',
  'verification-code-reissued': '重新生成查询码',
};

const SUPERVISION_KINDS: Record<string, string> = { warning: '预警', 'yellow-card': '黄牌', 'red-card': '红牌', recommendation: '督查建议' };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** One line of what an event says, from its detail (never read as HTML). */
export function eventText(kind: string, detail: unknown): string {
  const d = (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  switch (kind) {
    case 'stage':
      return [str(d.stage), str(d.status) ? `（${CASE_STATUS_LABELS[d.status as string] ?? String(d.status)}）` : null].filter(Boolean).join('');
    case 'notice-issued':
      return [str(d.title), str(d.number)].filter(Boolean).join(' ');
    case 'deadline-set':
    case 'deadline-extended':
      return `${str(d.name) ?? ''}${typeof d.workingDays === 'number' ? ` ${d.workingDays} 个工作日` : ''}${str(d.dueAt) ? `，至 ${formatDateTime(d.dueAt as string)}` : ''}`;
    case 'completed':
      return `${d.result === 'approved' ? '准予' : d.result === 'rejected' ? '不予' : ''}${d.onTime === true ? '，按时办结' : d.onTime === false ? '，超时办结' : ''}`;
    case 'supervision':
      return [SUPERVISION_KINDS[d.kind as string] ?? str(d.kind), str(d.reason)].filter(Boolean).join('：');
    case 'verification-code-reissued':
      return d.channel === 'window' ? '窗口重新生成，原查询码失效' : '重新出具收件回执，原查询码失效';
    case 'materials-received': {
      const list = Array.isArray(d.materials) ? (d.materials as Array<{ provided?: unknown }>) : [];
      return `${d.channel === 'online' ? '网上' : '窗口'}收件，提交 ${list.filter((m) => m.provided === true).length}/${list.length} 项材料`;
    }
    default:
      return str(d.note) ?? str(d.reason) ?? '';
  }
}

const yesNo = (v: boolean | null, yes: string, no: string) => (v === null ? el('span', { class: 'sh-muted' }, '—') : v ? el('span', { class: 'cf-yes' }, yes) : el('span', { class: 'cf-no' }, no));

/**
 * `onChanged` reloads the file after a change made in it, with the words to confirm it;
 * `mayOperate` (supervision, administrators) adds the link to the case's process instance in 流程运维.
 */
export function renderCaseFile(file: CaseFile | null, taskKey: string, onChanged: (done: string) => void, mayOperate = false): Node[] {
  if (!file) return [el('h2', {}, '案卷'), el('p', { class: 'sh-muted' }, '此任务不属于某一办件。')];
  const facts: Array<[string, Node | string]> = [
    ['办件编号', file.caseNumber],
    ['事项', `${file.item.name ?? ''}（${file.item.code}）`],
    ['事项版本', file.item.version === null ? '—' : `第 ${file.item.version} 版`],
    ['办件类型', CASE_TYPE_LABELS[file.caseType] ?? file.caseType],
    ['状态', `${CASE_STATUS_LABELS[file.status] ?? file.status}${file.stage ? ` · ${file.stage}` : ''}`],
  ];
  if (mayOperate && file.processInstanceKey) {
    facts.push(['流程实例', el('a', { href: `/ops?instance=${encodeURIComponent(file.processInstanceKey)}`, class: 'cf-instance-link' }, `${file.processInstanceKey}（流程运维）`)]);
  }
  if (file.applicant) {
    facts.push(['申请人', file.applicant.name]);
    if (file.applicant.idNumber) facts.push([file.applicant.kind === 'person' ? '身份证号' : '统一社会信用代码', file.applicant.idNumber]);
    if (file.applicant.phone) facts.push(['联系电话', file.applicant.phone]);
  }
  facts.push(['收件时间', formatDateTime(file.receivedAt)]);
  if (file.acceptedAt) facts.push(['受理时间', formatDateTime(file.acceptedAt)]);
  facts.push(['办结时限', file.dueAt ? formatDateTime(file.dueAt) : '—']);
  const suspended = file.suspended ? el('div', { class: 'sh-message sh-message-info cf-suspended' }, '补正期间，办理时限暂停计算（等待申请人的时间不计入办理时限）。') : null;

  const materials = el(
    'table',
    { class: 'sh-table cf-materials' },
    el('thead', {}, el('tr', {}, el('th', {}, '材料'), el('th', {}, '提交'), el('th', {}, '核验'), el('th', {}, '需补正'))),
    el(
      'tbody',
      {},
      ...file.materials.map((m) =>
        el(
          'tr',
          { 'data-material': m.code },
          el('td', {}, m.name),
          el('td', {}, yesNo(m.provided, '已提交', '未提交')),
          el('td', {}, yesNo(m.verified, '已核验', '未核验')),
          el('td', { class: 'cf-missing' }, m.missingReason ?? ''),
        ),
      ),
    ),
  );

  const notices =
    file.notices.length === 0
      ? el('p', { class: 'sh-muted' }, '尚未出具文书。')
      : el(
          'ul',
          { class: 'cf-notices' },
          ...file.notices.map((n) =>
            el(
              'li',
              { 'data-notice': n.number },
              n.href ? el('a', { href: n.href, target: '_blank', rel: 'noopener', class: 'cf-notice-link' }, n.title) : el('span', {}, n.title),
              el('span', { class: 'sh-muted' }, ` ${n.number} · ${formatDateTime(n.createdAt)} `),
              n.printHref ? el('a', { href: n.printHref, target: '_blank', rel: 'noopener', class: 'cf-notice-print', 'aria-label': `打印${n.title}（${n.number}）` }, '打印') : null,
            ),
          ),
        );

  const timeline = el(
    'ol',
    { class: 'cf-timeline' },
    ...file.timeline.map((e) =>
      el(
        'li',
        {},
        el('span', { class: 'cf-time sh-muted' }, formatDateTime(e.at)),
        el('span', { class: 'cf-kind' }, EVENT_LABELS[e.kind] ?? e.kind),
        el('span', { class: 'cf-text' }, eventText(e.kind, e.detail)),
        el('span', { class: 'cf-actor sh-muted' }, recordedBy(e.actor, e.actorName, e.cause)),
      ),
    ),
  );

  return [
    el('h2', {}, '案卷'),
    el('dl', { class: 'cf-facts', 'data-task': taskKey }, ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    ...(suspended ? [suspended] : []),
    el('h3', {}, '申请材料'),
    materials,
    ...renderSupplementPart(file, onChanged),
    ...(file.mayReissueCode
      ? renderCodeReissue({
          path: `/api/cases/${encodeURIComponent(file.caseNumber)}/verification-code`,
          button: '重新生成查询码',
          intro: '申请人遗失查询码，或查询码连续输错致网上查询暂停时，可重新生成；原查询码随即失效。',
          holder: '申请人',
          tell: '当面',
        })
      : []),
    el('h3', {}, '文书'),
    notices,
    el('h3', {}, '办理记录'),
    timeline,
  ];
}
