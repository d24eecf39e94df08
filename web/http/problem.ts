import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from '../log.js';

/**
 * Errors as RFC 9457 problem details. Each kind has a stable `code` (and a `type` URI built from
 * it) that clients branch on; `title` and `detail` are for people and in Chinese.
 */
const PROBLEMS = {
  validation: { status: 400, title: '请求参数有误' },
  'malformed-json': { status: 400, title: '请求体不是有效的 JSON' },
  unauthenticated: { status: 401, title: '请先登录' },
  'login-failed': { status: 401, title: '用户名或密码错误' },
  csrf: { status: 403, title: '安全令牌无效' },
  forbidden: { status: 403, title: '无权访问' },
  'password-change-required': { status: 403, title: '请先设置新密码' },
  'not-found': { status: 404, title: '未找到' },
  conflict: { status: 409, title: '当前状态不允许此操作' },
  'no-route': { status: 404, title: '接口不存在' },
  'payload-too-large': { status: 413, title: '请求体过大' },
  'unsupported-media-type': { status: 415, title: '请求体必须是 JSON' },
  'rate-limited': { status: 429, title: '请求过于频繁' },
  'deployment-rejected': { status: 400, title: '流程引擎拒绝部署' },
  'deployment-refused': { status: 400, title: '部署前检查未通过' },
  internal: { status: 500, title: '服务器内部错误' },
  'engine-unavailable': { status: 503, title: '流程引擎暂不可用' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/** Which part of the request a wrong field is in. */
export type FieldLocation = 'body' | 'query' | 'path';

export interface FieldError {
  in: FieldLocation;
  /** dotted path within that part: `username`, `applicant.idNumber`, `materials.0.code`; '' for the whole */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  /** the first wrong field, for a form that highlights one */
  field?: string;
  in?: FieldLocation;
  errors?: FieldError[];
}

export const problemType = (code: ProblemCode): string => `urn:service-hall:problem:${code}`;

export class ApiProblem extends Error {
  /** sent as Retry-After (see retryLater) */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ProblemCode,
    /** what went wrong and what to do, in Chinese; the title when not given */
    readonly detail: string = PROBLEMS[code].title,
    readonly errors: FieldError[] = [],
    /** members beyond RFC 9457's, e.g. `problems` of a rejected deployment (element ids to mark) */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'ApiProblem';
  }

  get status(): number {
    return PROBLEMS[this.code].status;
  }

  toJSON(): Problem {
    const { status, title } = PROBLEMS[this.code];
    const first = this.errors[0];
    return {
      ...this.extensions,
      type: problemType(this.code),
      title,
      status,
      detail: this.detail,
      code: this.code,
      ...(first ? { field: first.field, in: first.in, errors: this.errors } : {}),
    };
  }
}

/**
 * 429 until a known time: the body's `retryAt` for a page to show, Retry-After in seconds for
 * clients. For limits counted by the app (a locked 查询码); express-rate-limit sets its own.
 */
export function retryLater(detail: string, until: Date, now: Date): ApiProblem {
  const problem = new ApiProblem('rate-limited', detail, [], { retryAt: until.toISOString() });
  problem.retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return problem;
}

export function sendProblem(res: Response, problem: ApiProblem): void {
  if (problem.retryAfterSeconds !== undefined) res.set('Retry-After', String(problem.retryAfterSeconds));
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem.toJSON()));
}

/** body-parser marks its errors with a `type`; these are the client's fault, not the server's. */
function fromBodyParser(error: unknown): ApiProblem | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return new ApiProblem('malformed-json');
  if (type === 'entity.too.large') return new ApiProblem('payload-too-large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') return new ApiProblem('unsupported-media-type', '请求体须为 UTF-8 编码的 JSON');
  return undefined;
}

/** The last middleware: every error leaves as a problem; unexpected ones are logged and told apart from nothing. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const problem = error instanceof ApiProblem ? error : fromBodyParser(error);
    if (problem) return sendProblem(res, problem);
    log.error('request failed', { method: req.method, url: req.originalUrl, error });
    sendProblem(res, new ApiProblem('internal', '服务器处理请求时出错，请稍后再试；如持续出现请联系管理员'));
  };
}
