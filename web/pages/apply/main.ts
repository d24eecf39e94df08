// the form-js viewer the inbox's task forms use: messages in Chinese, API field errors on their fields
import { loadFormViewer } from '../inbox/form-loader.js';
import { formErrorsOf } from '../inbox/form-support.js';
import { api, ApiError, el } from '../shared/api.js';
import { mountPublicLayout, notice } from '../shared/public-layout.js';
import { receiptPanel, type ReceiptData } from '../shared/receipt.js';
import { forgetRegistrationKey, registrationKey } from '../shared/registration-key.js';
import './style.css';

/**
 * 网上申报 (/apply?item=CODE): the item's intake form (forms/application-intake.form, from GET
 * /api/public/applications/form — the definition the API validates against) shown with form-js.
 * The applicant gives their identity and declares the materials they have; the answer is the
 * 收件回执 with the case number and the verification code, shown once, to print or keep.
 */

interface FormComponent {
  id?: string;
  type: string;
  key?: string;
  label?: string;
  text?: string;
  description?: string;
  components?: FormComponent[];
  [other: string]: unknown;
}
interface FormSchema {
  id: string;
  components: FormComponent[];
  [other: string]: unknown;
}
interface ApplicationForm {
  item: { code: string; name: string; caseTypeLabel: string; departmentName: string; window: string; promisedDays: number; phone: string | null };
  form: FormSchema;
  data: Record<string, unknown>;
}
interface Registration {
  caseNumber: string;
  receipt: ReceiptData;
}

/** The window's wording, said to the applicant instead. */
const PUBLIC_TEXT: Record<string, Partial<FormComponent>> = {
  Text_intake: { text: '## 申请信息\n\n请如实填写申请人信息，并逐项勾选您已备齐的申请材料。提交后，窗口工作人员将审查材料；需要补正的，会一次性告知。' },
  List_materials: { label: '申请材料（请勾选已备齐的材料）' },
  Field_provided: { label: '已备齐' },
  Field_note: { label: '说明（选填）' },
};

const main = mountPublicLayout('guide');
const itemCode = new URLSearchParams(location.search).get('item') ?? '';

const container = el('div', { class: 'apply-form', id: 'apply-form' });
const errors = el('div', { 'aria-live': 'assertive' });
const send = el('button', { type: 'button', class: 'apply-submit' }, '提交申报');
const result = el('div', { 'aria-live': 'polite' });

function publicSchema(schema: FormSchema): FormSchema {
  const adapt = (components: FormComponent[]): FormComponent[] =>
    components.map((c) => ({ ...c, ...(c.id ? PUBLIC_TEXT[c.id] : {}), ...(c.components ? { components: adapt(c.components) } : {}) }));
  return { ...schema, components: adapt(schema.components) };
}

async function start(): Promise<void> {
  // form-js downloads while the form is fetched
  const viewer = loadFormViewer();
  let answer: ApplicationForm;
  try {
    [answer] = await Promise.all([api.get<ApplicationForm>(`/api/public/applications/form?item=${encodeURIComponent(itemCode)}`), viewer]);
  } catch (error) {
    main.append(
      el('h1', {}, '网上申报'),
      notice('error', error instanceof ApiError ? error.message : '申报表暂时无法打开，请稍后再试'),
      el('p', {}, el('a', { href: '/guide' }, '返回办事指南')),
    );
    return;
  }
  const { item } = answer;
  const scope = `apply:${item.code}`;
  main.append(
    el('h1', {}, `网上申报：${item.name}`),
    el(
      'p',
      { class: 'pub-lead' },
      `${item.departmentName}受理（${item.window}），${item.caseTypeLabel}，${item.promisedDays === 0 ? '材料齐全的当场办结' : `承诺 ${item.promisedDays} 个工作日内办结`}。`,
      el('a', { href: `/guide#${encodeURIComponent(item.code)}` }, '查看办事指南'),
    ),
    el('section', { class: 'pub-card', 'aria-labelledby': 'apply-form-title' }, el('h2', { id: 'apply-form-title' }, '申请表'), container, errors, send),
    result,
  );

  const shown = publicSchema(answer.form);
  const { form } = (await viewer).createHallForm(container);
  await form.importSchema(shown, answer.data);
  form.on('changed', (event: { errors?: Record<string, unknown> }) => {
    if (Object.keys(event.errors ?? {}).length === 0) errors.replaceChildren();
  });

  send.addEventListener('click', () => {
    if (send.disabled) return;
    const submitted = form.submit();
    if (Object.keys(submitted.errors).length > 0) {
      errors.replaceChildren(notice('error', '请按提示修改标红的内容后再提交'));
      return;
    }
    send.disabled = true;
    send.textContent = '正在提交…';
    errors.replaceChildren();
    api
      .post<Registration>('/api/public/applications', { registrationKey: registrationKey(scope), ...submitted.data })
      .then((registered) => {
        forgetRegistrationKey(scope);
        form.setProperty('readOnly', true);
        send.hidden = true;
        result.replaceChildren(
          el(
            'section',
            { class: 'pub-card apply-done', 'aria-labelledby': 'apply-done-title' },
            el('h2', { id: 'apply-done-title' }, '申报已提交'),
            el('p', {}, '办件编号：', el('strong', { class: 'apply-number' }, registered.caseNumber)),
            el('p', {}, '查询码只在本页显示这一次，请打印或抄下收件回执，凭办件编号和查询码查询办理进度。'),
            receiptPanel(registered.receipt),
            el('a', { class: 'pub-button', href: '/lookup' }, '到办件查询'),
          ),
        );
        result.scrollIntoView({ behavior: 'smooth', block: 'start' });
      })
      .catch((error: unknown) => {
        send.disabled = false;
        send.textContent = '提交申报';
        if (error instanceof ApiError && error.problem.status === 409) forgetRegistrationKey(scope);
        if (error instanceof ApiError && error.problem.errors) form._setState({ errors: formErrorsOf(shown, error.problem.errors) });
        errors.replaceChildren(renderProblem(error));
      });
  });
}

function renderProblem(error: unknown): HTMLElement {
  if (!(error instanceof ApiError)) return notice('error', '申报暂时无法提交，请稍后再试（不会重复申报），或到中心窗口办理');
  const findings = error.problem.errors ?? [];
  if (findings.length === 0) return notice('error', error.message);
  return el('div', { class: 'pub-notice pub-notice-error', role: 'alert' }, '申报未能提交，请修改：', el('ul', {}, ...findings.map((f) => el('li', {}, f.message))));
}

void start();
