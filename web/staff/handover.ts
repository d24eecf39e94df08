import { enqueueNotification, staffInbox, type ExternalChannel } from '../../domain/notify/index.js';
import { actingHolderAmong, isPresent } from '../../domain/staff/ab-post.js';
import { alertUnstaffedPost } from '../../domain/staff/unstaffed-post.js';
import type { Absence, NewAuditEntry, Post, Store, Task } from '../../domain/store/index.js';
import type { AuditEvent } from '../audit.js';
import type { InboxEngine } from '../inbox/engine.js';
import type { Logger } from '../log.js';
import { ABSENCE_KIND_LABELS } from './absence-kinds.js';

/**
 * AB岗 for work already handed out: a task assigned to someone who is away (an absence covering
 * now, or the account disabled) goes to whoever does that post's work now, the first present B
 * holder, noted as covering for the absent one, who is told (in-app, SMS or e-mail where given).
 * With every holder of the post away the task goes back to its group's queue, and the window's
 * head and the supervision section are alerted, as for a task created on an empty post. The task
 * creation listener does the same for new tasks; this does it for tasks that were placed while
 * the person was still at work, when the administrator records the absence or disables the
 * account and, for absences that begin later or are recorded some other way, in a periodic sweep.
 *
 * The engine is asked first, through the SDK; the store, the audit log and the case file follow
 * in one transaction once it has accepted. A task someone else took meanwhile is left alone.
 */

export interface HandedOver {
  userTaskKey: string;
  name: string;
  caseId: string | null;
  /** the case's number, for the administrator who sees the hand-over */
  caseNumber: string | null;
  from: string;
  /** the covering holder, or null when nobody of the post is at work */
  to: string | null;
  /** nobody of the post is at work: the task went back to its group's queue and the head was alerted */
  queued: boolean;
}

/** Who caused the hand-over: the administrator recording the absence, or the sweep ('system'). */
export interface HandoverCause {
  actor: string;
  /** the audit entry for a hand-over, made as the caller makes its own (a request adds its address) */
  audit: (event: AuditEvent, at: Date) => NewAuditEntry;
}

