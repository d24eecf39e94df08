import { redactDeep } from '../../shared/redact.js';
import { maskVariables, unmaskSubmission } from '../inbox/masking.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import type { EngineVariable } from './engine.js';

/**
 * A supervisor's correction of an instance's variables before a retry (改变量并重试): what the
 * page sent, checked against the instance's variables as the engine holds them. The page shows
 * ID and phone numbers masked; a masked copy sent back unchanged means the real value stays.
 */

export interface VariableEdit {
  name: string;
  /** `text`: the value is the string as typed; `json`: a JSON value (number, true/false, list, object) */
  kind: 'text' | 'json';
  value: string;
}

export interface VariableChange {
  name: string;
  before: unknown;
  after: unknown;
}

/** The links between an instance and its records: changing them would tie the instance to another case. */
const FIXED = new Set(['caseNumber', 'complaintNumber']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VALUE_CHARS = 10_000;

function parse(edit: VariableEdit, field: string): unknown {
  if (edit.kind === 'text') return edit.value;
  try {
    return JSON.parse(edit.value) as unknown;
  } catch {
    throw invalid(field, `变量 ${edit.name} 的值不是有效的 JSON（文本请选择「文本」）`);
  }
}

/** A value as operations shows it: ID and phone numbers masked, by key and wherever their shape turns up in text. */
export function displayed(name: string, value: unknown): unknown {
  return redactDeep(maskVariables({ [name]: value })[name]);
}

const invalid = (field: string, message: string) => new ApiProblem('validation', message, [{ in: 'body', field, message } satisfies FieldError]);

/** The value of each variable a correction replaces: the nearest scope's of those given (the failed element's, then the instance's), parsed; truncated ones are left out. */
export function currentValues(variables: EngineVariable[], scopeKeys: string[]): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const scopeKey of scopeKeys) {
    for (const v of variables) {
      if (v.scopeKey !== scopeKey || v.truncated || values.has(v.name)) continue;
      try {
        values.set(v.name, JSON.parse(v.value) as unknown);
      } catch {
        // not JSON: the engine holds no such value
      }
    }
  }
  return values;
}

/**
 * The changes the edits make, each with its value before and after; 400 naming the field for a
 * bad name, a fixed link, a value that is not JSON or too long, a truncated value, the same name
 * twice, or edits that change nothing.
 */
export function planChanges(edits: VariableEdit[], variables: EngineVariable[], current: Map<string, unknown>): VariableChange[] {
  const seen = new Set<string>();
  const changes: VariableChange[] = [];
  edits.forEach((edit, i) => {
    const field = `variables.${i}`;
    if (!NAME.test(edit.name)) throw invalid(`${field}.name`, `「${edit.name}」不是有效的变量名（字母、数字、下划线，不以数字开头）`);
    if (FIXED.has(edit.name)) throw invalid(`${field}.name`, `变量 ${edit.name} 关联办件或投诉，不能修改`);
    if (seen.has(edit.name)) throw invalid(`${field}.name`, `变量 ${edit.name} 重复提交`);
    seen.add(edit.name);
    if (edit.value.length > MAX_VALUE_CHARS) throw invalid(`${field}.value`, `变量 ${edit.name} 的值超过 ${MAX_VALUE_CHARS} 个字符`);
    if (variables.some((v) => v.name === edit.name && v.truncated)) throw invalid(`${field}.name`, `变量 ${edit.name} 的值过长，流程引擎只给出了截断的内容，不能在此修改`);
    const before = current.get(edit.name);
    const submitted = parse(edit, `${field}.value`);
    // the value sent back as it was shown is the real one, unchanged; a masked ID or phone number inside an edited value is the real one too
    const after =
      before !== undefined && JSON.stringify(submitted) === JSON.stringify(displayed(edit.name, before))
        ? before
        : unmaskSubmission({ [edit.name]: submitted }, before === undefined ? {} : { [edit.name]: before })[edit.name];
    if (JSON.stringify(after) !== JSON.stringify(before)) changes.push({ name: edit.name, before, after });
  });
  if (changes.length === 0) throw invalid('variables', '提交的变量与当前值相同，没有可修改的内容');
  return changes;
}

/** The changes as the audit log keeps them: names with their values before and after, personal numbers masked. */
export function auditedChanges(changes: VariableChange[]): Array<{ name: string; before: unknown; after: unknown }> {
  return changes.map((c) => ({ name: c.name, before: displayed(c.name, c.before ?? null), after: displayed(c.name, c.after) }));
}
