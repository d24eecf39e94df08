import { ApiProblem, type ProblemCode } from './http/problem.js';
import type { Logger } from './log.js';

/**
 * What the engine answered when a call through the SDK failed. The SDK's HTTPError carries the
 * problem document (status, title, detail) and got's response with the raw body, where the
 * embedded engine adds `problems` (element id, type, message) to a rejected deployment; a real
 * Zeebe gateway only lists them in `detail`. No status means the engine was not reached.
 */
export interface EngineFailure {
  status: number | undefined;
  title: string;
  detail: string;
  body: Record<string, unknown>;
}

export function engineFailure(error: unknown): EngineFailure {
  const e = (error ?? {}) as { statusCode?: unknown; title?: unknown; detail?: unknown; message?: unknown; response?: { statusCode?: unknown; body?: unknown } };
  const status = typeof e.response?.statusCode === 'number' ? e.response.statusCode : typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
  let body: Record<string, unknown> = {};
  const raw = e.response?.body;
  if (typeof raw === 'string' && raw.startsWith('{')) {
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      // not a problem document; title and detail come from the error
    }
  }
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return { status, title: str(body.title) || str(e.title), detail: str(body.detail) || str(e.detail) || str(e.message), body };
}

/** Any Chinese (CJK) character: a reason a listener or worker wrote for people. */
const CHINESE = /[\u3400-\u9fff]/;

/**
 * The refusals the engine words in English (Zeebe's rejection texts, which the embedded engine
 * copies), each with what a clerk reads instead. Checked in order; the first that matches wins.
 */
const REFUSALS: ReadonlyArray<{ when: (status: number | undefined, detail: string) => boolean; code: ProblemCode; text: string }> = [
  { when: (_s, d) => /in state '?(CREATING|ASSIGNING|UPDATING|COMPLETING|CANCELING)'?/.test(d), code: 'conflict', text: '流程引擎正在处理此任务，请稍后重试' },
  { when: (_s, d) => /already assigned/i.test(d), code: 'conflict', text: '该任务已有办理人，请刷新后重试' },
  { when: (s, d) => s === 404 || /in state '?(COMPLETED|CANCELED|FAILED)'?|no such user task|no user task found/i.test(d), code: 'conflict', text: '该任务在流程引擎中已结束（已办结或已取消），请刷新待办列表' },
  { when: (_s, d) => /no retries left/i.test(d), code: 'conflict', text: '该作业已没有剩余重试次数，请先为作业增加重试次数' },
  { when: (_s, d) => /subscription for message|not caught/i.test(d), code: 'conflict', text: '办件当前不在等待此操作的环节' },
  { when: (s) => s === 409, code: 'conflict', text: '流程引擎答复状态已变化，请刷新后重试' },
  { when: (s) => s === 400, code: 'conflict', text: '流程引擎拒绝了此操作：提交的内容不符合流程的要求' },
  { when: (s) => s === 401 || s === 403, code: 'engine-unavailable', text: '流程引擎拒绝了本系统的访问，请联系系统管理员' },
];

/**
 * What a person reads when the engine refused or failed `doing` (领取, 办理, 重试 …): Chinese
 * words chosen by the HTTP status and the kind of refusal the engine's detail names, never the
 * detail itself (the caller logs it). A task listener's own reason is shown when it is written
 * in Chinese, as the project's listeners write them. Anything unknown gets a generic sentence.
 */
export function engineRefusal(status: number | undefined, detail: string, doing: string): ApiProblem {
  const denied = /denied by Task Listener\. Reason to deny: '([\s\S]*)'$/.exec(detail);
  if (denied) return new ApiProblem('conflict', `${doing}未成功：${CHINESE.test(denied[1]) ? denied[1] : '任务监听器拒绝了此操作'}`);
  const known = REFUSALS.find((r) => r.when(status, detail));
  if (known) return new ApiProblem(known.code, `${doing}未成功：${known.text}`);
  return new ApiProblem('engine-unavailable', `${doing}未成功：流程引擎暂时无法访问，请稍后再试`);
}

/** 503 for an engine that did not answer or failed (5xx); the cause goes to the log, not to the client. */
export function engineUnavailable(log: Logger, what: string, error: unknown, detail = '流程引擎暂时无法处理，请稍后再试'): ApiProblem {
  const failure = engineFailure(error);
  log.error(`engine: ${what} failed`, { status: failure.status ?? null, title: failure.title, detail: failure.detail });
  return new ApiProblem('engine-unavailable', detail);
}

