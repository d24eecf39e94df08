import { api, ApiError, el } from '../shared/api.js';
import { showNotice, type NoticeDocument } from '../shared/notice-print.js';
import { CHANNEL_LABELS, labelOf } from '../shared/labels.js';
import { chinaDateTime } from '../shared/public-format.js';
import { mountPublicLayout, notice } from '../shared/public-layout.js';
import { renderSupplement, type SupplementView } from './supplement.js';
import './style.css';

/**
 * 办件查询: a case (办件编号 SH…) or a complaint (投诉编号 TS…) with the verification code the
 * applicant was sent. Shows the stage, due date and the messages sent to the applicant; an open
 * supplement notice can be answered online (补正材料); every notice opens as a print-ready A4
 * page; a completed case can be rated here (好差评). An unknown number and a wrong code read the
 * same. The code is never put into the address bar: the notices are fetched with it in the body.
 */

interface Message {
  at: string;
  subject: string | null;
  body: string;
}
interface NoticeTitle {
  number: string;
  kind: string;
  title: string;
  issuedAt: string;
}
interface CaseLookup {
  caseNumber: string;
  itemCode: string;
  itemName: string;
  department: { code: string; name: string; location: string };
  caseType: string;
  caseTypeLabel: string;
  applicantName: string;
  stage: string | null;
  status: string;
  statusLabel: string;
  suspended: boolean;
  receivedAt: string;
  acceptedAt: string | null;
  dueAt: string | null;
  completedAt: string | null;
  result: string | null;
  messages: Message[];
  notices: NoticeTitle[];
  supplement: SupplementView | null;
}
interface ComplaintLookup {
  complaintNumber: string;
  complainantName: string;
  channel: string;
  ground: string;
  status: string;
  statusLabel: string;
  registeredAt: string;
  replyDueAt: string | null;
  reply: { kind: 'oral' | 'written' | null; text: string; repliedAt: string | null } | null;
  messages: Message[];
  notices: NoticeTitle[];
}

const RATINGS: ReadonlyArray<[string, string]> = [
  ['very-satisfied', '非常满意'],
  ['satisfied', '满意'],
  ['basically-satisfied', '基本满意'],
  ['dissatisfied', '不满意'],
  ['very-dissatisfied', '非常不满意'],
];
/** case-complete records the decision as approved or rejected */
const RESULTS: Record<string, string> = { approved: '准予许可（办理）', rejected: '不予许可' };
const REPLY_KINDS: Record<string, string> = { oral: '口头答复', written: '书面答复' };
const CASE_NUMBER = /^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$/;
const COMPLAINT_NUMBER = /^TS[0-9]{8}-[0-9]{4,6}$/;

const main = mountPublicLayout('lookup');
const params = new URLSearchParams(location.search);

const numberInput = el('input', { type: 'text', id: 'lookup-number', name: 'number', required: '', autocomplete: 'off', placeholder: '如 SH20261102-0001 或 TS20261102-0001', maxlength: '20' });
numberInput.value = params.get('number') ?? '';
const codeInput = el('input', { type: 'text', id: 'lookup-code', name: 'code', required: '', autocomplete: 'off', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6', placeholder: '6 位数字' });
const submit = el('button', { type: 'submit' }, '查询');
const form = el(
  'form',
  { class: 'pub-card pub-form-row', 'aria-label': '办件查询' },
  el('div', { class: 'pub-field' }, el('label', { for: 'lookup-number' }, '办件编号 / 投诉编号'), numberInput),
  el('div', { class: 'pub-field' }, el('label', { for: 'lookup-code' }, '查询码'), codeInput),
  submit,
);
const result = el('div', { class: 'lookup-result', 'aria-live': 'polite' });

main.append(
  el('h1', {}, '办件查询'),
  el('p', { class: 'pub-lead' }, '凭受理时告知的办件编号（或投诉编号）和 6 位查询码，查询办理进度、办结期限和中心发给您的消息。查询码见受理回执或短信。'),
  form,
  result,
);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void lookup();
});

async function lookup(): Promise<void> {
  const number = numberInput.value.trim().toUpperCase();
  const code = codeInput.value.trim();
  if (!CASE_NUMBER.test(number) || !/^[0-9]{6}$/.test(code)) {
    result.replaceChildren(notice('error', '请填写正确的编号（如 SH20261102-0001）和 6 位数字查询码'));
    return;
  }
  submit.disabled = true;
  result.replaceChildren(el('p', { class: 'pub-muted' }, '正在查询……'));
  try {
    if (COMPLAINT_NUMBER.test(number)) {
      result.replaceChildren(renderComplaint(await api.post<ComplaintLookup>('/api/public/complaints/lookup', { complaintNumber: number, verificationCode: code }), code));
    } else {
      result.replaceChildren(...renderCase(await api.post<CaseLookup>('/api/public/lookup', { caseNumber: number, verificationCode: code }), code));
    }
  } catch (error) {
    result.replaceChildren(notice('error', error instanceof ApiError ? error.message : '查询暂时无法完成，请稍后再试'));
  } finally {
    submit.disabled = false;
  }
}

