import type { RuntimeContext } from './context.js';
import type { IncidentRecord, JobRecord } from './records.js';
import { invalidState, notFound } from './errors.js';

/**
 * Resolving an incident retries what failed: a job is offered again (its retries must have been
 * raised first, else the resolution is rejected like in Zeebe), an element re-runs its activation
 * or completion with the variables as they are now.
 */
export function resolveIncident(ctx: RuntimeContext, key: number): void {
  const incident = ctx.get<IncidentRecord>('incident', key);
  if (!incident || incident.state !== 'ACTIVE') {
    throw notFound(`Expected to resolve incident with key '${key}', but no such incident was found`);
  }
  const job = incident.jobKey !== undefined ? ctx.get<JobRecord>('job', incident.jobKey) : undefined;
  if (job && job.retries <= 0) {
    throw invalidState(
      `Expected to resolve incident with key '${key}', but job with key '${job.key}' has no retries left. Please update the job retries and retry resolving the incident`,
    );
  }
  ctx.resolveIncidentRecord(incident);
  if (incident.jobKey !== undefined) {
    if (job) ctx.behaviors.jobs.retryJobAfterIncident(job);
    return;
  }
  const ei = ctx.ei(incident.elementInstanceKey);
  if (!ei) return;
  if (incident.retry === 'complete') {
    ctx.behaviors.lifecycle.complete(ei);
    return;
  }
  ctx.behaviors.events.closeSubscriptionsOf(ei.key);
  ei.state = 'ACTIVATING';
  ctx.saveEi(ei);
  ctx.behaviors.lifecycle.runActivation(ei);
}
