import { maskIdNumber } from '../privacy/mask.js';
import { blocksToHtml, blocksToText, escapeHtml, type Block } from './document.js';
import { chinaDate } from './format.js';
import { KINDS } from './kinds.js';
import type { NoticeData, NoticeHeader, NoticeKind, RenderedNotice } from './types.js';

/** Title and number prefix of a kind, for the store's numbering before the notice is rendered. */
export function noticeKindInfo(kind: NoticeKind): { title: string; numberPrefix: string } {
  const { title, numberPrefix } = KINDS[kind];
  return { title, numberPrefix };
}

/**
 * Renders a notice as a printable page and as plain text from one description, so the e-mail,
 * the in-app message and the paper say the same. Every value is escaped (document.ts).
 */
export function renderNotice<K extends NoticeKind>(kind: K, data: NoticeData<K>): RenderedNotice {
  const spec = KINDS[kind];
  const body = spec.body(data);
  const particulars = particularsOf(data);
  const windowRows = windowOf(data);
  return {
    title: spec.title,
    html: page(spec.title, data, particulars, body, windowRows),
    text: [
      data.centerName,
      `${spec.title}（${data.number}）`,
      particulars.map(([k, v]) => `${k}：${v}`).join('\n'),
      `${data.recipient.name}：`,
      blocksToText(body),
      windowRows.map(([k, v]) => `${k}：${v}`).join('\n'),
      `${data.centerName}\n${chinaDate(data.issuedAt)}`,
    ].join('\n\n'),
  };
}

type Row = [label: string, value: string];

function particularsOf(data: NoticeHeader): Row[] {
  const rows: Row[] = [];
  if (data.caseNumber) rows.push(['办件编号', data.caseNumber]);
  if (data.complaintNumber) rows.push(['投诉编号', data.complaintNumber]);
  if (data.item) rows.push(['申请事项', `${data.item.name}（${data.item.code}）`]);
  rows.push([data.complaintNumber ? '投诉人' : '申请人', data.recipient.name]);
  if (data.recipient.idNumber) rows.push(['身份证件号码', maskIdNumber(data.recipient.idNumber)]);
  if (data.recipient.creditCode) rows.push(['统一社会信用代码', data.recipient.creditCode]);
  return rows;
}

function windowOf(data: NoticeHeader): Row[] {
  const rows: Row[] = [['办理窗口', [data.window.name, data.window.location].filter(Boolean).join('　')]];
  if (data.window.phone) rows.push(['咨询电话', data.window.phone]);
  return rows;
}

const rowsHtml = (rows: Row[]) => rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');

function page(title: string, data: NoticeHeader, particulars: Row[], body: Block[], windowRows: Row[]): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}（${escapeHtml(data.number)}）</title>
<style>${CSS}</style>
</head>
<body>
<article class="notice">
<header>
<div class="issuer">${escapeHtml(data.centerName)}</div>
<h1>${escapeHtml(title)}</h1>
<div class="number">${escapeHtml(data.number)}</div>
</header>
<table class="particulars">${rowsHtml(particulars)}</table>
<p class="salutation">${escapeHtml(data.recipient.name)}：</p>
<section class="body">
${blocksToHtml(body)}
</section>
<table class="particulars window">${rowsHtml(windowRows)}</table>
<footer>
<div class="seal" aria-label="印章">（印章）</div>
<div class="signature"><div>${escapeHtml(data.centerName)}</div><div>${escapeHtml(chinaDate(data.issuedAt))}</div></div>
</footer>
</article>
</body>
</html>
`;
}

/** 公文 conventions on A4: 仿宋 body, 黑体/小标宋 title, the seal over the signature on the right. */
const CSS = `
@page { size: A4; margin: 25mm 20mm 20mm 25mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "FangSong", "STFangsong", "仿宋", "SimSun", serif; font-size: 15pt; line-height: 1.8; color: #000; }
.notice { width: 100%; }
header { text-align: center; margin-bottom: 6mm; }
.issuer { font-size: 16pt; letter-spacing: 0.2em; }
h1 { font-family: "SimHei", "黑体", "Heiti SC", sans-serif; font-size: 22pt; margin: 4mm 0 2mm; letter-spacing: 0.1em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 15pt; margin: 4mm 0 1mm; }
.number { text-align: right; font-size: 13pt; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0; page-break-inside: avoid; }
table.particulars th { width: 38mm; text-align: left; font-weight: normal; vertical-align: top; }
table.particulars th, table.particulars td { padding: 0.5mm 0; }
table.list th, table.list td { border: 1px solid #000; padding: 1mm 2mm; font-size: 13pt; text-align: left; vertical-align: top; }
table.list th { font-family: "SimHei", "黑体", sans-serif; font-weight: normal; }
.salutation { margin: 5mm 0 2mm; }
.body p { text-indent: 2em; margin: 0 0 2mm; }
.body p.strong { font-weight: bold; }
.body ol { margin: 0 0 2mm 2em; padding: 0; }
footer { display: flex; justify-content: flex-end; align-items: center; gap: 6mm; margin-top: 12mm; page-break-inside: avoid; }
.seal { width: 42mm; height: 42mm; border: 1px dashed #c00; border-radius: 50%; color: #c00; display: flex; align-items: center; justify-content: center; font-size: 12pt; }
.signature { text-align: center; }
@media screen {
  body { background: #e8e8e8; }
  .notice { width: 210mm; min-height: 297mm; margin: 10mm auto; padding: 25mm 20mm 20mm 25mm; background: #fff; box-shadow: 0 0 4px rgba(0, 0, 0, 0.3); }
}
@media print {
  .notice { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
}
`;
