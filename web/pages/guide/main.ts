import { api, ApiError, el } from '../shared/api.js';
import { formatDate } from '../shared/format.js';
import { yuan } from '../shared/public-format.js';
import { mountPublicLayout, notice } from '../shared/public-layout.js';
import './style.css';

/**
 * 办事指南: every published item with its five disclosures (五公开) — basis, conditions, materials
 * with sample texts, time limit, fees — found by department and keyword (GET /api/public/guide),
 * with a 网上申报 button for the items that may be applied for online (/apply).
 */

interface Department {
  code: string;
  name: string;
  location: string;
}

interface GuideItem {
  code: string;
  name: string;
  caseType: string;
  caseTypeLabel: string;
  department: Department;
  legalBasis: string;
  conditions: string[];
  materials: Array<{ code: string; name: string; required: boolean; form: string | null; sample: string | null; departmentCode: string | null }>;
  procedure: string;
  timeLimit: { statutoryDays: number; promisedDays: number; text: string };
  fees: Array<{ code: string; name: string; amountFen: number; unit: string | null; basis: string }>;
  result: string;
  window: string;
  phone: string | null;
  onlineApplication: boolean;
  jointDepartments: Department[];
  version: number;
  edition: string | null;
  publishedAt: string;
}

interface ServiceGuide {
  departments: Department[];
  items: GuideItem[];
  total: number;
}

const main = mountPublicLayout('guide');
const params = new URLSearchParams(location.search);

const keyword = el('input', { type: 'search', id: 'guide-q', name: 'q', placeholder: '事项名称、材料、依据……', maxlength: '50' });
keyword.value = params.get('q') ?? '';
const department = el('select', { id: 'guide-department', name: 'department' }, el('option', { value: '' }, '全部部门'));
const searchForm = el(
  'form',
  { class: 'pub-card pub-form-row', role: 'search' },
  el('div', { class: 'pub-field guide-q' }, el('label', { for: 'guide-q' }, '关键词'), keyword),
  el('div', { class: 'pub-field' }, el('label', { for: 'guide-department' }, '实施部门'), department),
  el('button', { type: 'submit' }, '查询'),
);
const status = el('div', { class: 'guide-status', 'aria-live': 'polite' });
const list = el('ul', { class: 'guide-list', 'aria-label': '事项列表' });
const detail = el('section', { class: 'guide-detail', 'aria-live': 'polite' });

main.append(
  el('h1', {}, '办事指南'),
  el('p', { class: 'pub-lead' }, '每个事项公开设定依据、审批条件、申报材料及示范文本、办理时限、收费标准及依据（五公开）。材料齐全的即办件当场办结。'),
  searchForm,
  status,
  el('div', { class: 'guide-layout' }, el('div', { class: 'guide-results' }, list), detail),
);

let departmentsLoaded = false;
let items: GuideItem[] = [];

searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const query = new URLSearchParams();
  if (keyword.value.trim() !== '') query.set('q', keyword.value.trim());
  if (department.value !== '') query.set('department', department.value);
  history.replaceState(null, '', `${location.pathname}${query.toString() !== '' ? `?${query.toString()}` : ''}`);
  void load(null);
});

window.addEventListener('hashchange', () => showItem(decodeURIComponent(location.hash.slice(1))));

async function load(preferred: string | null): Promise<void> {
  const query = new URLSearchParams();
  const q = keyword.value.trim();
  if (q !== '') query.set('q', q);
  const dept = departmentsLoaded ? department.value : (params.get('department') ?? '');
  if (dept !== '') query.set('department', dept);
  status.replaceChildren(el('p', { class: 'pub-muted' }, '正在查询……'));
  try {
    const guide = await api.get<ServiceGuide>(`/api/public/guide${query.toString() !== '' ? `?${query.toString()}` : ''}`);
    if (!departmentsLoaded) {
      department.append(...guide.departments.map((d) => el('option', { value: d.code }, d.name)));
      department.value = dept;
      departmentsLoaded = true;
    }
    items = guide.items;
    renderList();
    const scope = [q !== '' ? `关键词“${q}”` : '', dept !== '' ? (guide.departments.find((d) => d.code === dept)?.name ?? dept) : ''].filter(Boolean).join('，');
    status.replaceChildren(
      items.length === 0
        ? notice('info', `没有找到${scope ? `符合${scope}的` : ''}事项。请换个关键词，或到中心咨询台咨询。`)
        : el('p', { class: 'pub-muted' }, `${scope ? `${scope}：` : ''}共 ${items.length} 个事项`),
    );
    const chosen = items.find((i) => i.code === preferred) ?? (items.length === 1 ? items[0] : undefined);
    if (chosen) showItem(chosen.code);
    else detail.replaceChildren(items.length > 0 ? el('div', { class: 'pub-card guide-hint' }, '请在左侧选择事项，查看办事指南。') : '');
  } catch (error) {
    status.replaceChildren(notice('error', error instanceof ApiError ? error.message : '办事指南暂时无法打开，请稍后再试'));
  }
}

