import type { CaseType, CatalogueItem } from './types.js';

/** A problem with a catalogue document or item, at a JSON Pointer into it ('' is the whole). */
export interface CatalogueProblem {
  path: string;
  message: string;
}

export const CASE_TYPE_NAMES: Record<CaseType, string> = { immediate: '即办件', promised: '承诺件', joint: '联办件', reported: '上报件', controlled: '控制事项' };

/** Codes that occur more than once, reported at every occurrence after the first. */
export function duplicates(codes: string[], pathOf: (index: number) => string, what: string): CatalogueProblem[] {
  const first = new Map<string, number>();
  return codes.flatMap((code, index) => {
    const earlier = first.get(code);
    if (earlier === undefined) {
      first.set(code, index);
      return [];
    }
    return [{ path: pathOf(index), message: `${what} ${code} 与 ${pathOf(earlier)} 重复` }];
  });
}

function timeLimitProblems(item: CatalogueItem, at: string): CatalogueProblem[] {
  const path = `${at}/promisedDays`;
  if (item.caseType === 'immediate') {
    return item.promisedDays === 0 ? [] : [{ path, message: '即办件当场办结，承诺时限应为 0 个工作日' }];
  }
  if (item.promisedDays < 1) return [{ path, message: `${CASE_TYPE_NAMES[item.caseType]}的承诺时限至少为 1 个工作日` }];
  if (item.promisedDays > item.statutoryDays) {
    return [{ path, message: `承诺时限（${item.promisedDays} 个工作日）不能超过法定时限（${item.statutoryDays} 个工作日）` }];
  }
  return [];
}

function jointProblems(item: CatalogueItem, at: string, departments: ReadonlySet<string>): CatalogueProblem[] {
  const path = `${at}/jointDepartmentCodes`;
  const joint = item.jointDepartmentCodes;
  if (item.caseType !== 'joint') return joint ? [{ path, message: '只有联办件才有联办部门' }] : [];
  if (!joint) return [{ path, message: '联办件须列出联办部门（至少两个，含牵头部门）' }];
  return [
    ...joint.flatMap((code, index) => (departments.has(code) ? [] : [{ path: `${path}/${index}`, message: `没有部门 ${code}` }])),
    ...(joint.includes(item.departmentCode) ? [] : [{ path, message: `联办部门须包括牵头部门 ${item.departmentCode}` }]),
  ];
}

/**
 * What the catalogue requires of an item beyond its shape (catalogue.schema.json): departments
 * that exist, time limits that fit the case type and the statutory limit, joint departments on
 * joint items only and with the lead among them, materials asked for by a reviewing department,
 * no code twice. `at` is the item's pointer in its document ('' for an item on its own). The
 * messages are Chinese: the administrators read them on /admin/catalogue.
 */
export function itemProblems(item: CatalogueItem, at: string, departments: ReadonlySet<string>): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  if (!departments.has(item.departmentCode)) problems.push({ path: `${at}/departmentCode`, message: `没有部门 ${item.departmentCode}` });
  problems.push(...timeLimitProblems(item, at), ...jointProblems(item, at, departments));
  const reviewing = new Set(item.jointDepartmentCodes ?? [item.departmentCode]);
  // a joint item without its departments has that one problem, not one per material besides
  const reviewersKnown = item.caseType !== 'joint' || item.jointDepartmentCodes !== undefined;
  item.materials.forEach((material, index) => {
    if (reviewersKnown && material.departmentCode !== undefined && !reviewing.has(material.departmentCode)) {
      problems.push({ path: `${at}/materials/${index}/departmentCode`, message: `${material.departmentCode} 不审查本事项，不能要求此材料` });
    }
  });
  problems.push(
    ...duplicates(item.materials.map((m) => m.code), (i) => `${at}/materials/${i}/code`, '材料编码'),
    ...duplicates(item.fees.map((f) => f.code), (i) => `${at}/fees/${i}/code`, '收费编码'),
  );
  return problems;
}