function facts(...rows: Array<[string, Node | string] | null>): HTMLElement {
  const dl = el('dl', { class: 'pub-facts' });
  for (const row of rows) if (row) dl.append(el('dt', {}, row[0]), el('dd', {}, row[1]));
  return dl;
}

function statusBadge(status: string, label: string): HTMLElement {
  const done = ['completed', 'closed', 'replied'].includes(status);
  const waiting = ['supplementing', 'refused', 'rejected'].includes(status);
  return el('span', { class: `pub-badge${done ? ' pub-badge-done' : waiting ? ' pub-badge-warn' : ''}`, 'data-status': status }, label);
}

function renderCase(c: CaseLookup, code: string): HTMLElement[] {
  const due = c.dueAt === null ? '—' : chinaDateTime(c.dueAt);
  const card = el(
    'article',
    { class: 'pub-card lookup-case', 'aria-labelledby': 'lookup-title' },
    el('div', { class: 'lookup-head' }, el('h2', { id: 'lookup-title' }, `办件 ${c.caseNumber}`), statusBadge(c.status, c.statusLabel)),
    facts(
      ['办理事项', `${c.itemName}（${c.caseTypeLabel}）`],
      ['办理部门', `${c.department.name}，${c.department.location}`],
      ['申请人', c.applicantName],
      ['当前环节', el('strong', { class: 'lookup-stage' }, c.stage ?? c.statusLabel)],
      ['收件时间', chinaDateTime(c.receivedAt)],
      ['受理时间', chinaDateTime(c.acceptedAt)],
      ['办结期限', el('span', { class: 'lookup-due' }, due, c.suspended ? el('span', { class: 'pub-badge pub-badge-warn lookup-suspended' }, '暂停计时：等待补正材料或特别程序，期限顺延') : '')],
      c.completedAt ? ['办结时间', chinaDateTime(c.completedAt)] : null,
      c.result ? ['办理结果', RESULTS[c.result] ?? c.result] : null,
    ),
  );
  const parts: HTMLElement[] = [card];
  if (c.supplement && (c.supplement.awaiting || c.supplement.supplied)) {
    // the workers move the case on moments after the supplement: the page shows it then
    parts.push(renderSupplement(c.supplement, { caseNumber: c.caseNumber, verificationCode: code }, () => window.setTimeout(() => void lookup(), RELOOK_MS)));
  }
  const openNotice = (noticeNumber: string) => api.post<NoticeDocument>('/api/public/notices', { caseNumber: c.caseNumber, verificationCode: code, noticeNumber });
  parts.push(renderMessages(c.messages), renderNotices(c.notices, openNotice));
  if (c.status === 'completed') parts.push(renderRating(c, code));
  parts.push(
    el('p', { class: 'pub-muted lookup-complain' }, '对办理有意见？', el('a', { href: `/complaint?case=${encodeURIComponent(c.caseNumber)}` }, '网上投诉'), '（投诉处 5 个工作日内答复）'),
  );
  return parts;
}

function renderMessages(messages: Message[]): HTMLElement {
  return el(
    'section',
    { class: 'pub-card lookup-messages', 'aria-labelledby': 'lookup-messages-title' },
    el('h2', { id: 'lookup-messages-title' }, '办理消息'),
    messages.length === 0
      ? el('p', { class: 'pub-muted' }, '暂无消息')
      : el(
          'ol',
          { class: 'lookup-timeline' },
          ...[...messages]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((m) => el('li', {}, el('time', { datetime: m.at }, chinaDateTime(m.at)), m.subject ? el('strong', {}, m.subject) : null, el('p', { class: 'lookup-message-body' }, m.body))),
        ),
  );
}

/** How long after a supplement the page looks the case up again, to show it moving on. */
const RELOOK_MS = 1500;

