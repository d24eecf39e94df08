import type { SupervisionKind } from '../domain/store/index.js';
import { NotDueYet } from './errors.js';
import { header, idempotencyKey, optionalString, requireHeaderOneOf, requireInstant } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import { formatChinaTime, workingDaysSince } from './working-time.js';

const BREACHES = ['warning', 'overdue', 'step-overdue'] as const;
type Breach = (typeof BREACHES)[number];

/**
 * Overdue by more than this many working days when recorded is a serious breach: a red card at
 * once, not a yellow one. A timer fires at the due time, so this catches deadlines found passed
 * long after (a step re-entered after an extension whose new due time had already gone by).
 * Five working days is a working week, half the longest extension Art. 42 allows.
 */
export const SERIOUS_OVERDUE_WORKING_DAYS = 5;

const CARD_NAMES: Record<SupervisionKind, string> = { warning: '预警', 'yellow-card': '黄牌', 'red-card': '红牌', recommendation: '督查建议' };

/**
 * 电子监察: a warning before a deadline, a yellow card when the case or one of its steps is
 * overdue, a red card when the case already had a card (a repeated breach) or the deadline is
 * found passed by more than SERIOUS_OVERDUE_WORKING_DAYS. One record per case, kind, step and due
 * time, because the diagrams re-arm a step's timers when they re-enter it and a timer whose time
 * has passed fires at once. Each new record tells the supervision section (业务督查科) in-app.
 */
export const supervisionRecord: WorkerModule = {
  jobType: 'supervision-record',
  create: (deps) => async (job) => {
    const breach = requireHeaderOneOf<Breach>(job, 'kind', BREACHES);
    const due = requireInstant(job, breach === 'step-overdue' ? 'stepDueAt' : 'dueAt');
    const step = header(job, 'step');
    // a joint review runs one instance per department, all due at the same time
    const department = breach === 'step-overdue' ? optionalString(job, 'department') : undefined;
    const calendar = await deps.calendar();
    const now = deps.clock();

    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      if (breach !== 'step-overdue') {
        // the case's own deadline, as the store keeps it: a new year's schedule may have moved it since the timer was armed
        const deadline = breach === 'warning' ? theCase.warnAt : theCase.dueAt;
        if (deadline !== null && theCase.completedAt !== null && theCase.completedAt <= deadline) {
          deps.log('supervision not needed, finished in time', { caseNumber: theCase.caseNumber, kind: breach, dueAt: deadline.toISOString() });
          return {};
        }
        if (deadline !== null && deadline > now) {
          throw new NotDueYet(deadline, `办件 ${theCase.caseNumber} 的时限已调整至 ${formatChinaTime(deadline)}，届时再记录`);
        }
      }
      const key = ['supervision', theCase.id, breach, due.toISOString(), step ?? '', department ?? ''].join(':');
      const records = await tx.supervision.listForCase(theCase.id);
      const earlier = records.find((r) => r.idempotencyKey === key);
      if (earlier) {
        deps.log('supervision already recorded', { caseNumber: theCase.caseNumber, kind: earlier.kind, dueAt: due.toISOString() });
        return breach === 'warning' ? {} : { cardLevel: earlier.kind };
      }

      const late = workingDaysSince(calendar, due, now).days;
      const carded = records.some((r) => r.kind === 'yellow-card' || r.kind === 'red-card');
      const kind: SupervisionKind = breach === 'warning' ? 'warning' : carded || late > SERIOUS_OVERDUE_WORKING_DAYS ? 'red-card' : 'yellow-card';
      const what = breach === 'step-overdue' ? `办件 ${theCase.caseNumber} 的「${step ?? job.elementId}」环节${department ? `（${department}）` : ''}` : `办件 ${theCase.caseNumber}`;
      const reason =
        breach === 'warning'
          ? `${what}将于 ${formatChinaTime(due)} 到期，请抓紧办理`
          : `${what}已超过时限（${formatChinaTime(due)}）${late > 0 ? `，逾期 ${late} 个工作日` : ''}` +
            (kind === 'red-card' ? (carded ? '；此前已有黄牌或红牌，属重复违规' : '；逾期严重') : '');
      const openTasks = breach === 'step-overdue' ? await tx.tasks.list({ processInstanceKey: job.processInstanceKey, state: 'created' }) : [];
      const overdueTasks = openTasks.filter(
        (t) => t.dueAt?.getTime() === due.getTime() && (!department || t.candidateGroups.includes(`review:${department}`)),
      );
      const record = await tx.supervision.record({
        caseId: theCase.id,
        userTaskKey: overdueTasks.length === 1 ? overdueTasks[0].userTaskKey : null,
        kind,
        reason,
        idempotencyKey: key,
        at: now,
      });
      // a timer set this job going, whatever the last person did: never sign a card with a clerk's name
      const timer = breach === 'warning' ? '到期前一个工作日预警' : breach === 'step-overdue' ? `「${step ?? job.elementId}」环节超时` : '超过办理时限';
      await tx.cases.appendEvent(theCase.id, { kind: 'supervision', ...jobActor(job, { kind: 'event', event: timer }), at: now, detail: { kind, reason } });
      await tx.outbox.enqueue({
        channel: 'inapp',
        recipient: 'group:supervision',
        subject: `电子监察${CARD_NAMES[kind]}：${theCase.caseNumber}`,
        body: reason,
        caseId: theCase.id,
        idempotencyKey: `notify:${key}`,
      });
      deps.log('supervision recorded', { caseNumber: theCase.caseNumber, kind, dueAt: due.toISOString(), workingDaysLate: late });
      return breach === 'warning' ? {} : { cardLevel: record.kind };
    });
  },
};