function renderList(): void {
  list.replaceChildren(
    ...items.map((item) => {
      const link = el(
        'a',
        { href: `#${encodeURIComponent(item.code)}`, class: 'guide-item', 'data-code': item.code },
        el('span', { class: 'guide-item-name' }, item.name),
        el('span', { class: 'guide-item-meta' }, el('span', { class: 'pub-badge' }, item.caseTypeLabel), ` ${item.department.name} · ${item.timeLimit.promisedDays === 0 ? '即时办结' : `${item.timeLimit.promisedDays} 个工作日`}`),
      );
      return el('li', {}, link);
    }),
  );
}

function showItem(code: string): void {
  const item = items.find((i) => i.code === code);
  if (!item) return;
  for (const a of list.querySelectorAll('a')) {
    if (a.dataset.code === code) a.setAttribute('aria-current', 'true');
    else a.removeAttribute('aria-current');
  }
  detail.replaceChildren(renderItem(item));
}

function section(title: string, ...content: Array<Node | string>): HTMLElement {
  return el('section', { class: 'guide-section' }, el('h3', {}, title), ...content);
}

function renderItem(item: GuideItem): HTMLElement {
  const departmentName = new Map([item.department, ...item.jointDepartments].map((d) => [d.code, d.name]));
  const materials = el(
    'table',
    { class: 'pub-table guide-materials' },
    el('thead', {}, el('tr', {}, el('th', {}, '序号'), el('th', {}, '材料名称'), el('th', {}, '要求'), el('th', {}, '形式及份数'), el('th', {}, '示范文本 / 填写说明'))),
    el(
      'tbody',
      {},
      ...item.materials.map((m, i) =>
        el(
          'tr',
          {},
          el('td', {}, String(i + 1)),
          el('td', {}, m.name, m.departmentCode ? el('div', { class: 'pub-muted' }, `（${departmentName.get(m.departmentCode) ?? m.departmentCode}审查）`) : null),
          el('td', {}, m.required ? '必交' : '视情形提交'),
          el('td', {}, m.form ?? '—'),
          el('td', {}, m.sample ?? '—'),
        ),
      ),
    ),
  );
  const fees =
    item.fees.length === 0
      ? el('p', {}, '不收费')
      : el(
          'table',
          { class: 'pub-table guide-fees' },
          el('thead', {}, el('tr', {}, el('th', {}, '收费项目'), el('th', {}, '收费标准'), el('th', {}, '收费依据'))),
          el(
            'tbody',
            {},
            ...item.fees.map((f) =>
              el('tr', {}, el('td', {}, f.name), el('td', { class: 'guide-amount' }, f.amountFen === 0 ? '不收费' : `${yuan(f.amountFen)}${f.unit ? ` / ${f.unit}` : ''}`), el('td', {}, f.basis)),
            ),
          ),
        );
  const steps = item.procedure
    .split(/\s*→\s*/)
    .map((s) => s.replace(/[。；;]\s*$/, ''))
    .filter((s) => s !== '');
  return el(
    'article',
    { class: 'pub-card guide-item-detail', 'aria-labelledby': 'guide-item-title' },
    el(
      'div',
      { class: 'guide-detail-head' },
      el('h2', { id: 'guide-item-title' }, item.name),
      el('span', { class: 'pub-badge' }, item.caseTypeLabel),
      item.onlineApplication ? el('a', { class: 'pub-button guide-apply', href: `/apply?item=${encodeURIComponent(item.code)}` }, '网上申报') : null,
    ),
    el(
      'dl',
      { class: 'pub-facts' },
      el('dt', {}, '事项编码'),
      el('dd', {}, item.code),
      el('dt', {}, '实施部门'),
      el('dd', {}, item.department.name),
      el('dt', {}, '办理窗口'),
      el('dd', {}, item.window, item.phone ? `（咨询电话 ${item.phone}）` : ''),
      ...(item.jointDepartments.length > 0 ? [el('dt', {}, '联合审查部门'), el('dd', {}, item.jointDepartments.map((d) => d.name).join('、'))] : []),
      el('dt', {}, '办理结果'),
      el('dd', {}, item.result),
      el('dt', {}, '申请方式'),
      el('dd', {}, item.onlineApplication ? '窗口申请或网上申报' : '到窗口申请（本事项不能网上申报）'),
    ),
    section('一、设定依据', el('p', {}, item.legalBasis)),
    section('二、审批条件', el('ol', {}, ...item.conditions.map((c) => el('li', {}, c)))),
    section('三、申报材料及示范文本', materials, el('p', { class: 'pub-muted' }, '材料不全或不符合要求的，窗口一次性告知需要补正的全部内容。')),
    section('四、办理时限', el('p', { class: 'guide-time' }, item.timeLimit.text, '（不含法定节假日；等待补正材料和特别程序的时间不计入）')),
    section('五、收费标准及依据', fees),
    section('办理流程', el('ol', { class: 'guide-steps' }, ...steps.map((s) => el('li', {}, s)))),
    el('p', { class: 'pub-muted guide-version' }, `第 ${item.version} 版，${formatDate(item.publishedAt)} 发布${item.edition ? `（目录 ${item.edition}）` : ''}`),
  );
}

void load(decodeURIComponent(location.hash.slice(1)) || null);
