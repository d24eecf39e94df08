import '../shared/shared.css';
import '../shared/sign-in.css';
import { api, ApiError, el, session, type SessionInfo } from '../shared/api.js';
import { CENTER_NAME, homeOf, problemText } from '../shared/layout.js';
import { changePasswordAddress, nextOfLocation } from '../shared/next.js';

/**
 * Staff log-in. The pre-session token from GET /api/session goes with the log-in (log-in CSRF,
 * docs/decisions/0005); the API's own words are shown for a refusal; afterwards the browser goes
 * to the page it came from (?next=, same origin only) or the user's home page; an account whose
 * password an administrator set goes by /change-password first (the API opens nothing else).
 */

function destination(signedIn: SessionInfo): string {
  const next = nextOfLocation() ?? homeOf(signedIn.user!.roles);
  return signedIn.mustChangePassword ? changePasswordAddress(next) : next;
}

async function main(): Promise<void> {
  document.documentElement.lang = 'zh-CN';
  let current: SessionInfo | undefined;
  try {
    current = await session();
  } catch {
    // shown when the form is used
  }
  if (current?.authenticated && current.user) {
    location.replace(destination(current));
    return;
  }

  const username = el('input', { id: 'username', name: 'username', type: 'text', class: 'sh-input', autocomplete: 'username', required: '', maxlength: '64', autofocus: '' });
  const password = el('input', { id: 'password', name: 'password', type: 'password', class: 'sh-input', autocomplete: 'current-password', required: '', maxlength: '256' });
  const submit = el('button', { type: 'submit', class: 'sh-button login-submit' }, '登录');
  const error = el('div', { class: 'sh-message sh-message-error login-error', role: 'alert', hidden: '' });
  const form = el(
    'form',
    { class: 'login-form', novalidate: '' },
    el('h1', {}, '工作人员登录'),
    error,
    el('label', { for: 'username' }, '用户名'),
    username,
    el('label', { for: 'password' }, '密码'),
    password,
    submit,
  );
  const reason = new URLSearchParams(location.search).get('next') ? el('p', { class: 'login-note' }, '请先登录，登录后返回您要访问的页面。') : null;
  document.body.replaceChildren(
    el(
      'div',
      { class: 'login-page' },
      el('div', { class: 'login-brand' }, el('div', { class: 'login-center' }, CENTER_NAME), el('div', { class: 'login-sub' }, '业务办理平台')),
      el('div', { class: 'login-card' }, reason, form),
      el('p', { class: 'login-footer' }, '办事群众请使用 ', el('a', { href: '/guide' }, '办事指南'), '、', el('a', { href: '/lookup' }, '办件查询'), ' 和 ', el('a', { href: '/complaint' }, '投诉'), '。'),
    ),
  );

  const showError = (text: string) => {
    error.textContent = text;
    error.hidden = false;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.hidden = true;
    const body = { username: username.value.trim(), password: password.value };
    if (!body.username || !body.password) {
      showError(!body.username ? '请输入用户名' : '请输入密码');
      (!body.username ? username : password).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在登录…';
    const attempt = () => api.post<SessionInfo>('/api/session', body);
    attempt()
      .catch(async (e: unknown) => {
        // a log-in form left open across a server restart holds a stale token: fetch a new one, once
        if (e instanceof ApiError && e.problem.status === 403 && e.problem.code === 'csrf') {
          await session();
          return attempt();
        }
        throw e;
      })
      .then((signedIn) => {
        location.replace(destination(signedIn));
      })
      .catch((e: unknown) => {
        showError(problemText(e));
        submit.disabled = false;
        submit.textContent = '登录';
        password.select();
        password.focus();
      });
  });
  username.focus();
}

void main();
