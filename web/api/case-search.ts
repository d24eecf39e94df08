import { chinaDaysRange, isCalendarDay } from '../../domain/statistics/figures.js';
import type { CaseStatus } from '../../domain/store/index.js';
import { hasAnyRole, type Principal } from '../auth/roles.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import { maskedApplicant } from '../inbox/masking.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/**
 * 办件查询: staff find any case they may see by number, applicant, item, department, status
 * and the days it came in. Supervision and the management committee oversee every department;
 * everyone else working on cases sees their own department's.
 */

export const PAGE_SIZE = 50;

interface SearchQuery {
  number?: string;
  applicant?: string;
  item?: string;
  department?: string;
  status?: CaseStatus;
  from?: string;
  to?: string;
  page: number;
}

/** The departments the user may search, or undefined for all of them. */
export function searchScope(principal: Principal): readonly string[] | undefined {
  return hasAnyRole(principal, ['supervision', 'committee']) ? undefined : [principal.departmentCode];
}

function receivedRange(query: SearchQuery): { receivedFrom?: Date; receivedBefore?: Date } {
  const errors: FieldError[] = (['from', 'to'] as const)
    .filter((field) => query[field] !== undefined && !isCalendarDay(query[field]))
    .map((field) => ({ in: 'query', field, message: `${field === 'from' ? '受理起始日' : '受理截止日'}不是有效日期` }));
  if (query.from !== undefined && query.to !== undefined && errors.length === 0 && query.from > query.to) {
    errors.push({ in: 'query', field: 'from', message: '起始日不能晚于截止日' });
  }
  if (errors.length > 0) throw new ApiProblem('validation', errors.map((e) => e.message).join('；'), errors);
  return {
    ...(query.from === undefined ? {} : { receivedFrom: chinaDaysRange(query.from, query.from).from }),
    ...(query.to === undefined ? {} : { receivedBefore: chinaDaysRange(query.to, query.to).to }),
  };
}

export function registerCaseSearchRoutes(api: Api, { store }: ApiContext): void {
  api.get('/api/cases', 'searchCases', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { query } = inputOf<{ query: SearchQuery }>(res);
    const scope = searchScope(principal);
    if (query.department !== undefined && scope !== undefined && !scope.includes(query.department)) {
      throw new ApiProblem('forbidden', '只能查询本部门的办件', [{ in: 'query', field: 'department', message: '只能查询本部门的办件' }]);
    }
    const departments = query.department === undefined ? scope : [query.department];
    const found = await store.cases.search({
      ...(query.number === undefined ? {} : { numberPrefix: query.number.toUpperCase() }),
      ...(query.applicant === undefined ? {} : { applicant: query.applicant.trim() }),
      ...(query.item === undefined ? {} : { itemCode: query.item }),
      ...(departments === undefined ? {} : { departmentCodes: departments }),
      ...(query.status === undefined ? {} : { statuses: [query.status] }),
      ...receivedRange(query),
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    const [items, allDepartments] = await Promise.all([store.catalogue.listItems(), store.catalogue.listDepartments()]);
    const itemName = new Map(items.map((i) => [i.code, i.name]));
    const departmentName = new Map(allDepartments.map((d) => [d.code, d.name]));
    res.json({
      total: found.total,
      moreThanTotal: found.moreThanTotal,
      page: query.page,
      pageSize: PAGE_SIZE,
      cases: found.cases.map((c) => ({
        caseNumber: c.caseNumber,
        itemCode: c.itemCode,
        itemName: itemName.get(c.itemCode) ?? null,
        departmentCode: c.departmentCode,
        departmentName: departmentName.get(c.departmentCode) ?? null,
        caseType: c.caseType,
        status: c.status,
        stage: c.stage,
        applicant: maskedApplicant(c.applicant),
        receivedAt: c.receivedAt.toISOString(),
        dueAt: c.dueAt?.toISOString() ?? null,
        completedAt: c.completedAt?.toISOString() ?? null,
        processInstanceKey: c.processInstanceKey,
      })),
    });
  });
}
