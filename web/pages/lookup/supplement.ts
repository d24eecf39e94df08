import { ApiError, el, upload } from '../shared/api.js';
import { chinaDateTime } from '../shared/public-format.js';
import { notice } from '../shared/public-layout.js';

/**
 * 网上补正: what the open supplement notice asks for, material by material (name, required form,
 * the reason), with a statement and files for each, sent once as one multipart upload. The
 * page checks sizes and counts before sending to spare the applicant a long wait; the server
 * checks everything again, the file types by content.
 */

export interface SupplementView {
  noticeNumber: string;
  issuedAt: string;
  validUntil: string | null;
  materials: Array<{ code: string; name: string; form: string | null; reason: string }>;
  awaiting: boolean;
  supplied: {
    channel: 'online' | 'window';
    at: string;
    materials: Array<{ code: string; name: string; declaration: string | null; received: string | null }>;
    files: Array<{ materialCode: string; name: string; contentType: string; size: number; scanLabel: string }>;
  } | null;
  limits: { fileBytes: number; filesPerMaterial: number; totalBytes: number; declarationChars: number; types: string[] };
}

const MB = 1024 * 1024;
const RECEIVED: Record<string, string> = { original: '原件', copy: '复印件', 'original-and-copy': '原件及复印件' };
const size = (bytes: number) => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
const ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

