// the form-js viewer the inbox's task forms use: messages in Chinese, API field errors on their fields
import { loadFormViewer } from '../inbox/form-loader.js';
import { formErrorsOf } from '../inbox/form-support.js';
import { api, ApiError, el, type Problem } from '../shared/api.js';
import { renderComplaintReceipt, type ComplaintReceipt } from '../shared/complaint-receipt.js';
import { mountPublicLayout, notice } from '../shared/public-layout.js';
import { newSubmissionKey } from '../shared/submission-key.js';
import './style.css';

/**
 * 网上投诉: the complaint office's own registration form (forms/complaint-registration.form, read
 * from GET /api/public/forms/complaint-registration — the definition the API validates against),
 * shown with the form-js viewer. The API records the channel as online (online counts as written,
 * 第三条), so the page leaves that field and the office's intake note out. The answer is the
 * 投诉受理回执: the complaint number and its verification code, shown once, to print or note down.
 */

interface FormComponent {
  id?: string;
  type: string;
  key?: string;
  path?: string;
  label?: string;
  description?: string;
  components?: FormComponent[];
  [other: string]: unknown;
}
interface FormSchema {
  id: string;
  components: FormComponent[];
  [other: string]: unknown;
}

/** what the office's form has for its clerks and the public page does not show */
const OFFICE_ONLY = new Set(['complaintChannel']);
const OFFICE_TEXT = 'Text_complaint';
/** the office's wording, said to the person writing it */
const PUBLIC_DESCRIPTIONS: Record<string, string> = {
  complaintContent: '请写明事情经过（时间、窗口、经办人）和您的诉求，10 字以上',
  relatedCaseNumber: '如投诉与某一办件有关，请填写办件编号',
  targetWindow: '如 县公安局（户政）或 一楼 A区 7号窗口',
};

const main = mountPublicLayout('complaint');
const params = new URLSearchParams(location.search);

const container = el('div', { class: 'complaint-form', id: 'complaint-form' });
const errors = el('div', { 'aria-live': 'assertive' });
const send = el('button', { type: 'button', class: 'complaint-submit' }, '提交投诉');
const formCard = el('section', { class: 'pub-card', 'aria-labelledby': 'complaint-form-title' }, el('h2', { id: 'complaint-form-title' }, '投诉登记'), container, errors, send);
const receipt = el('div', { 'aria-live': 'polite' });

main.append(
  el('h1', {}, '网上投诉'),
  el('p', { class: 'pub-lead' }, '对窗口工作人员的服务、办事、收费或廉洁问题，可以在这里投诉。网上投诉视同书面投诉，中心投诉处登记后 5 个工作日内答复；不能按期答复的，会告知原因。'),
  el(
    'details',
    { class: 'pub-card complaint-scope' },
    el('summary', {}, '受理范围（投诉处理办法第二条）'),
    el(
      'ul',
      {},
      el('li', {}, '不热情服务：态度粗暴，不能解答咨询，未一次性告知所需材料，差错不改正'),
      el('li', {}, '不按办事规则办事：材料齐全不受理，即办件按承诺件办，承诺件超时，随意退件'),
      el('li', {}, '不按规定收费：超标准收费、搭车收费、不开正式票据、擅自减免缓'),
      el('li', {}, '不廉洁：不给好处不办事，吃拿卡要'),
      el('li', {}, '其它：对处理事项有异议，其他不满意的人和事'),
    ),
    el('p', { class: 'pub-muted' }, '涉及事项较大的投诉请写明详细经过；也可到中心投诉处当面投诉。'),
  ),
  formCard,
  receipt,
  el('p', { class: 'pub-muted' }, '已投诉？凭投诉编号和受理回执上的查询码', el('a', { href: '/lookup' }, '查询处理进度和答复'), '。'),
);

