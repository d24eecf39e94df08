import type { Operation, Parameter, Schema } from '../document.js';

/**
 * The clerk inbox and the joint-approval desk (docs/decisions/0006-inbox.md), merged into the
 * OpenAPI document by document.ts: `inboxPaths` into paths, `inboxSchemas` into
 * components.schemas. Kept in a module of its own so the inbox's operations can change without
 * touching the others'.
 */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (description: string, schemaName: string) => ({ description, content: { 'application/json': { schema: ref(schemaName) } } });
const body = (schemaName: string): NonNullable<Operation['requestBody']> => ({ required: true, content: { 'application/json': { schema: ref(schemaName) } } });
const nullable = (schema: Schema) => ({ oneOf: [schema, { type: 'null' }] });
const instant = { type: 'string', format: 'date-time' };
const text = (maxLength: number, extra: Schema = {}) => ({ type: 'string', minLength: 1, maxLength, ...extra });

const LOGGED_IN = [{ session: [] }];
const LOGGED_IN_CHANGE = [{ session: [], csrf: [] }];
/** the lead window's staff, and supervision, which watches every case */
const JOINT_DESK = [{ session: ['window-clerk', 'lead-window', 'window-head', 'supervision'] }];

const taskKey: Parameter = { name: 'key', in: 'path', required: true, description: '用户任务的引擎键（int64，以字符串表示）', schema: { type: 'string', pattern: '^[0-9]{1,20}$' } };
const caseNumberParam: Parameter = { name: 'caseNumber', in: 'path', required: true, description: '办件编号，如 SH20261126-0001', schema: { type: 'string', pattern: '^[A-Z]{2}[0-9]{8}-[0-9]{4,6}$' } };
const paging: Parameter[] = [
  { name: 'limit', in: 'query', description: '每页条数', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  { name: 'offset', in: 'query', description: '跳过条数', schema: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 } },
];

/** The inbox's filters: the list's query parameters, and what a saved filter keeps. */
const filterProperties: Record<string, Schema> = {
  state: { type: 'string', enum: ['created', 'completed', 'canceled'], description: '任务状态，默认 created（待办）' },
  caseNumber: text(32, { description: '办件编号（前缀匹配）' }),
  applicant: text(64, { description: '申请人名称（包含）' }),
  status: { type: 'string', enum: ['normal', 'yellow', 'red'], description: '时限状态：normal 正常，yellow 一个工作日内到期，red 已超期' },
  assignee: { type: 'string', enum: ['me', 'unassigned'], description: 'me 已由本人领取，unassigned 尚无人领取' },
  group: text(64, { description: '候选组，须为本人的候选组之一，如 window:MZ' }),
  view: {
    type: 'string',
    enum: ['mine', 'cover', 'window'],
    description:
      'mine 本人及本岗位的任务（默认）；cover AB岗代办：本人代A岗办理的任务，及本人为B岗而A岗不在岗的岗位任务；' +
      'window 本窗口全部任务（仅窗口负责人及代行其职责的B岗）：本部门窗口（window:<部门>）和负责人岗（head:<部门>）的全部任务，不论由谁领取',
  },
  sort: { type: 'string', enum: ['dueAt', 'createdAt', 'caseNumber', 'name'], description: '排序字段，默认 dueAt（无时限的排最后）' },
  order: { type: 'string', enum: ['asc', 'desc'], description: '默认 asc' },
};
const filterParameters: Parameter[] = Object.entries(filterProperties).map(([name, schema]) => ({ name, in: 'query', description: String(schema.description), schema }));

const problems = {
  '400': response('BadRequest'),
  '401': response('Unauthenticated'),
  '403': response('Forbidden'),
};
const taskProblems = { ...problems, '404': response('NotFound') };
/** an engine command: it may refuse (409, the engine's words passed on) or be out of reach (503) */
/** Conflict and EngineUnavailable are the shared responses of paths/common.ts */
const commandProblems = { ...taskProblems, '409': response('Conflict'), '415': response('UnsupportedMediaType'), '503': response('EngineUnavailable') };

