import type { SubmissionError, Variables } from './submission-schema.js';

/**
 * Rules between the fields of one form that form-js cannot express, checked on the server after
 * the form's own rules (validateSubmission) at task completion, by form id. Each error names the
 * field to correct, in Chinese.
 */
type Rule = (data: Record<string, unknown>, variables: Variables) => SubmissionError[];

const RULES: Record<string, Rule> = {
  'material-check': materialCheckRule,
};

export function crossFieldErrors(formId: string, data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  return RULES[formId]?.(data, variables) ?? [];
}

function labelOf(variables: Variables, code: string): string {
  const options = Array.isArray(variables.itemMaterials) ? (variables.itemMaterials as Array<{ value?: unknown; label?: unknown }>) : [];
  const label = options.find((o) => o.value === code)?.label;
  return typeof label === 'string' ? label : code;
}

/**
 * 材料审查: a material is either checked as complete and correct or listed for the one-time notice,
 * never both; each is listed once; materials found incomplete list at least one; and materials
 * found complete need at least one checked when the item has any.
 */
function materialCheckRule(data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  const errors: SubmissionError[] = [];
  const verified = Array.isArray(data.verifiedMaterials) ? data.verifiedMaterials.filter((v): v is string => typeof v === 'string') : [];
  const missing = Array.isArray(data.missing) ? (data.missing as Array<{ code?: unknown }>) : [];
  const listed = new Map<string, number>();
  missing.forEach((row, i) => {
    const code = row?.code;
    if (typeof code !== 'string' || code === '') return;
    if (verified.includes(code)) {
      errors.push({ field: `missing[${i}].code`, message: `「${labelOf(variables, code)}」已勾选为核验齐全的材料，不能同时列为需补正的材料：请取消核验勾选或删除此行` });
    } else if (listed.has(code)) {
      errors.push({ field: `missing[${i}].code`, message: `「${labelOf(variables, code)}」已在第 ${listed.get(code)! + 1} 行列出，同一材料只列一次，补正内容请写在同一行` });
    }
    if (!listed.has(code)) listed.set(code, i);
  });
  if (data.materialsComplete === false && missing.length === 0) {
    errors.push({ field: 'missing', message: '材料不齐全或不符合法定形式时，须列出需补正的材料（至少一项），以便一次性告知申请人' });
  }
  const itemMaterials = Array.isArray(variables.itemMaterials) ? variables.itemMaterials : [];
  if (data.materialsComplete === true && itemMaterials.length > 0 && verified.length === 0) {
    errors.push({ field: 'verifiedMaterials', message: '已确认申请材料齐全，但没有勾选任何经核验的材料：请勾选核验齐全的材料，或取消「申请材料齐全」' });
  }
  return errors;
}
