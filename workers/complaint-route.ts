import { OPINION_WORKING_DAYS, REPLY_WORKING_DAYS } from '../domain/complaints/limits.js';
import { mustGoToDiscipline } from '../domain/complaints/grounds.js';
import type { ComplaintPatch, ComplaintRoute } from '../domain/store/index.js';
import { InvalidJobInput } from './errors.js';
import { idempotencyKey, optionalString, requireOneOf } from './job-input.js';
import { requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

const ROUTES: readonly ComplaintRoute[] = ['on-the-spot', 'center', 'agency', 'joint', 'discipline'];

/** integrity cases (吃拿卡要, work or fees outside the hall) go to discipline inspection */
export const DISCIPLINE_BODY = '纪检监察机关';

/**
 * Records how a complaint is handled (第五条) and its time limits, both counted in working days
 * from acceptance, the complaint's registration: the office's opinion within 2 on the agency
 * route, the reply within 5 on every route. A discipline case is marked transferred to
 * discipline inspection; the complainant is still answered within the limit. An integrity
 * complaint (不廉洁) takes no other route.
 */
export const complaintRoute: WorkerModule = {
  jobType: 'complaint-route',
  create: (deps) => async (job) => {
    const route = requireOneOf(job, 'route', ROUTES);
    const triageNote = optionalString(job, 'triageNote');
    const calendar = await deps.calendar();
    const now = deps.clock();

    return deps.store.processedJobs.runOnce(idempotencyKey(job), job.type, async (tx) => {
      const complaint = await requireComplaint(tx, job);
      // the triage form refuses this first; another client sending it is a contract breach
      if (route !== 'discipline' && mustGoToDiscipline({ category: complaint.groundCategory })) {
        throw new InvalidJobInput('route', `complaint ${complaint.complaintNumber} is an integrity complaint (ground ${complaint.groundItem ?? complaint.groundCategory}): only the discipline route may handle it, not '${route}'`);
      }
      const reply = calendar.dueAt(complaint.createdAt, REPLY_WORKING_DAYS);
      const opinion = route === 'agency' ? calendar.dueAt(complaint.createdAt, OPINION_WORKING_DAYS) : undefined;
      const patch: ComplaintPatch = {
        route,
        status: 'routed',
        replyDueAt: reply.dueAt,
        opinionDueAt: opinion?.dueAt ?? null,
        ...(route === 'discipline' ? { agency: DISCIPLINE_BODY } : {}),
      };
      await tx.complaints.update(complaint.id, patch);
      const unknownYears = [...new Set([...reply.unknownYears, ...(opinion?.unknownYears ?? [])])];
      await tx.audit.record({
        ...jobActor(job),
        action: route === 'discipline' ? 'complaint-transferred' : 'complaint-routed',
        targetType: 'complaint',
        targetId: complaint.id,
        at: now,
        detail: {
          route,
          ...(triageNote ? { triageNote } : {}),
          ...(route === 'discipline' ? { transferredTo: DISCIPLINE_BODY } : {}),
          replyDueAt: reply.dueAt.toISOString(),
          ...(opinion ? { opinionDueAt: opinion.dueAt.toISOString() } : {}),
          // a year without a published holiday schedule: the limits count weekends only, check them
          ...(unknownYears.length > 0 ? { calendarUnknownYears: unknownYears } : {}),
        },
      });
      deps.log('complaint routed', { complaintNumber: complaint.complaintNumber, route, replyDueAt: reply.dueAt.toISOString(), unknownYears });
      return { replyDueAt: reply.dueAt.toISOString(), ...(opinion ? { opinionDueAt: opinion.dueAt.toISOString() } : {}) };
    });
  },
};
