import { groundByCode, mustGoToDiscipline } from '../complaints/grounds.js';
import type { SubmissionError, Variables } from './submission-schema.js';

/**
 * Rules between the fields of one form that form-js cannot express, checked on the server after
 * the form's own rules (validateSubmission) at task completion, by form id. Each error names the
 * field to correct, in Chinese.
 */
type Rule = (data: Record<string, unknown>, variables: Variables) => SubmissionError[];

const RULES: Record<string, Rule> = {
  'material-check': materialCheckRule,
  'on-the-spot-handling': feeRule,
  'window-head-approval': feeRule,
  'lead-consolidation': feeRule,
  'complaint-triage': triageRule,
  'department-review': reviewSupplementRule,
};

export function crossFieldErrors(formId: string, data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  return RULES[formId]?.(data, variables) ?? [];
}

function labelOf(variables: Variables, code: string, source: 'itemMaterials' | 'itemFees' = 'itemMaterials'): string {
  const options = Array.isArray(variables[source]) ? (variables[source] as Array<{ value?: unknown; label?: unknown }>) : [];
  const label = options.find((o) => o.value === code)?.label;
  return typeof label === 'string' ? label : code;
}

/**
 * 材料审查: a material is either checked as complete and correct or listed for the one-time notice,
 * never both; each is listed once; materials found incomplete list at least one; and materials
 * found complete need at least one checked when the item has any. After a supplement the check
 * may list again only what the notice listed (一次性告知: one list per application; only what the
 * supplement brought may be found wrong).
 */
function materialCheckRule(data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  const errors: SubmissionError[] = [];
  const verified = Array.isArray(data.verifiedMaterials) ? data.verifiedMaterials.filter((v): v is string => typeof v === 'string') : [];
  const missing = Array.isArray(data.missing) ? (data.missing as Array<{ code?: unknown }>) : [];
  // after a supplement: the materials the one-time notice listed, all that may be asked again
  const notified = Array.isArray(variables.notifiedMaterials) ? variables.notifiedMaterials.filter((v): v is string => typeof v === 'string') : null;
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
    if (notified && !notified.includes(code)) {
      errors.push({
        field: `missing[${i}].code`,
        message: `一次性告知：「${labelOf(variables, code)}」不在已发出的补齐申请材料通知书所列材料中，不能再要求补正；补正后的复查只能就申请人补正的材料（${notified.map((c) => labelOf(variables, c)).join('、')}）再次告知`,
      });
    }
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

/**
 * The forms that decide fees: an approval of an item with paid fees charges at least one of them
 * (charging nothing would be a waiver nobody authorised), each on one row with its quantity, and
 * a waiver names a fee that is charged. Who may waive is the inbox's check (web/inbox/fee-waiver.ts).
 */
function feeRule(data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  if (!Array.isArray(data.fees)) return [];
  const errors: SubmissionError[] = [];
  const rows = data.fees as Array<{ code?: unknown }>;
  if (rows.length === 0) errors.push({ field: 'fees', message: '准予办理须列出按公布标准应收的费用（至少一项）；不收取某项费用属于减免，须经窗口负责人批准' });
  const listed = new Map<string, number>();
  rows.forEach((row, i) => {
    const code = row?.code;
    if (typeof code !== 'string' || code === '') return;
    if (listed.has(code)) {
      errors.push({ field: `fees[${i}].code`, message: `「${labelOf(variables, code, 'itemFees')}」已在第 ${listed.get(code)! + 1} 行列出，同一收费项目只列一行，数量请填在同一行` });
    } else listed.set(code, i);
  });
  const waived = (data.feeWaiver as { feeCode?: unknown } | undefined)?.feeCode;
  if (typeof waived === 'string' && waived !== '' && !listed.has(waived)) {
    errors.push({ field: 'feeWaiver.feeCode', message: `「${labelOf(variables, waived, 'itemFees')}」不在应收费用中，不能减免：只能减免本次应收的收费项目` });
  }
  return errors;
}

/** 投诉分流: an integrity complaint (不廉洁: 吃拿卡要, abuse of approval power) goes to discipline inspection only. */
function triageRule(data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  const ground = typeof variables.ground === 'string' ? groundByCode(variables.ground) : undefined;
  if (!mustGoToDiscipline(ground) || data.route === 'discipline' || data.route === undefined) return [];
  return [{ field: 'route', message: `本投诉属「${ground!.label}」，按投诉处理规定只能移交纪检监察部门，不能当场答复、由中心或被投诉机关处理：请选择「移交纪检监察部门」` }];
}

/**
 * 部门审查 asking for materials: at least one, each once, for the window's 补齐申请材料通知书. A
 * department of a joint case decides or asks for materials: the extension is the lead window's
 * (lead-consolidation) and the joint diagram has no special procedure for one department.
 */
function reviewSupplementRule(data: Record<string, unknown>, variables: Variables): SubmissionError[] {
  if (variables.caseType === 'joint' && (data.reviewAction === 'extension' || data.reviewAction === 'special-procedure')) {
    return [{ field: 'reviewAction', message: '联办件的部门审查只能作出审查决定或告知补正材料；延期由牵头窗口汇总意见时申请' }];
  }
  if (data.reviewAction !== 'supplement') return [];
  const rows = Array.isArray(data.reviewMissing) ? (data.reviewMissing as Array<{ code?: unknown }>) : [];
  if (rows.length === 0) return [{ field: 'reviewMissing', message: '告知补正须列出需要补正的材料（至少一项）及原因' }];
  const errors: SubmissionError[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const code = row?.code;
    if (typeof code !== 'string' || code === '') return;
    if (seen.has(code)) errors.push({ field: `reviewMissing[${i}].code`, message: `「${labelOf(variables, code)}」已在第 ${seen.get(code)! + 1} 行列出，同一材料只列一次` });
    else seen.set(code, i);
  });
  return errors;
}
