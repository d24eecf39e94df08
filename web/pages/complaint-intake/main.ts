import { loadFormViewer } from '../inbox/form-loader.js';
import { formErrorsOf } from '../inbox/form-support.js';
import { api, ApiError, el } from '../shared/api.js';
import { renderComplaintReceipt, type ComplaintReceipt } from '../shared/complaint-receipt.js';
import { handleUnauthenticated, mountLayout, problemText, showMessage } from '../shared/layout.js';
import { newSubmissionKey } from '../shared/submission-key.js';
import '../shared/shared.css';
import './style.css';

/**
 * 投诉登记 at the complaint office: a complaint made orally, by phone or in writing is entered
 * on the office's own registration form (GET /api/public/forms/complaint-registration, the
 * definition the API checks against), registered through POST /api/complaints, and answered
 * with the 投诉受理回执 to print and hand over. The next steps (投诉分流 …) reach the office's
 * inbox from the complaint process.
 */

interface FormComponent {
  type: string;
  key?: string;
  values?: Array<{ label: string; value: string }>;
  components?: FormComponent[];
  [other: string]: unknown;
}
interface FormSchema {
  id: string;
  components: FormComponent[];
  [other: string]: unknown;
}

/** online complaints are the complainant's own, on /complaint */
const OFFICE_CHANNELS = new Set(['oral', 'phone', 'written']);

/** The registration form as the office fills it in: the channels a complaint comes in on at the center. */
function officeSchema(schema: FormSchema): FormSchema {
  const adapt = (components: FormComponent[]): FormComponent[] =>
    components.map((c) => ({
      ...c,
      ...(c.key === 'complaintChannel' && c.values ? { values: c.values.filter((v) => OFFICE_CHANNELS.has(v.value)) } : {}),
      ...(c.components ? { components: adapt(c.components) } : {}),
    }));
  return { ...schema, components: adapt(schema.components) };
}

async function start(): Promise<void> {
  // form-js downloads while the page signs in and fetches the form
  const viewer = loadFormViewer();
  viewer.catch(() => {}); // said below, once the page has a place for it
  const { main, allowed } = await mountLayout('complaint-intake', '投诉登记');
  if (!allowed) return;
  main.append(el('h1', {}, '投诉登记'));
  const panel = el('section', { class: 'sh-panel intake-panel', 'aria-label': '投诉登记表' });
  const receipt = el('div', {});
  main.append(panel, receipt);

  let schema: FormSchema;
  try {
    const [shown] = await Promise.all([api.get<FormSchema>('/api/public/forms/complaint-registration'), viewer]);
    schema = officeSchema(shown);
  } catch (error) {
    if (handleUnauthenticated(error)) return;
    showMessage(panel, 'error', `投诉登记表暂时无法打开：${problemText(error)}`);
    return;
  }

  const container = el('div', { class: 'intake-form', id: 'complaint-form' });
  const findings = el('div', { class: 'intake-findings', 'aria-live': 'assertive' });
  const send = el('button', { type: 'button', class: 'sh-button' }, '登记');
  const next = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '登记下一件投诉');
  next.hidden = true;
  next.addEventListener('click', () => location.reload());
  panel.append(container, findings, el('div', { class: 'intake-actions' }, send, next));

  const { form } = (await viewer).createHallForm(container);
  await form.importSchema(schema, {});
  form.on('changed', (event: { errors?: Record<string, unknown> }) => {
    if (Object.keys(event.errors ?? {}).length === 0) findings.replaceChildren();
  });

  // one key for this filled-in form: a double click or a retry registers one complaint
  const submissionKey = newSubmissionKey();
  send.addEventListener('click', () => {
    const submitted = form.submit();
    if (Object.keys(submitted.errors).length > 0) {
      showMessage(findings, 'error', '请按提示修改标红的内容后再登记');
      return;
    }
    send.disabled = true;
    findings.replaceChildren();
    api
      .post<ComplaintReceipt>('/api/complaints', { ...submitted.data, submissionKey })
      .then((answer) => {
        form.setProperty('readOnly', true);
        send.hidden = true;
        next.hidden = false;
        receipt.replaceChildren(renderComplaintReceipt(answer));
        receipt.scrollIntoView({ behavior: 'smooth', block: 'start' });
      })
      .catch((error: unknown) => {
        send.disabled = false;
        if (handleUnauthenticated(error)) return;
        // registered, its process not yet started: only a retry of this very complaint is left
        if (error instanceof ApiError && error.problem.status === 503) form.setProperty('readOnly', true);
        if (error instanceof ApiError && error.problem.errors) form._setState({ errors: formErrorsOf(schema, error.problem.errors) });
        showMessage(findings, 'error', problemText(error));
      });
  });
}

void start();
