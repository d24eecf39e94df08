import { dueStatusOf } from '../../domain/calendar/due-status.js';
import { isFinishedCaseStatus, type Case, type DueBands, type Notice, type Task } from '../../domain/store/index.js';
import { mayView, type Principal } from '../auth/roles.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem } from '../http/problem.js';
import type { InboxEngine } from '../inbox/engine.js';
import { maskedApplicant } from '../inbox/masking.js';
import type { Reconciler } from '../inbox/reconcile.js';
import { dueBands, taskDueStatus } from '../inbox/view.js';
import type { Api } from '../openapi/routes.js';
import type { ApiContext } from './context.js';

/**
 * The joint-approval desk (联办件会商台) of the lead window: every department's review side by
 * side for one joint case. Status and deadline come from the task store (a department's review
 * task is offered to `review:<dept>`, its due time is that department's deadline); opinions come
 * from the process variable `reviews` (docs/procedures.md), which the multi-instance fills in as
 * each department answers, so opinions show while others are still reviewing. The lead window's
 * consolidation task is the one with the `lead-consolidation` form; the supplement notice is the
 * case's `supplement` notice, of which a submission should have exactly one (一次性告知).
 */

interface Review {
  departmentCode: string;
  decision: 'approve' | 'reject' | null;
  opinion: string | null;
  refusalReason: string | null;
  deemedConsent: boolean;
}

const CONSOLIDATION_FORM = 'lead-consolidation';
const REVIEW_GROUP = 'review:';

