import { actingHolder } from './ab-post.js';
import { enqueueNotification, type ExternalChannel } from '../notify/index.js';
import type { Case, Cause, Post, StoreTransaction } from '../store/index.js';

export interface UnstaffedTask {
  userTaskKey: string;
  /** the task's name as the inbox shows it */
  name: string;
  candidateGroups: string[];
}

/**
 * A task nobody present can be given (AB岗: A and every B holder away) waits in its group's queue,
 * and work must never wait on an empty post: the window's head, who answers for the post, is
 * alerted (in-app to `group:head:<dept>`, and by SMS or e-mail to whoever acts on the head post now
 * where they gave a number or address and the channel is configured), and so is the supervision
 * section (a recommendation, 督查建议). The case's timeline says who was told. A task of the head
 * post itself, or one no post serves, goes to supervision alone.
 */
export async function alertUnstaffedPost(
  tx: StoreTransaction,
  input: {
    task: UnstaffedTask;
    post: Post | undefined;
    theCase: Case | undefined;
    subject: string | undefined;
    unstaffed: string;
    at: Date;
    channels: readonly ExternalChannel[];
    signedBy: { actor: string; cause: Cause | null };
    /** what makes this alert one of its own, besides the task (the absence that emptied the post); none at the task's creation */
    occasion?: string;
  },
): Promise<void> {
  const { task, post, theCase, at } = input;
  const reason = `${input.unstaffed}：任务「${task.name}」${input.subject ? `（${input.subject}）` : ''}暂留在 ${task.candidateGroups.join('、') || '无候选组'} 队列待领取，请调配人员办理`;
  const caseId = theCase?.id ?? null;
  const key = input.occasion ? `${task.userTaskKey}:${input.occasion}` : task.userTaskKey;
  const alerted: string[] = [];

  const headGroup = post ? `head:${post.departmentCode}` : undefined;
  if (post && headGroup && post.candidateGroup !== headGroup) {
    const [headPost] = await tx.staff.listPosts({ candidateGroup: headGroup });
    const head = headPost ? (await actingHolder(tx.staff, headPost.code, at)).holder?.staff : undefined;
    await enqueueNotification(
      tx.outbox,
      {
        inbox: `group:${headGroup}`,
        contact: { phone: head?.phone ?? null, email: head?.email ?? null },
        subject: '岗位无人在岗：请窗口负责人调配人员',
        text: `${reason}。窗口负责人对本窗口岗位在岗负责（AB岗、首问负责制），请指派在岗人员或亲自办理。`,
        sms: `${post.name}A、B岗均不在岗，任务「${task.name}」${input.subject ? `（${input.subject}）` : ''}无人办理，请即调配人员。`,
        caseId,
        idempotencyKey: `notify:unstaffed-head:${key}`,
      },
      input.channels,
    );
    alerted.push(head ? `窗口负责人${head.name}` : headPost ? `${headPost.name}（亦无人在岗）` : '窗口负责人');
  }

  if (theCase) {
    await tx.supervision.record({ caseId: theCase.id, userTaskKey: task.userTaskKey, kind: 'recommendation', reason, idempotencyKey: `recommendation:${key}`, at });
  }
  await tx.outbox.enqueue({ channel: 'inapp', recipient: 'group:supervision', subject: '督查建议：岗位无人在岗', body: reason, caseId, idempotencyKey: `notify:recommendation:${key}` });
  alerted.push('业务督查科');

  if (theCase) {
    await tx.cases.appendEvent(theCase.id, {
      kind: 'post-unstaffed',
      ...input.signedBy,
      at,
      detail: { reason, userTaskKey: task.userTaskKey, post: post?.name ?? null, alerted, note: `${reason}；已提醒${alerted.join('、')}` },
    });
  }
}
