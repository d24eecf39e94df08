import { INTAKE_ROLES } from '../../intake/access.js';
import type { OpenApiDocument, Schema } from '../document.js';
import { body, bodyProblems, caseNumber, engineKey, instant, json, nullable, record, ref, response, sessionProblems, text } from './common.js';

/**
 * Where cases start: 收件登记 at the window and 网上申报 online. Both register the case in the
 * store, give the applicant the case number and the verification code on the 收件回执, and start
 * the case's process. The registration key makes a repeated request (double click, retry after a
 * lost answer, reload) find the case it made instead of making another.
 */

const registrationKey = text(64, { pattern: '^[A-Za-z0-9_-]{16,64}$', description: '页面为每份申请生成的随机编号（如 UUID）；同一编号重复提交只登记一件' });

const registrationAnswers = {
  '200': json('重复提交：同一办件，查询码已重新生成（原查询码失效）', 'CaseRegistration'),
  '201': json('已登记并启动办理流程', 'CaseRegistration'),
  '409': response('Conflict'),
  '503': response('EngineUnavailable'),
};

const applicant: Schema = {
  type: 'object',
  description:
    '申请人：kind 为 person（自然人）时填 name、idNumber（居民身份证号码，按 GB 11643 校验）、phone（手机号码）；' +
    'company（企业）或 organisation（其他组织）时填 name、creditCode（统一社会信用代码，按 GB 32100 校验）、contact（联系人）、phone。email 可选。出错时 field 指出字段，如 applicant.idNumber。',
};

