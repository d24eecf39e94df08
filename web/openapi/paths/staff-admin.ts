import { ROLES } from '../../auth/roles.js';
import type { OpenApiDocument, Operation, Parameter, Schema } from '../document.js';
import { body, bodyProblems, day, instant, json, nullable, record, ref, response, sessionProblems, text } from './common.js';

/**
 * Staff administration (人员管理, role admin only): accounts, roles, departments, the windows' A/B
 * posts and absences. Every change is in the audit log with what it was before and after; a
 * one-time password appears once, in the answer that made it, and nowhere else.
 */

const ADMIN = [{ session: ['admin'], csrf: [] }];
const username: Schema = { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]{1,31}$', description: '用户名：小写字母、数字、. _ -，2–32 位' };
const usernameParam: Parameter = { name: 'username', in: 'path', required: true, description: '用户名', schema: username };
const postCode: Schema = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: '岗位代码，如 mz-window' };
const departmentCode: Schema = { type: 'string', pattern: '^[A-Z]{2,8}$', description: '部门代码，如 MZ；中心自身为 ZWFW' };
const roles: Schema = { type: 'array', minItems: 1, maxItems: ROLES.length, uniqueItems: true, items: { type: 'string', enum: [...ROLES] } };
const absenceKind: Schema = { type: 'string', enum: ['leave', 'training', 'business-trip'], description: 'leave 请假、training 培训、business-trip 出差' };

const change = (operationId: string, summary: string, description: string, extra: Partial<Operation>, ok: Record<string, Schema>): Operation => ({
  operationId,
  summary,
  description,
  tags: ['staff-admin'],
  security: ADMIN,
  ...extra,
  responses: { ...ok, '404': response('NotFound'), ...sessionProblems, ...bodyProblems },
});

