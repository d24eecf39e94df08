import { el } from '../shared/api.js';
import { catalogueDepartments } from '../shared/departments.js';
import { CASE_TYPE_LABELS } from '../shared/format.js';
import type { Fee, Item, Material } from './types.js';

/**
 * The form an administrator edits an item's draft in: every field of the five disclosures, the
 * materials and fees as rows, each field with a place under it for its error. Errors are keyed by
 * the JSON Pointer the API names (item.materials.1.name → /materials/1/name); the form reads
 * itself back into an item, or into the errors it can see before asking (a figure that is no number).
 */

export interface ItemForm {
  root: HTMLElement;
  /** the item as filled in, or the fields whose figures cannot be read */
  read(): { item: Item } | { errors: Array<{ path: string; message: string }> };
  /** puts each message under its field; answers the messages that found no field */
  showErrors(errors: Array<{ path: string; message: string }>): string[];
  clearErrors(): void;
  /** called on every edit */
  onInput(listener: () => void): void;
}

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

let nextId = 0;
const fieldId = () => `cat-f${(nextId += 1)}`;

/** A labelled field with its error slot, marked with the pointer the API's errors use. */
function labelled(label: string, path: string, input: Field, wide = false): HTMLElement {
  input.id ||= fieldId();
  input.dataset.path = path;
  return el(
    'div',
    { class: wide ? 'cat-field cat-wide' : 'cat-field', 'data-path': path },
    el('label', { for: input.id }, label),
    input,
    el('div', { class: 'cat-error', 'data-error-for': path, role: 'alert' }),
  );
}

const text = (value = '', attrs: Record<string, string> = {}) => {
  const input = el('input', { type: 'text', class: 'sh-input', ...attrs });
  input.value = value;
  return input;
};
const area = (value = '', rows = 3) => {
  const input = el('textarea', { class: 'sh-input', rows: String(rows) });
  input.value = value;
  return input;
};
const checkbox = (checked: boolean) => {
  const input = el('input', { type: 'checkbox' });
  input.checked = checked;
  return input;
};
function select(options: Array<[string, string]>, value: string): HTMLSelectElement {
  const input = el('select', { class: 'sh-select' }, ...options.map(([v, label]) => el('option', { value: v }, label)));
  input.value = value;
  return input;
}

/** 8000 → 80.00 */
const yuanText = (fen: number) => (fen / 100).toFixed(2);
/** '80' or '80.5' → 8000, 8050; null for anything else */
function fenOf(text: string): number | null {
  const t = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Math.round(Number(t) * 100);
}
function daysOf(text: string): number | null {
  const t = text.trim();
  return /^\d{1,3}$/.test(t) ? Number(t) : null;
}
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());