export const inboxPaths: Record<string, Partial<Record<'get' | 'post' | 'put' | 'delete', Operation>>> = {
  '/api/tasks': {
    get: {
      operationId: 'listTasks',
      summary: '待办列表',
      description:
        '本人已领取的任务和本人候选组的任务（候选组由角色与部门决定），可筛选、排序、分页。申请人的身份证号、手机号已脱敏。' +
        '列出前向流程引擎核对本页的待办任务：引擎已取消或已办结的任务随即在任务库中更新，不再列出。',
      tags: ['tasks'],
      security: LOGGED_IN,
      parameters: [...filterParameters, ...paging],
      responses: { '200': json('一页任务', 'InboxPage'), ...problems },
    },
  },
  '/api/tasks/stream': {
    get: {
      operationId: 'streamTasks',
      summary: '新任务推送（Server-Sent Events）',
      description:
        '连接后每秒检查一次：本人候选组或指派给本人的新任务以 `event: task`（data 为 InboxTask）推送；' +
        '连接时先发 `event: ready`；每 15 秒一行注释作心跳；退出登录、会话超时或账号停用时发 `event: session-ended` 并断开。' +
        '每个 task 事件的 id 为任务键；断线重连时浏览器自动以 `Last-Event-ID` 请求头带上最后收到的任务键，推送从该任务之后继续（可连到任一应用实例），断线期间的新任务不会遗漏。',
      tags: ['tasks'],
      security: LOGGED_IN,
      responses: {
        '200': { description: '事件流', content: { 'text/event-stream': { schema: { type: 'string' } } } },
        ...problems,
      },
    },
  },
  '/api/tasks/{key}/claim': {
    post: {
      operationId: 'claimTask',
      summary: '领取任务',
      description:
        '本人候选组的任务。已由他人领取的，流程引擎答复 409 并原样转告；原领取人不在岗且本人与其同岗（AB岗）的，由本人接办并记为代办（coveringFor）。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      responses: { '200': json('已领取的任务', 'InboxTask'), ...commandProblems },
    },
  },
  '/api/tasks/{key}/unclaim': {
    post: {
      operationId: 'unclaimTask',
      summary: '退回任务（取消领取）',
      description: '领取人本人，或本部门窗口负责人（含代行负责人职责的B岗）。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      responses: { '200': json('已退回岗位队列的任务', 'InboxTask'), ...commandProblems },
    },
  },
  '/api/tasks/{key}/assign': {
    post: {
      operationId: 'assignTask',
      summary: '指派任务',
      description: '指派给本人即领取；指派给他人仅限该任务所属部门的窗口负责人，且接收人须为本部门在岗人员、岗位办理此类任务。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      requestBody: body('AssignTaskRequest'),
      responses: { '200': json('已指派的任务', 'InboxTask'), ...commandProblems, '413': response('PayloadTooLarge') },
    },
  },
  '/api/tasks/{key}/assignees': {
    get: {
      operationId: 'listTaskAssignees',
      summary: '可指派人员（窗口负责人）',
      description:
        '任务所属部门中岗位办理此类任务的在职人员，及其在任务岗位上的A/B岗和今日是否在岗；不在岗的人员不能接收指派。仅该部门的窗口负责人（含代行负责人职责的B岗）。',
      tags: ['tasks'],
      security: LOGGED_IN,
      parameters: [taskKey],
      responses: { '200': json('可指派人员', 'TaskAssigneeList'), ...taskProblems },
    },
  },
  '/api/tasks/{key}/form': {
    get: {
      operationId: 'getTaskForm',
      summary: '办理页：表单、预填变量、草稿与案卷',
      description:
        '表单（form-js）取自流程引擎，预填变量取自任务可见的流程变量，身份证号、手机号为脱敏副本（提交时原样交回的脱敏值由服务器还原）。' +
        '案卷包括材料、已出具的文书（含查看链接）和办件时间线。' +
        '已办结的任务：表单与提交内容取自任务库（办结时保存），completion 给出办结人与办结时间；不是经待办办结的任务没有这些记录。',
      tags: ['tasks'],
      security: LOGGED_IN,
      parameters: [taskKey],
      responses: { '200': json('办理页数据', 'TaskFormView'), ...taskProblems, '503': response('EngineUnavailable') },
    },
  },
  '/api/tasks/{key}/notices/{noticeId}': {
    get: {
      operationId: 'getTaskNotice',
      summary: '查看任务所属办件的文书（可打印的 HTML）',
      tags: ['tasks'],
      security: LOGGED_IN,
      parameters: [taskKey, { name: 'noticeId', in: 'path', required: true, description: '文书标识', schema: { type: 'string', pattern: '^[0-9a-f]{1,64}$' } }],
      responses: { '200': { description: '文书', content: { 'text/html': { schema: { type: 'string' } } } }, ...taskProblems },
    },
  },
  '/api/tasks/{key}/completion': {
    post: {
      operationId: 'completeTask',
      summary: '办结任务（提交表单）',
      description:
        '先按任务表单和任务变量校验（validateSubmission）：有误时答 400，errors 列出每个出错字段（field 为 variables.<字段>），任务不变。' +
        '只有领取人可以提交；尚无人领取的任务由提交人自动领取后提交（记入操作日志）；已由他人领取的答 409。成功后删除该任务的草稿。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      requestBody: body('CompleteTaskRequest'),
      responses: { '200': json('已办结的任务及其结果', 'CompletedTask'), ...commandProblems, '413': response('PayloadTooLarge') },
    },
  },
  '/api/tasks/{key}/draft': {
    get: {
      operationId: 'getTaskDraft',
      summary: '本人对此任务的表单草稿',
      tags: ['tasks'],
      security: LOGGED_IN,
      parameters: [taskKey],
      responses: { '200': json('草稿', 'TaskDraft'), ...taskProblems },
    },
    put: {
      operationId: 'saveTaskDraft',
      summary: '保存表单草稿',
      description: '每人每任务一份，后存的替换先存的；任务办结时删除。草稿不校验，也不送流程引擎。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      requestBody: body('SaveTaskDraftRequest'),
      responses: { '200': json('已保存的草稿', 'TaskDraft'), ...taskProblems, '409': response('Conflict'), '413': response('PayloadTooLarge'), '415': response('UnsupportedMediaType') },
    },
    delete: {
      operationId: 'deleteTaskDraft',
      summary: '删除表单草稿',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [taskKey],
      responses: { '204': { description: '已删除' }, ...taskProblems },
    },
  },
  '/api/task-filters': {
    get: {
      operationId: 'listTaskFilters',
      summary: '本窗口（部门）保存的筛选条件',
      tags: ['tasks'],
      security: LOGGED_IN,
      responses: { '200': json('筛选条件', 'TaskFilterList'), '401': response('Unauthenticated') },
    },
    post: {
      operationId: 'createTaskFilter',
      summary: '保存筛选条件，本部门共用',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      requestBody: body('CreateTaskFilterRequest'),
      responses: { '201': json('已保存的筛选条件', 'TaskFilter'), '401': response('Unauthenticated'), '409': response('Conflict'), '400': response('BadRequest'), '403': response('Forbidden'), '413': response('PayloadTooLarge'), '415': response('UnsupportedMediaType') },
    },
  },
  '/api/task-filters/{id}': {
    delete: {
      operationId: 'deleteTaskFilter',
      summary: '删除筛选条件',
      description: '保存人本人或本部门窗口负责人。',
      tags: ['tasks'],
      security: LOGGED_IN_CHANGE,
      parameters: [{ name: 'id', in: 'path', required: true, description: '筛选条件标识', schema: { type: 'string', pattern: '^[0-9a-f]{1,64}$' } }],
      responses: { '204': { description: '已删除' }, ...taskProblems },
    },
  },
  '/api/joint/cases': {
    get: {
      operationId: 'listJointCases',
      summary: '联办件（本部门牵头）',
      description: '牵头部门的窗口人员可见本部门牵头的联办件；业务督查科可见全部。',
      tags: ['joint'],
      security: JOINT_DESK,
      parameters: [{ name: 'open', in: 'query', description: '仅未办结的（默认 true）', schema: { type: 'boolean', default: true } }, ...paging],
      responses: { '200': json('一页联办件', 'JointCasePage'), ...problems },
    },
  },
  '/api/joint/cases/{caseNumber}': {
    get: {
      operationId: 'getJointCase',
      summary: '联办件会商台：各部门意见并列',
      description:
        '各联办部门的审查状态、意见和答复时限（取自任务库与流程变量 reviews），牵头窗口的汇总任务，以及一次性告知的补正通知。' +
        '流程引擎暂不可用时仍返回任务库中的信息，opinionsAvailable 为 false。',
      tags: ['joint'],
      security: JOINT_DESK,
      parameters: [caseNumberParam],
      responses: { '200': json('联办件', 'JointCase'), ...taskProblems },
    },
  },
};

