import { api, el } from '../shared/api.js';
import { formatDate } from '../shared/format.js';
import { departmentName } from '../shared/departments.js';
import { handleUnauthenticated, showMessage } from '../shared/layout.js';
import { roleChoices } from './role-choices.js';
import { ABSENCE_KINDS, absenceKindLabel, rankLabel, staffProblemText, type Absence, type Account, type HandedOver } from './types.js';

/**
 * One person on the 人员管理 page: name, department and roles; password reset and disabling
 * (each confirmed in place first); absences recorded and withdrawn; and what the API handed over
 * to the covering B post when the person went away.
 */

interface DetailOptions {
  departments: ReadonlyArray<{ code: string; name: string }>;
  /** the administrator: the page offers no disabling of oneself (the API refuses it too) */
  currentUser: string;
  /** something of this person changed: the page shows everything anew */
  changed: (username: string) => Promise<void>;
}

export interface DetailPanel {
  element: HTMLElement;
  open(username: string, options?: { keepFeedback?: boolean }): Promise<void>;
  selected(): string | null;
  onPassword(show: (account: Account, password: string) => void): void;
}

const todayInChina = () => formatDate(new Date().toISOString());

export function createDetailPanel({ departments, currentUser, changed }: DetailOptions): DetailPanel {
  const element = el('section', { class: 'sh-panel staff-detail', id: 'staff-detail', 'aria-label': '人员详情', hidden: '' });
  const feedback = el('div', { class: 'staff-feedback' });
  const handover = el('div', { class: 'staff-handover', id: 'staff-handover' });
  let current: Account | null = null;
  let showPassword: (account: Account, password: string) => void = () => {};

  const fail = (error: unknown) => {
    if (handleUnauthenticated(error)) return;
    if (!feedback.isConnected) {
      element.replaceChildren(feedback);
      element.hidden = false;
    }
    showMessage(feedback, 'error', staffProblemText(error));
    feedback.scrollIntoView({ block: 'nearest' });
  };
  const succeed = (text: string) => {
    showMessage(feedback, 'success', text);
    feedback.scrollIntoView({ block: 'nearest' });
  };

  /** A button whose action asks once more, in place, before it is done. */
  function confirmed(label: string, question: string, confirmLabel: string, action: () => Promise<void>): HTMLElement {
    const button = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, label);
    const area = el('span', { class: 'staff-confirm' }, button);
    button.addEventListener('click', () => {
      const yes = el('button', { type: 'button', class: 'sh-button sh-button-danger' }, confirmLabel);
      const no = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '取消');
      no.addEventListener('click', () => area.replaceChildren(button));
      yes.addEventListener('click', () => {
        yes.disabled = true;
        no.disabled = true;
        void action().finally(() => area.replaceChildren(button));
      });
      area.replaceChildren(el('span', { role: 'alert' }, question), yes, no);
    });
    return area;
  }

  /** Names and posts of the person's colleagues, to say who took over what. */
  async function colleagues(account: Account): Promise<Account[]> {
    return (await api.get<{ staff: Account[] }>(`/api/admin/staff?department=${encodeURIComponent(account.departmentCode)}`)).staff;
  }

  function renderHandover(account: Account, handedOver: HandedOver[], staff: Account[], why: string): void {
    const nameOf = (username: string) => staff.find((s) => s.username === username)?.displayName ?? username;
    const coveringPost = (to: string) => {
      const held = new Set(account.posts.map((p) => p.code));
      const post = staff.find((s) => s.username === to)?.posts.find((p) => held.has(p.code) && p.rank > 0);
      return post ? `${post.name} ${rankLabel(post.rank)} ` : '';
    };
    const items = handedOver.map((h) => {
      const what = `${h.caseNumber ? `办件 ${h.caseNumber} ` : ''}「${h.name}」`;
      const text =
        h.to !== null
          ? `${what}：由${nameOf(h.from)}转交${coveringPost(h.to)}${nameOf(h.to)}办理`
          : h.queued
            ? `${what}：岗位无人在岗，已退回窗口队列待领取，并已提醒窗口负责人调配人员`
            : `${what}：未能转交，仍在${nameOf(h.from)}名下，请另行安排`;
      return el('li', { 'data-task': h.userTaskKey, class: h.to === null ? 'staff-handover-stuck' : '' }, text);
    });
    handover.replaceChildren(
      el('h3', {}, `任务转交（${why}）`),
      items.length > 0 ? el('ul', {}, ...items) : el('p', { class: 'sh-muted' }, account.present ? '该时段尚未开始：开始时系统会自动将其名下未办结的任务按AB岗转交。' : `${account.displayName}名下没有需要转交的未办结任务。`),
    );
  }

  function profileForm(account: Account): HTMLFormElement {
    const name = el('input', { id: 'edit-name', class: 'sh-input', maxlength: '32', value: account.displayName });
    const department = el('select', { id: 'edit-department', class: 'sh-select' }, ...departments.map((d) => el('option', { value: d.code }, d.name)));
    department.value = account.departmentCode;
    const roles = roleChoices('edit-role', account.roles);
    const save = el('button', { type: 'submit', class: 'sh-button' }, '保存修改');
    const form = el(
      'form',
      { class: 'staff-form', 'aria-label': '基本信息', novalidate: '' },
      el('h3', {}, '基本信息'),
      el('div', { class: 'staff-fields' }, el('label', { for: 'edit-name' }, '姓名'), name, el('label', { for: 'edit-department' }, '部门'), department),
      roles.fieldset,
      el('div', { class: 'staff-actions' }, save),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      save.disabled = true;
      api
        .put<Account>(`/api/admin/staff/${encodeURIComponent(account.username)}`, { displayName: name.value.trim(), departmentCode: department.value, roles: roles.selected() })
        .then(async (saved) => {
          succeed(`已保存 ${saved.displayName} 的姓名、部门和角色。`);
          await changed(saved.username);
        })
        .catch(fail)
        .finally(() => {
          save.disabled = false;
        });
    });
    return form;
  }

  function accountActions(account: Account): HTMLElement {
    const path = `/api/admin/staff/${encodeURIComponent(account.username)}`;
    const reset = confirmed('重置密码', `确定重置 ${account.displayName} 的密码？其已登录的会话将失效。`, '确定重置', () =>
      api
        .post<{ account: Account; oneTimePassword: string }>(`${path}/password-reset`)
        .then(async (result) => {
          showPassword(result.account, result.oneTimePassword);
          succeed(`已重置 ${account.displayName} 的密码：本人用临时密码登录后须设置新密码。`);
          await changed(account.username);
        })
        .catch(fail),
    );
    const afterToggle = async (result: { account: Account; handedOver: HandedOver[] }, verb: string) => {
      succeed(`已${verb} ${account.displayName} 的账号。`);
      if (verb === '停用') renderHandover(result.account, result.handedOver, await colleagues(result.account), '账号停用');
      await changed(account.username);
    };
    const toggle = account.disabled
      ? (() => {
          const enable = el('button', { type: 'button', class: 'sh-button sh-button-plain' }, '启用账号');
          enable.addEventListener('click', () => {
            enable.disabled = true;
            api
              .post<{ account: Account; handedOver: HandedOver[] }>(`${path}/enable`)
              .then((result) => afterToggle(result, '启用'))
              .catch(fail)
              .finally(() => {
                enable.disabled = false;
              });
          });
          return enable;
        })()
      : account.username === currentUser
        ? null
        : confirmed('停用账号', `确定停用 ${account.displayName} 的账号？停用后无法登录，名下未办结的任务按AB岗转交。`, '确定停用', () =>
            api
              .post<{ account: Account; handedOver: HandedOver[] }>(`${path}/disable`)
              .then((result) => afterToggle(result, '停用'))
              .catch(fail),
          );
    const posts = account.posts.map((p) => `${p.name} ${rankLabel(p.rank)}`).join('；') || '未担任岗位（在下方「岗位设置」中加入）';
    return el(
      'div',
      { class: 'staff-account' },
      el('h3', {}, '账号'),
      el('p', {}, `部门：${departmentName(account.departmentCode)}；岗位：${posts}`),
      el('p', {}, `状态：${account.disabled ? '已停用' : account.present ? '在岗' : '不在岗'}${account.mustChangePassword ? '；待本人设置新密码' : ''}`),
      el('div', { class: 'staff-actions' }, reset, toggle),
    );
  }

  function absenceRow(account: Account, absence: Absence): HTMLTableRowElement {
    const withdraw = confirmed('撤销', `确定撤销这条${absenceKindLabel(absence.kind)}登记？`, '确定撤销', () =>
      api
        .delete(`/api/admin/absences/${encodeURIComponent(absence.id)}`)
        .then(async () => {
          succeed(`已撤销 ${account.displayName} ${absence.from} 至 ${absence.to} 的${absenceKindLabel(absence.kind)}登记。`);
          await changed(account.username);
        })
        .catch(fail),
    );
    return el(
      'tr',
      { 'data-absence': absence.id },
      el('td', {}, absenceKindLabel(absence.kind)),
      el('td', {}, absence.from),
      el('td', {}, absence.to),
      el('td', {}, absence.reason),
      el('td', {}, absence.current ? '进行中' : '未开始'),
      el('td', {}, withdraw),
    );
  }

  function absences(account: Account): HTMLElement {
    const kind = el('select', { id: 'absence-kind', class: 'sh-select' }, ...ABSENCE_KINDS.map(([value, label]) => el('option', { value }, label)));
    const from = el('input', { id: 'absence-from', type: 'date', class: 'sh-input', value: todayInChina() });
    const to = el('input', { id: 'absence-to', type: 'date', class: 'sh-input', value: todayInChina() });
    const note = el('input', { id: 'absence-note', class: 'sh-input', maxlength: '100', placeholder: '如 年休假（可不填）' });
    const record = el('button', { type: 'submit', class: 'sh-button' }, '登记');
    const form = el(
      'form',
      { class: 'staff-form', 'aria-label': '登记请假、培训、出差', novalidate: '' },
      el(
        'div',
        { class: 'staff-fields' },
        el('label', { for: 'absence-kind' }, '类型'),
        kind,
        el('label', { for: 'absence-from' }, '开始日期'),
        from,
        el('label', { for: 'absence-to' }, '结束日期'),
        to,
        el('label', { for: 'absence-note' }, '说明'),
        note,
      ),
      el('div', { class: 'staff-actions' }, record),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      record.disabled = true;
      const body = { kind: kind.value, from: from.value, to: to.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) };
      api
        .post<{ absence: Absence; account: Account; handedOver: HandedOver[] }>(`/api/admin/staff/${encodeURIComponent(account.username)}/absences`, body)
        .then(async (result) => {
          succeed(`已登记 ${account.displayName} ${result.absence.from} 至 ${result.absence.to} ${absenceKindLabel(result.absence.kind)}。`);
          renderHandover(result.account, result.handedOver, await colleagues(result.account), `${absenceKindLabel(result.absence.kind)} ${result.absence.from} 至 ${result.absence.to}`);
          await changed(account.username);
        })
        .catch(fail)
        .finally(() => {
          record.disabled = false;
        });
    });
    const table =
      account.absences.length === 0
        ? el('p', { class: 'sh-muted' }, '没有未结束的请假、培训、出差登记。')
        : el(
            'table',
            { class: 'sh-table' },
            el('thead', {}, el('tr', {}, ...['类型', '开始日期', '结束日期', '说明', '状态', ''].map((h) => el('th', {}, h)))),
            el('tbody', {}, ...account.absences.map((a) => absenceRow(account, a))),
          );
    return el('div', { class: 'staff-absences' }, el('h3', {}, '请假、培训、出差'), table, form);
  }

  async function open(username: string, { keepFeedback = false }: { keepFeedback?: boolean } = {}): Promise<void> {
    if (!keepFeedback || current?.username !== username) {
      feedback.replaceChildren();
      handover.replaceChildren();
    }
    try {
      const account = await api.get<Account>(`/api/admin/staff/${encodeURIComponent(username)}`);
      current = account;
      element.replaceChildren(el('h2', {}, `${account.displayName}（${account.username}）`), feedback, profileForm(account), accountActions(account), absences(account), handover);
      element.hidden = false;
      if (!keepFeedback) element.scrollIntoView({ block: 'start' });
    } catch (error) {
      fail(error);
    }
  }

  return {
    element,
    open,
    selected: () => current?.username ?? null,
    onPassword(show) {
      showPassword = show;
    },
  };
}