function noticeButton(n: NoticeTitle, open: (noticeNumber: string) => Promise<NoticeDocument>): HTMLElement {
  const button = el('button', { type: 'button', class: 'pub-secondary lookup-notice-open', 'aria-label': `查看并打印${n.title}（${n.number}）` }, '查看 / 打印');
  const failed = el('span', { role: 'alert', class: 'lookup-notice-error' });
  button.addEventListener('click', () => {
    button.disabled = true;
    failed.textContent = '';
    open(n.number)
      .then((doc) => showNotice(doc, () => button.focus()))
      .catch((error: unknown) => {
        failed.textContent = error instanceof ApiError ? error.message : '文书暂时无法打开，请稍后再试';
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return el('span', {}, button, failed);
}

function renderNotices(notices: NoticeTitle[], open: (noticeNumber: string) => Promise<NoticeDocument>): HTMLElement {
  return el(
    'section',
    { class: 'pub-card lookup-notices', 'aria-labelledby': 'lookup-notices-title' },
    el('h2', { id: 'lookup-notices-title' }, '出具的文书'),
    notices.length === 0
      ? el('p', { class: 'pub-muted' }, '暂无文书')
      : el(
          'table',
          { class: 'pub-table' },
          el('thead', {}, el('tr', {}, el('th', {}, '文书'), el('th', {}, '文号'), el('th', {}, '出具时间'), el('th', {}, '操作'))),
          el(
            'tbody',
            {},
            ...notices.map((n) => el('tr', { 'data-notice': n.number }, el('td', {}, n.title), el('td', {}, n.number), el('td', {}, chinaDateTime(n.issuedAt)), el('td', {}, noticeButton(n, open)))),
          ),
        ),
  );
}

/** 好差评: five levels and a comment, once per case, within 30 days of completion. */
function renderRating(c: CaseLookup, code: string): HTMLElement {
  const outcome = el('div', { 'aria-live': 'polite' });
  const comment = el('textarea', { id: 'rating-comment', name: 'comment', rows: '3', maxlength: '500', placeholder: '选填，500 字以内' });
  const send = el('button', { type: 'submit' }, '提交评价');
  const levels = el(
    'fieldset',
    { class: 'rating-levels' },
    el('legend', {}, '您对本次办理的评价'),
    ...RATINGS.map(([value, label], i) =>
      el('label', { class: 'rating-level' }, el('input', { type: 'radio', name: 'rating', value, ...(i === 0 ? { required: '' } : {}) }), label),
    ),
  );
  const ratingForm = el('form', { class: 'rating-form' }, levels, el('div', { class: 'pub-field' }, el('label', { for: 'rating-comment' }, '意见或建议'), comment), send, outcome);
  ratingForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = ratingForm.querySelector<HTMLInputElement>('input[name="rating"]:checked');
    if (!chosen) {
      outcome.replaceChildren(notice('error', '请选择评价等级'));
      return;
    }
    send.disabled = true;
    const body = { caseNumber: c.caseNumber, verificationCode: code, rating: chosen.value, ...(comment.value.trim() !== '' ? { comment: comment.value.trim() } : {}) };
    api
      .post('/api/public/rating', body)
      .then(() => {
        levels.disabled = true;
        comment.disabled = true;
        outcome.replaceChildren(notice('success', '感谢您的评价！评价已提交。不满意的评价，中心将在 15 个工作日内整改并回访。'));
      })
      .catch((error: unknown) => {
        send.disabled = false;
        outcome.replaceChildren(notice('error', error instanceof ApiError ? error.message : '评价暂时无法提交，请稍后再试'));
      });
  });
  return el(
    'section',
    { class: 'pub-card lookup-rating', 'aria-labelledby': 'lookup-rating-title' },
    el('h2', { id: 'lookup-rating-title' }, '服务评价（好差评）'),
    el('p', { class: 'pub-muted' }, '办结后 30 日内可评价一次。'),
    ratingForm,
  );
}

function renderComplaint(c: ComplaintLookup, code: string): HTMLElement {
  const openNotice = (noticeNumber: string) => api.post<NoticeDocument>('/api/public/complaints/notices', { complaintNumber: c.complaintNumber, verificationCode: code, noticeNumber });
  const reply = c.reply
    ? el(
        'section',
        { class: 'lookup-reply' },
        el('h3', {}, `${c.reply.kind ? REPLY_KINDS[c.reply.kind] : '答复'}${c.reply.repliedAt ? `（${chinaDateTime(c.reply.repliedAt)}）` : ''}`),
        el('p', { class: 'lookup-reply-text' }, c.reply.text),
      )
    : el(
        'p',
        { class: 'pub-muted lookup-reply' },
        `尚未答复。投诉处承诺${c.replyDueAt ? `在 ${chinaDateTime(c.replyDueAt)} 前` : '在登记后 5 个工作日内'}答复；不能按期答复的，将告知原因。`,
      );
  return el(
    'div',
    {},
    el(
      'article',
      { class: 'pub-card lookup-complaint', 'aria-labelledby': 'lookup-title' },
      el('div', { class: 'lookup-head' }, el('h2', { id: 'lookup-title' }, `投诉 ${c.complaintNumber}`), statusBadge(c.status, c.statusLabel)),
      facts(
        ['投诉人', c.complainantName],
        ['投诉方式', labelOf(CHANNEL_LABELS, c.channel)],
        ['投诉事由', c.ground || '—'],
        ['登记时间', chinaDateTime(c.registeredAt)],
        ['答复期限', chinaDateTime(c.replyDueAt)],
      ),
      reply,
    ),
    renderMessages(c.messages),
    renderNotices(c.notices, openNotice),
  );
}
