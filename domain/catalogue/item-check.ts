import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from './catalogue.schema.json' with { type: 'json' };
import { ITEM_FIELD_LABELS } from './field-labels.js';
import { itemProblems, type CatalogueProblem } from './item-rules.js';
import type { CatalogueItem } from './types.js';

/**
 * An item as an administrator submits it on /admin/catalogue, checked whole: its shape by the
 * catalogue schema's item definition (the rules a catalogue file obeys), then the rules beyond
 * shape (item-rules.ts). Every problem is in Chinese and names the field the way the form labels
 * it, at a JSON Pointer the page puts the message beside.
 */

// verbose: a pattern error carries the value, so an empty field is asked for rather than described
const ajv = new Ajv2020({ allErrors: true, verbose: true });
addFormats.default(ajv, ['date']);
ajv.addSchema(schema);
const validateItem = ajv.compile<CatalogueItem>({ $ref: `${schema.$id}#/$defs/item` });

const MATERIAL_LABELS: Record<string, string> = { code: '编码', name: '名称', required: '是否必需', form: '原件/复印件及份数', sample: '示范文本', departmentCode: '审查部门' };
const FEE_LABELS: Record<string, string> = { code: '编码', name: '收费项目', amountFen: '金额', unit: '计费单位', basis: '收费依据' };

/** 「申请材料第 2 项的名称」 for /materials/1/name: how the form's reader finds the field. */
export function fieldLabel(path: string): string {
  const [field = '', index, member] = path.split('/').slice(1);
  const label = ITEM_FIELD_LABELS[field] ?? field;
  if (index === undefined) return label;
  const nth = `${label}第 ${Number(index) + 1} 项`;
  if (member === undefined) return nth;
  const members = field === 'materials' ? MATERIAL_LABELS : field === 'fees' ? FEE_LABELS : {};
  return `${nth}的${members[member] ?? member}`;
}

/** What a pattern asks for, said as an example. */
const PATTERN_HINTS: Record<string, string> = {
  code: '应为部门代码加三位数字，如 MZ-003',
  phone: '应为固定电话（如 0874-3100109）、手机号码或 12345',
  departmentCode: '应为部门代码，如 MZ',
};

function schemaProblem(error: ErrorObject): CatalogueProblem {
  const params = error.params as { missingProperty?: string; additionalProperty?: string; limit?: number };
  const path = error.keyword === 'required' ? `${error.instancePath}/${params.missingProperty}` : error.instancePath;
  const label = fieldLabel(path);
  const last = path.split('/').at(-1) ?? '';
  switch (error.keyword) {
    case 'required':
      return { path, message: `请填写${label}` };
    case 'additionalProperties':
      return { path: `${path}/${params.additionalProperty}`, message: `事项目录没有「${params.additionalProperty}」这一项` };
    case 'minLength':
      return { path, message: `请填写${label}` };
    case 'minItems':
      return { path, message: last === 'jointDepartmentCodes' ? '联办部门至少两个（含牵头部门）' : `${label}至少一项` };
    case 'minimum':
    case 'maximum':
      return { path, message: last === 'amountFen' ? `${label}不能为负数` : `${label}应在 0 至 365 个工作日之间` };
    case 'type':
      return { path, message: `${label}应为${error.params.type === 'integer' ? '整数' : '有效的值'}` };
    case 'pattern':
      if (error.data === '') return { path, message: `请填写${label}` };
      return { path, message: last === 'code' && path.includes('/', 1) ? `${label}应为小写字母、数字和连字符，如 id-card` : `${label}${PATTERN_HINTS[last] ?? '格式不正确'}` };
    case 'enum':
      return { path, message: `${label}的取值不在允许范围内` };
    case 'uniqueItems':
      return { path, message: `${label}有重复` };
    default:
      return { path, message: `${label}无效` };
  }
}

/**
 * The problems of an item submitted alone (an empty list when it may be published). The rules
 * beyond shape assume the shape, so they wait for it, as the catalogue file loader does.
 */
export function checkItem(input: unknown, departments: ReadonlySet<string>): CatalogueProblem[] {
  if (!validateItem(input)) return (validateItem.errors ?? []).map(schemaProblem);
  return itemProblems(input, '', departments);
}
