import { CSRF_HEADER } from '../auth/csrf.js';
import { ROLES } from '../auth/roles.js';
import { SESSION_COOKIE } from '../auth/session.js';
import { PROBLEM_CODES } from '../http/problem.js';
import { alertPaths, alertSchemas } from './paths/alerts.js';
import { calendarPaths, calendarSchemas } from './paths/calendar.js';
import { catalogueAdminPaths, catalogueAdminSchemas } from './paths/catalogue-admin.js';
import { commonResponses } from './paths/common.js';
import { complaintPaths } from './paths/complaints.js';
import { designerPaths, designerSchemas } from './paths/designer.js';
import { inboxPaths, inboxSchemas } from './paths/inbox.js';
import { intakePaths, intakeSchemas } from './paths/intake.js';
import { opsPaths, opsSchemas } from './paths/ops.js';
import { publicPaths, publicSchemas } from './paths/public.js';
import { staffAdminPaths, staffAdminSchemas } from './paths/staff-admin.js';
import { supervisionPaths, supervisionSchemas } from './paths/supervision.js';
import { supplementPaths, supplementSchemas } from './paths/supplements.js';

/**
 * The JSON API as an OpenAPI 3.1 document: served at GET /api/openapi.json, the source of every
 * request schema the validator applies (by operationId), and of the route table (web/openapi/
 * routes.ts registers nothing the document does not describe). Written as TS so the role and
 * problem lists are the app's own, and so `security` cannot be left out of an operation.
 */

export type Method = 'get' | 'post' | 'put' | 'delete';
export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  description: string;
  schema: Schema;
}

