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

export function registerAuditRoutes(api: Api, { store }: ApiContext): void {
  api.get('/api/audit', 'listAuditEntries', async (_req, res) => {
    const { query } = inputOf<{ query: AuditListQuery }>(res);
    const { entries, total } = await store.audit.search({
      ...query,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
    });
    res.json({ entries, total, limit: query.limit, offset: query.offset });
  });
}
