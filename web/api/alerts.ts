import { staffInbox } from '../../domain/notify/index.js';
import type { OutboxMessage } from '../../domain/store/index.js';
import type { Principal } from '../auth/roles.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/** the newest this many: older alerts are in the case files and the audit log */
export const ALERT_LIMIT = 200;

/**
 * 提醒消息 for a window head: the in-app alerts to the department's head group (an empty post,
 * AB岗) and to the head in person (work handed over), newest first, each read or unread for this
 * head. The role gates the route (window-head, in the OpenAPI document); the department is the
 * head's own, so another department's alert is unknown here.
 */
function recipientsOf(principal: Principal): string[] {
  return [`group:head:${principal.departmentCode}`, ...(principal.staffId ? [staffInbox(principal.staffId)] : [])];
}

function readerOf(principal: Principal): string {
  return principal.staffId ?? principal.username;
}

export function registerAlertRoutes(api: Api, { store, clock }: ApiContext): void {
  const caseNumbers = async (messages: OutboxMessage[]): Promise<Map<string, string>> => {
    const ids = [...new Set(messages.flatMap((m) => (m.caseId ? [m.caseId] : [])))];
    const found = await Promise.all(ids.map(async (id) => [id, (await store.cases.get(id))?.caseNumber] as const));
    return new Map(found.flatMap(([id, number]) => (number ? [[id, number] as const] : [])));
  };

  api.get('/api/alerts', 'listAlerts', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const messages = await store.outbox.inappFor(recipientsOf(principal), readerOf(principal), ALERT_LIMIT);
    const numbers = await caseNumbers(messages);
    res.json({
      unread: messages.filter((m) => m.readAt === null).length,
      alerts: messages.map((m) => ({
        id: m.id,
        subject: m.subject,
        body: m.body,
        createdAt: m.createdAt.toISOString(),
        readAt: m.readAt?.toISOString() ?? null,
        caseNumber: (m.caseId && numbers.get(m.caseId)) ?? null,
      })),
    });
  });

  api.post('/api/alerts/{id}/read', 'readAlert', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const message = await store.outbox.get(inputOf(res).params.id);
    // another department's or person's alert is as unknown as a missing one
    if (!message || message.channel !== 'inapp' || !recipientsOf(principal).includes(message.recipient)) throw new ApiProblem('not-found', '没有这条提醒');
    await store.outbox.markRead(message.id, readerOf(principal), clock());
    res.status(204).end();
  });
}
