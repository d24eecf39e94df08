import { api, ApiError, el } from '../shared/api.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';
import { receiptPanel, type ReceiptData } from '../shared/receipt.js';
import { forgetRegistrationKey, registrationKey } from '../shared/registration-key.js';
import '../shared/shared.css';
import './style.css';

/**
 * 收件登记: the window registers a walk-in applicant's case (POST /api/intake/cases): an item its
 * department handles, the applicant, the materials received with originals and copies. The answer
 * is the 收件回执 with the case number and the verification code, shown once and printed; the
 * first task (材料审查) is in the window's inbox by then.
 */

interface IntakeItem {
  code: string;
  name: string;
  caseTypeLabel: string;
  departmentName: string;
  window: string;
  promisedDays: number;
  materials: Array<{ code: string; name: string; required: boolean; form: string | null }>;
}

interface Registration {
  caseNumber: string;
  processInstanceKey: string;
  receipt: ReceiptData;
}

const KEY_SCOPE = 'register';
const KINDS = [
  { value: 'person', label: '自然人' },
  { value: 'company', label: '企业' },
  { value: 'organisation', label: '其他组织' },
];

interface MaterialRow {
  code: string;
  provided: HTMLInputElement;
  originals: HTMLInputElement;
  copies: HTMLInputElement;
  note: HTMLInputElement;
  row: HTMLTableRowElement;
}

const { main, allowed } = await mountLayout('register', '收件登记');
if (allowed) start();

