import { el } from './api.js';
import { usePaper, type Paper } from './paper.js';
import './receipt.css';

/**
 * 收件回执, shared by the window's 收件登记 (/register) and 网上申报 (/apply): the case number and
 * the verification code (shown here once, never again), the item, where it is handled, what was
 * received, the promised time and how to look the case up. Printed on A4 or on an 80 mm receipt
 * printer, as chosen on the page; printing shows the receipt alone (@media print in receipt.css).
 */

export interface ReceiptData {
  centerName: string;
  caseNumber: string;
  verificationCode: string;
  reissued: boolean;
  registeredAt: string;
  channel: 'window' | 'online';
  channelLabel: string;
  registeredBy: string | null;
  applicant: { kind: string; name: string; identifier: string | null; phone: string | null; contact: string | null };
  item: { code: string; name: string; caseTypeLabel: string };
  department: { code: string; name: string; location: string };
  window: string;
  phone: string | null;
  materials: Array<{ code: string; name: string; form: string | null; provided: boolean; originals: number | null; copies: number | null; note: string | null }>;
  timeLimit: { promisedDays: number; text: string };
  lookup: { path: string; text: string };
}

type Layout = Paper;

const LAYOUTS: ReadonlyArray<{ value: Layout; label: string }> = [
  { value: 'a4', label: 'A4 纸' },
  { value: 'roll', label: '80 毫米回执打印机' },
];

const IDENTIFIER_LABEL: Record<string, string> = { person: '身份证号码', company: '统一社会信用代码', organisation: '统一社会信用代码' };

function chinaTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
}

function count(n: number | null): string {
  return n === null ? '—' : String(n);
}

function row(label: string, value: string | Node): HTMLElement {
  return el('div', { class: 'rc-row' }, el('span', { class: 'rc-label' }, label), el('span', { class: 'rc-value' }, value));
}

/** The sheet itself, laid out for `layout`. */
function sheet(data: ReceiptData, layout: Layout): HTMLElement {
  const lookupUrl = `${location.origin}${data.lookup.path}`;
  const provided = data.materials.filter((m) => m.provided);
  const missing = data.materials.filter((m) => !m.provided);
  const materials =
    layout === 'a4'
      ? el(
          'table',
          { class: 'rc-materials' },
          el('thead', {}, el('tr', {}, el('th', {}, '序号'), el('th', {}, '材料名称'), el('th', {}, '收取'), el('th', {}, '原件'), el('th', {}, '复印件'), el('th', {}, '备注'))),
          el(
            'tbody',
            {},
            ...data.materials.map((m, i) =>
              el(
                'tr',
                {},
                el('td', {}, String(i + 1)),
                el('td', {}, m.name),
                el('td', {}, m.provided ? '已收' : '未收'),
                el('td', {}, m.provided ? count(m.originals) : '—'),
                el('td', {}, m.provided ? count(m.copies) : '—'),
                el('td', {}, m.note ?? ''),
              ),
            ),
          ),
        )
      : el(
          'ol',
          { class: 'rc-materials' },
          ...provided.map((m) =>
            el('li', {}, `${m.name}${m.originals !== null || m.copies !== null ? `（原件${count(m.originals)}份，复印件${count(m.copies)}份）` : ''}${m.note ? `：${m.note}` : ''}`),
          ),
        );
  return el(
    'article',
    { class: `rc-sheet rc-${layout}`, 'aria-label': '收件回执' },
    el('header', { class: 'rc-head' }, el('div', { class: 'rc-center' }, data.centerName), el('h2', { class: 'rc-title' }, '收件回执')),
    el(
      'div',
      { class: 'rc-codes' },
      row('办件编号', el('strong', { class: 'rc-case-number' }, data.caseNumber)),
      row('查询码', el('strong', { class: 'rc-code' }, data.verificationCode)),
    ),
    data.reissued ? el('p', { class: 'rc-warning' }, '此查询码为重新生成，此前出具的查询码已失效。') : null,
    row('申请事项', `${data.item.name}（${data.item.code}，${data.item.caseTypeLabel}）`),
    row('实施部门', data.department.name),
    row('办理窗口', data.window),
    row('申请人', data.applicant.name),
    data.applicant.identifier ? row(IDENTIFIER_LABEL[data.applicant.kind] ?? '证件号码', data.applicant.identifier) : null,
    data.applicant.contact ? row('联系人', data.applicant.contact) : null,
    data.applicant.phone ? row('联系电话', data.applicant.phone) : null,
    row('登记方式', data.channelLabel),
    row('登记时间', chinaTime(data.registeredAt)),
    data.registeredBy ? row('收件人', data.registeredBy) : null,
    el('h3', { class: 'rc-subtitle' }, data.channel === 'online' ? '申报时声明已备的材料' : '收取的材料'),
    provided.length === 0 && layout === 'roll' ? el('p', {}, '无') : materials,
    layout === 'roll' && missing.length > 0 ? el('p', { class: 'rc-muted' }, `未收：${missing.map((m) => m.name).join('、')}`) : null,
    el('h3', { class: 'rc-subtitle' }, '办理时限'),
    el('p', {}, data.timeLimit.text),
    el('h3', { class: 'rc-subtitle' }, '查询办理进度'),
    el('p', {}, data.lookup.text),
    el('p', { class: 'rc-url' }, lookupUrl),
    el('p', { class: 'rc-muted' }, '查询码只在本回执上出具一次，请妥善保管，勿告诉他人。材料需补正的，中心将一次性告知。'),
    el('footer', { class: 'rc-foot' }, `${data.centerName} · ${chinaTime(data.registeredAt)}`),
  );
}

/** The receipt with its layout choice and print button; the printed page size follows the layout. */
export function receiptPanel(data: ReceiptData): HTMLElement {
  // on a phone the narrow layout reads better, and a phone prints seldom anyway
  let layout: Layout = matchMedia('(max-width: 600px)').matches ? 'roll' : 'a4';
  usePaper(layout);
  const holder = el('div', { class: 'rc-holder' }, sheet(data, layout));
  const choice = el('fieldset', { class: 'rc-layouts rc-no-print' }, el('legend', {}, '回执版式'));
  for (const option of LAYOUTS) {
    const id = `rc-layout-${option.value}`;
    const input = el('input', { type: 'radio', name: 'rc-layout', id, value: option.value });
    input.checked = option.value === layout;
    input.addEventListener('change', () => {
      layout = option.value;
      usePaper(layout);
      holder.replaceChildren(sheet(data, layout));
    });
    choice.append(el('label', { for: id }, input, option.label));
  }
  const print = el('button', { type: 'button', class: 'rc-print' }, '打印回执');
  print.addEventListener('click', () => window.print());
  return el('section', { class: 'rc-panel', 'aria-label': '收件回执（可打印）' }, el('div', { class: 'rc-tools rc-no-print' }, choice, print), holder);
}
