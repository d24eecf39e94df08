import { CALENDAR_LOCK, storeCalendar } from '../domain/calendar/store-calendar.js';
import type { DueDate } from '../domain/calendar/types.js';
import type { CasePatch } from '../domain/store/index.js';
import { InvalidJobInput } from './errors.js';
import { header, idempotencyKey, optionalBoolean, optionalInstant, requireHeader, requireHeaderOneOf, requireNumber } from './job-input.js';
import { requireCase, requireComplaint, jobActor } from './records.js';
import type { WorkerModule } from './run-job.js';
import type { Job } from './types.js';
import { moveDeadline, withUnknownYears } from './working-time.js';

const CASE_DEADLINES = ['case', 'step', 'rectification', 'forward', 'supplement', 'extension'] as const;
const COMPLAINT_DEADLINES = ['complaint-opinion', 'complaint-reply'] as const;
type Deadline = (typeof CASE_DEADLINES)[number] | (typeof COMPLAINT_DEADLINES)[number];

/** `days` is a number, or `=name` naming a number variable (=promisedDays): the limit comes from the case. */
function workingDays(job: Job, deadline: Deadline): number {
  const text = requireHeader(job, 'days').trim();
  const source = text.startsWith('=') ? text.slice(1).trim() : 'header:days';
  const days = text.startsWith('=') ? requireNumber(job, source) : Number(text);
  // an extension of no days would be a refusal recorded as an approval
  const least = deadline === 'extension' ? 1 : 0;
  if (!Number.isInteger(days) || days < least) {
    throw new InvalidJobInput(source, `expected a whole number of working days (${least} or more) for deadline '${deadline}' on element '${job.elementId}', got ${JSON.stringify(days)}`);
  }
  return days;
}

/** `due` gives dueAt/warnAt, `<x>Due` gives `<x>DueAt`/`<x>WarnAt`, any other prefix p gives pAt/pWarnAt. */
export function outputNames(prefix: string): { at: string; warn: string } {
  if (prefix === 'due') return { at: 'dueAt', warn: 'warnAt' };
  const base = prefix.endsWith('Due') ? prefix.slice(0, -'Due'.length) : prefix;
  return { at: `${prefix}At`, warn: `${base}WarnAt` };
}

function outputPrefix(job: Job): string {
  const prefix = header(job, 'output') ?? 'due';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) throw new InvalidJobInput('header:output', `'${prefix}' is not a variable name (element '${job.elementId}')`);
  return prefix;
}

/** Chinese names for the timeline. */
const DEADLINE_NAMES: Record<Deadline, string> = {
  case: '办结时限',
  step: '环节时限',
  rectification: '整改时限',
  forward: '上报时限',
  supplement: '补正期限',
  extension: '延期',
  'complaint-opinion': '拟办意见时限',
  'complaint-reply': '答复时限',
};

/** The timeline note of a deadline computed across a year without a published holiday schedule. */
function unknownYearsEvent(job: Job, deadline: Deadline, years: number[]) {
  return {
    kind: 'calendar-unknown-year',
    ...jobActor(job),
    detail: { deadline, years, note: `${years.join('、')}年的节假日安排尚未录入，${DEADLINE_NAMES[deadline]}仅按周末推算，需人工核对` },
  };
}

/**
 * Turns "N working days" into an absolute due time and the warning one working day before it,
 * from `from` (when given) or now. A case deadline is also recorded on the case, with its
 * acceptance instant; an extension moves the case's current deadline on. A computation that
 * touched a year without a published holiday schedule flags the case (calendar_flag) and says so
 * on its timeline rather than passing a guess off as a deadline.
 */
export const deadlineSet: WorkerModule = {
  jobType: 'deadline-set',
  create: (deps) => async (job) => {
    const deadline = requireHeaderOneOf<Deadline>(job, 'deadline', [...CASE_DEADLINES, ...COMPLAINT_DEADLINES]);
    const days = workingDays(job, deadline);
    const names = outputNames(outputPrefix(job));
    const from = optionalInstant(job, 'from');
    const now = deps.clock();
    const signature = jobActor(job);

    // the due time follows from reads alone, so it is stored with the claim (decideOnce); the
    // calendar is read under its lock, so an administrator's recount cannot miss this deadline
    return deps.store.processedJobs.decideOnce(idempotencyKey(job), job.type, async (tx) => {
      const calendar = await storeCalendar(tx)();
      const decided = (due: DueDate, apply: () => Promise<void>) => ({ result: { [names.at]: due.dueAt.toISOString(), [names.warn]: due.warnAt.toISOString() }, apply });
      if (deadline === 'complaint-opinion' || deadline === 'complaint-reply') {
        const complaint = await requireComplaint(tx, job);
        const due = calendar.dueAt(from ?? now, days);
        return decided(due, async () => {
          await tx.complaints.update(complaint.id, deadline === 'complaint-opinion' ? { opinionDueAt: due.dueAt } : { replyDueAt: due.dueAt });
          if (due.unknownYears.length > 0) {
            // complaints have no flag column; the audit log is where the office looks for such notes
            await tx.audit.record({ ...signature, action: 'calendar-unknown-year', targetType: 'complaint', targetId: complaint.id, detail: { deadline, years: due.unknownYears } });
          }
          deps.log('deadline set', { complaintNumber: complaint.complaintNumber, deadline, dueAt: due.dueAt.toISOString(), unknownYears: due.unknownYears });
        });
      }
      const theCase = await requireCase(tx, job);
      let due: DueDate;
      let patch: CasePatch = {};
      if (deadline === 'extension') {
        if (!theCase.dueAt) throw new InvalidJobInput('caseNumber', `case ${theCase.caseNumber} has no deadline to extend (element '${job.elementId}')`);
        due = moveDeadline(calendar, theCase.dueAt, days);
        patch = { dueAt: due.dueAt, warnAt: due.warnAt, extensionDays: theCase.extensionDays + days };
      } else if (deadline === 'case') {
        // Art. 32: not told within 5 working days what was missing, the application counts as accepted on receipt
        const acceptedAt = from ?? (optionalBoolean(job, 'acceptedAsOfReceipt') ? theCase.receivedAt : now);
        due = calendar.dueAt(acceptedAt, days);
        patch = { acceptedAt, dueAt: due.dueAt, warnAt: due.warnAt };
      } else {
        due = calendar.dueAt(from ?? now, days);
      }
      const calendarFlag = withUnknownYears(theCase.calendarFlag, due.unknownYears);
      if (calendarFlag !== undefined) patch = { ...patch, calendarFlag };
      return decided(due, async () => {
        if (calendarFlag !== undefined) await tx.cases.appendEvent(theCase.id, unknownYearsEvent(job, deadline, due.unknownYears));
        if (Object.keys(patch).length > 0) await tx.cases.update(theCase.id, patch);
        if (deadline !== 'step') {
          await tx.cases.appendEvent(theCase.id, {
            kind: deadline === 'extension' ? 'deadline-extended' : 'deadline-set',
            ...signature,
            detail: { deadline, name: DEADLINE_NAMES[deadline], workingDays: days, dueAt: due.dueAt.toISOString(), warnAt: due.warnAt.toISOString() },
          });
        }
        deps.log('deadline set', { caseNumber: theCase.caseNumber, deadline, dueAt: due.dueAt.toISOString(), unknownYears: due.unknownYears });
      });
    }, { sharedLock: CALENDAR_LOCK });
  },
};