export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * Required, so no route is public by accident: `[]` is public; `[{ session: [roles...] }]`
   * needs a log-in and, when roles are listed, any one of them.
   */
  security: Array<Record<string, string[]>>;
  parameters?: Parameter[];
  /** JSON, or for a file upload multipart/form-data (read and checked by its handler, not the validator) */
  requestBody?: { required: true; content: { 'application/json': { schema: Schema }; 'multipart/form-data'?: never } | { 'multipart/form-data': { schema: Schema }; 'application/json'?: never } };
  responses: Record<string, Schema>;
}

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Partial<Record<Method, Operation>>>;
  components: { schemas: Record<string, Schema>; responses: Record<string, Schema>; securitySchemes: Record<string, Schema> };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (description: string, schemaName: string) => ({ description, content: { 'application/json': { schema: ref(schemaName) } } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const body = (schemaName: string): NonNullable<Operation['requestBody']> => ({ required: true, content: { 'application/json': { schema: ref(schemaName) } } });
/** what every operation that takes a JSON body may answer besides its own outcomes */
const bodyProblems = { '400': response('BadRequest'), '403': response('Forbidden'), '413': response('PayloadTooLarge'), '415': response('UnsupportedMediaType') };

const text = (maxLength: number, extra: Schema = {}) => ({ type: 'string', minLength: 1, maxLength, ...extra });
const instant = { type: 'string', format: 'date-time' };
const nullable = (schema: Schema) => ({ oneOf: [schema, { type: 'null' }] });

export const openApiDocument: OpenApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Service Hall API',
    version: '0.1.0',
    description:
      '政务服务中心的 JSON 接口。错误一律以 application/problem+json（RFC 9457）返回，`code` 稳定可判断，' +
      '`field` 指出出错的字段。除 GET 以外的每个请求都须在 X-CSRF-Token 头中携带 GET /api/session 返回的 csrfToken。',
  },
  tags: [
    { name: 'session', description: '登录、退出与当前用户' },
    { name: 'tasks', description: '待办任务' },
    { name: 'joint', description: '联办件会商台（牵头窗口）' },
    { name: 'intake', description: '收件登记（窗口）；网上申报见 public' },
    { name: 'audit', description: '操作日志（业务督查科、系统管理员）' },
    { name: 'public', description: '办事群众使用，无需登录' },
    { name: 'complaints', description: '投诉登记（投诉处）' },
    { name: 'supervision', description: '电子监察与统计（业务督查科、管委会、系统管理员）' },
    { name: 'ops', description: '流程引擎运维（系统管理员、业务督查科）' },
    { name: 'cases', description: '办件查询（按角色与部门）' },
    { name: 'designer', description: '流程图与表单设计（流程设计人员、系统管理员）' },
    { name: 'staff-admin', description: '人员管理：账号、角色、部门、岗位（AB岗）、请假（系统管理员）' },
    { name: 'calendar', description: '工作日历：节假日与调休（系统管理员）' },
    { name: 'alerts', description: '提醒消息：岗位无人在岗、任务转交（窗口负责人）' },
    { name: 'catalogue-admin', description: '事项目录管理：草稿、发布、版本（系统管理员）' },
    { name: 'meta', description: '接口说明' },
  ],
  paths: {
    '/api/openapi.json': {
      get: {
        operationId: 'getOpenApiDocument',
        summary: '本接口文档（OpenAPI 3.1）',
        tags: ['meta'],
        security: [],
        responses: { '200': { description: '接口文档', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/api/session': {
      get: {
        operationId: 'getSession',
        summary: '当前会话与 CSRF 令牌',
        description: '已登录时返回用户及会话的 csrfToken；未登录时设置登录前 Cookie，并返回登录表单须携带的 csrfToken。',
        tags: ['session'],
        security: [],
        responses: {
          '200': { description: '当前会话', content: { 'application/json': { schema: { oneOf: [ref('AuthenticatedSession'), ref('AnonymousSession')] } } } },
        },
      },
      post: {
        operationId: 'login',
        summary: '登录',
        description: '用户名或密码错误、账号停用一律答 401 login-failed，不区分原因。同一地址同一用户名的失败次数受限；同时校验的密码过多时立即答 429。',
        tags: ['session'],
        security: [{ csrf: [] }],
        requestBody: body('LoginRequest'),
        responses: {
          '201': json('已登录；Set-Cookie 设置会话 Cookie', 'AuthenticatedSession'),
          '401': response('LoginFailed'),
          '429': response('TooManyRequests'),
          ...bodyProblems,
        },
      },
      delete: {
        operationId: 'logout',
        summary: '退出登录',
        tags: ['session'],
        security: [{ session: [], csrf: [] }],
        responses: { '204': { description: '已退出' }, '401': response('Unauthenticated'), '403': response('Forbidden') },
      },
    },
    '/api/session/password': {
      post: {
        operationId: 'changePassword',
        summary: '修改本人密码',
        description: '管理员重置密码后，登录者在改密码之前只能使用本接口和会话接口（其余答 403 password-change-required）。新密码至少 8 位，含字母和数字，不含用户名，不同于当前密码。密码校验与登录共用有限的处理能力，繁忙时立即答 429（Retry-After），密码不变。',
        tags: ['session'],
        security: [{ session: [], csrf: [] }],
        requestBody: body('PasswordChange'),
        responses: { '200': json('已修改', 'AuthenticatedSession'), '401': response('Unauthenticated'), '429': response('TooManyRequests'), ...bodyProblems },
      },
    },
    '/api/tasks/{key}': {
      get: {
        operationId: 'getTask',
        summary: '查看一项任务',
        description: '仅限任务候选组属于本人角色与部门、或指派给本人的任务；业务督查科可查看全部任务。',
        tags: ['tasks'],
        security: [{ session: [] }],
        parameters: [{ name: 'key', in: 'path', required: true, description: '用户任务的引擎键（int64，以字符串表示）', schema: { type: 'string', pattern: '^[0-9]{1,20}$' } }],
        responses: {
          '200': json('任务', 'Task'),
          '400': response('BadRequest'),
          '401': response('Unauthenticated'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
        },
      },
    },
    '/api/audit': {
      get: {
        operationId: 'listAuditEntries',
        summary: '查询操作日志',
        description: '按时间倒序分页；各筛选条件同时满足。',
        tags: ['audit'],
        security: [{ session: ['supervision', 'admin'] }],
        parameters: [
          { name: 'actor', in: 'query', description: '操作人用户名；也列出系统作业因此人的操作而记的条目（cause）', schema: text(64) },
          { name: 'action', in: 'query', description: '操作，如 session.login', schema: text(64) },
          { name: 'targetType', in: 'query', description: '对象类型：user、case、task、diagram、form、complaint、incident', schema: text(32) },
          { name: 'targetId', in: 'query', description: '对象标识', schema: text(128) },
          { name: 'from', in: 'query', description: '起始时间（含）', schema: instant },
          { name: 'to', in: 'query', description: '截止时间（不含）', schema: instant },
          { name: 'limit', in: 'query', description: '每页条数', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
          { name: 'offset', in: 'query', description: '跳过条数', schema: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 } },
        ],
        responses: {
          '200': json('一页操作日志', 'AuditPage'),
          '400': response('BadRequest'),
          '401': response('Unauthenticated'),
          '403': response('Forbidden'),
        },
      },
    },
    '/api/public/lookup': {
      post: {
        operationId: 'lookupCase',
        summary: '办件查询（凭办件编号和查询码）',
        description: '无需登录。编号或查询码不对时一律答 404，不透露办件是否存在。同一地址的查询次数受限。',
        tags: ['public'],
        security: [{ csrf: [] }],
        requestBody: body('LookupRequest'),
        responses: { '200': json('办件进度', 'CaseLookup'), '404': response('NotFound'), '429': response('TooManyRequests'), ...bodyProblems },
      },
    },
    ...publicPaths,
    ...complaintPaths,
    ...supervisionPaths,
    ...opsPaths,
    ...designerPaths,
    ...inboxPaths,
    ...intakePaths,
    ...supplementPaths,
    ...staffAdminPaths,
    ...calendarPaths,
    ...alertPaths,
    ...catalogueAdminPaths,
  },
  components: {
    securitySchemes: {
      session: {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description: '登录后设置的会话 Cookie（HttpOnly、SameSite=Lax）。安全要求中列出的名称是角色，具备其一即可。',
      },
      csrf: {
        type: 'apiKey',
        in: 'header',
        name: CSRF_HEADER,
        description: 'GET /api/session 返回的 csrfToken：登录后为会话令牌，登录前为与登录前 Cookie 绑定的令牌。',
      },
    },
    responses: {
      BadRequest: problem('请求参数有误（validation、malformed-json）；field 与 in 指出字段'),
      Unauthenticated: problem('未登录或登录已超时（unauthenticated）'),
      LoginFailed: problem('用户名或密码错误（login-failed）'),
      Forbidden: problem('角色或部门无权访问（forbidden），或安全令牌缺失、无效（csrf）'),
      NotFound: problem('未找到（not-found）；无权查看的任务、办件和文书也如此回答，与不存在的无从区分'),
      PayloadTooLarge: problem('请求体过大（payload-too-large）'),
      UnsupportedMediaType: problem('请求体不是 JSON（unsupported-media-type）'),
      TooManyRequests: problem('请求过于频繁（rate-limited）；Retry-After 给出等待秒数'),
      ...commonResponses,
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string', description: 'urn:service-hall:problem:<code>' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          code: { type: 'string', enum: PROBLEM_CODES },
          field: { type: 'string', description: '第一个出错的字段，点分路径，如 applicant.idNumber' },
          in: { type: 'string', enum: ['body', 'query', 'path'] },
          errors: { type: 'array', items: ref('FieldError') },
          retryAt: { type: 'string', format: 'date-time', description: '暂停至此时刻（rate-limited，如查询码连续输错锁定的办件）' },
        },
      },
      FieldError: {
        type: 'object',
        required: ['in', 'field', 'message'],
        properties: { in: { type: 'string', enum: ['body', 'query', 'path'] }, field: { type: 'string' }, message: { type: 'string' } },
      },
      Role: { type: 'string', enum: ROLES },
      User: {
        type: 'object',
        required: ['username', 'displayName', 'departmentCode', 'roles', 'candidateGroups'],
        properties: {
          username: { type: 'string' },
          displayName: { type: 'string' },
          departmentCode: { type: 'string' },
          roles: { type: 'array', items: ref('Role') },
          candidateGroups: { type: 'array', items: { type: 'string' }, description: '本人可办理任务的候选组，如 window:MZ' },
        },
      },
      AuthenticatedSession: {
        type: 'object',
        required: ['authenticated', 'mustChangePassword', 'user', 'csrfToken', 'expiresAt', 'idleExpiresAt'],
        properties: {
          authenticated: { const: true },
          mustChangePassword: { type: 'boolean', description: '管理员重置了密码：设置新密码之前，其余页面和接口都不可用' },
          user: ref('User'),
          csrfToken: { type: 'string' },
          expiresAt: { ...instant, description: '会话最迟结束时间' },
          idleExpiresAt: { ...instant, description: '如不再操作，会话于此时结束' },
        },
      },
      AnonymousSession: {
        type: 'object',
        required: ['authenticated', 'csrfToken'],
        properties: { authenticated: { const: false }, csrfToken: { type: 'string', description: '登录请求须携带的令牌' } },
      },
      PasswordChange: {
        type: 'object',
        required: ['currentPassword', 'newPassword'],
        additionalProperties: false,
        properties: { currentPassword: text(256), newPassword: text(256) },
      },
      LoginRequest: {
        type: 'object',
        required: ['username', 'password'],
        additionalProperties: false,
        properties: {
          username: text(64, { pattern: '^[A-Za-z0-9._-]+$', description: '不区分大小写' }),
          password: text(256),
        },
      },
      Task: {
        type: 'object',
        required: ['userTaskKey', 'name', 'elementId', 'processInstanceKey', 'caseId', 'candidateGroups', 'departmentCode', 'assignee', 'coveringFor', 'dueAt', 'formId', 'state', 'createdAt', 'completedAt'],
        properties: {
          userTaskKey: { type: 'string' },
          name: { type: 'string' },
          elementId: { type: 'string' },
          processInstanceKey: { type: 'string' },
          caseId: nullable({ type: 'string' }),
          candidateGroups: { type: 'array', items: { type: 'string' } },
          departmentCode: nullable({ type: 'string' }),
          assignee: nullable({ type: 'string' }),
          coveringFor: nullable({ type: 'string', description: 'B岗代办时，所代的A岗人员' }),
          dueAt: nullable(instant),
          formId: nullable({ type: 'string' }),
          state: { type: 'string', enum: ['created', 'completed', 'canceled'] },
          createdAt: instant,
          completedAt: nullable(instant),
        },
      },
      AuditEntry: {
        type: 'object',
        required: ['id', 'at', 'actor', 'action', 'targetType', 'targetId', 'detail'],
        properties: {
          id: { type: 'string' },
          at: instant,
          actor: { type: 'string', description: '用户名；未登录者为 anonymous' },
          action: { type: 'string' },
          targetType: { type: 'string' },
          targetId: { type: 'string' },
          detail: { description: '身份证号、手机号已脱敏' },
          cause: {
            description: '系统作业所记条目的起因：kind 为 staff（办结某任务的工作人员：staffId、name、task）、applicant（申请人）或 event（计时器到期等：event）；人员本人的操作为 null',
            oneOf: [{ type: 'object', required: ['kind'], properties: { kind: { type: 'string', enum: ['staff', 'applicant', 'event'] } } }, { type: 'null' }],
          },
        },
      },
      AuditPage: {
        type: 'object',
        required: ['entries', 'total', 'limit', 'offset', 'people', 'cases'],
        properties: {
          entries: { type: 'array', items: ref('AuditEntry') },
          total: { type: 'integer' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
          people: { type: 'object', additionalProperties: { type: 'string' }, description: '本页出现的工作人员：用户名 → 姓名' },
          cases: { type: 'object', additionalProperties: { type: 'string' }, description: '本页详情中的办件：办件标识 → 办件编号' },
        },
      },
      LookupRequest: {
        type: 'object',
        required: ['caseNumber', 'verificationCode'],
        additionalProperties: false,
        properties: {
          caseNumber: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$', description: '办件编号，如 SH20261126-0001' },
          verificationCode: { type: 'string', pattern: '^[0-9]{6}$', description: '受理时告知的 6 位查询码' },
        },
      },
      ...publicSchemas,
      ...supervisionSchemas,
      ...opsSchemas,
      ...designerSchemas,
      ...inboxSchemas,
      ...intakeSchemas,
      ...supplementSchemas,
      ...staffAdminSchemas,
      ...calendarSchemas,
      ...alertSchemas,
      ...catalogueAdminSchemas,
    },
  },
};
