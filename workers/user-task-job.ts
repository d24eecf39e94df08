import { InvalidJobInput } from './errors.js';
import { header } from './job-input.js';
import type { Job } from './types.js';

/**
 * What a task-listener job says about its user task. Zeebe puts the task's data in custom headers
 * (io.camunda.zeebe:*), with the transition's pending values (the new assignee of an assignment);
 * 8.8 also sends a `userTask` object, used here only where a header is missing.
 */
export interface ListenerTask {
  userTaskKey: string;
  /** the deployed diagram (the SDK's job type predates this field of the 8.8 REST API) */
  processDefinitionKey: string;
  candidateGroups: string[];
  assignee: string | null;
  dueAt: Date | null;
}

interface UserTaskProperties {
  userTaskKey?: string | null;
  candidateGroups?: string[];
  assignee?: string | null;
  dueDate?: string | null;
}

export function listenerTask(job: Job): ListenerTask {
  const { userTask, processDefinitionKey } = job as Job & { userTask?: UserTaskProperties; processDefinitionKey?: string };
  if (!processDefinitionKey) throw new InvalidJobInput('processDefinitionKey', `the engine sent job ${job.jobKey} without its process definition key`);
  const userTaskKey = header(job, 'io.camunda.zeebe:userTaskKey') ?? userTask?.userTaskKey ?? undefined;
  if (!userTaskKey) throw new InvalidJobInput('header:io.camunda.zeebe:userTaskKey', `job of type '${job.type}' on element '${job.elementId}' is not a user task listener job`);

  const groupsHeader = header(job, 'io.camunda.zeebe:candidateGroups');
  let candidateGroups = userTask?.candidateGroups ?? [];
  if (groupsHeader !== undefined) {
    const parsed: unknown = JSON.parse(groupsHeader);
    if (!Array.isArray(parsed) || parsed.some((g) => typeof g !== 'string')) {
      throw new InvalidJobInput('header:io.camunda.zeebe:candidateGroups', `expected a JSON list of group names, got ${groupsHeader}`);
    }
    candidateGroups = parsed as string[];
  }

  const dueText = header(job, 'io.camunda.zeebe:dueDate') ?? userTask?.dueDate ?? undefined;
  const dueAt = dueText ? new Date(dueText) : null;
  if (dueAt && Number.isNaN(dueAt.getTime())) throw new InvalidJobInput('header:io.camunda.zeebe:dueDate', `expected an ISO date-time, got ${dueText}`);

  return { userTaskKey, processDefinitionKey, candidateGroups, assignee: header(job, 'io.camunda.zeebe:assignee') ?? null, dueAt };
}

/** The department a group serves (window:GA, lead:GA, head:GA, review:GA → GA). */
export function groupDepartment(group: string): string | undefined {
  const match = /^(?:window|lead|head|review):(.+)$/.exec(group);
  return match?.[1];
}
