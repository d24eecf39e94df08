import type { AuditEntry, Store } from '../../domain/store/index.js';
import { inputOf } from '../http/context.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

interface AuditListQuery {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** detail keys that hold a staff member's username */
const PERSON_KEYS = ['assignee', 'previousAssignee', 'coveringFor'];

/**
 * The names the page shows instead of the ids an entry holds: staff (the actor, a user target,
 * the people of a task's assignment) by name, cases by case number.
 */
async function namesOn(store: Store, entries: AuditEntry[]): Promise<{ people: Record<string, string>; cases: Record<string, string> }> {
  const staffIds = new Set<string>();
  const caseIds = new Set<string>();
  for (const e of entries) {
    staffIds.add(e.actor);
    if (e.targetType === 'user') staffIds.add(e.targetId);
    const detail = (e.detail ?? {}) as Record<string, unknown>;
    for (const key of PERSON_KEYS) if (typeof detail[key] === 'string') staffIds.add(detail[key]);
    if (typeof detail.caseId === 'string') caseIds.add(detail.caseId);
  }
  const people: Record<string, string> = {};
  for (const id of staffIds) {
    const staff = await store.staff.getStaff(id);
    if (staff) people[id] = staff.name;
  }
  const cases: Record<string, string> = {};
  for (const id of caseIds) {
    const found = await store.cases.get(id);
    if (found) cases[id] = found.caseNumber;
  }
  return { people, cases };
}

export function registerAuditRoutes(api: Api, { store }: ApiContext): void {
  api.get('/api/audit', 'listAuditEntries', async (_req, res) => {
    const { query } = inputOf<{ query: AuditListQuery }>(res);
    const { entries, total } = await store.audit.search({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    res.json({ entries, total, limit: query.limit, offset: query.offset, ...(await namesOn(store, entries)) });
  });
}