export const staffAdminPaths: OpenApiDocument['paths'] = {
  '/api/admin/staff': {
    get: {
      operationId: 'listStaffAccounts',
      summary: '人员列表（可按姓名、用户名、部门查找）',
      tags: ['staff-admin'],
      security: [{ session: ['admin'] }],
      parameters: [
        { name: 'search', in: 'query', description: '姓名或用户名的一部分', schema: text(32) },
        { name: 'department', in: 'query', description: '部门代码', schema: departmentCode },
      ],
      responses: { '200': json('人员', 'StaffAccountList'), '400': response('BadRequest'), ...sessionProblems },
    },
    post: change(
      'createStaffAccount',
      '新建账号',
      '新建工作人员账号（同名的工作人员记录一并建立），答复中给出一次性密码，仅此一次；首次登录须改密码。用户名已被占用答 409。',
      { requestBody: body('NewStaffAccount') },
      { '201': json('已建立', 'StaffAccountWithPassword'), '409': response('Conflict'), '429': response('TooManyRequests') },
    ),
  },
  '/api/admin/staff/{username}': {
    get: {
      operationId: 'getStaffAccount',
      summary: '一名人员：账号、岗位、请假',
      tags: ['staff-admin'],
      security: [{ session: ['admin'] }],
      parameters: [usernameParam],
      responses: { '200': json('人员', 'StaffAccount'), '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
    put: change(
      'updateStaffAccount',
      '修改姓名、部门、角色',
      '仍担任其他部门岗位时不能改部门（409，先调整岗位）；管理员不能取消自己的系统管理员角色。',
      { parameters: [usernameParam], requestBody: body('StaffProfile') },
      { '200': json('已修改', 'StaffAccount'), '409': response('Conflict') },
    ),
  },
  '/api/admin/staff/{username}/disable': {
    post: change(
      'disableStaffAccount',
      '停用账号',
      '停用后无法登录，已登录的会话随即失效；其名下未办结的任务按AB岗转给所在岗位在岗的B岗。管理员不能停用自己。',
      { parameters: [usernameParam] },
      { '200': json('已停用', 'StaffChangeResult'), '409': response('Conflict') },
    ),
  },
  '/api/admin/staff/{username}/enable': {
    post: change('enableStaffAccount', '启用账号', '重新启用停用的账号。', { parameters: [usernameParam] }, { '200': json('已启用', 'StaffChangeResult') }),
  },
  '/api/admin/staff/{username}/password-reset': {
    post: change(
      'resetStaffPassword',
      '重置密码',
      '生成一次性密码（仅在此答复中出现一次），该账号已登录的会话全部失效；用户下次登录须先设置新密码，否则不能使用任何页面和接口。生成密码与登录共用有限的处理能力，繁忙时立即答 429（Retry-After），账号不变。',
      { parameters: [usernameParam] },
      { '200': json('已重置', 'StaffAccountWithPassword'), '429': response('TooManyRequests') },
    ),
  },
  '/api/admin/staff/{username}/absences': {
    post: change(
      'recordStaffAbsence',
      '登记请假、培训、出差',
      '按中国日期，from 当日 0 时起至 to 次日 0 时止。与已登记的时段重叠答 409。时段已开始的，其名下未办结任务随即按AB岗转给在岗的B岗；' +
        '以后开始的，由应用定时检查在开始时转交。每次转交记入操作日志和办件档案。',
      { parameters: [usernameParam], requestBody: body('NewAbsence') },
      { '201': json('已登记', 'AbsenceRecorded'), '409': response('Conflict') },
    ),
  },
  '/api/admin/absences/{id}': {
    delete: {
      operationId: 'deleteStaffAbsence',
      summary: '撤销一条请假、培训、出差登记',
      tags: ['staff-admin'],
      security: ADMIN,
      parameters: [{ name: 'id', in: 'path', required: true, description: '登记的标识', schema: text(64) }],
      responses: { '204': { description: '已撤销' }, '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
  },
  '/api/admin/posts': {
    get: {
      operationId: 'listPosts',
      summary: '岗位（窗口）及其A岗、B岗',
      tags: ['staff-admin'],
      security: [{ session: ['admin'] }],
      parameters: [{ name: 'department', in: 'query', description: '部门代码', schema: departmentCode }],
      responses: { '200': json('岗位', 'PostList'), '400': response('BadRequest'), ...sessionProblems },
    },
    post: change(
      'createPost',
      '新设岗位（窗口）',
      'kind 为 window 受理窗口、head 窗口负责人、review 审核岗，任务按此进入部门的候选组。代码已被占用答 409。',
      { requestBody: body('NewPost') },
      { '201': json('已设立', 'PostWithHolders'), '409': response('Conflict') },
    ),
  },
  '/api/admin/posts/{code}/holders': {
    put: change(
      'setPostHolders',
      '设定A岗、B岗',
      'holders 第一位为A岗，其后依次为B岗（A岗不在岗时由第一位在岗的B岗代办）。须为本部门未停用的人员，不得重复。',
      { parameters: [{ name: 'code', in: 'path', required: true, description: '岗位代码', schema: postCode }], requestBody: body('PostHolders') },
      { '200': json('已设定', 'PostWithHolders') },
    ),
  },
};

const absence = record({
  id: { type: 'string' },
  kind: absenceKind,
  reason: { type: 'string' },
  from: day,
  to: { ...day, description: '最后一天（含）' },
  startsAt: instant,
  endsAt: { ...instant, description: '回到岗位的时刻（不含）' },
  current: { type: 'boolean', description: '此刻正在其中' },
  createdBy: nullable({ type: 'string' }),
});
const heldPost = record({ code: { type: 'string' }, name: { type: 'string' }, candidateGroup: { type: 'string' }, rank: { type: 'integer', minimum: 0, description: '0 为A岗，1 起为B岗' } });
const handedOver = record({
  userTaskKey: { type: 'string' },
  name: { type: 'string' },
  caseNumber: nullable({ type: 'string', description: '任务所属办件的编号' }),
  from: { type: 'string' },
  to: nullable({ type: 'string' }),
  queued: { type: 'boolean', description: '岗位A、B岗均不在岗：任务已退回窗口队列待领取，并已提醒窗口负责人和业务督查科' },
});

export const staffAdminSchemas: Record<string, Schema> = {
  StaffAccount: record({
    username: { type: 'string' },
    displayName: { type: 'string' },
    departmentCode: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    disabled: { type: 'boolean' },
    mustChangePassword: { type: 'boolean' },
    present: { type: 'boolean', description: '此刻在岗（未停用且不在请假、培训、出差中）' },
    posts: { type: 'array', items: heldPost },
    absences: { type: 'array', description: '未结束的请假、培训、出差，按开始时间', items: absence },
  }),
  StaffAccountList: record({ staff: { type: 'array', items: ref('StaffAccount') } }),
  StaffAccountWithPassword: record({ account: ref('StaffAccount'), oneTimePassword: { type: 'string', description: '一次性密码：只在此答复中出现，请当面交给本人' } }),
  StaffChangeResult: record({ account: ref('StaffAccount'), handedOver: { type: 'array', items: handedOver } }),
  AbsenceRecorded: record({ absence, account: ref('StaffAccount'), handedOver: { type: 'array', description: '随即转交的任务；to 为 null 且 queued 为 true 表示岗位无人在岗，任务退回窗口队列', items: handedOver } }),
  NewStaffAccount: {
    type: 'object',
    required: ['username', 'displayName', 'departmentCode', 'roles'],
    additionalProperties: false,
    properties: { username, displayName: text(32), departmentCode, roles },
  },
  StaffProfile: {
    type: 'object',
    required: ['displayName', 'departmentCode', 'roles'],
    additionalProperties: false,
    properties: { displayName: text(32), departmentCode, roles },
  },
  NewAbsence: {
    type: 'object',
    required: ['kind', 'from', 'to'],
    additionalProperties: false,
    properties: { kind: absenceKind, from: day, to: day, note: text(100, { description: '说明，如 年休假' }) },
  },
  PostWithHolders: record({
    code: { type: 'string' },
    name: { type: 'string' },
    departmentCode: { type: 'string' },
    candidateGroup: { type: 'string' },
    holders: { type: 'array', items: record({ username: { type: 'string' }, displayName: { type: 'string' }, rank: { type: 'integer' }, present: { type: 'boolean' } }) },
  }),
  PostList: record({ posts: { type: 'array', items: ref('PostWithHolders') } }),
  NewPost: {
    type: 'object',
    required: ['code', 'name', 'departmentCode', 'kind'],
    additionalProperties: false,
    properties: { code: postCode, name: text(40), departmentCode, kind: { type: 'string', enum: ['window', 'head', 'review'] } },
  },
  PostHolders: {
    type: 'object',
    required: ['holders'],
    additionalProperties: false,
    properties: { holders: { type: 'array', maxItems: 6, items: username, description: '第一位为A岗，其后为B岗' } },
  },
};
