import { ApiProblem } from './http/problem.js';
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
