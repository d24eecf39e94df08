import { EVALUATION_LEVELS } from '../../../domain/store/index.js';
import type { OpenApiDocument, Schema } from '../document.js';
import { body, bodyProblems, caseNumber, complaintNumber, instant, json, nullable, record, ref, response, text, verificationCode } from './common.js';

/**
 * For applicants, without log-in (docs/decisions/0007). Every operation that checks a case's or
 * complaint's verification code answers a wrong code exactly as an unknown number (404), and
 * counts against the same per-address limit as the case look-up.
 */

/** made by the page once per filled-in form, so a repeat of the same submission registers nothing new */
const submissionKey: Schema = { type: 'string', pattern: '^[A-Za-z0-9-]{16,64}$', description: '提交编号：页面为每次填写生成一次（如 UUID），重复提交据此识别' };

const codeProblems = { '404': response('NotFound'), '429': response('TooManyRequests'), ...bodyProblems };

export const publicPaths: OpenApiDocument['paths'] = {
  '/api/public/guide': {
    get: {
      operationId: 'getServiceGuide',
      summary: '办事指南（五公开）',
      description:
        '已公布事项的设定依据、审批条件、申报材料及示范文本、办理时限、收费标准及依据、办理结果、窗口和位置。' +
        '可按实施部门和关键词（事项名称、编码、依据、条件、材料、结果）查找。',
      tags: ['public'],
      security: [],
      parameters: [
        { name: 'department', in: 'query', description: '实施部门代码，如 MZ', schema: { type: 'string', pattern: '^[A-Z]{1,16}$' } },
        { name: 'q', in: 'query', description: '关键词', schema: text(50) },
      ],
      responses: { '200': json('办事指南', 'ServiceGuide'), '400': response('BadRequest') },
    },
  },
  '/api/public/forms/complaint-registration': {
    get: {
      operationId: 'getComplaintForm',
      summary: '网上投诉表单（投诉登记表）',
      description:
        '投诉登记表 forms/complaint-registration.form 的 form-js 定义，即 POST /api/public/complaints 据以校验的同一份表单；' +
        '网上投诉页面用它显示表单。投诉方式由服务器记为网上（online），页面不必显示该字段。',
      tags: ['public'],
      security: [],
      responses: { '200': { description: 'form-js 表单定义', content: { 'application/json': { schema: { type: 'object', required: ['id', 'components'], properties: { id: { const: 'complaint-registration' }, components: { type: 'array' } } } } } } },
    },
  },
  '/api/public/complaints': {
    post: {
      operationId: 'submitComplaint',
      summary: '网上投诉',
      description:
        '按投诉登记表（forms/complaint-registration.form）填写，投诉方式一律记为网上（online）；另带页面生成的 submissionKey。' +
        '先登记投诉（编号、查询码、站内消息及已配置的短信/邮件），再启动投诉处理流程；答复中的查询码只显示这一次，只保存其摘要。' +
        '同一 submissionKey 再次提交（重复点击、刷新、引擎故障后重试）答同一投诉编号和重新生成的查询码（原查询码作废），不会重复登记或重复启动流程；' +
        '内容不同则答 409。流程引擎不可用时答 503，投诉已登记，用同一 submissionKey 重试即可完成。同一地址的投诉次数受限。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('ComplaintSubmission'),
      responses: {
        '201': json('已登记', 'ComplaintReceipt'),
        '409': response('Conflict'),
        '429': response('TooManyRequests'),
        '503': response('EngineUnavailable'),
        ...bodyProblems,
      },
    },
  },
  '/api/public/complaints/lookup': {
    post: {
      operationId: 'lookupComplaint',
      summary: '投诉查询（凭投诉编号和查询码）',
      description: '处理进度与答复。编号或查询码不对时一律答 404。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('ComplaintLookupRequest'),
      responses: { '200': json('投诉进度', 'ComplaintLookup'), ...codeProblems },
    },
  },
  '/api/public/rating': {
    post: {
      operationId: 'rateCase',
      summary: '好差评（办结后评价）',
      description:
        '办件办结后 30 日内可评价一次（evaluation.bpmn 的评价期）。评价以消息 evaluation-submitted 送达流程，每件一个 messageId，重复提交不会重复计入；' +
        '已评价、尚未办结或评价期已过答 409。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('RatingRequest'),
      responses: {
        '202': json('评价已提交', 'RatingReceipt'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...codeProblems,
      },
    },
  },
  '/api/public/supplements': {
    post: {
      operationId: 'submitSupplement',
      summary: '补正材料（对补齐申请材料通知书的答复）',
      description:
        '办件有未答复的补齐申请材料通知书时，申请人在线提交补正后的材料清单（该事项的材料，含已交的），以消息 supplement-received 送达流程。' +
        '同一通知书只送达一次：重复提交答同样的结果。没有待补正的通知书时答 409。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('SupplementRequest'),
      responses: {
        '202': json('补正材料已送达', 'SupplementReceipt'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...codeProblems,
      },
    },
  },
};

const department = record({ code: { type: 'string' }, name: { type: 'string' }, location: { type: 'string', description: '窗口位置' } });

const inAppMessage = record({ at: instant, subject: nullable({ type: 'string' }), body: { type: 'string' } });
const noticeTitle = record({ number: { type: 'string' }, kind: { type: 'string' }, title: { type: 'string' }, issuedAt: instant });

export const publicSchemas: Record<string, Schema> = {
  Department: department,
  InAppMessage: inAppMessage,
  NoticeTitle: noticeTitle,
  GuideItem: record({
    code: { type: 'string' },
    name: { type: 'string' },
    caseType: { type: 'string', enum: ['immediate', 'promised', 'joint', 'reported', 'controlled'] },
    caseTypeLabel: { type: 'string', description: '即办件、承诺件、联办件、上报件、控制事项' },
    department: ref('Department'),
    legalBasis: { type: 'string', description: '设定依据' },
    conditions: { type: 'array', items: { type: 'string' }, description: '审批条件' },
    materials: {
      type: 'array',
      description: '申报材料及示范文本',
      items: record({
        code: { type: 'string' },
        name: { type: 'string' },
        required: { type: 'boolean' },
        form: nullable({ type: 'string', description: '原件/复印件及份数' }),
        sample: nullable({ type: 'string', description: '示范文本' }),
        departmentCode: nullable({ type: 'string', description: '联办事项：需要该材料的部门' }),
      }),
    },
    procedure: { type: 'string', description: '办理流程' },
    timeLimit: record({
      statutoryDays: { type: 'integer', description: '法定时限（工作日）' },
      promisedDays: { type: 'integer', description: '承诺时限（工作日；即办件为 0）' },
      text: { type: 'string' },
    }),
    fees: {
      type: 'array',
      description: '收费标准及依据；空表示不收费',
      items: record({ code: { type: 'string' }, name: { type: 'string' }, amountFen: { type: 'integer' }, unit: nullable({ type: 'string' }), basis: { type: 'string' } }),
    },
    result: { type: 'string', description: '办理结果' },
    window: { type: 'string', description: '办理窗口' },
    phone: nullable({ type: 'string' }),
    onlineApplication: { type: 'boolean', description: '可网上申报（/apply?item=编码）' },
    jointDepartments: { type: 'array', items: ref('Department'), description: '联办事项的审查部门' },
    version: { type: 'integer', description: '事项的版本号（每次发布加一）' },
    edition: nullable({ type: 'string', description: '来自目录文件时，目录文件的版本' }),
    publishedAt: instant,
  }),
  ServiceGuide: record({
    departments: { type: 'array', items: ref('Department') },
    items: { type: 'array', items: ref('GuideItem') },
    total: { type: 'integer' },
  }),
  CaseLookup: record({
    caseNumber: { type: 'string' },
    itemCode: { type: 'string' },
    itemName: { type: 'string' },
    department: ref('Department'),
    caseType: { type: 'string' },
    caseTypeLabel: { type: 'string' },
    applicantName: { type: 'string', description: '已脱敏，如 张*' },
    stage: nullable({ type: 'string' }),
    status: { type: 'string' },
    statusLabel: { type: 'string' },
    suspended: { type: 'boolean', description: '正在等待补正或特别程序，期间不计时' },
    receivedAt: instant,
    acceptedAt: nullable(instant),
    dueAt: nullable(instant),
    completedAt: nullable(instant),
    result: nullable({ type: 'string' }),
    messages: { type: 'array', items: ref('InAppMessage'), description: '发给本办件申请人的站内消息' },
    notices: { type: 'array', items: ref('NoticeTitle'), description: '本办件出具的文书' },
    supplement: ref('PublicSupplement'),
  }),
  ComplaintSubmission: {
    type: 'object',
    required: ['submissionKey'],
    properties: { submissionKey },
    description:
      '投诉登记表（complaint-registration）显示的每个字段：complainant { name, phone, address }、ground、isMajor、targetWindow、targetStaff、' +
      'relatedCaseNumber、complaintContent，加上 submissionKey。网上投诉的 complaintChannel 可省略，一律记为 online。按表单规则校验，出错时 field 指出字段。',
  },
  ComplaintReceipt: record({
    complaintNumber,
    verificationCode: { ...verificationCode, description: '查询码，只在此答复中出现一次，请打印或记下' },
    channel: { type: 'string', enum: ['oral', 'written', 'phone', 'online'] },
    ground: { type: 'string', description: '投诉事由，如 不热情服务：未一次性告知所需材料，造成多次往返' },
    registeredAt: instant,
    replyDueAt: nullable({ ...instant, description: '承诺答复期限（登记后 5 个工作日，投诉处理办法第六条）' }),
    replyWorkingDays: { type: 'integer', description: '答复时限（工作日）' },
    sentTo: record({
      sms: nullable({ type: 'string', description: '查询码已排队以短信发送的号码（已脱敏）；未配置短信或未留手机号时为 null' }),
      email: nullable({ type: 'string', description: '查询码已排队以邮件发送的地址（已脱敏）；未配置邮件或未留地址时为 null' }),
    }),
    centerName: { type: 'string' },
  }),
  ComplaintLookupRequest: {
    type: 'object',
    required: ['complaintNumber', 'verificationCode'],
    additionalProperties: false,
    properties: { complaintNumber, verificationCode },
  },
  ComplaintLookup: record({
    complaintNumber: { type: 'string' },
    complainantName: { type: 'string', description: '已脱敏' },
    channel: { type: 'string' },
    ground: { type: 'string', description: '投诉事由，如 不热情服务：未一次性告知所需材料，造成多次往返' },
    status: { type: 'string' },
    statusLabel: { type: 'string' },
    registeredAt: instant,
    replyDueAt: nullable({ ...instant, description: '承诺答复期限（5 个工作日）' }),
    reply: nullable(record({ kind: nullable({ type: 'string', enum: ['oral', 'written'] }), text: { type: 'string' }, repliedAt: nullable(instant) })),
    messages: { type: 'array', items: ref('InAppMessage') },
    notices: { type: 'array', items: ref('NoticeTitle') },
  }),
  RatingRequest: {
    type: 'object',
    required: ['caseNumber', 'verificationCode', 'rating'],
    additionalProperties: false,
    properties: {
      caseNumber,
      verificationCode,
      rating: { type: 'string', enum: EVALUATION_LEVELS, description: '非常满意、满意、基本满意、不满意、非常不满意' },
      comment: { type: 'string', maxLength: 500 },
    },
  },
  RatingReceipt: record({ caseNumber: { type: 'string' }, rating: { type: 'string', enum: EVALUATION_LEVELS }, status: { const: 'submitted' } }),
  SupplementRequest: {
    type: 'object',
    required: ['caseNumber', 'verificationCode', 'materials'],
    additionalProperties: false,
    properties: {
      caseNumber,
      verificationCode,
      materials: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        description: '该事项的材料清单，每项是否已提供（与受理登记时的 materials 同形）',
        items: {
          type: 'object',
          required: ['code', 'provided'],
          additionalProperties: false,
          properties: { code: text(64), provided: { type: 'boolean' }, note: { type: 'string', maxLength: 200 } },
        },
      },
    },
  },
  SupplementReceipt: record({ caseNumber: { type: 'string' }, noticeNumber: { type: 'string', description: '所答复的补齐申请材料通知书编号' }, status: { const: 'received' } }),
};

