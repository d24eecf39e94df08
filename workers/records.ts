import { parseCause, type Case, type Cause, type Complaint, type Repositories } from '../domain/store/index.js';
import { InvalidJobInput } from './errors.js';
import { requireString } from './job-input.js';
import type { Job } from './types.js';

/**
 * The case or complaint a job is about. An unknown number is a diagram or starter defect that no
 * retry fixes, so it raises an incident naming the number instead of failing over and over.
 */

export async function requireCase(repos: Pick<Repositories, 'cases'>, job: Job): Promise<Case> {
  const caseNumber = requireString(job, 'caseNumber');
  const found = await repos.cases.getByNumber(caseNumber);
  if (!found) throw new InvalidJobInput('caseNumber', `no case numbered '${caseNumber}' (element '${job.elementId}')`);
  return found;
}

export async function requireComplaint(repos: Pick<Repositories, 'complaints'>, job: Job): Promise<Complaint> {
  const complaintNumber = requireString(job, 'complaintNumber');
  const found = await repos.complaints.getByNumber(complaintNumber);
  if (!found) throw new InvalidJobInput('complaintNumber', `no complaint numbered '${complaintNumber}' (element '${job.elementId}')`);
  return found;
}

/** A task listener's job for a user task the creating listener never recorded: an incident naming that listener. */
export function unrecordedTask(job: Job, userTaskKey: string): InvalidJobInput {
  return new InvalidJobInput('header:io.camunda.zeebe:userTaskKey', `user task ${userTaskKey} was never recorded: element '${job.elementId}' needs the creating listener user-task-creating`);
}

/**
 * How a worker signs the timeline and the audit log: the job type that acted, and what set the job
 * going: the `actedBy` variable (docs/procedures.md), written by the inbox when a person completes
 * a task, by the web app with a message from the applicant, and by the diagrams' timers. `cause`
 * overrides it for a job whose cause the worker knows better (a supervision timer).
 */
export function jobActor(job: Job, cause?: Cause): { actor: string; cause: Cause | null } {
  return { actor: `worker:${job.type}`, cause: cause ?? parseCause(job.variables.actedBy) };
}
