import type { FormComponent } from './types.js';

/** Components that hold a value under their `key` and are submitted. */
export const INPUT_TYPES: ReadonlySet<string> = new Set([
  'textfield',
  'textarea',
  'number',
  'checkbox',
  'radio',
  'select',
  'checklist',
  'taglist',
  'datetime',
]);

const PRESENTATION_TYPES: ReadonlySet<string> = new Set(['text', 'separator', 'spacer', 'table']);

/**
 * A value a form submits, located the way form-js locates it: group paths and dotted keys nest
 * objects; a repeating dynamic list opens a new scope (one per row), in which its children's
 * paths and conditions are resolved.
 */
export interface FieldNode {
  component: FormComponent;
  /** where the value sits, relative to its scope (the form data, or one row of a list) */
  path: string[];
  /** the hide conditions of the field and of its groups within the scope; shown when none holds */
  hides: string[];
  /** repeating dynamic lists: the fields of one row */
  row?: FieldNode[];
}

/** A component the server cannot mirror form-js for; parseFormDefinition reports these first. */
export class FormComponentError extends Error {
  readonly code = 'FORM_COMPONENT_INVALID';
  constructor(
    readonly component: FormComponent,
    reason: string,
  ) {
    super(`form component ${String(component.id)}: ${reason}`);
  }
}

/**
 * The submitted fields of a component tree. form-js submits neither disabled fields (it skips any
 * truthy `disabled`, an expression included) nor fields hidden by `hide: true`, so they are left out.
 */
export function fieldsOf(components: readonly FormComponent[], prefix: string[] = [], hides: string[] = []): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const component of components) {
    if (component.disabled) continue;
    const hide = component.conditional?.hide;
    if (hide === true) continue;
    const own = typeof hide === 'string' ? [...hides, hide] : hides;
    const nested = component.path ? [...prefix, ...component.path.split('.')] : prefix;

    if (INPUT_TYPES.has(component.type)) {
      if (!component.key) throw new FormComponentError(component, 'an input needs a key');
      fields.push({ component, path: [...prefix, ...component.key.split('.')], hides: own });
    } else if (component.type === 'dynamiclist' && component.isRepeating) {
      if (!component.path) throw new FormComponentError(component, 'a repeating list needs a path');
      fields.push({ component, path: nested, hides: own, row: fieldsOf(component.components ?? []) });
    } else if (component.type === 'group' || component.type === 'dynamiclist') {
      fields.push(...fieldsOf(component.components ?? [], nested, own));
    } else if (!PRESENTATION_TYPES.has(component.type)) {
      throw new FormComponentError(component, `type ${String(component.type)} is not supported`);
    }
  }
  return fields;
}

/** Every component, containers' children included, in document order. */
export function* allComponents(components: readonly FormComponent[]): Generator<FormComponent> {
  for (const component of components) {
    yield component;
    if (component.components) yield* allComponents(component.components);
  }
}