const reviewDepartment = (task: Task) => task.candidateGroups.find((g) => g.startsWith(REVIEW_GROUP))?.slice(REVIEW_GROUP.length);

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Entries of every `reviews` list found in the instance; a list with more answers wins for a department. */
function collectReviews(lists: unknown[]): Map<string, Review> {
  const sorted = lists.filter(Array.isArray).sort((a, b) => b.filter((x) => x !== null).length - a.filter((x) => x !== null).length);
  const byDepartment = new Map<string, Review>();
  for (const list of sorted) {
    for (const entry of list) {
      if (entry === null || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      const code = str(e.departmentCode);
      if (code === null || byDepartment.has(code)) continue;
      const decision = e.decision === 'approve' || e.decision === 'reject' ? e.decision : null;
      byDepartment.set(code, { departmentCode: code, decision, opinion: str(e.opinion), refusalReason: str(e.refusalReason), deemedConsent: e.deemedConsent === true });
    }
  }
  return byDepartment;
}

const isSupervision = (principal: Principal) => principal.roles.includes('supervision');

export function registerJointDeskRoutes(api: Api, { store, clock, log, shownCalendar }: ApiContext, engine: InboxEngine, reconciler: Reconciler): void {
  const caseStatus = (c: Case, bands: DueBands) => dueStatusOf(c.dueAt, bands, c.completedAt ?? (isFinishedCaseStatus(c.status) ? c.updatedAt : null));

  const summary = (c: Case, itemName: string | null, reviews: { open: number; completed: number; canceled: number }, bands: DueBands) => ({
    caseNumber: c.caseNumber,
    item: { code: c.itemCode, name: itemName, version: c.itemVersion },
    applicant: maskedApplicant(c.applicant),
    status: c.status,
    stage: c.stage,
    receivedAt: c.receivedAt.toISOString(),
    dueAt: c.dueAt?.toISOString() ?? null,
    dueStatus: caseStatus(c, bands),
    reviews,
  });

  const taskSummary = async (task: Task | undefined, bands: DueBands) => {
    if (!task) return null;
    const assignee = task.assignee === null ? null : { id: task.assignee, name: (await store.staff.getStaff(task.assignee))?.name ?? null };
    return {
      userTaskKey: task.userTaskKey,
      name: task.name,
      state: task.state,
      assignee,
      dueAt: task.dueAt?.toISOString() ?? null,
      dueStatus: taskDueStatus(task, bands),
      createdAt: task.createdAt.toISOString(),
      completedAt: task.completedAt?.toISOString() ?? null,
    };
  };

  api.get('/api/joint/cases', 'listJointCases', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { query } = inputOf<{ query: { open: boolean; limit: number; offset: number } }>(res);
    const bands = await dueBands(shownCalendar, clock());
    const page = await store.inbox.jointCases({
      departmentCode: isSupervision(principal) ? undefined : principal.departmentCode,
      open: query.open,
      limit: query.limit,
      offset: query.offset,
    });
    res.json({ cases: page.cases.map((c) => summary(c.theCase, c.itemName, c.reviews, bands)), total: page.total, limit: query.limit, offset: query.offset });
  });

  api.get('/api/joint/cases/{caseNumber}', 'getJointCase', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { params } = inputOf(res);
    const theCase = await store.cases.getByNumber(params.caseNumber);
    // another department's joint case answers as a number that does not exist
    if (!theCase || theCase.caseType !== 'joint' || (!isSupervision(principal) && theCase.departmentCode !== principal.departmentCode)) {
      throw new ApiProblem('not-found', '没有这个联办件');
    }

    // a review the engine cancelled (a department silent past its deadline: 默许) is settled first
    await reconciler.reconcile(await store.tasks.list({ caseId: theCase.id, state: 'created' }));
    const tasks = await store.tasks.list({ caseId: theCase.id });
    const bands = await dueBands(shownCalendar, clock());

    let reviews = new Map<string, Review>();
    let jointDepartments: string[] | undefined;
    let opinionsAvailable = theCase.processInstanceKey !== null;
    if (theCase.processInstanceKey !== null) {
      try {
        const [lists, departments] = await Promise.all([
          engine.processVariables(theCase.processInstanceKey, 'reviews'),
          engine.processVariables(theCase.processInstanceKey, 'jointDepartments'),
        ]);
        reviews = collectReviews(lists.map((v) => v.value));
        const listed = departments.map((v) => v.value).find(Array.isArray);
        if (listed) jointDepartments = listed.filter((d): d is string => typeof d === 'string');
      } catch (error) {
        opinionsAvailable = false;
        log.warn('joint desk: could not read the reviews from the engine; showing the task store only', { caseNumber: theCase.caseNumber, error: (error as Error).message });
      }
    }

    const item = await store.catalogue.itemOfCase(theCase);
    const reviewTasks = tasks.filter((t) => reviewDepartment(t) !== undefined);
    const codes = [...new Set([...(jointDepartments ?? item?.jointDepartmentCodes ?? []), ...reviewTasks.map((t) => reviewDepartment(t)!), ...reviews.keys()])];
    const departments = await Promise.all(
      codes.map(async (code) => {
        // the latest review task of the department (a later round replaces an earlier one)
        const task = reviewTasks.filter((t) => reviewDepartment(t) === code).at(-1);
        const review = reviews.get(code);
        const state = review
          ? review.deemedConsent
            ? 'deemed-consent'
            : 'answered'
          : task === undefined
            ? 'waiting'
            : task.state === 'created'
              ? 'reviewing'
              : task.state === 'canceled'
                ? 'canceled'
                : 'answered';
        return {
          code,
          name: (await store.catalogue.getDepartment(code))?.name ?? null,
          isLead: code === theCase.departmentCode,
          state,
          decision: review?.decision ?? null,
          opinion: review?.opinion ?? null,
          refusalReason: review?.refusalReason ?? null,
          deemedConsent: review?.deemedConsent ?? false,
          dueAt: task?.dueAt?.toISOString() ?? null,
          dueStatus: task ? taskDueStatus(task, bands) : 'normal',
          task: await taskSummary(task, bands),
        };
      }),
    );

    const supplements = (await store.notices.listForCase(theCase.id)).filter((n) => n.kind === 'supplement');
    // a notice opens through a task of the case the user may see
    const viaTask = [...tasks].reverse().find((t) => mayView(principal, t));
    const noticeLink = (n: Notice | undefined) =>
      n && { id: n.id, number: n.number, kind: n.kind, title: n.title, createdAt: n.createdAt.toISOString(), href: viaTask ? `/api/tasks/${viaTask.userTaskKey}/notices/${n.id}` : null };
    const reviewCounts = { open: 0, completed: 0, canceled: 0 };
    for (const t of reviewTasks) reviewCounts[t.state === 'created' ? 'open' : t.state] += 1;

    res.json({
      case: summary(theCase, item?.name ?? null, reviewCounts, bands),
      leadDepartment: { code: theCase.departmentCode, name: (await store.catalogue.getDepartment(theCase.departmentCode))?.name ?? null },
      departments,
      opinionsAvailable,
      consolidation: await taskSummary(tasks.filter((t) => t.formId === CONSOLIDATION_FORM).at(-1), bands),
      supplementNotice: noticeLink(supplements[0]) ?? null,
      supplementNoticeCount: supplements.length,
    });
  });
}
