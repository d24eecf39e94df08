import { el } from './api.js';
import { CHANNEL_LABELS, labelOf } from './labels.js';
import { usePaper, type Paper } from './paper.js';
import { chinaDateTime } from './public-format.js';
import './complaint-receipt.css';

/**
 * 投诉受理回执: what the complainant takes away from a registration, online or at the complaint
 * office — the complaint number and its verification code (shown this once), the ground, when
 * it was registered, the reply limit and how to look it up. Prints alone on an A4 sheet or on an
 * 80 mm receipt printer. It says the code was also sent by SMS or e-mail only when the server
 * queued such a message on a configured channel.
 */

export interface ComplaintReceipt {
  complaintNumber: string;
  verificationCode: string;
  channel: string;
  ground: string;
  registeredAt: string;
  replyDueAt: string | null;
  replyWorkingDays: number;
  sentTo: { sms: string | null; email: string | null };
  centerName: string;
}


/** The sheet alone is printed (Ctrl-P too, once a receipt is on the page), on the paper chosen. */
function useLayout(sheet: HTMLElement, layout: Paper): void {
  usePaper(layout);
  sheet.classList.toggle('receipt-narrow', layout === 'roll');
  document.documentElement.classList.add('printing-receipt');
}

function deliveryText(sentTo: ComplaintReceipt['sentTo']): string {
  const ways = [sentTo.sms ? `短信发送至 ${sentTo.sms}` : null, sentTo.email ? `邮件发送至 ${sentTo.email}` : null].filter((w) => w !== null);
  if (ways.length === 0) return '查询码不另行发送，请妥善保管本回执。';
  return `查询码已同时以${ways.join('、')}。请妥善保管本回执。`;
}

export function renderComplaintReceipt(receipt: ComplaintReceipt): HTMLElement {
  const lookupUrl = `${location.origin}/lookup`;
  const due = receipt.replyDueAt ? `${chinaDateTime(receipt.replyDueAt)} 前` : `登记后 ${receipt.replyWorkingDays} 个工作日内`;
  const row = (label: string, value: Node | string) => [el('dt', {}, label), el('dd', {}, value)];
  const sheet = el(
    'section',
    { class: 'receipt-sheet', 'aria-labelledby': 'receipt-title' },
    el('p', { class: 'receipt-center' }, receipt.centerName),
    el('h2', { id: 'receipt-title', class: 'receipt-title' }, '投诉受理回执'),
    el(
      'dl',
      { class: 'receipt-facts' },
      ...row('投诉编号', el('strong', { class: 'complaint-number receipt-number' }, receipt.complaintNumber)),
      ...row('查询码', el('strong', { class: 'receipt-code' }, receipt.verificationCode)),
      ...row('投诉方式', labelOf(CHANNEL_LABELS, receipt.channel)),
      ...row('投诉事由', receipt.ground),
      ...row('登记时间', chinaDateTime(receipt.registeredAt)),
      ...row('答复期限', `${due}（投诉处理办法第六条：${receipt.replyWorkingDays} 个工作日内答复，不能按期答复的告知原因）`),
    ),
    el(
      'p',
      { class: 'receipt-howto' },
      `查询方法：打开 ${lookupUrl}（办件查询），在「办件编号 / 投诉编号」中填写投诉编号，在「查询码」中填写上面的 6 位数字，即可查看处理进度和答复。`,
    ),
    el('p', { class: 'receipt-delivery' }, deliveryText(receipt.sentTo)),
  );
  const a4 = el('button', { type: 'button', class: 'receipt-print' }, '打印回执（A4）');
  const narrow = el('button', { type: 'button', class: 'receipt-print receipt-print-narrow' }, '打印小票（80 mm）');
  const print = (layout: Paper) => {
    useLayout(sheet, layout);
    window.print();
  };
  a4.addEventListener('click', () => print('a4'));
  narrow.addEventListener('click', () => print('roll'));
  window.addEventListener('afterprint', () => useLayout(sheet, 'a4'));
  useLayout(sheet, 'a4');
  return el(
    'div',
    { class: 'complaint-receipt receipt', 'aria-live': 'polite' },
    el('p', { class: 'receipt-once', role: 'status' }, '投诉已登记。查询码只显示这一次，请打印回执或记下投诉编号和查询码。'),
    sheet,
    el(
      'div',
      { class: 'receipt-actions' },
      a4,
      narrow,
      el('a', { class: 'receipt-lookup', href: `/lookup?number=${encodeURIComponent(receipt.complaintNumber)}` }, '查询处理进度'),
    ),
  );
}