const person = nullable({ type: 'object', required: ['id', 'name'], properties: { id: { type: 'string' }, name: nullable({ type: 'string' }) } });
const maskedApplicantSchema = nullable({
  type: 'object',
  required: ['kind', 'name', 'idNumber', 'phone'],
  properties: {
    kind: { type: 'string' },
    name: { type: 'string' },
    idNumber: nullable({ type: 'string', description: '已脱敏，如 110101********1234' }),
    phone: nullable({ type: 'string', description: '已脱敏，如 138****0000' }),
  },
});
const dueStatus = { type: 'string', enum: ['normal', 'yellow', 'red'] };
const noticeLink = {
  type: 'object',
  required: ['id', 'number', 'kind', 'title', 'createdAt', 'href'],
  properties: {
    id: { type: 'string' },
    number: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    createdAt: instant,
    href: nullable({ type: 'string' }),
    printHref: { type: 'string', description: '可打印页面 /notices/<文号>' },
  },
};
const taskSummary = nullable({
  type: 'object',
  required: ['userTaskKey', 'name', 'state', 'assignee', 'dueAt', 'dueStatus', 'createdAt', 'completedAt'],
  properties: {
    userTaskKey: { type: 'string' },
    name: { type: 'string' },
    state: { type: 'string', enum: ['created', 'completed', 'canceled'] },
    assignee: person,
    dueAt: nullable(instant),
    dueStatus,
    createdAt: instant,
    completedAt: nullable(instant),
  },
});

