import type { RuntimeContext } from './context.js';
import type { IncidentRecord, JobRecord } from './records.js';
import { notFound } from './errors.js';
import { retryJobAfterIncident } from './jobs.js';
import { closeSubscriptionsOf } from './events.js';
import { completeElement, runActivation } from './flow.js';

/**
 * Resolving an incident retries what failed: a job is offered again (its retries must have been
 * raised first, else a new incident appears), an element re-runs its activation or completion
 * with the variables as they are now.
 */
export function resolveIncident(ctx: RuntimeContext, key: number): void {
  const incident = ctx.get<IncidentRecord>('incident', key);
  if (!incident || incident.state !== 'ACTIVE') {
    throw notFound(`Expected to resolve incident with key '${key}', but no such incident was found`);
  }
  ctx.resolveIncidentRecord(incident);
  if (incident.jobKey !== undefined) {
    const job = ctx.get<JobRecord>('job', incident.jobKey);
    if (job) retryJobAfterIncident(ctx, job);
    return;
  }
  const ei = ctx.ei(incident.elementInstanceKey);
  if (!ei) return;
  if (incident.retry === 'complete') {
    completeElement(ctx, ei);
    return;
  }
  closeSubscriptionsOf(ctx, ei.key);
  ei.state = 'ACTIVATING';
  ctx.saveEi(ei);
  runActivation(ctx, ei);
}