export const intakePaths: OpenApiDocument['paths'] = {
  '/api/intake/items': {
    get: {
      operationId: 'listIntakeItems',
      summary: '可登记的事项（收件登记）',
      description: '本部门窗口受理的已公布事项，可按名称或编码查找；联办事项仅牵头窗口可见。',
      tags: ['intake'],
      security: [{ session: [...INTAKE_ROLES] }],
      parameters: [{ name: 'q', in: 'query', description: '事项名称或编码', schema: text(50) }],
      responses: { '200': json('事项', 'IntakeItems'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/intake/cases': {
    post: {
      operationId: 'registerCase',
      summary: '收件登记',
      description:
        '窗口为来办事的申请人登记办件：事项、申请人、收取的材料（原件/复印件及份数）。登记后启动办理流程，首个任务（材料审查）进入本窗口待办。' +
        '回执中的查询码只在此返回一次，不保存明文。事项不属本部门（联办事项不是牵头窗口）答 403。流程引擎不可用时答 503，办件已登记，以同一 registrationKey 重试即启动流程。',
      tags: ['intake'],
      security: [{ session: [...INTAKE_ROLES], csrf: [] }],
      requestBody: body('CaseRegistrationRequest'),
      responses: { ...registrationAnswers, ...bodyProblems, '401': response('Unauthenticated') },
    },
  },
  '/api/public/applications/form': {
    get: {
      operationId: 'getApplicationForm',
      summary: '网上申报表单',
      description: '可网上申报事项的申请表（forms/application-intake.form，即 POST /api/public/applications 据以校验的同一份表单）及其初始数据：该事项为唯一可选事项，每项材料一行。',
      tags: ['public'],
      security: [],
      parameters: [{ name: 'item', in: 'query', required: true, description: '事项编码，如 MZ-002', schema: { type: 'string', pattern: '^[A-Z]{2,8}-[0-9]{3}$' } }],
      responses: { '200': json('申请表', 'ApplicationForm'), '400': response('BadRequest'), '404': response('NotFound') },
    },
  },
  '/api/public/applications': {
    post: {
      operationId: 'submitApplication',
      summary: '网上申报',
      description:
        '按申请表填写申请人并声明已备材料。登记后启动办理流程，首个任务进入该部门窗口待办；答复中的回执载明办件编号和查询码（仅此一次）。同一地址的申报次数受限（APPLICATION_RATE_LIMIT）。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('ApplicationSubmission'),
      responses: { ...registrationAnswers, '429': response('TooManyRequests'), ...bodyProblems },
    },
  },
};

const material = record({ code: { type: 'string' }, name: { type: 'string' }, required: { type: 'boolean' }, form: nullable({ type: 'string', description: '原件/复印件及份数' }) });

export const intakeSchemas: Record<string, Schema> = {
  IntakeItem: record({
    code: { type: 'string' },
    name: { type: 'string' },
    caseType: { type: 'string', enum: ['immediate', 'promised', 'joint', 'reported', 'controlled'] },
    caseTypeLabel: { type: 'string' },
    departmentCode: { type: 'string' },
    departmentName: { type: 'string' },
    window: { type: 'string' },
    phone: nullable({ type: 'string' }),
    promisedDays: { type: 'integer', description: '承诺时限（工作日；即办件为 0）' },
    onlineApplication: { type: 'boolean' },
    materials: { type: 'array', items: material },
  }),
  IntakeItems: record({ items: { type: 'array', items: ref('IntakeItem') } }),
  CaseRegistrationRequest: {
    type: 'object',
    required: ['registrationKey', 'itemCode', 'applicant', 'materials'],
    additionalProperties: false,
    properties: {
      registrationKey,
      itemCode: text(16),
      applicant,
      materials: {
        type: 'array',
        maxItems: 100,
        description: '收取的材料：code 为事项材料编号，provided 是否收取，originals/copies 原件和复印件份数，note 备注',
        items: {
          type: 'object',
          required: ['code', 'provided'],
          additionalProperties: false,
          properties: {
            code: text(64),
            provided: { type: 'boolean' },
            originals: { type: 'integer', minimum: 0, maximum: 99 },
            copies: { type: 'integer', minimum: 0, maximum: 99 },
            note: { type: 'string', maxLength: 200 },
          },
        },
      },
    },
  },
  ApplicationSubmission: {
    type: 'object',
    required: ['registrationKey', 'itemCode'],
    description: '申请表（application-intake）显示的每个字段：applicant、itemCode、materials（code、provided、note），另加 registrationKey。按表单规则和证件号码校验规则校验。',
    properties: { registrationKey, itemCode: text(16) },
  },
  ApplicationForm: record({
    item: ref('IntakeItem'),
    form: { type: 'object', required: ['id', 'components'], properties: { id: { const: 'application-intake' }, components: { type: 'array' } } },
    data: { type: 'object', description: '表单初始数据：itemCode、itemOptions、materials（每项材料一行）' },
  }),
  CaseRegistration: record({
    caseNumber,
    processInstanceKey: engineKey,
    receipt: ref('Receipt'),
  }),
  Receipt: record({
    centerName: { type: 'string' },
    caseNumber,
    verificationCode: { type: 'string', pattern: '^[0-9]{6}$', description: '查询码，仅在此显示一次' },
    reissued: { type: 'boolean', description: '重复提交时重新生成了查询码，此前的查询码已失效' },
    registeredAt: instant,
    channel: { type: 'string', enum: ['window', 'online'] },
    channelLabel: { type: 'string' },
    registeredBy: nullable({ type: 'string', description: '收件人（窗口）' }),
    applicant: record({
      kind: { type: 'string' },
      name: { type: 'string' },
      identifier: nullable({ type: 'string', description: '身份证号码或统一社会信用代码，已脱敏' }),
      phone: nullable({ type: 'string', description: '已脱敏' }),
      contact: nullable({ type: 'string' }),
    }),
    item: record({ code: { type: 'string' }, name: { type: 'string' }, caseTypeLabel: { type: 'string' } }),
    department: ref('Department'),
    window: { type: 'string' },
    phone: nullable({ type: 'string' }),
    materials: {
      type: 'array',
      items: record({
        code: { type: 'string' },
        name: { type: 'string' },
        form: nullable({ type: 'string' }),
        provided: { type: 'boolean' },
        originals: nullable({ type: 'integer' }),
        copies: nullable({ type: 'integer' }),
        note: nullable({ type: 'string' }),
      }),
    },
    timeLimit: record({ promisedDays: { type: 'integer' }, text: { type: 'string' } }),
    lookup: record({ path: { type: 'string' }, text: { type: 'string' } }),
  }),
};
