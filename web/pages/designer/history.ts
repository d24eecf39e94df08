import { api, ApiError, el } from '../shared/api.js';
import { problemText } from '../shared/layout.js';
import type { Current, DesignVersion } from './design.js';

/** The designer's version history of the open file and its line-by-line comparisons, shown in the side panel. */

interface Diff {
  version: number;
  against: { kind: 'deployed' | 'version'; version: number | null; key: string | null };
  identical: boolean;
  added: number;
  removed: number;
  hunks: Array<{ oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }>;
}

/** What the history needs of the page. */
export interface HistoryPage {
  openPanel: (heading: string, ...content: Node[]) => void;
  failed: (error: unknown, what: string) => void;
  withBusy: <T>(fn: () => Promise<T>) => Promise<T>;
}

export function versionHistory(page: HistoryPage): { showVersions(c: Current): Promise<void>; showDiff(c: Current, against: string): Promise<void> } {
  const { openPanel, failed, withBusy } = page;

  async function showVersions(c: Current): Promise<void> {
    try {
      const list = await api.get<{ versions: DesignVersion[] }>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/versions`);
      const latest = list.versions[0]?.version;
      const rows = list.versions.map((v) => {
        const compare = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '最新版与此版比较');
        compare.addEventListener('click', () => void withBusy(() => showDiff(c, String(v.version))));
        return el(
          'tr',
          {},
          el('td', {}, `第 ${v.version} 版`),
          el('td', {}, v.author ?? '—'),
          el('td', {}, chinaDateTime(v.createdAt)),
          el('td', {}, `${v.size.toLocaleString('zh-CN')} 字符`),
          el('td', {}, v.deployedVersionKey ? `已部署 ${chinaDateTime(v.deployedAt)}` : '—'),
          el('td', {}, v.version === latest ? '最新' : compare),
        );
      });
      openPanel(
        `${c.name} 的版本记录`,
        list.versions.length === 0
          ? el('p', { class: 'sh-empty' }, '尚无保存的版本')
          : el('table', { class: 'sh-table' }, el('thead', {}, el('tr', {}, ...['版本', '保存人', '保存时间', '大小', '部署', ''].map((h) => el('th', {}, h)))), el('tbody', {}, ...rows)),
      );
    } catch (error) {
      failed(error, '读取版本记录');
    }
  }

  async function showDiff(c: Current, against: string): Promise<void> {
    let diff: Diff;
    try {
      diff = await api.get<Diff>(`/api/designer/${c.kind}/${encodeURIComponent(c.id)}/diff?against=${against}`);
    } catch (error) {
      if (error instanceof ApiError && error.problem.status === 404) {
        openPanel('差异', el('p', { class: 'sh-empty' }, `${problemText(error)}。${c.saved.version === 0 ? '请先保存。' : ''}`));
        return;
      }
      return failed(error, '比较');
    }
    const base = diff.against.kind === 'deployed' ? `引擎中已部署的版本${diff.against.version ? `（第 ${diff.against.version} 版）` : ''}` : `第 ${diff.against.version} 版`;
    const note = c.dirty ? el('p', { class: 'designer-note' }, '比较的是已保存的版本；编辑器中未保存的修改不在其中。') : null;
    const summary = diff.identical ? `第 ${diff.version} 版与${base}相同。` : `第 ${diff.version} 版与${base}相比：增加 ${diff.added} 行，删除 ${diff.removed} 行。`;
    openPanel(`差异：第 ${diff.version} 版 ↔ ${base}`, ...(note ? [note] : []), el('p', { class: 'designer-diff-summary' }, summary), ...diff.hunks.map(renderHunk));
  }

  return { showVersions, showDiff };
}

/** 2026-03-02 09:00, China time (the center's), whatever the browser's zone; — for none. */
export function chinaDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(iso))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** One hunk of a unified diff, with the old and new line numbers beside each line. */
function renderHunk(hunk: Diff['hunks'][number]): HTMLElement {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  const rows = hunk.lines.map((line) => {
    const mark = line[0];
    const kind = mark === '+' ? 'add' : mark === '-' ? 'del' : 'ctx';
    const oldNo = kind === 'add' ? '' : String(oldLine++);
    const newNo = kind === 'del' ? '' : String(newLine++);
    return el('tr', { class: `designer-diff-${kind}` }, el('td', { class: 'designer-diff-no' }, oldNo), el('td', { class: 'designer-diff-no' }, newNo), el('td', { class: 'designer-diff-line' }, line));
  });
  return el(
    'div',
    { class: 'designer-hunk' },
    el('div', { class: 'designer-hunk-head' }, `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`),
    el('table', { class: 'designer-diff' }, el('tbody', {}, ...rows)),
  );
}
