/**
 * A notice body as plain data: every string in it is text, never markup. The HTML renderer
 * escapes all of it, so no value an applicant or a clerk typed can become markup or script, and
 * the text rendering says exactly what the printed page says.
 */
export type Block =
  | { type: 'paragraph'; text: string; strong?: boolean }
  | { type: 'heading'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; columns: string[]; rows: string[][] };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function blocksToHtml(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return b.strong ? `<p class="strong">${escapeHtml(b.text)}</p>` : `<p>${escapeHtml(b.text)}</p>`;
        case 'heading':
          return `<h2>${escapeHtml(b.text)}</h2>`;
        case 'list':
          return `<ol>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ol>`;
        case 'table':
          return (
            `<table class="list"><thead><tr>${b.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>` +
            `<tbody>${b.rows.map((r) => `<tr>${r.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
          );
      }
    })
    .join('\n');
}

export function blocksToText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'paragraph':
          return b.text;
        case 'heading':
          return `【${b.text}】`;
        case 'list':
          return b.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
        case 'table':
          return b.rows.map((r) => rowToText(b.columns, r)).join('\n');
      }
    })
    .join('\n\n');
}

/** A row as '1. 材料：…；原因：…'; a leading 序号 column becomes the line's number. */
function rowToText(columns: string[], row: string[]): string {
  const numbered = columns[0] === '序号';
  const cells = row.map((cell, j) => ({ label: columns[j], cell })).slice(numbered ? 1 : 0);
  const line = cells.map(({ label, cell }) => `${label}：${cell || '—'}`).join('；');
  return numbered ? `${row[0]}. ${line}` : line;
}
