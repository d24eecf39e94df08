import { actingHolder, isPresent, postServing } from '../../domain/staff/ab-post.js';
import type { Absence, NewAuditEntry, Store, Task } from '../../domain/store/index.js';
import type { AuditEvent } from '../audit.js';
import type { InboxEngine } from '../inbox/engine.js';
import type { Logger } from '../log.js';
import { ABSENCE_KIND_LABELS } from './absence-kinds.js';

/**
 * AB岗 for work already handed out: a task assigned to someone who is away (an absence covering
 * now, or the account disabled) goes to whoever does that post's work now, the first present B
 * holder, noted as covering for the absent one. The task creation listener does the same for new
 * tasks; this does it for tasks that were placed while the person was still at work, when the
 * administrator records the absence and, for absences that begin later, in a periodic sweep.
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
  /** the covering holder, or null when nobody of the post is at work (the task stays where it is) */
  to: string | null;
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

export function createAbsenceHandover({ store, engine, clock, log }: { store: Store; engine: InboxEngine; clock: () => Date; log: Logger }): AbsenceHandover {
  const reasonOf = (absence: Absence | undefined): string => (absence ? `${ABSENCE_KIND_LABELS[absence.kind]}${absence.reason !== ABSENCE_KIND_LABELS[absence.kind] ? `（${absence.reason}）` : ''}` : '账号停用');

  const caseNumberOf = async (task: Task): Promise<string | null> => (task.caseId ? ((await store.cases.get(task.caseId))?.caseNumber ?? null) : null);

  async function handOverTask(task: Task, absentId: string, reason: string, cause: HandoverCause, at: Date): Promise<HandedOver> {
    const base = { userTaskKey: task.userTaskKey, name: task.name, caseId: task.caseId, caseNumber: await caseNumberOf(task), from: absentId };
    const post = await postServing(store.staff, task.candidateGroups);
    const acting = post ? await actingHolder(store.staff, post.code, at) : undefined;
    const to = acting?.holder?.staff.id ?? null;
    if (to === null || to === absentId) return { ...base, to: null };
    // whoever takes it covers for the post's A holder, or for nobody when that is the A holder back at work
    const coveringFor = acting?.coveringFor ?? null;
    const fresh = await store.tasks.get(task.userTaskKey);
    if (fresh?.state !== 'created' || fresh.assignee !== absentId) return { ...base, to: null };
    await engine.assign(task.userTaskKey, to, true, 'assign');
    const recorded = await store.transaction(async (tx) => {
      // the assigning listener may have written the new assignee already (without the AB岗 note)
      const current = await tx.tasks.get(task.userTaskKey);
      if (current?.state !== 'created' || (current.assignee !== absentId && current.assignee !== to)) return false;
      await tx.tasks.assign(task.userTaskKey, to, coveringFor);
      const [fromName, toName] = await Promise.all([absentId, to].map(async (id) => (await tx.staff.getStaff(id))?.name ?? id));
      const detail = { previousAssignee: absentId, assignee: to, coveringFor, caseId: task.caseId, postCode: post?.code, reason };
      await tx.audit.record(cause.audit({ action: 'task.handover', targetType: 'task', targetId: task.userTaskKey, detail, actor: cause.actor }, at));
      if (task.caseId) {
        const note = `${fromName}${reason}，任务「${task.name}」转由${post?.name ?? ''}B岗${toName}办理`;
        await tx.cases.appendEvent(task.caseId, { kind: 'task-handed-over', actor: cause.actor, at, detail: { task: task.name, userTaskKey: task.userTaskKey, from: absentId, to, coveringFor, note } });
      }
      return true;
    });
    return { ...base, to: recorded ? to : null };
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
        done.push({ userTaskKey: task.userTaskKey, name: task.name, caseId: task.caseId, caseNumber: await caseNumberOf(task), from: staffId, to: null });
      }
    }
    const moved = done.filter((d) => d.to !== null);
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
