import { EVALUATION_LEVELS, type EvaluationLevel } from '../domain/store/index.js';
import { idempotencyKey, optionalString, requireOneOf } from './job-input.js';
import { requireCase, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';

/** 不满意, 非常不满意: a bad rating (差评) gets a follow-up visit and is rectified within 15 working days */
const BAD: EvaluationLevel[] = ['dissatisfied', 'very-dissatisfied'];
const RECTIFICATION_WORKING_DAYS = 15;

/**
 * Records the applicant's rating, one per case: a second rating changes nothing and the job
 * answers with the first one's outcome, so the diagram follows up the rating that counts.
 */
export const evaluationRecord: WorkerModule = {
  jobType: 'evaluation-record',
  create: (deps) => async (job) => {
    const rating = requireOneOf(job, 'rating', EVALUATION_LEVELS);
    const comment = optionalString(job, 'comment') ?? null;
    const now = deps.clock();
    const calendar = await deps.calendar();
    // the outcome follows from reads alone, so it is stored with the claim (decideOnce)
    return deps.store.processedJobs.decideOnce(idempotencyKey(job), job.type, async (tx) => {
      const theCase = await requireCase(tx, job);
      const earlier = await tx.evaluations.get(theCase.id);
      if (earlier) {
        return {
          result: { badRating: BAD.includes(earlier.level), rectificationDueAt: earlier.rectificationDueAt?.toISOString() ?? null },
          apply: () => deps.log('second rating ignored', { caseNumber: theCase.caseNumber, kept: earlier.level, ignored: rating }),
        };
      }
      const bad = BAD.includes(rating);
      const due = bad ? calendar.dueAt(now, RECTIFICATION_WORKING_DAYS) : null;
      return {
        result: { badRating: bad, rectificationDueAt: due?.dueAt.toISOString() ?? null },
        apply: async () => {
          await tx.evaluations.rate({ caseId: theCase.id, level: rating, comment, at: now, rectificationDueAt: due?.dueAt ?? null, followUpState: bad ? 'pending' : null });
          await tx.cases.appendEvent(theCase.id, { kind: 'rated', ...jobActor(job), at: now, detail: { rating, bad } });
          if (due && due.unknownYears.length > 0) {
            await tx.audit.record({ ...jobActor(job), action: 'calendar-unknown-year', targetType: 'case', targetId: theCase.id, detail: { deadline: 'rectification', years: due.unknownYears } });
          }
          deps.log('rating recorded', { caseNumber: theCase.caseNumber, rating, bad });
        },
      };
    });
  },
};
