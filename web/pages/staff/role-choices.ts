import { el } from '../shared/api.js';
import { ROLE_LABELS } from '../shared/layout.js';

/** The roles as checkboxes, labelled in Chinese; `selected()` gives the ticked ones in the list's order. */
export function roleChoices(idPrefix: string, ticked: readonly string[]): { fieldset: HTMLFieldSetElement; selected(): string[]; set(roles: readonly string[]): void } {
  const boxes = Object.entries(ROLE_LABELS).map(([role, label]) => {
    const box = el('input', { type: 'checkbox', id: `${idPrefix}-${role}`, value: role });
    box.checked = ticked.includes(role);
    return { box, item: el('label', { class: 'staff-role', for: box.id }, box, label) };
  });
  return {
    fieldset: el('fieldset', { class: 'staff-roles' }, el('legend', {}, '角色'), ...boxes.map((b) => b.item)),
    selected: () => boxes.filter((b) => b.box.checked).map((b) => b.box.value),
    set(roles) {
      for (const { box } of boxes) box.checked = roles.includes(box.value);
    },
  };
}