/** The office's form as the public fills it in: no channel field, no note to the clerk. */
function publicSchema(schema: FormSchema): FormSchema {
  const adapt = (components: FormComponent[]): FormComponent[] =>
    components
      .filter((c) => c.id !== OFFICE_TEXT && !(c.key !== undefined && OFFICE_ONLY.has(c.key)))
      .map((c) => ({
        ...c,
        ...(c.key !== undefined && PUBLIC_DESCRIPTIONS[c.key] ? { description: PUBLIC_DESCRIPTIONS[c.key] } : {}),
        ...(c.components ? { components: adapt(c.components) } : {}),
      }));
  return { ...schema, components: adapt(schema.components) };
}

/** 'complainant.phone' → 投诉人 / 联系电话, for the server's findings */
function labelOf(schema: FormSchema, field: string): string {
  const walk = (components: FormComponent[], prefix: string[], labels: string[]): string | undefined => {
    for (const c of components) {
      if (c.components) {
        const found = walk(c.components, c.path ? [...prefix, ...c.path.split('.')] : prefix, c.label ? [...labels, c.label] : labels);
        if (found) return found;
      } else if (c.key !== undefined && [...prefix, c.key].join('.') === field) {
        return [...labels, c.label ?? c.key].join(' / ');
      }
    }
    return undefined;
  };
  return walk(schema.components, [], []) ?? field;
}

async function start(): Promise<void> {
  // form-js downloads while the form is fetched
  const viewer = loadFormViewer();
  let schema: FormSchema;
  try {
    [schema] = await Promise.all([api.get<FormSchema>('/api/public/forms/complaint-registration'), viewer]);
  } catch {
    formCard.replaceChildren(notice('error', '投诉表单暂时无法打开，请稍后再试，或到中心投诉处当面投诉'));
    return;
  }
  const shown = publicSchema(schema);
  const { form } = (await viewer).createHallForm(container);
  const related = params.get('case');
  await form.importSchema(shown, related && /^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$/.test(related) ? { relatedCaseNumber: related } : {});
  // the reminder goes once every field is right again
  form.on('changed', (event: { errors?: Record<string, unknown> }) => {
    if (Object.keys(event.errors ?? {}).length === 0) errors.replaceChildren();
  });

  // one key for this filled-in form: a repeat or a retry registers one complaint
  const submissionKey = newSubmissionKey();
  send.addEventListener('click', () => {
    const submitted = form.submit();
    if (Object.keys(submitted.errors).length > 0) {
      errors.replaceChildren(notice('error', '请按提示修改标红的内容后再提交'));
      return;
    }
    send.disabled = true;
    errors.replaceChildren();
    api
      .post<ComplaintReceipt>('/api/public/complaints', { ...submitted.data, submissionKey })
      .then((answer) => {
        form.setProperty('readOnly', true);
        send.hidden = true;
        receipt.replaceChildren(renderComplaintReceipt(answer));
        receipt.scrollIntoView({ behavior: 'smooth', block: 'start' });
      })
      .catch((error: unknown) => {
        send.disabled = false;
        // registered, its process not yet started: only a retry of this very complaint is left
        if (error instanceof ApiError && error.problem.status === 503) form.setProperty('readOnly', true);
        // the server's findings on the fields they name, and listed under the form
        if (error instanceof ApiError && error.problem.errors) form._setState({ errors: formErrorsOf(shown, error.problem.errors) });
        errors.replaceChildren(renderProblem(schema, error));
      });
  });
}

function renderProblem(schema: FormSchema, error: unknown): HTMLElement {
  if (!(error instanceof ApiError)) return notice('error', '投诉暂时无法提交，请稍后再试，或到中心投诉处当面投诉');
  const problem: Problem = error.problem;
  const findings = problem.errors ?? [];
  if (findings.length === 0) return notice('error', error.message);
  return el(
    'div',
    { class: 'pub-notice pub-notice-error', role: 'alert' },
    '投诉未能提交，请修改：',
    el('ul', {}, ...findings.map((f) => el('li', {}, `${labelOf(schema, f.field)}：${f.message}`))),
  );
}

void start();