export interface AbsenceHandover {
  /** Hands over the open tasks of one person if they are away now. */
  handOver(staffId: string, cause: HandoverCause): Promise<HandedOver[]>;
  /** Hands over the open tasks of everyone away now. */
  sweep(): Promise<HandedOver[]>;
  /** Sweeps every intervalMs until stop(); a failed sweep is logged and the next one tries again. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export const SWEEP_ACTOR = 'system';

/** how often `npm start` looks for absences that have begun: a minute late is within a clerk's patience */
export const HANDOVER_SWEEP_MS = 60_000;

export function createAbsenceHandover({
  store,
  engine,
  clock,
  log,
  notifyChannels = [],
}: {
  store: Store;
  engine: InboxEngine;
  clock: () => Date;
  log: Logger;
  /** the channels besides in-app the outbox can deliver on, for the new holder's and the head's messages */
  notifyChannels?: readonly ExternalChannel[];
}): AbsenceHandover {
  const reasonOf = (absence: Absence | undefined): string => (absence ? `${ABSENCE_KIND_LABELS[absence.kind]}${absence.reason !== ABSENCE_KIND_LABELS[absence.kind] ? `（${absence.reason}）` : ''}` : '账号停用');

  const caseNumberOf = async (task: Task): Promise<string | null> => (task.caseId ? ((await store.cases.get(task.caseId))?.caseNumber ?? null) : null);

  type Base = Omit<HandedOver, 'to' | 'queued'>;

  /** Nobody of the post is at work: the task waits in its group's queue and the head is told to staff it. */
  async function returnToQueue(task: Task, base: Base, post: Post | undefined, reason: string, cause: HandoverCause, at: Date): Promise<HandedOver> {
    await engine.unassign(task.userTaskKey);
    const queued = await store.transaction(async (tx) => {
      const current = await tx.tasks.get(task.userTaskKey);
      if (current?.state !== 'created' || (current.assignee !== base.from && current.assignee !== null)) return false;
      await tx.tasks.assign(task.userTaskKey, null, null);
      const fromName = (await tx.staff.getStaff(base.from))?.name ?? base.from;
      const queue = task.candidateGroups.join('、');
      const detail = { previousAssignee: base.from, assignee: null, coveringFor: null, caseId: task.caseId, postCode: post?.code, reason, queue: task.candidateGroups };
      await tx.audit.record(cause.audit({ action: 'task.handover', targetType: 'task', targetId: task.userTaskKey, detail, actor: cause.actor }, at));
      const theCase = task.caseId ? await tx.cases.get(task.caseId) : undefined;
      if (theCase) {
        const note = `${fromName}${reason}，${post?.name ?? '岗位'}无人在岗，任务「${task.name}」退回 ${queue} 队列待领取`;
        await tx.cases.appendEvent(theCase.id, { kind: 'task-handed-over', actor: cause.actor, at, detail: { task: task.name, userTaskKey: task.userTaskKey, from: base.from, to: null, coveringFor: null, note } });
      }
      await alertUnstaffedPost(tx, {
        task: { userTaskKey: task.userTaskKey, name: task.name, candidateGroups: task.candidateGroups },
        post,
        theCase,
        subject: base.caseNumber ?? undefined,
        unstaffed: `${fromName}${reason}，${post ? `岗位「${post.name}」的A岗、B岗人员均不在岗` : '没有岗位可替补'}`,
        at,
        channels: notifyChannels,
        signedBy: { actor: cause.actor, cause: null },
        occasion: `away:${base.from}:${at.toISOString()}`,
      });
      return true;
    });
    return { ...base, to: null, queued };
  }

  async function handOverTask(task: Task, absentId: string, reason: string, cause: HandoverCause, at: Date): Promise<HandedOver> {
    const base: Base = { userTaskKey: task.userTaskKey, name: task.name, caseId: task.caseId, caseNumber: await caseNumberOf(task), from: absentId };
    const staffing = await store.staff.staffing(task.candidateGroups, at);
    const post = staffing?.post;
    const acting = staffing ? actingHolderAmong(staffing.holders) : undefined;
    const to = acting?.holder?.staff.id ?? null;
    const fresh = await store.tasks.get(task.userTaskKey);
    if (to === absentId || fresh?.state !== 'created' || fresh.assignee !== absentId) return { ...base, to: null, queued: false };
    if (to === null) return returnToQueue(task, base, post, reason, cause, at);
    // whoever takes it covers for the post's A holder, or for nobody when that is the A holder back at work
    const coveringFor = acting?.coveringFor ?? null;
    await engine.assign(task.userTaskKey, to, true, 'assign');
    const recorded = await store.transaction(async (tx) => {
      // the assigning listener may have written the new assignee already (without the AB岗 note)
      const current = await tx.tasks.get(task.userTaskKey);
      if (current?.state !== 'created' || (current.assignee !== absentId && current.assignee !== to)) return false;
      await tx.tasks.assign(task.userTaskKey, to, coveringFor);
      const [from, holder] = await Promise.all([absentId, to].map((id) => tx.staff.getStaff(id)));
      const [fromName, toName] = [from?.name ?? absentId, holder?.name ?? to];
      const detail = { previousAssignee: absentId, assignee: to, coveringFor, caseId: task.caseId, postCode: post?.code, reason };
      await tx.audit.record(cause.audit({ action: 'task.handover', targetType: 'task', targetId: task.userTaskKey, detail, actor: cause.actor }, at));
      if (task.caseId) {
        const note = `${fromName}${reason}，任务「${task.name}」转由${post?.name ?? ''}B岗${toName}办理`;
        await tx.cases.appendEvent(task.caseId, { kind: 'task-handed-over', actor: cause.actor, at, detail: { task: task.name, userTaskKey: task.userTaskKey, from: absentId, to, coveringFor, note } });
      }
      const what = `任务「${task.name}」${base.caseNumber ? `（办件 ${base.caseNumber}）` : ''}`;
      await enqueueNotification(
        tx.outbox,
        {
          inbox: staffInbox(to),
          contact: { phone: holder?.phone ?? null, email: holder?.email ?? null },
          subject: `代岗任务：${task.name}`,
          text: `${fromName}${reason}，${what}已转由您办理${post ? `（${post.name}）` : ''}，请在待办事项中查看。`,
          sms: `${fromName}${reason}，${what}已转由您办理，请及时处理。`,
          caseId: task.caseId,
          idempotencyKey: `notify:handover:${task.userTaskKey}:${to}`,
        },
        notifyChannels,
      );
      return true;
    });
    return { ...base, to: recorded ? to : null, queued: false };
  }

  async function handOver(staffId: string, cause: HandoverCause): Promise<HandedOver[]> {
    const at = clock();
    if (await isPresent(store.staff, staffId, at)) return [];
    const [absence] = await store.staff.absencesAt(at, [staffId]);
    const reason = reasonOf(absence);
    const done: HandedOver[] = [];
    for (const task of await store.tasks.list({ state: 'created', assignee: staffId })) {
      try {
        done.push(await handOverTask(task, staffId, reason, cause, at));
      } catch (error) {
        // the task stays with its B holders' override (AB岗 claim); the next sweep tries again
        log.warn('absence hand-over: the engine did not take the new assignee', { userTaskKey: task.userTaskKey, error: (error as Error).message });
        done.push({ userTaskKey: task.userTaskKey, name: task.name, caseId: task.caseId, caseNumber: await caseNumberOf(task), from: staffId, to: null, queued: false });
      }
    }
    const moved = done.filter((d) => d.to !== null || d.queued);
    if (moved.length > 0) log.info('absence hand-over', { staffId, tasks: moved.length, by: cause.actor });
    return done;
  }

  const sweepCause: HandoverCause = {
    actor: SWEEP_ACTOR,
    audit: (event, at) => ({ actor: SWEEP_ACTOR, action: event.action, targetType: event.targetType, targetId: event.targetId, detail: event.detail, at }),
  };

  async function sweep(): Promise<HandedOver[]> {
    const at = clock();
    const away = new Set((await store.staff.absencesAt(at)).map((a) => a.staffId));
    for (const person of await store.staff.listStaff()) if (!person.active) away.add(person.id);
    const done: HandedOver[] = [];
    for (const staffId of away) done.push(...(await handOver(staffId, sweepCause)));
    return done;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  return {
    handOver,
    sweep,
    start(intervalMs) {
      timer = setInterval(() => {
        running = running.then(sweep).catch((error: unknown) => log.warn('absence hand-over sweep failed; trying again at the next one', { error: (error as Error).message }));
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
