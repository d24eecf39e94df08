import { api, el } from '../shared/api.js';
import { departmentName } from '../shared/departments.js';
import { handleUnauthenticated, showMessage } from '../shared/layout.js';
import { postKind, rankLabel, staffProblemText, type Account, type Post } from './types.js';

/**
 * 岗位设置 on the 人员管理 page: a department's posts (its windows, head, review) with their
 * holders in order, the A post first and the B posts after it in the order they take over
 * (AB岗). Holders are added, moved and removed on the page, then saved for one post at once.
 */

export interface PostsPanel {
  element: HTMLElement;
  /** the department's posts, or a hint to choose one (null) */
  show(departmentCode: string | null): Promise<void>;
}

interface Holder {
  username: string;
  displayName: string;
  present: boolean;
}

export function createPostsPanel({ changed }: { changed: () => Promise<void> }): PostsPanel {
  const element = el('section', { class: 'sh-panel staff-posts', id: 'staff-posts', 'aria-label': '岗位设置' });
  const feedback = el('div', { class: 'staff-feedback' });
  const cards = el('div', { class: 'staff-post-cards' });
  element.append(el('h2', {}, '岗位设置（A岗、B岗）'), feedback, cards);
  let shownDepartment: string | null = null;

  const fail = (error: unknown) => {
    if (handleUnauthenticated(error)) return;
    showMessage(feedback, 'error', staffProblemText(error));
    feedback.scrollIntoView({ block: 'nearest' });
  };

  function card(post: Post, staff: Account[]): HTMLElement {
    let holders: Holder[] = post.holders.map(({ username, displayName, present }) => ({ username, displayName, present }));
    const list = el('ol', { class: 'staff-holders' });
    const choice = el('select', { class: 'sh-select', 'aria-label': `加入${post.name}的人员` });
    const add = el('button', { type: 'button', class: 'sh-button sh-button-small' }, '加入');
    const save = el('button', { type: 'button', class: 'sh-button', 'aria-label': `保存${post.name}`, disabled: '' }, '保存');
    const pending = el('span', { class: 'sh-muted' });

    const move = (index: number, to: number) => {
      const [holder] = holders.splice(index, 1);
      holders.splice(to, 0, holder);
      render(true);
    };

    function render(edited: boolean): void {
      list.replaceChildren(
        ...holders.map((h, i) => {
          const up = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small', 'aria-label': `上移 ${h.displayName}` }, '上移');
          const down = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small', 'aria-label': `下移 ${h.displayName}` }, '下移');
          const remove = el('button', { type: 'button', class: 'sh-button sh-button-plain sh-button-small', 'aria-label': `移出 ${h.displayName}` }, '移出');
          up.disabled = i === 0;
          down.disabled = i === holders.length - 1;
          up.addEventListener('click', () => move(i, i - 1));
          down.addEventListener('click', () => move(i, i + 1));
          remove.addEventListener('click', () => {
            holders.splice(i, 1);
            render(true);
          });
          return el(
            'li',
            { 'data-holder': h.username },
            el('span', { class: 'staff-rank' }, rankLabel(i)),
            el('span', {}, h.displayName),
            h.present ? null : el('span', { class: 'sh-badge sh-due-yellow' }, '不在岗'),
            up,
            down,
            remove,
          );
        }),
      );
      if (holders.length === 0) list.append(el('li', { class: 'sh-muted' }, '无人担任：任务在部门队列中等候'));
      const candidates = staff.filter((s) => !s.disabled && !holders.some((h) => h.username === s.username));
      choice.replaceChildren(el('option', { value: '' }, '选择本部门人员'), ...candidates.map((s) => el('option', { value: s.username }, `${s.displayName}（${s.username}）`)));
      add.disabled = candidates.length === 0;
      save.disabled = !edited;
      pending.textContent = edited ? '已修改，尚未保存' : '';
    }

    add.addEventListener('click', () => {
      const person = staff.find((s) => s.username === choice.value);
      if (!person) return;
      holders.push({ username: person.username, displayName: person.displayName, present: person.present });
      render(true);
    });
    save.addEventListener('click', () => {
      save.disabled = true;
      api
        .put<Post>(`/api/admin/posts/${encodeURIComponent(post.code)}/holders`, { holders: holders.map((h) => h.username) })
        .then(async (saved) => {
          holders = saved.holders.map(({ username, displayName, present }) => ({ username, displayName, present }));
          const [a, ...b] = saved.holders.map((h) => h.displayName);
          showMessage(feedback, 'success', `已保存${saved.name}：A岗 ${a ?? '无'}${b.length > 0 ? `，B岗 ${b.join('、')}` : ''}。`);
          await changed();
        })
        .catch((error: unknown) => {
          save.disabled = false;
          fail(error);
        });
    });

    render(false);
    const kind = postKind(post.candidateGroup);
    return el(
      'div',
      { class: 'staff-post', 'data-post': post.code, role: 'group', 'aria-label': post.name },
      el('h3', {}, post.name, kind ? el('span', { class: 'sh-badge sh-badge-grey' }, kind) : null),
      list,
      el('div', { class: 'staff-actions' }, choice, add),
      el('div', { class: 'staff-actions' }, save, pending),
    );
  }

  async function show(departmentCode: string | null): Promise<void> {
    if (departmentCode !== shownDepartment) feedback.replaceChildren();
    shownDepartment = departmentCode;
    if (departmentCode === null) {
      cards.replaceChildren(el('p', { class: 'sh-muted' }, '在上方选择部门后，可设置该部门各岗位的A岗、B岗。'));
      return;
    }
    try {
      const department = encodeURIComponent(departmentCode);
      const [{ posts }, { staff }] = await Promise.all([api.get<{ posts: Post[] }>(`/api/admin/posts?department=${department}`), api.get<{ staff: Account[] }>(`/api/admin/staff?department=${department}`)]);
      if (shownDepartment !== departmentCode) return;
      cards.replaceChildren(
        ...(posts.length > 0 ? posts.map((p) => card(p, staff)) : [el('p', { class: 'sh-muted' }, `${departmentName(departmentCode)}尚未设立岗位。`)]),
      );
    } catch (error) {
      fail(error);
    }
  }

  return { element, show };
}
