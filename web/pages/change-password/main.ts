import '../shared/shared.css';
import '../shared/sign-in.css';
import { api, ApiError, el, session, type SessionInfo } from '../shared/api.js';
import { CENTER_NAME, homeOf, logoutButton, problemText, toLogin } from '../shared/layout.js';
import { nextOfLocation } from '../shared/next.js';

/**
 * 设置新密码: where the log-in sends an account whose password an administrator set (a new
 * account, a reset), and where anyone may change their own. The current password is the
 * temporary one from the administrator; the API checks the new one (length, letters and digits,
 * not the username) and says why in Chinese. Afterwards the user goes on to the page they asked
 * for, or their home page (the inbox for a clerk).
 */

const RULES = '至少 8 位，须同时包含字母和数字，不能包含用户名，不能与当前密码相同。';

async function main(): Promise<void> {
  document.documentElement.lang = 'zh-CN';
  const info = await session();
  if (!info.authenticated || !info.user) return toLogin();
  const user = info.user;
  const forced = info.mustChangePassword === true;

  const field = (id: string, label: string, autocomplete: string) => {
    const input = el('input', { id, name: id, type: 'password', class: 'sh-input', autocomplete, required: '', maxlength: '256' });
    return { label: el('label', { for: id }, label), input };
  };
  const current = field('current-password', forced ? '临时密码' : '当前密码', 'current-password');
  const fresh = field('new-password', '新密码', 'new-password');
  const again = field('new-password-again', '再次输入新密码', 'new-password');
  const submit = el('button', { type: 'submit', class: 'sh-button login-submit' }, '设置新密码');
  const error = el('div', { class: 'sh-message sh-message-error login-error', role: 'alert', hidden: '' });
  const logout = logoutButton('sh-button sh-button-plain sh-button-small');
  const form = el(
    'form',
    { class: 'login-form', novalidate: '' },
    el('h1', {}, '设置新密码'),
    el('p', { class: 'login-note' }, forced ? `${user.displayName}，管理员为您设置了临时密码。请设置您自己的新密码后再使用系统。` : `${user.displayName}，请输入当前密码和新密码。`),
    error,
    current.label,
    current.input,
    fresh.label,
    fresh.input,
    again.label,
    again.input,
    el('p', { class: 'login-note sh-muted' }, RULES),
    submit,
  );
  document.title = `设置新密码 - ${CENTER_NAME}`;
  document.body.replaceChildren(
    el(
      'div',
      { class: 'login-page' },
      el('div', { class: 'login-brand' }, el('div', { class: 'login-center' }, CENTER_NAME), el('div', { class: 'login-sub' }, '业务办理平台')),
      el('div', { class: 'login-card' }, form),
      el('p', { class: 'login-footer' }, `当前用户：${user.displayName}（${user.username}） `, logout),
    ),
  );

  const showError = (text: string, focus: HTMLInputElement) => {
    error.textContent = text;
    error.hidden = false;
    focus.select();
    focus.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    const missing = !current.input.value ? current.input : !fresh.input.value ? fresh.input : null;
    if (missing) {
      showError(missing === current.input ? (forced ? '请输入临时密码' : '请输入当前密码') : '请输入新密码', missing);
      return;
    }
    if (fresh.input.value !== again.input.value) {
      showError('两次输入的新密码不一致', again.input);
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在保存…';
    api
      .post<SessionInfo>('/api/session/password', { currentPassword: current.input.value, newPassword: fresh.input.value })
      .then((changed) => {
        location.replace(nextOfLocation() ?? homeOf(changed.user?.roles ?? user.roles));
      })
      .catch((e: unknown) => {
        const wrongCurrent = e instanceof ApiError && e.problem.field === 'currentPassword';
        // the field's own message: the page labels the fields itself
        const fieldMessages = e instanceof ApiError ? (e.problem.errors ?? []).map((f) => f.message) : [];
        showError(fieldMessages.length > 0 ? fieldMessages.join('；') : problemText(e), wrongCurrent ? current.input : fresh.input);
        submit.disabled = false;
        submit.textContent = '设置新密码';
      });
  });
  current.input.focus();
}

void main();