export function createItemForm(item: Item): ItemForm {
  const departments = catalogueDepartments();
  const deptOptions: Array<[string, string]> = departments.map((d) => [d.code, d.name]);
  const listeners: Array<() => void> = [];

  const name = text(item.name);
  const departmentCode = select(deptOptions, item.departmentCode);
  const caseType = select(
    Object.entries(CASE_TYPE_LABELS).map(([k, v]) => [k, v]),
    item.caseType,
  );
  const statutoryDays = text(String(item.statutoryDays), { inputmode: 'numeric', size: '4' });
  const promisedDays = text(String(item.promisedDays), { inputmode: 'numeric', size: '4' });
  const legalBasis = area(item.legalBasis);
  const conditions = area(item.conditions.join('\n'), 5);
  const procedure = area(item.procedure);
  const result = text(item.result);
  const windowPlace = text(item.window);
  const phone = text(item.phone ?? '');
  const onlineApplication = checkbox(item.onlineApplication === true);
  onlineApplication.id = fieldId();
  const siteInspection = checkbox(item.siteInspection === true);
  siteInspection.id = fieldId();
  const joint = departments.map((d) => {
    const box = checkbox(item.jointDepartmentCodes?.includes(d.code) === true);
    box.id = fieldId();
    box.value = d.code;
    return { code: d.code, box, label: el('label', { class: 'cat-check' }, box, ` ${d.name}`) };
  });

  const materialRows = el('tbody', {});
  const feeRows = el('tbody', {});

  /** A row of the materials or fees table: each cell's input at /<field>/<index>/<member>, with its error slot. */
  function tableRow(field: 'materials' | 'fees', word: string, index: number, cells: Array<[member: string, input: Field, label: string]>): HTMLTableRowElement {
    const at = `/${field}/${index}`;
    const remove = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small' }, '删除');
    const row = el(
      'tr',
      {},
      ...cells.map(([member, input, label]) => {
        input.dataset.path = `${at}/${member}`;
        input.setAttribute('aria-label', `${word} ${index + 1} ${label}`);
        return el('td', {}, input, el('div', { class: 'cat-error', 'data-error-for': `${at}/${member}`, role: 'alert' }));
      }),
      el('td', {}, remove),
    );
    remove.addEventListener('click', () => {
      row.remove();
      renumber();
      changed();
    });
    return row;
  }

  const materialRow = (m: Material, index: number) =>
    tableRow('materials', '材料', index, [
      ['code', text(m.code, { size: '10' }), '编码'],
      ['name', text(m.name), '名称'],
      ['required', checkbox(m.required), '必需'],
      ['form', text(m.form ?? '', { placeholder: '如 原件1份', size: '14' }), '原件/复印件及份数'],
      ['sample', text(m.sample ?? ''), '示范文本'],
      ['departmentCode', select([['', '—'], ...deptOptions], m.departmentCode ?? ''), '审查部门'],
    ]);

  const feeRow = (f: Fee, index: number) =>
    tableRow('fees', '收费', index, [
      ['code', text(f.code, { size: '8' }), '编码'],
      ['name', text(f.name), '收费项目'],
      ['amountFen', text(yuanText(f.amountFen), { inputmode: 'decimal', size: '8' }), '金额（元）'],
      ['unit', text(f.unit ?? '', { size: '4' }), '计费单位'],
      ['basis', area(f.basis, 2), '收费依据'],
    ]);

  /** After a row goes, the rows' pointers and labels follow their new places. */
  function renumber(): void {
    for (const [body, field, word] of [
      [materialRows, 'materials', '材料'],
      [feeRows, 'fees', '收费'],
    ] as const) {
      [...body.rows].forEach((row, index) => {
        for (const node of row.querySelectorAll<HTMLElement>('[data-path], [data-error-for]')) {
          for (const attr of ['data-path', 'data-error-for']) {
            const value = node.getAttribute(attr);
            if (value) node.setAttribute(attr, value.replace(new RegExp(`^/${field}/\\d+`), `/${field}/${index}`));
          }
          const label = node.getAttribute('aria-label');
          if (label) node.setAttribute('aria-label', label.replace(new RegExp(`^${word} \\d+`), `${word} ${index + 1}`));
        }
      });
    }
  }

  item.materials.forEach((m, i) => materialRows.append(materialRow(m, i)));
  item.fees.forEach((f, i) => feeRows.append(feeRow(f, i)));
  const addMaterial = el('button', { type: 'button', class: 'sh-button sh-button-small' }, '添加材料');
  addMaterial.addEventListener('click', () => {
    materialRows.append(materialRow({ code: '', name: '', required: true }, materialRows.rows.length));
    changed();
  });
  const addFee = el('button', { type: 'button', class: 'sh-button sh-button-small' }, '添加收费');
  addFee.addEventListener('click', () => {
    feeRows.append(feeRow({ code: '', name: '', amountFen: 0, basis: '' }, feeRows.rows.length));
    changed();
  });

  const errorSlot = (path: string) => el('div', { class: 'cat-error', 'data-error-for': path, role: 'alert' });
  const root = el(
    'form',
    { class: 'cat-form', id: 'cat-form', novalidate: '' },
    el(
      'fieldset',
      { class: 'cat-grid' },
      el('legend', {}, '基本信息'),
      labelled('事项名称', '/name', name, true),
      labelled('实施部门', '/departmentCode', departmentCode),
      labelled('办件类型', '/caseType', caseType),
      labelled('法定时限（工作日）', '/statutoryDays', statutoryDays),
      labelled('承诺时限（工作日）', '/promisedDays', promisedDays),
      labelled('办理窗口', '/window', windowPlace),
      labelled('咨询电话', '/phone', phone),
      el(
        'div',
        { class: 'cat-field', 'data-path': '/onlineApplication' },
        el('label', { class: 'cat-check', for: onlineApplication.id }, onlineApplication, ' 可网上申报'),
        el('label', { class: 'cat-check', for: siteInspection.id }, siteInspection, ' 含现场踏勘（联办件）'),
      ),
      el(
        'div',
        { class: 'cat-field cat-wide', 'data-path': '/jointDepartmentCodes' },
        el('span', { class: 'cat-legend' }, '联办部门（仅联办件，含牵头部门）'),
        el('div', { class: 'cat-joint', role: 'group', 'aria-label': '联办部门' }, ...joint.map((j) => j.label)),
        errorSlot('/jointDepartmentCodes'),
      ),
    ),
    el(
      'fieldset',
      { class: 'cat-grid' },
      el('legend', {}, '设定依据、条件、流程与结果'),
      labelled('设定依据', '/legalBasis', legalBasis, true),
      labelled('受理条件（每行一条）', '/conditions', conditions, true),
      labelled('办理流程', '/procedure', procedure, true),
      labelled('办理结果', '/result', result, true),
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, '申请材料'),
      errorSlot('/materials'),
      el(
        'table',
        { class: 'sh-table cat-rows', id: 'cat-materials' },
        el('thead', {}, el('tr', {}, ...['编码', '名称', '必需', '原件/复印件及份数', '示范文本', '审查部门（联办）', ''].map((h) => el('th', {}, h)))),
        materialRows,
      ),
      addMaterial,
    ),
    el(
      'fieldset',
      {},
      el('legend', {}, '收费标准及依据'),
      errorSlot('/fees'),
      el(
        'table',
        { class: 'sh-table cat-rows', id: 'cat-fees' },
        el('thead', {}, el('tr', {}, ...['编码', '收费项目', '金额（元）', '计费单位', '收费依据', ''].map((h) => el('th', {}, h)))),
        feeRows,
      ),
      addFee,
    ),
  );

  function changed(): void {
    for (const listener of listeners) listener();
  }
  root.addEventListener('input', changed);
  root.addEventListener('change', changed);

  const value = (row: HTMLTableRowElement, member: string): Field => row.querySelector<Field>(`[data-path$="/${member}"]`)!;

  function read(): ReturnType<ItemForm['read']> {
    const errors: Array<{ path: string; message: string }> = [];
    const days = (input: HTMLInputElement, path: string, label: string) => {
      const n = daysOf(input.value);
      if (n === null) errors.push({ path, message: `${label}应为 0 至 365 之间的整数（工作日）` });
      return n ?? 0;
    };
    const materials = [...materialRows.rows].map((row): Material => {
      const m: Material = { code: value(row, 'code').value.trim(), name: value(row, 'name').value.trim(), required: (value(row, 'required') as HTMLInputElement).checked };
      const form = optional(value(row, 'form').value);
      const sample = optional(value(row, 'sample').value);
      const dept = optional(value(row, 'departmentCode').value);
      return { ...m, ...(form ? { form } : {}), ...(sample ? { sample } : {}), ...(dept ? { departmentCode: dept } : {}) };
    });
    const fees = [...feeRows.rows].map((row, index): Fee => {
      const fen = fenOf(value(row, 'amountFen').value);
      if (fen === null) errors.push({ path: `/fees/${index}/amountFen`, message: '金额应为元，最多两位小数，如 80 或 80.00；不收费填 0' });
      const unit = optional(value(row, 'unit').value);
      return { code: value(row, 'code').value.trim(), name: value(row, 'name').value.trim(), amountFen: fen ?? 0, ...(unit ? { unit } : {}), basis: value(row, 'basis').value.trim() };
    });
    const jointCodes = joint.filter((j) => j.box.checked).map((j) => j.code);
    const filled: Item = {
      code: item.code,
      name: name.value.trim(),
      departmentCode: departmentCode.value,
      caseType: caseType.value as Item['caseType'],
      legalBasis: legalBasis.value.trim(),
      conditions: conditions.value
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      materials,
      procedure: procedure.value.trim(),
      statutoryDays: days(statutoryDays, '/statutoryDays', '法定时限'),
      promisedDays: days(promisedDays, '/promisedDays', '承诺时限'),
      fees,
      result: result.value.trim(),
      ...(jointCodes.length > 0 ? { jointDepartmentCodes: jointCodes } : {}),
      ...(siteInspection.checked ? { siteInspection: true } : {}),
      ...(onlineApplication.checked ? { onlineApplication: true } : {}),
      window: windowPlace.value.trim(),
      ...(optional(phone.value) ? { phone: phone.value.trim() } : {}),
    };
    return errors.length > 0 ? { errors } : { item: filled };
  }

  function clearErrors(): void {
    for (const slot of root.querySelectorAll<HTMLElement>('.cat-error')) slot.textContent = '';
    for (const field of root.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
  }

  function showErrors(errors: Array<{ path: string; message: string }>): string[] {
    clearErrors();
    const unplaced: string[] = [];
    for (const { path, message } of errors) {
      // a joint department's own entry (/jointDepartmentCodes/1) is shown with the group
      const slot = root.querySelector<HTMLElement>(`[data-error-for="${path}"]`) ?? root.querySelector<HTMLElement>(`[data-error-for="${path.replace(/\/\d+$/, '')}"]`);
      if (!slot) {
        unplaced.push(message);
        continue;
      }
      slot.textContent = slot.textContent ? `${slot.textContent}；${message}` : message;
      root.querySelector(`[data-path="${path}"]:is(input, select, textarea)`)?.setAttribute('aria-invalid', 'true');
    }
    root.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    return unplaced;
  }

  return { root, read, showErrors, clearErrors, onInput: (listener) => listeners.push(listener) };
}
