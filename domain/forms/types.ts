/**
 * The part of the form-js schema (schemaVersion 19) that Service Hall forms use. The files in
 * forms/ are checked against form-js.schema.json, which admits exactly these shapes; the server
 * validates submissions against the same definitions (submission-schema.ts).
 */

/** A FEEL expression is a string starting with "=", as in form-js and Zeebe. */
export type FeelOr<T> = T | string;

export interface FormOption {
  label: string;
  value: string;
}

export interface FormValidate {
  required?: boolean;
  minLength?: FeelOr<number>;
  maxLength?: FeelOr<number>;
  /** form-js tests it unanchored and only on a non-empty value; write ^…$ */
  pattern?: string;
  patternErrorMessage?: string;
  min?: FeelOr<number>;
  max?: FeelOr<number>;
}

export interface FormComponent {
  type: FormComponentType;
  id: string;
  /** binds an input to a variable; may be a dot path ("applicant.name") */
  key?: string;
  /** groups and dynamic lists: the object (or list) their children's keys live under */
  path?: string;
  label?: string;
  description?: string;
  validate?: FormValidate;
  /** hidden fields are neither validated nor submitted by form-js */
  conditional?: { hide?: FeelOr<boolean> };
  readonly?: FeelOr<boolean>;
  disabled?: FeelOr<boolean>;
  /** options: exactly one of values, valuesKey (a top-level input variable) or valuesExpression */
  values?: FormOption[];
  valuesKey?: string;
  valuesExpression?: string;
  /** dynamic lists */
  isRepeating?: boolean;
  components?: FormComponent[];
  [presentation: string]: unknown;
}

export type FormComponentType =
  | 'textfield'
  | 'textarea'
  | 'number'
  | 'checkbox'
  | 'radio'
  | 'select'
  | 'checklist'
  | 'taglist'
  | 'datetime'
  | 'text'
  | 'separator'
  | 'spacer'
  | 'group'
  | 'dynamiclist'
  | 'table';

export interface FormJsSchema {
  type: 'default';
  /** the formId user tasks link to; equal to the file name in forms/ */
  id: string;
  schemaVersion: number;
  executionPlatform?: string;
  executionPlatformVersion?: string;
  exporter?: { name: string; version: string };
  components: FormComponent[];
}