function newKey(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

function suppliedCard(s: NonNullable<SupplementView['supplied']>, noticeNumber: string): HTMLElement {
  return el(
    'div',
    { class: 'supplement-done' },
    notice('success', `补齐申请材料通知书 ${noticeNumber} 已于 ${chinaDateTime(s.at)} ${s.channel === 'online' ? '网上' : '在窗口'}补正，办件已恢复办理。同一通知书只能补正一次。`),
    el(
      'ul',
      { class: 'supplement-done-list' },
      ...s.materials.map((m) => {
        const files = s.files.filter((f) => f.materialCode === m.code);
        return el(
          'li',
          {},
          el('strong', {}, m.name),
          m.received ? `（${RECEIVED[m.received] ?? m.received}）` : '',
          m.declaration ? `：${m.declaration}` : '',
          files.length > 0 ? el('span', { class: 'pub-muted' }, ` 已上传 ${files.map((f) => `${f.name}（${size(f.size)}）`).join('、')}`) : '',
        );
      }),
    ),
  );
}

export function renderSupplement(s: SupplementView, lookup: { caseNumber: string; verificationCode: string }, done: () => void): HTMLElement {
  const section = el('section', { class: 'pub-card lookup-supplement', 'aria-labelledby': 'lookup-supplement-title' }, el('h2', { id: 'lookup-supplement-title' }, '补正材料'));
  if (s.supplied) {
    section.append(suppliedCard(s.supplied, s.noticeNumber));
    return section;
  }
  const limitsText = `文件格式为 PDF、JPEG 或 PNG，单个文件不超过 ${s.limits.fileBytes / MB} MB，每项材料最多 ${s.limits.filesPerMaterial} 个文件，合计不超过 ${s.limits.totalBytes / MB} MB。`;
  section.append(
    el(
      'p',
      { class: 'supplement-intro' },
      `补齐申请材料通知书 `,
      el('strong', { class: 'supplement-notice-number' }, s.noticeNumber),
      `（${chinaDateTime(s.issuedAt)}出具）一次性告知需补正以下 ${s.materials.length} 项材料，请在 `,
      el('strong', { class: 'supplement-valid-until' }, chinaDateTime(s.validUntil)),
      ' 前补齐，逾期未补齐的视为撤回申请。补正期间不计入办理时限。',
    ),
    el('p', { class: 'pub-muted' }, `每项材料可填写补正说明、上传文件，至少填写一项；只需补正下列材料。${limitsText}提交后不能再次补正，请核对后提交。`),
  );

  const rows = s.materials.map((m, i) => {
    const declaration = el('textarea', { id: `supplement-declaration-${i}`, rows: '2', maxlength: String(s.limits.declarationChars), placeholder: '如：已补正，附业务主管单位批复' });
    const files = el('input', { type: 'file', id: `supplement-files-${i}`, multiple: '', accept: ACCEPT });
    const chosen = el('div', { class: 'supplement-chosen pub-muted', 'aria-live': 'polite' });
    files.addEventListener('change', () => {
      chosen.textContent = Array.from(files.files ?? [], (f) => `${f.name}（${size(f.size)}）`).join('、');
    });
    const box = el(
      'fieldset',
      { class: 'supplement-material', 'data-material': m.code },
      el('legend', {}, `${i + 1}. ${m.name}`),
      el('p', { class: 'supplement-reason' }, `需补正的原因：${m.reason}`, m.form ? el('span', { class: 'pub-muted' }, `（要求：${m.form}）`) : ''),
      el('div', { class: 'pub-field' }, el('label', { for: declaration.id }, `${m.name}的补正说明`), declaration),
      el('div', { class: 'pub-field' }, el('label', { for: files.id }, `${m.name}的文件`), files, chosen),
    );
    return { material: m, declaration, files, box };
  });

  const outcome = el('div', { 'aria-live': 'polite' });
  const send = el('button', { type: 'submit' }, '提交补正材料');
  const form = el('form', { class: 'supplement-form', 'aria-label': '网上补正' }, ...rows.map((r) => r.box), send, outcome);
  // one key per filled-in form: a retry after a lost answer is the same submission
  let key = newKey();

  const problemOf = (): string | undefined => {
    const chosen = rows.filter((r) => r.declaration.value.trim() !== '' || (r.files.files?.length ?? 0) > 0);
    if (chosen.length === 0) return '请至少为一项材料填写补正说明或上传文件';
    let total = 0;
    for (const r of chosen) {
      const list = Array.from(r.files.files ?? []);
      if (list.length > s.limits.filesPerMaterial) return `「${r.material.name}」最多上传 ${s.limits.filesPerMaterial} 个文件`;
      for (const f of list) {
        if (!/\.(pdf|jpe?g|png)$/i.test(f.name)) return `文件「${f.name}」不是 PDF、JPEG 或 PNG 文件`;
        if (f.size > s.limits.fileBytes) return `文件「${f.name}」超过 ${s.limits.fileBytes / MB} MB`;
        total += f.size;
      }
    }
    if (total > s.limits.totalBytes) return `上传文件合计超过 ${s.limits.totalBytes / MB} MB`;
    return undefined;
  };

  form.addEventListener('input', () => {
    key = newKey();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problem = problemOf();
    if (problem) {
      outcome.replaceChildren(notice('error', problem));
      return;
    }
    const body = new FormData();
    body.set('caseNumber', lookup.caseNumber);
    body.set('verificationCode', lookup.verificationCode);
    body.set('idempotencyKey', key);
    const chosen = rows.filter((r) => r.declaration.value.trim() !== '' || (r.files.files?.length ?? 0) > 0);
    body.set('materials', JSON.stringify(chosen.map((r) => ({ code: r.material.code, ...(r.declaration.value.trim() !== '' ? { declaration: r.declaration.value.trim() } : {}) }))));
    for (const r of chosen) for (const f of Array.from(r.files.files ?? [])) body.append(`files.${r.material.code}`, f, f.name);
    send.disabled = true;
    outcome.replaceChildren(notice('info', '正在提交……'));
    upload('/api/public/supplements/uploads', body)
      .then(() => {
        form.replaceChildren(notice('success', `补正材料已提交，办件恢复办理。窗口将审查补正的材料，结果会在此页面和消息中告知。`));
        done();
      })
      .catch((error: unknown) => {
        send.disabled = false;
        outcome.replaceChildren(notice('error', error instanceof ApiError ? error.message : '补正材料暂时无法提交，请稍后再试'));
      });
  });
  section.append(form);
  return section;
}
