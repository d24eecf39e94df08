import { api, el } from '../shared/api.js';
import { catalogueDepartments, departmentName } from '../shared/departments.js';
import { handleUnauthenticated, mountLayout, ROLE_LABELS, showMessage } from '../shared/layout.js';
import '../shared/shared.css';
import { createDetailPanel } from './detail.js';
import { createPostsPanel } from './posts.js';
import { roleChoices } from './role-choices.js';
import './style.css';
import { absenceKindLabel, rankLabel, staffProblemText, type Account } from './types.js';

/**
 * 人员管理 (administrators): the staff list with department, roles, posts, status and absences;
 * a new account, whose temporary password is shown here once; one person's profile, password
 * reset, disabling, absences and the tasks handed over because of them (detail.ts); a
 * department's posts with their A and B holders (posts.ts). Every change goes through the staff
 * administration API, which checks it, audits it before and after, and answers in Chinese.
 */

const CENTER = 'ZWFW';

const layout = await mountLayout('staff', '人员管理');
if (layout.allowed) {
  const { main, user } = layout;
  const departments = [{ code: CENTER, name: departmentName(CENTER) }, ...catalogueDepartments()];
  const departmentOptions = () => departments.map((d) => el('option', { value: d.code }, d.name));

  const filter = el('select', { id: 'staff-department', class: 'sh-select' }, el('option', { value: '' }, '全部部门'), ...departmentOptions());
  const search = el('input', { id: 'staff-search', type: 'search', class: 'sh-input', placeholder: '姓名或用户名', maxlength: '32' });
  const searchButton = el('button', { type: 'submit', class: 'sh-button' }, '查询');
  const createButton = el('button', { type: 'button', class: 'sh-button', id: 'staff-new' }, '新建账号');
  const messages = el('div', { class: 'staff-messages' });
  const secret = el('section', { class: 'sh-panel staff-secret', id: 'staff-secret', 'aria-label': '临时密码', hidden: '' });
  const list = el('section', { class: 'staff-list', 'aria-label': '人员列表' });

  // new account
  const newUsername = el('input', { id: 'new-username', class: 'sh-input', maxlength: '32', placeholder: '如 mz-clerk-c', autocomplete: 'off' });
  const newName = el('input', { id: 'new-name', class: 'sh-input', maxlength: '32', autocomplete: 'off' });
  const newDepartment = el('select', { id: 'new-department', class: 'sh-select' }, ...departmentOptions());
  const newRoles = roleChoices('new-role', ['window-clerk']);
  const createFeedback = el('div', { class: 'staff-feedback' });
  const createSubmit = el('button', { type: 'submit', class: 'sh-button' }, '建立账号');
  const createCancel = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '取消');
  const createForm = el(
    'form',
    { class: 'sh-panel staff-form', id: 'staff-create', 'aria-label': '新建账号', hidden: '', novalidate: '' },
    el('h2', {}, '新建账号'),
    createFeedback,
    el('div', { class: 'staff-fields' }, el('label', { for: 'new-username' }, '用户名'), newUsername, el('label', { for: 'new-name' }, '姓名'), newName, el('label', { for: 'new-department' }, '部门'), newDepartment),
    newRoles.fieldset,
    el('p', { class: 'sh-muted' }, '用户名为小写字母、数字、. _ -，2–32 位。建立后显示一次临时密码，本人首次登录须设置新密码。'),
    el('div', { class: 'staff-actions' }, createSubmit, createCancel),
  );

  const detail = createDetailPanel({ departments, currentUser: user.username, changed: (username) => refresh(username) });
  const posts = createPostsPanel({ changed: () => refresh(detail.selected()) });

  main.append(
    el('h1', {}, '人员管理'),
    el(
      'form',
      { class: 'staff-toolbar', role: 'search' },
      el('label', { for: 'staff-department' }, '部门'),
      filter,
      el('label', { for: 'staff-search' }, '查找'),
      search,
      searchButton,
      createButton,
    ),
    messages,
    secret,
    createForm,
    list,
    detail.element,
    posts.element,
  );

  const fail = (area: HTMLElement, error: unknown) => {
    if (handleUnauthenticated(error)) return;
    showMessage(area, 'error', staffProblemText(error));
  };

  /** The temporary password, once: the API never answers it again. */
  function showSecret(account: Account, password: string, what: string): void {
    const close = el('button', { type: 'button', class: 'sh-button' }, '我已交给本人，关闭');
    close.addEventListener('click', () => {
      secret.hidden = true;
      secret.replaceChildren();
    });
    secret.replaceChildren(
      el('h2', {}, `${what}：临时密码`),
      el('p', {}, `${account.displayName}（用户名 ${account.username}）的临时密码：`),
      el('p', {}, el('code', { class: 'staff-password', id: 'one-time-password' }, password)),
      el('p', { class: 'sh-muted' }, '只显示这一次，关闭后无法再查看。请当面交给本人；本人登录后须先设置自己的新密码。'),
      close,
    );
    secret.hidden = false;
    secret.scrollIntoView({ block: 'nearest' });
  }
  detail.onPassword((account, password) => showSecret(account, password, '已重置密码'));

  const postsText = (a: Account) => a.posts.map((p) => `${p.name} ${rankLabel(p.rank)}`).join('；') || '—';
  const absencesText = (a: Account) => a.absences.map((x) => `${absenceKindLabel(x.kind)} ${x.from} 至 ${x.to}${x.current ? '（进行中）' : ''}`).join('；') || '—';

  function statusCell(a: Account): HTMLTableCellElement {
    const current = a.absences.find((x) => x.current);
    const badges = [
      a.disabled
        ? el('span', { class: 'sh-badge sh-badge-grey' }, '已停用')
        : a.present
          ? el('span', { class: 'sh-badge sh-due-normal' }, '在岗')
          : el('span', { class: 'sh-badge sh-due-yellow' }, current ? `${absenceKindLabel(current.kind)}中` : '不在岗'),
    ];
    if (a.mustChangePassword) badges.push(el('span', { class: 'sh-badge sh-badge-blue' }, '待设置新密码'));
    return el('td', { class: 'staff-status' }, ...badges);
  }

  function renderList(accounts: Account[]): void {
    if (accounts.length === 0) {
      list.replaceChildren(el('p', { class: 'sh-empty' }, '没有符合条件的人员。'));
      return;
    }
    list.replaceChildren(
      el(
        'table',
        { class: 'sh-table' },
        el('thead', {}, el('tr', {}, ...['姓名', '用户名', '部门', '角色', '岗位', '状态', '请假、培训、出差', ''].map((h) => el('th', {}, h)))),
        el(
          'tbody',
          {},
          ...accounts.map((a) => {
            const manage = el('button', { type: 'button', class: 'sh-button sh-button-small', 'aria-label': `管理 ${a.displayName}` }, '管理');
            manage.addEventListener('click', () => {
              void detail.open(a.username);
            });
            return el(
              'tr',
              { 'data-username': a.username, class: a.disabled ? 'staff-disabled' : '' },
              el('td', {}, a.displayName),
              el('td', {}, a.username),
              el('td', {}, departmentName(a.departmentCode)),
              el('td', {}, a.roles.map((r) => ROLE_LABELS[r] ?? r).join('、')),
              el('td', {}, postsText(a)),
              statusCell(a),
              el('td', {}, absencesText(a)),
              el('td', {}, manage),
            );
          }),
        ),
      ),
    );
  }

  async function loadList(): Promise<void> {
    const query = new URLSearchParams();
    if (filter.value) query.set('department', filter.value);
    if (search.value.trim()) query.set('search', search.value.trim());
    try {
      const { staff } = await api.get<{ staff: Account[] }>(`/api/admin/staff?${query.toString()}`);
      renderList(staff);
    } catch (error) {
      fail(messages, error);
    }
  }

  /** After any change: the list, the person shown and the department's posts, as they are now. */
  async function refresh(username: string | null): Promise<void> {
    await Promise.all([loadList(), posts.show(filter.value || null), username ? detail.open(username, { keepFeedback: true }) : Promise.resolve()]);
  }

  filter.addEventListener('change', () => {
    messages.replaceChildren();
    void refresh(null);
  });
  searchButton.closest('form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    messages.replaceChildren();
    void loadList();
  });

  createButton.addEventListener('click', () => {
    createForm.hidden = false;
    createFeedback.replaceChildren();
    if (filter.value) newDepartment.value = filter.value;
    newUsername.focus();
  });
  createCancel.addEventListener('click', () => {
    createForm.hidden = true;
  });
  createForm.addEventListener('submit', (event) => {
    event.preventDefault();
    createSubmit.disabled = true;
    const body = { username: newUsername.value.trim(), displayName: newName.value.trim(), departmentCode: newDepartment.value, roles: newRoles.selected() };
    api
      .post<{ account: Account; oneTimePassword: string }>('/api/admin/staff', body)
      .then(async ({ account, oneTimePassword }) => {
        createForm.hidden = true;
        newUsername.value = '';
        newName.value = '';
        showSecret(account, oneTimePassword, `已建立账号 ${account.username}`);
        showMessage(messages, 'success', `已为${departmentName(account.departmentCode)}建立账号 ${account.username}（${account.displayName}）。如需担任窗口A岗、B岗，请在下方「岗位设置」中加入。`);
        await refresh(account.username);
      })
      .catch((error: unknown) => fail(createFeedback, error))
      .finally(() => {
        createSubmit.disabled = false;
      });
  });

  await refresh(null);
}