export const inboxSchemas: Record<string, Schema> = {
  InboxTask: {
    type: 'object',
    required: ['userTaskKey', 'name', 'elementId', 'processInstanceKey', 'formId', 'state', 'caseNumber', 'applicant', 'item', 'department', 'candidateGroups', 'assignee', 'coveringFor', 'dueAt', 'dueStatus', 'createdAt', 'completedAt', 'complaint'],
    properties: {
      userTaskKey: { type: 'string' },
      name: { type: 'string' },
      elementId: { type: 'string' },
      processInstanceKey: { type: 'string' },
      formId: nullable({ type: 'string' }),
      state: { type: 'string', enum: ['created', 'completed', 'canceled'] },
      caseNumber: nullable({ type: 'string' }),
      applicant: maskedApplicantSchema,
      item: nullable({ type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: nullable({ type: 'string' }) } }),
      department: nullable({ type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: nullable({ type: 'string' }) } }),
      candidateGroups: { type: 'array', items: { type: 'string' } },
      assignee: person,
      coveringFor: { ...person, description: 'AB岗：领取人所代办的不在岗人员' },
      dueAt: nullable(instant),
      dueStatus: { ...dueStatus, description: '待办：red 已超期，yellow 一个工作日内到期；已结束的任务超时办结为 red' },
      createdAt: instant,
      completedAt: nullable(instant),
      complaint: nullable({
        type: 'object',
        description: '投诉处理流程的任务所办的投诉（这类任务不属于某一办件）；投诉人姓名已脱敏',
        required: ['number', 'complainant', 'ground', 'replyDueAt'],
        properties: { number: { type: 'string' }, complainant: { type: 'string' }, ground: nullable({ type: 'string' }), replyDueAt: nullable(instant) },
      }),
    },
  },
  CompletedTask: {
    allOf: [
      ref('InboxTask'),
      {
        type: 'object',
        required: ['outcome'],
        properties: {
          outcome: {
            description: '办结带来的结果：finished 办件已办结；next 流程进入的下一环节（steps 为其任务名称）；pending 稍候才知（后续环节由后台处理）',
            oneOf: [
              { type: 'object', required: ['kind'], properties: { kind: { const: 'finished' } } },
              { type: 'object', required: ['kind', 'steps'], properties: { kind: { const: 'next' }, steps: { type: 'array', items: { type: 'string' } } } },
              { type: 'object', required: ['kind'], properties: { kind: { const: 'pending' } } },
            ],
          },
        },
      },
    ],
  },
  InboxPage: {
    type: 'object',
    required: ['tasks', 'total', 'limit', 'offset', 'view', 'coveredPosts'],
    properties: {
      tasks: { type: 'array', items: ref('InboxTask') },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      view: { type: 'string', enum: ['mine', 'cover', 'window'] },
      coveredPosts: {
        type: 'array',
        description: '本人为B岗、A岗当前不在岗的岗位',
        items: { type: 'object', required: ['postCode', 'candidateGroup', 'absentHolder'], properties: { postCode: { type: 'string' }, candidateGroup: { type: 'string' }, absentHolder: person } },
      },
    },
  },
  AssignTaskRequest: {
    type: 'object',
    required: ['assignee'],
    additionalProperties: false,
    properties: { assignee: text(64, { pattern: '^[A-Za-z0-9._-]+$', description: '接收人的工作人员编号' }) },
  },
  CompleteTaskRequest: {
    type: 'object',
    required: ['variables'],
    additionalProperties: false,
    properties: { variables: { type: 'object', description: '表单提交的数据：恰为表单可见的字段' } },
  },
  SaveTaskDraftRequest: {
    type: 'object',
    required: ['variables'],
    additionalProperties: false,
    properties: { variables: { type: 'object', description: '表单当前填写的内容' } },
  },
  TaskDraft: {
    type: 'object',
    required: ['userTaskKey', 'variables', 'savedAt'],
    properties: { userTaskKey: { type: 'string' }, variables: { type: 'object' }, savedAt: instant },
  },
  TaskFormView: {
    type: 'object',
    required: ['task', 'editable', 'form', 'variables', 'draft', 'caseFile', 'completion'],
    properties: {
      task: ref('InboxTask'),
      editable: { type: 'boolean', description: '本人此刻能否提交（领取人，或可自动领取的候选组成员）' },
      form: nullable({
        type: 'object',
        required: ['formKey', 'formId', 'version', 'schema'],
        properties: { formKey: { type: 'string' }, formId: { type: 'string' }, version: nullable({ type: 'integer' }), schema: { type: 'object', description: 'form-js 表单定义' } },
      }),
      variables: { type: 'object', description: '预填的任务变量；身份证号、手机号为脱敏副本' },
      draft: nullable(ref('TaskDraft')),
      caseFile: nullable(ref('CaseFile')),
      completion: nullable({
        type: 'object',
        description: '经待办办结的任务：办结人与办结时间（variables 为当时提交的内容及表单所读的任务变量）',
        required: ['by', 'at'],
        properties: { by: person, at: nullable(instant) },
      }),
    },
  },
  CaseFile: {
    type: 'object',
    required: ['caseNumber', 'caseType', 'status', 'stage', 'item', 'applicant', 'receivedAt', 'acceptedAt', 'dueAt', 'suspended', 'materials', 'notices', 'supplement', 'mayReissueCode', 'timeline'],
    properties: {
      caseNumber: { type: 'string' },
      processInstanceKey: nullable({ type: 'string', description: '办件流程实例的引擎键；业务督查科、系统管理员可在流程运维中打开' }),
      caseType: { type: 'string' },
      status: { type: 'string' },
      stage: nullable({ type: 'string' }),
      item: {
        type: 'object',
        required: ['code', 'name', 'version'],
        properties: { code: { type: 'string' }, name: nullable({ type: 'string' }), version: nullable({ type: 'integer', description: '办件登记时事项的版本，办件始终按此版本办理' }) },
      },
      applicant: maskedApplicantSchema,
      receivedAt: instant,
      acceptedAt: nullable(instant),
      dueAt: nullable(instant),
      suspended: { type: 'boolean', description: '补正期间时限暂停' },
      materials: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'name', 'provided', 'verified', 'missingReason'],
          properties: {
            code: { type: 'string' },
            name: { type: 'string' },
            departmentCode: { type: 'string' },
            provided: nullable({ type: 'boolean' }),
            verified: nullable({ type: 'boolean' }),
            missingReason: nullable({ type: 'string' }),
          },
        },
      },
      notices: { type: 'array', items: noticeLink },
      supplement: ref('StaffSupplement'),
      mayReissueCode: { type: 'boolean', description: '本人可为该办件重新生成查询码（所属部门的窗口）' },
      timeline: {
        type: 'array',
        items: {
          type: 'object',
          required: ['at', 'kind', 'actor', 'actorName', 'cause', 'detail'],
          properties: {
            at: instant,
            kind: { type: 'string' },
            actor: { type: 'string', description: '操作人的用户名，或 worker:<作业类型>（系统作业）' },
            actorName: nullable({ type: 'string', description: '操作人姓名（系统作业为 null）' }),
            cause: nullable({
              type: 'object',
              description: '系统作业的起因：kind 为 staff（办结某任务的工作人员：staffId、name、task）、applicant（申请人）或 event（计时器到期、外部消息：event）',
              required: ['kind'],
              properties: { kind: { type: 'string', enum: ['staff', 'applicant', 'event'] }, staffId: { type: 'string' }, name: { type: 'string' }, task: { type: 'string' }, userTaskKey: { type: 'string' }, event: nullable({ type: 'string' }) },
            }),
            detail: {},
          },
        },
      },
    },
  },
  TaskAssigneeList: {
    type: 'object',
    required: ['assignees'],
    properties: {
      assignees: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'name', 'posts', 'present', 'absence', 'current'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            posts: {
              type: 'array',
              description: '本人在任务岗位上的岗位，rank 0 为A岗，1 起为B岗（按顶岗顺序）',
              items: { type: 'object', required: ['code', 'name', 'rank'], properties: { code: { type: 'string' }, name: { type: 'string' }, rank: { type: 'integer' } } },
            },
            present: { type: 'boolean', description: '此刻在岗；不在岗的不能接收指派' },
            absence: nullable({ type: 'object', required: ['reason', 'endsAt'], properties: { reason: { type: 'string' }, endsAt: instant } }),
            current: { type: 'boolean', description: '当前领取人' },
          },
        },
      },
    },
  },
  TaskFilter: {
    type: 'object',
    required: ['id', 'name', 'departmentCode', 'query', 'createdBy', 'createdAt'],
    properties: { id: { type: 'string' }, name: { type: 'string' }, departmentCode: { type: 'string' }, query: ref('TaskFilterQuery'), createdBy: { type: 'string' }, createdAt: instant },
  },
  TaskFilterQuery: { type: 'object', additionalProperties: false, properties: filterProperties },
  TaskFilterList: { type: 'object', required: ['filters'], properties: { filters: { type: 'array', items: ref('TaskFilter') } } },
  CreateTaskFilterRequest: {
    type: 'object',
    required: ['name', 'query'],
    additionalProperties: false,
    properties: { name: text(40), query: ref('TaskFilterQuery') },
  },
  JointCaseSummary: {
    type: 'object',
    required: ['caseNumber', 'item', 'applicant', 'status', 'stage', 'receivedAt', 'dueAt', 'dueStatus', 'reviews'],
    properties: {
      caseNumber: { type: 'string' },
      item: {
        type: 'object',
        required: ['code', 'name', 'version'],
        properties: { code: { type: 'string' }, name: nullable({ type: 'string' }), version: nullable({ type: 'integer', description: '办件登记时事项的版本，办件始终按此版本办理' }) },
      },
      applicant: maskedApplicantSchema,
      status: { type: 'string' },
      stage: nullable({ type: 'string' }),
      receivedAt: instant,
      dueAt: nullable(instant),
      dueStatus,
      reviews: {
        type: 'object',
        required: ['open', 'completed', 'canceled'],
        description: '各部门审查任务的数目',
        properties: { open: { type: 'integer' }, completed: { type: 'integer' }, canceled: { type: 'integer' } },
      },
    },
  },
  JointCasePage: {
    type: 'object',
    required: ['cases', 'total', 'limit', 'offset'],
    properties: { cases: { type: 'array', items: ref('JointCaseSummary') }, total: { type: 'integer' }, limit: { type: 'integer' }, offset: { type: 'integer' } },
  },
  JointCase: {
    type: 'object',
    required: ['case', 'leadDepartment', 'departments', 'opinionsAvailable', 'consolidation', 'supplementNotice', 'supplementNoticeCount'],
    properties: {
      case: ref('JointCaseSummary'),
      leadDepartment: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: nullable({ type: 'string' }) } },
      departments: {
        type: 'array',
        items: {
          type: 'object',
          required: ['code', 'name', 'isLead', 'state', 'decision', 'opinion', 'refusalReason', 'deemedConsent', 'dueAt', 'dueStatus', 'task'],
          properties: {
            code: { type: 'string' },
            name: nullable({ type: 'string' }),
            isLead: { type: 'boolean' },
            state: {
              type: 'string',
              enum: ['waiting', 'reviewing', 'answered', 'deemed-consent', 'canceled'],
              description: 'waiting 尚未开始审查；reviewing 审查中；answered 已答复；deemed-consent 逾期未答复视为同意；canceled 审查任务已取消',
            },
            decision: nullable({ type: 'string', enum: ['approve', 'reject'] }),
            opinion: nullable({ type: 'string' }),
            refusalReason: nullable({ type: 'string' }),
            deemedConsent: { type: 'boolean' },
            dueAt: nullable({ ...instant, description: '该部门的答复时限' }),
            dueStatus,
            task: taskSummary,
          },
        },
      },
      opinionsAvailable: { type: 'boolean', description: '流程引擎可访问，意见取自流程变量' },
      consolidation: { ...taskSummary, description: '牵头窗口的汇总任务（最近一次）' },
      supplementNotice: nullable(noticeLink),
      supplementNoticeCount: { type: 'integer', description: '一次性告知：同一申请只应有一份补正通知' },
    },
  },
};
