import { api, el } from '../shared/api.js';
import { handleUnauthenticated, problemText, showMessage } from '../shared/layout.js';

/** What POST …/verification-code answers: the code when the API hands it to the staff member, and where it was sent. */
interface ReissuedCode {
  verificationCode?: string;
  sentBy: string[];
}

const CHANNEL_LABELS: Record<string, string> = { inapp: '站内消息', sms: '短信', email: '电子邮件' };

export interface CodeReissue {
  /** the API path that issues the new code */
  path: string;
  button: string;
  intro: string;
  /** who gets the code: 申请人, 投诉人 */
  holder: string;
  /** how the staff member passes the code on: 当面, 当面或电话 */
  tell: string;
  /** asked before the old code is voided; without it the button acts at once */
  confirmText?: string;
}

/**
 * A 查询码 re-issue in a task's side panel (window: a case's, complaint office: a complaint's):
 * the holder lost the code or is locked out after wrong codes. The answer is shown as given: the
 * new code only when the API returns it, and the channels it went out on.
 */
export function renderCodeReissue({ path, button: label, intro, holder, tell, confirmText }: CodeReissue): Node[] {
  const messages = el('div', { class: 'cf-code-messages', role: 'status' });
  const button = el('button', { type: 'button', class: 'sh-button sh-button-plain cf-reissue-code' }, label);
  button.addEventListener('click', () => {
    if (confirmText !== undefined && !window.confirm(confirmText)) return;
    button.disabled = true;
    api
      .post<ReissuedCode>(path, {})
      .then((answer) => {
        const channels = answer.sentBy.map((c) => CHANNEL_LABELS[c] ?? c).join('、');
        const told = answer.verificationCode ? `新查询码：${answer.verificationCode}。请${tell}告知${holder}；` : '已重新生成查询码；';
        const sent = channels ? `新查询码已通过${channels}发给${holder}。` : `新查询码未能自动发送，请告知${holder}。`;
        showMessage(messages, 'success', `${told}原查询码已失效，网上查询的暂停已解除，${sent}`);
      })
      .catch((e: unknown) => {
        if (!handleUnauthenticated(e)) showMessage(messages, 'error', problemText(e));
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return [el('h3', {}, '查询码'), el('p', { class: 'sh-muted' }, intro), button, messages];
}
