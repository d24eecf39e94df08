import { actingHolderAmong, isPresent } from '../domain/staff/ab-post.js';
import type { PostStaffing, StoreTransaction } from '../domain/store/index.js';
import { signalInstanceChanged } from '../domain/store/change-signals.js';
import { idempotencyKey, optionalString } from './job-input.js';
import { jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import { alertUnstaffedPost } from '../domain/staff/unstaffed-post.js';
import { userTaskElements } from './user-task-elements.js';
import { groupDepartment, listenerTask, type ListenerTask } from './user-task-job.js';

interface Placement {
  assignee: string | null;
  coveringFor: string | null;
  /** the listener's corrections: a new assignee, '' to clear an absent one, or nothing */
  corrections: { assignee?: string };
  /** why nobody could be assigned although someone should have been */
  unstaffed?: string;
}

/**
 * AB岗 on creation: a present assignee from the diagram keeps the task; otherwise the post's A
 * holder takes it, or the first present B holder covering for the absent one. Nobody absent is
 * ever assigned; with everyone away the task waits in its group's queue.
 */
async function place(tx: StoreTransaction, task: ListenerTask, staffing: PostStaffing | undefined, at: Date): Promise<Placement> {
  const modelled = task.assignee;
  if (modelled && (await present(tx, modelled, staffing, at))) return { assignee: modelled, coveringFor: null, corrections: {} };
  const clear = modelled ? { assignee: '' } : {};
  if (!staffing) {
    return modelled
      ? { assignee: null, coveringFor: null, corrections: clear, unstaffed: `指定办理人 ${modelled} 不在岗，且没有岗位可替补` }
      : { assignee: null, coveringFor: null, corrections: {} };
  }
  const acting = actingHolderAmong(staffing.holders);
  if (!acting.holder) {
    return { assignee: null, coveringFor: null, corrections: clear, unstaffed: `岗位「${staffing.post.name}」的A岗、B岗人员均不在岗` };
  }
  const assignee = acting.holder.staff.id;
  return { assignee, coveringFor: modelled ?? acting.coveringFor, corrections: { assignee } };
}

/** Whether the diagram's assignee is at work: already read when they hold the post, else asked. */
async function present(tx: StoreTransaction, staffId: string, staffing: PostStaffing | undefined, at: Date): Promise<boolean> {
  const held = staffing?.holders.find((h) => h.holder.staff.id === staffId);
  return held ? held.holder.staff.active && held.absence === null : isPresent(tx.staff, staffId, at);
}

/**
 * The `creating` task listener: writes the user task into the project's task store (the inbox
 * reads only that) and assigns it by AB岗. When a post has nobody present the task stays in the
 * group queue and the window's head and the supervision section are alerted to staff it
 * (unstaffed-post.ts), since work must never wait on an empty post.
 */
export const userTaskCreating: WorkerModule = {
  jobType: 'user-task-creating',
  listener: true,
  create: (deps) => {
    const elements = userTaskElements(deps.engine);
    return async (job) => {
      const task = listenerTask(job);
      const element = await elements(task.processDefinitionKey, job.elementId);
      const caseNumber = optionalString(job, 'caseNumber');
      const complaintNumber = optionalString(job, 'complaintNumber');
      const now = deps.clock();
      const name = element.name ?? job.elementId;

      // keyed by job: a redelivered job replays, a new creation of the task is a new job. The
      // corrections follow from reads alone, so they are stored with the claim (decideOnce).
      const corrections = await deps.store.processedJobs.decideOnce(idempotencyKey(job, job.jobKey), job.type, async (tx) => {
        const theCase = caseNumber ? await tx.cases.getByNumber(caseNumber) : undefined;
        const staffing = await tx.staff.staffing(task.candidateGroups, now);
        const post = staffing?.post;
        const placement = await place(tx, task, staffing, now);
        const apply = async () => {
          // the task must still reach the inbox; it only loses its link to the case
          if (caseNumber && !theCase) deps.log('user task for an unknown case', { caseNumber, userTaskKey: task.userTaskKey, element: job.elementId }, 'warn');
          await tx.tasks.record({
            userTaskKey: task.userTaskKey,
            processInstanceKey: job.processInstanceKey,
            elementId: job.elementId,
            name,
            candidateGroups: task.candidateGroups,
            caseId: theCase?.id ?? null,
            departmentCode: task.candidateGroups.map(groupDepartment).find((d) => d !== undefined) ?? post?.departmentCode ?? theCase?.departmentCode ?? null,
            assignee: placement.assignee,
            coveringFor: placement.coveringFor,
            dueAt: task.dueAt,
            formId: element.formId,
            createdAt: now,
          });
          if (placement.unstaffed) {
            await alertUnstaffedPost(tx, {
              task: { userTaskKey: task.userTaskKey, name, candidateGroups: task.candidateGroups },
              post,
              theCase,
              subject: caseNumber ?? complaintNumber,
              unstaffed: placement.unstaffed,
              at: now,
              channels: deps.notifyChannels ?? [],
              signedBy: jobActor(job),
            });
          }
          deps.log('user task recorded', { userTaskKey: task.userTaskKey, element: job.elementId, assignee: placement.assignee, coveringFor: placement.coveringFor, unstaffed: placement.unstaffed !== undefined });
        };
        return { result: placement.corrections, apply };
      });
      // committed: a clerk's completion waiting for its next step in this process learns it now
      signalInstanceChanged(job.processInstanceKey, { kind: 'task-recorded', userTaskKey: task.userTaskKey, name });
      return corrections;
    };
  },
};