function field(label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLElement {
  input.id ||= `rg-${Math.random().toString(36).slice(2)}`;
  return el('div', { class: 'rg-field' }, el('label', { for: input.id }, label), input, hint ? el('span', { class: 'sh-muted rg-hint' }, hint) : null, el('span', { class: 'rg-error', 'aria-live': 'polite' }));
}

function start(): void {
  let items: IntakeItem[] = [];
  let rows: MaterialRow[] = [];

  // 一、办理事项
  const search = el('input', { type: 'search', id: 'rg-search', placeholder: '事项名称或编码', maxlength: '50' });
  const find = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '查找');
  const itemSelect = el('select', { id: 'rg-item', class: 'sh-select' });
  const itemFacts = el('p', { class: 'sh-muted rg-item-facts' });

  // 二、申请人
  const kindGroup = el('fieldset', { class: 'rg-kinds' }, el('legend', {}, '申请人类型'));
  const kindInputs = KINDS.map((k) => {
    const input = el('input', { type: 'radio', name: 'rg-kind', id: `rg-kind-${k.value}`, value: k.value });
    kindGroup.append(el('label', { for: input.id }, input, k.label));
    return input;
  });
  kindInputs[0].checked = true;
  const name = el('input', { type: 'text', id: 'rg-name', maxlength: '100', autocomplete: 'off' });
  const idNumber = el('input', { type: 'text', id: 'rg-id-number', maxlength: '18', autocomplete: 'off', inputmode: 'text' });
  const creditCode = el('input', { type: 'text', id: 'rg-credit-code', maxlength: '18', autocomplete: 'off' });
  const contact = el('input', { type: 'text', id: 'rg-contact', maxlength: '50', autocomplete: 'off' });
  const phone = el('input', { type: 'tel', id: 'rg-phone', maxlength: '20', autocomplete: 'off' });
  const email = el('input', { type: 'email', id: 'rg-email', maxlength: '100', autocomplete: 'off' });
  const nameField = field('姓名或名称', name);
  const idField = field('居民身份证号码', idNumber, '18位，末位可为X；系统按国家标准校验');
  const creditField = field('统一社会信用代码', creditCode, '18位，见营业执照或登记证书');
  const contactField = field('联系人', contact);
  const phoneField = field('联系电话', phone, '自然人填写本人手机号码');
  const emailField = field('电子邮箱（选填）', email);

  // 三、收取的材料
  const materialsBody = el('tbody', {});
  const materialsTable = el(
    'table',
    { class: 'sh-table rg-materials' },
    el('thead', {}, el('tr', {}, el('th', {}, '收取'), el('th', {}, '材料名称'), el('th', {}, '原件份数'), el('th', {}, '复印件份数'), el('th', {}, '备注'))),
    materialsBody,
  );
  const materialsError = el('p', { class: 'rg-error', 'aria-live': 'polite' });

  const submit = el('button', { type: 'button', class: 'sh-button rg-submit' }, '登记');
  const form = el(
    'div',
    { class: 'rg-form' },
    el(
      'section',
      { class: 'sh-panel', 'aria-labelledby': 'rg-step-item' },
      el('h2', { id: 'rg-step-item' }, '一、办理事项'),
      el('div', { class: 'rg-row' }, field('查找事项', search), find),
      field('办理事项', itemSelect),
      itemFacts,
    ),
    el(
      'section',
      { class: 'sh-panel', 'aria-labelledby': 'rg-step-applicant' },
      el('h2', { id: 'rg-step-applicant' }, '二、申请人'),
      kindGroup,
      el('div', { class: 'rg-grid' }, nameField, idField, creditField, contactField, phoneField, emailField),
    ),
    el('section', { class: 'sh-panel', 'aria-labelledby': 'rg-step-materials' }, el('h2', { id: 'rg-step-materials' }, '三、收取的材料'), materialsTable, materialsError),
    submit,
  );
  const result = el('div', { class: 'rg-result' });
  main.append(el('h1', {}, '收件登记'), el('p', { class: 'sh-muted' }, '核对申请人身份证件，逐项登记收取的材料。登记后打印收件回执交给申请人，回执上的查询码只显示这一次。'), form, result);

  const kind = () => kindInputs.find((i) => i.checked)?.value ?? 'person';
  const showKind = () => {
    const person = kind() === 'person';
    idField.hidden = !person;
    creditField.hidden = person;
    contactField.hidden = person;
  };
  for (const input of kindInputs) input.addEventListener('change', showKind);
  showKind();

  const selected = () => items.find((i) => i.code === itemSelect.value);

  function renderMaterials(): void {
    const item = selected();
    itemFacts.textContent = item ? `${item.caseTypeLabel} · ${item.promisedDays === 0 ? '即办' : `承诺 ${item.promisedDays} 个工作日`} · ${item.departmentName} ${item.window}` : '';
    rows = (item?.materials ?? []).map((m) => {
      const provided = el('input', { type: 'checkbox', id: `rg-m-${m.code}`, 'aria-label': `收取：${m.name}` });
      const count = (label: string, value: string) => el('input', { type: 'number', min: '0', max: '99', step: '1', value, class: 'rg-count', 'aria-label': `${m.name} ${label}` });
      const originals = count('原件份数', '1');
      const copies = count('复印件份数', '0');
      const note = el('input', { type: 'text', maxlength: '200', class: 'rg-note', 'aria-label': `${m.name} 备注` });
      const sync = () => {
        originals.disabled = copies.disabled = !provided.checked;
      };
      provided.addEventListener('change', sync);
      sync();
      const row = el(
        'tr',
        {},
        el('td', {}, provided),
        el('td', {}, el('label', { for: provided.id }, m.name), m.required ? '' : el('span', { class: 'sh-muted' }, '（视情形）'), m.form ? el('div', { class: 'sh-muted' }, m.form) : null),
        el('td', {}, originals),
        el('td', {}, copies),
        el('td', {}, note),
      );
      return { code: m.code, provided, originals, copies, note, row };
    });
    materialsBody.replaceChildren(...rows.map((r) => r.row));
  }

  async function loadItems(): Promise<void> {
    const q = search.value.trim();
    try {
      const answer = await api.get<{ items: IntakeItem[] }>(`/api/intake/items${q ? `?q=${encodeURIComponent(q)}` : ''}`);
      items = answer.items;
      itemSelect.replaceChildren(...items.map((i) => el('option', { value: i.code }, `${i.name}（${i.code}）`)));
      if (items.length === 0) showMessage(main, 'info', q ? `没有找到“${q}”：本窗口只能登记本部门受理的事项` : '本窗口没有可登记的事项');
      renderMaterials();
    } catch (error) {
      if (!handleUnauthenticated(error)) showMessage(main, 'error', problemText(error));
    }
  }

  itemSelect.addEventListener('change', renderMaterials);
  find.addEventListener('click', () => void loadItems());
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void loadItems();
  });

  const fieldsByName: Record<string, HTMLElement> = {
    itemCode: itemSelect,
    'applicant.name': name,
    'applicant.idNumber': idNumber,
    'applicant.creditCode': creditCode,
    'applicant.contact': contact,
    'applicant.phone': phone,
    'applicant.email': email,
  };

  function clearErrors(): void {
    for (const node of form.querySelectorAll('.rg-error')) node.textContent = '';
    for (const node of form.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
  }

  function showFieldErrors(errors: Array<{ field: string; message: string }>): void {
    for (const e of errors) {
      const material = /^materials\.(\d+)\.(\w+)$/.exec(e.field);
      const input = material ? rows[Number(material[1])]?.provided : fieldsByName[e.field];
      if (input) {
        input.setAttribute('aria-invalid', 'true');
        const holder = input.closest('.rg-field')?.querySelector('.rg-error');
        if (holder) holder.textContent = e.message;
      }
      if (material) materialsError.textContent = [materialsError.textContent, e.message].filter(Boolean).join('；');
    }
  }

  function body() {
    const person = kind() === 'person';
    const text = (input: HTMLInputElement) => input.value.trim();
    return {
      registrationKey: registrationKey(KEY_SCOPE),
      itemCode: itemSelect.value,
      applicant: {
        kind: kind(),
        name: text(name),
        ...(person ? { idNumber: text(idNumber).toUpperCase() } : { creditCode: text(creditCode).toUpperCase(), contact: text(contact) }),
        phone: text(phone),
        ...(text(email) ? { email: text(email) } : {}),
      },
      // every material of the item, so the record also shows what was not handed in
      materials: rows.map((r) =>
        r.provided.checked
          ? { code: r.code, provided: true, originals: Number(r.originals.value || 0), copies: Number(r.copies.value || 0), ...(r.note.value.trim() ? { note: r.note.value.trim() } : {}) }
          : { code: r.code, provided: false, ...(r.note.value.trim() ? { note: r.note.value.trim() } : {}) },
      ),
    };
  }

  submit.addEventListener('click', () => {
    if (submit.disabled) return;
    if (!itemSelect.value) {
      showMessage(main, 'error', '请先选择办理事项');
      return;
    }
    clearErrors();
    submit.disabled = true;
    submit.textContent = '正在登记…';
    api
      .post<Registration>('/api/intake/cases', body())
      .then((answer) => {
        forgetRegistrationKey(KEY_SCOPE);
        form.hidden = true;
        main.querySelector(':scope > .sh-message')?.remove();
        result.replaceChildren(
          el(
            'div',
            { class: 'sh-message sh-message-success', role: 'status' },
            `登记成功：办件编号 ${answer.caseNumber}。查询码只显示这一次，请打印收件回执交给申请人。`,
          ),
          receiptPanel(answer.receipt),
          el('div', { class: 'rg-after' }, el('a', { class: 'sh-button', href: '/inbox' }, '到待办事项办理'), nextButton()),
        );
        result.scrollIntoView({ block: 'start' });
      })
      .catch((error: unknown) => {
        submit.disabled = false;
        submit.textContent = '登记';
        if (handleUnauthenticated(error)) return;
        // the key was taken by another application: this one gets its own
        if (error instanceof ApiError && error.problem.status === 409) forgetRegistrationKey(KEY_SCOPE);
        if (error instanceof ApiError && error.problem.errors) showFieldErrors(error.problem.errors);
        showMessage(main, 'error', problemText(error));
      });
  });

  function nextButton(): HTMLButtonElement {
    const next = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '登记下一件');
    next.addEventListener('click', () => location.reload());
    return next;
  }

  void loadItems();
}
