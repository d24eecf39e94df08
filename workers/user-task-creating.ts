import { actingHolder, isPresent, postServing } from '../domain/staff/ab-post.js';
import type { Case, Post, StoreTransaction } from '../domain/store/index.js';
import { idempotencyKey, optionalString } from './job-input.js';
import type { WorkerModule } from './run-job.js';
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
async function place(tx: StoreTransaction, task: ListenerTask, post: Post | undefined, at: Date): Promise<Placement> {
  const modelled = task.assignee;
  if (modelled && (await isPresent(tx.staff, modelled, at))) return { assignee: modelled, coveringFor: null, corrections: {} };
  const clear = modelled ? { assignee: '' } : {};
  if (!post) {
    return modelled
      ? { assignee: null, coveringFor: null, corrections: clear, unstaffed: `指定办理人 ${modelled} 不在岗，且没有岗位可替补` }
      : { assignee: null, coveringFor: null, corrections: {} };
  }
  const acting = await actingHolder(tx.staff, post.code, at);
  if (!acting.holder) {
    return { assignee: null, coveringFor: null, corrections: clear, unstaffed: `岗位「${post.name}」的A岗、B岗人员均不在岗` };
  }
  const assignee = acting.holder.staff.id;
  return { assignee, coveringFor: modelled ?? acting.coveringFor, corrections: { assignee } };
}

/**
 * The `creating` task listener: writes the user task into the project's task store (the inbox
 * reads only that) and assigns it by AB岗. When a post has nobody present the task stays in the
 * group queue and the supervision section gets a recommendation (督查建议) to staff it, since
 * work must never wait on an empty post.
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

      // keyed by job: a redelivered job replays, a new creation of the task is a new job
      return deps.store.processedJobs.runOnce(idempotencyKey(job, job.jobKey), job.type, async (tx) => {
        let theCase: Case | undefined;
        if (caseNumber) {
          theCase = await tx.cases.getByNumber(caseNumber);
          // the task must still reach the inbox; it only loses its link to the case
          if (!theCase) deps.log('user task for an unknown case', { caseNumber, userTaskKey: task.userTaskKey, element: job.elementId }, 'warn');
        }
        const post = await postServing(tx.staff, task.candidateGroups);
        const placement = await place(tx, task, post, now);
        const name = element.name ?? job.elementId;
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
          const subject = caseNumber ?? complaintNumber;
          const reason = `${placement.unstaffed}：任务「${name}」${subject ? `（${subject}）` : ''}暂留在 ${task.candidateGroups.join('、') || '无候选组'} 队列待领取，请调配人员办理`;
          if (theCase) {
            await tx.supervision.record({ caseId: theCase.id, userTaskKey: task.userTaskKey, kind: 'recommendation', reason, idempotencyKey: `recommendation:${task.userTaskKey}`, at: now });
          }
          await tx.outbox.enqueue({
            channel: 'inapp',
            recipient: 'group:supervision',
            subject: '督查建议：岗位无人在岗',
            body: reason,
            caseId: theCase?.id ?? null,
            idempotencyKey: `notify:recommendation:${task.userTaskKey}`,
          });
        }
        deps.log('user task recorded', { userTaskKey: task.userTaskKey, element: job.elementId, assignee: placement.assignee, coveringFor: placement.coveringFor, unstaffed: placement.unstaffed !== undefined });
        return placement.corrections;
      });
    };
  },
};
