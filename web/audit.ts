import type { Response } from 'express';
import { redactDeep } from '../shared/redact.js';
import type { NewAuditEntry } from '../domain/store/index.js';
import { authOf } from './http/context.js';

/** The actor of what nobody logged in did: failed log-ins, public submissions. */
export const ANONYMOUS = 'anonymous';

/** A state change as the audit log keeps it: what was done (`session.login`, `task.complete` ...) to which record. */
export interface AuditEvent {
  action: string;
  targetType: 'user' | 'case' | 'task' | 'diagram' | 'form' | 'decision' | 'complaint' | 'incident' | 'task-filter' | 'post' | 'absence' | 'calendar' | 'catalogue-item';
  targetId: string;
  detail?: Record<string, unknown>;
  /** when not the request's user, e.g. the account a log-in opens */
  actor?: string;
}

/**
 * The audit entry for a state change made by this request: the user (or anonymous), the client's
 * address, and the detail with personal numbers masked, since supervision reads the log. Record it
 * in the transaction of the change, so there is never a change without its entry or the reverse.
 */
export function auditEntry(res: Response, at: Date, event: AuditEvent): NewAuditEntry {
  return {
    actor: event.actor ?? authOf(res)?.principal.username ?? ANONYMOUS,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    detail: redactDeep({ ...event.detail, ip: res.req.ip }),
    at,
  };
}
