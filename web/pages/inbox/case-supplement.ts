import { api, el } from '../shared/api.js';
import { formatDateTime } from '../shared/format.js';
import { handleUnauthenticated, problemText, showMessage } from '../shared/layout.js';
import type { CaseFile, CaseSupplement, Supplied } from './types.js';

/**
 * The supplement part of the case file: the open notice's list and, for a window clerk of the
 * case's department, the record of materials handed in at the window (登记补正材料), which
 * resumes the case; then what was supplied against each notice, online or at the window, with
 * the uploaded files to download.
 */

const RECEIVED: ReadonlyArray<[string, string]> = [
  ['original', '原件'],
  ['copy', '复印件'],
  ['original-and-copy', '原件及复印件'],
];
const RECEIVED_LABELS = Object.fromEntries(RECEIVED);
const TYPE_LABELS: Record<string, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };
const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function recordForm(file: CaseFile, open: NonNullable<CaseSupplement['open']>, onRecorded: (done: string) => void): HTMLElement {
  const messages = el('div', { class: 'cs-messages' });
  const rows = open.materials.map((m, i) => {
    const tick = el('input', { type: 'checkbox', id: `cs-received-${i}`, checked: '' });
    const form = el('select', { id: `cs-form-${i}`, 'aria-label': `${m.name}的收取形式` }, ...RECEIVED.map(([value, label]) => el('option', { value }, label)));
    const note = el('input', { type: 'text', id: `cs-note-${i}`, maxlength: '200', 'aria-label': `${m.name}的备注`, placeholder: '备注（选填）' });
    const row = el(
      'li',
      { class: 'cs-row', 'data-material': m.code },
      el('label', { for: tick.id, class: 'cs-tick' }, tick, ` ${m.name}`),
      el('span', { class: 'sh-muted cs-reason' }, m.reason),
      form,
      note,
    );
    return { m, tick, form, note, row };
  });
  const submit = el('button', { type: 'button', class: 'sh-button' }, '材料已补齐，登记');
  // one key per form shown: a double click or a retry records once
  const key = crypto.randomUUID().replaceAll('-', '');
  submit.addEventListener('click', () => {
    const chosen = rows.filter((r) => r.tick.checked);
    if (chosen.length === 0) {
      showMessage(messages, 'error', '请勾选申请人交来的材料');
      return;
    }
    submit.disabled = true;
    const body = {
      noticeNumber: open.noticeNumber,
      idempotencyKey: key,
      materials: chosen.map((r) => ({ code: r.m.code, received: r.form.value, ...(r.note.value.trim() ? { note: r.note.value.trim() } : {}) })),
    };
    api
      .post(`/api/cases/${encodeURIComponent(file.caseNumber)}/supplements`, body)
      .then(() => {
        onRecorded('补正材料已登记，办件恢复办理');
      })
      .catch((e: unknown) => {
        submit.disabled = false;
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', problemText(e));
      });
  });
  return el(
    'form',
    { class: 'cs-record', 'aria-label': '登记补正材料' },
    el('h4', {}, '登记补正材料（申请人到窗口补交）'),
    el('p', { class: 'sh-muted' }, '勾选申请人交来的材料并注明原件或复印件；登记后办件恢复办理，同一通知书只能补正一次。'),
    el('ul', { class: 'cs-rows' }, ...rows.map((r) => r.row)),
    submit,
    messages,
  );
}

function suppliedBlock(s: Supplied): HTMLElement {
  const who = s.channel === 'online' ? '申请人网上补正' : `窗口收取（${s.actorName ?? s.actor ?? ''}）`;
  return el(
    'div',
    { class: 'cs-supplied', 'data-notice': s.noticeNumber },
    el('p', {}, el('strong', {}, `${formatDateTime(s.at)} ${who}`), el('span', { class: 'sh-muted' }, ` 答复 ${s.noticeNumber}`)),
    el(
      'ul',
      {},
      ...s.materials.map((m) => {
        const files = s.files.filter((f) => f.materialCode === m.code);
        return el(
          'li',
          {},
          el('span', { class: 'cs-name' }, m.name),
          m.received ? ` · ${RECEIVED_LABELS[m.received] ?? m.received}` : '',
          m.declaration ? el('span', { class: 'cs-declaration' }, ` · ${m.declaration}`) : '',
          files.length === 0
            ? ''
            : el(
                'ul',
                { class: 'cs-files' },
                ...files.map((f) =>
                  el(
                    'li',
                    {},
                    f.href ? el('a', { href: f.href, download: f.name, class: 'cs-file-link' }, f.name) : el('span', {}, f.name),
                    el('span', { class: 'sh-muted' }, ` ${TYPE_LABELS[f.contentType] ?? f.contentType} · ${size(f.size)} · `),
                    el('span', { class: `cs-scan cs-scan-${f.scanStatus}` }, f.scanLabel),
                  ),
                ),
              ),
        );
      }),
    ),
  );
}

/** Nothing when the case never had a supplement notice. */
export function renderSupplementPart(file: CaseFile, onChanged: (done: string) => void): Node[] {
  const { open, mayRecord, supplied } = file.supplement;
  if (!open && supplied.length === 0) return [];
  const parts: Node[] = [el('h3', {}, '补正材料')];
  if (open) {
    parts.push(
      el(
        'div',
        { class: 'cs-open' },
        el('p', {}, `等待申请人补正：补齐申请材料通知书 ${open.noticeNumber}，补正期限至 ${open.validUntil ? formatDateTime(open.validUntil) : '—'}`),
        el('ul', {}, ...open.materials.map((m) => el('li', {}, `${m.name}${m.form ? `（${m.form}）` : ''}：${m.reason}`))),
      ),
    );
    if (mayRecord) parts.push(recordForm(file, open, onChanged));
  }
  parts.push(...supplied.map(suppliedBlock));
  return parts;
}
