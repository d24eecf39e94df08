import { el } from '../shared/api.js';
import { formatDateTime } from '../shared/format.js';
import type { Version } from './types.js';

/** An item's published versions, newest first, with the figures the guide shows for each. */

const fees = (v: Version) => v.item.fees.map((f) => `${f.name} ${(f.amountFen / 100).toFixed(2)} 元${f.unit ? `/${f.unit}` : ''}`).join('；');

export function renderHistory(versions: Version[]): HTMLElement {
  return el(
    'section',
    { class: 'sh-panel', id: 'cat-history', 'aria-label': '版本记录' },
    el('h2', {}, '版本记录'),
    el(
      'table',
      { class: 'sh-table' },
      el('thead', {}, el('tr', {}, ...['版本', '发布时间', '发布', '法定时限', '承诺时限', '收费标准', '材料'].map((h) => el('th', {}, h)))),
      el(
        'tbody',
        {},
        ...versions.map((v) =>
          el(
            'tr',
            { 'data-version': String(v.version) },
            el('td', {}, `第 ${v.version} 版`),
            el('td', {}, formatDateTime(v.publishedAt)),
            el('td', {}, v.edition ? `目录文件 ${v.edition}` : (v.publishedByName ?? '系统管理员')),
            el('td', {}, `${v.item.statutoryDays} 个工作日`),
            el('td', {}, v.item.promisedDays === 0 ? '即办' : `${v.item.promisedDays} 个工作日`),
            el('td', {}, fees(v)),
            el('td', {}, `${v.item.materials.length} 项`),
          ),
        ),
      ),
    ),
  );
}