/** A problem the engine found with one element of a deployed resource. */
export interface ElementProblem {
  elementId: string | null;
  elementType: string | null;
  message: string;
}

/**
 * The elements a rejected deployment names: the embedded engine's `problems`, else Zeebe's
 * layout of the detail ("- Element: <id> (<type>)" followed by "    - ERROR: <message>" lines).
 */
export function deploymentProblems(failure: EngineFailure): ElementProblem[] {
  const listed = failure.body.problems;
  if (Array.isArray(listed)) {
    return listed.map((p) => {
      const { elementId, elementType, message } = (p ?? {}) as Record<string, unknown>;
      return {
        elementId: typeof elementId === 'string' && elementId !== '' ? elementId : null,
        elementType: typeof elementType === 'string' && elementType !== '' ? elementType : null,
        message: typeof message === 'string' ? message : String(message),
      };
    });
  }
  const problems: ElementProblem[] = [];
  let element: { id: string | null; type: string | null } | undefined;
  for (const line of failure.detail.split('\n')) {
    // the first element follows the resource name on its line: "'x.bpmn': - Element: ..."
    const head = /(?:^|\s)- Element: (\S+)(?: \(([^)]+)\))?\s*$/.exec(line);
    if (head) {
      element = { id: head[1] === '(document)' ? null : head[1], type: head[2] ?? null };
      continue;
    }
    const error = /^\s*- ERROR: (.*)$/.exec(line);
    if (error && element) problems.push({ elementId: element.id, elementType: element.type, message: error[1] });
  }
  return problems;
}

/** Why the engine refused a command on a user task (assign, claim, unassign, complete), read from its detail. */
export type UserTaskRefusal =
  | { reason: 'assigned'; assignee: string }
  | { reason: 'busy'; state: string }
  | { reason: 'ended' }
  | { reason: 'denied'; listenerReason: string }
  | { reason: 'no-assignee' };

/**
 * The refusal in Zeebe's own wording, which the embedded engine copies ("Expected to assign user
 * task with key '…', but it is already assigned to '…'"); null for wording it does not know.
 */
export function userTaskRefusalOf(status: number | undefined, detail: string): UserTaskRefusal | null {
  const assigned = /already assigned to '([^']*)'/.exec(detail);
  if (assigned) return { reason: 'assigned', assignee: assigned[1] };
  const denied = /denied by Task Listener\. Reason to deny: '([\s\S]*)'/.exec(detail);
  if (denied) return { reason: 'denied', listenerReason: denied[1] };
  const state = /but it is in state '?([A-Z_]+)'?/.exec(detail);
  if (state) return state[1] === 'COMPLETED' || state[1] === 'CANCELED' ? { reason: 'ended' } : { reason: 'busy', state: state[1] };
  if (status === 404 || /no such user task was found/.test(detail)) return { reason: 'ended' };
  if (/No assignee provided/i.test(detail)) return { reason: 'no-assignee' };
  return null;
}

const TRANSITION_LABELS: Record<string, string> = { CREATING: '正在创建', ASSIGNING: '正在指派', UPDATING: '正在更新', COMPLETING: '正在办结', CANCELING: '正在取消' };

/** A refusal as the clerk reads it; `doing` is the action in Chinese (领取, 指派, 退回, 办结), `nameOf` gives a staff member's name. */
export function userTaskRefusalText(refusal: UserTaskRefusal | null, doing: string, nameOf: (staffId: string) => string): string {
  switch (refusal?.reason) {
    case 'assigned':
      return `${doing}未成功：该任务已由${nameOf(refusal.assignee)}领取，请刷新后查看；如需改由他人办理，请领取人退回或由窗口负责人改派`;
    case 'busy':
      return `${doing}未成功：流程引擎${TRANSITION_LABELS[refusal.state] ?? '正在处理'}此任务，请稍后重试`;
    case 'ended':
      return `${doing}未成功：该任务在流程引擎中已结束（已办结或已取消），请刷新待办列表`;
    case 'denied':
      return `${doing}未成功：任务监听器拒绝了此操作（${refusal.listenerReason}）`;
    case 'no-assignee':
      return `${doing}未成功：没有指定办理人`;
    default:
      return `${doing}未成功：流程引擎拒绝了此操作，请刷新后重试；如仍不成功，请联系系统管理员`;
  }
}
