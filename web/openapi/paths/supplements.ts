import { RECEIVED_FORMS } from '../../../domain/store/index.js';
import { SUPPLEMENT_FILE_TYPES } from '../../../domain/supplements/file-type.js';
import { LIMITS_TEXT } from '../../../domain/supplements/limits.js';
import type { OpenApiDocument, Parameter, Schema } from '../document.js';
import { body, bodyProblems, caseNumber, complaintNumber, instant, json, nullable, record, response, sessionProblems, text, verificationCode } from './common.js';

/**
 * The supplement loop (补正材料: online uploads, the window's record, the files) and the
 * notices as print-ready documents, for applicants and staff; merged into the document by
 * document.ts.
 */

const noticeNumber: Schema = { type: 'string', pattern: '^[A-Z]{2,4}[0-9]{8}-[0-9]{4,6}$', description: '文号，如 BZ20261126-0003' };
const caseNumberParam: Parameter = { name: 'caseNumber', in: 'path', required: true, description: '办件编号，如 SH20261126-0001', schema: caseNumber };
const codeProblems = { '404': response('NotFound'), '429': response('TooManyRequests'), ...bodyProblems };
const STAFF = [{ session: [] }];
const STAFF_CHANGE = [{ session: [], csrf: [] }];

export const supplementPaths: OpenApiDocument['paths'] = {
  '/api/public/supplements/uploads': {
    post: {
      operationId: 'submitSupplementUploads',
      summary: '网上补正材料（含上传文件）',
      description:
        '对办件待补正的补齐申请材料通知书在线补正：只能补正通知书列明的材料，每项填写补正说明或上传文件（' + LIMITS_TEXT + '）。' +
        '文件类型按内容（文件头）识别，与文件名和声明的类型无关；每个文件经病毒扫描接口检查，未配置扫描程序时记为“未扫描”，被扫描程序拦截的文件连同整次提交一并拒收。' +
        '超出限制时在读取过程中即答 413，不截断文件；任何一项不合格，什么也不保存。成功后以消息 supplement-received 恢复办件。' +
        '同一通知书只能补正一次：同一 idempotencyKey 的重复提交答同样的结果，其他提交答 409。须携带 X-CSRF-Token；与办件查询共用查询次数限制。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['caseNumber', 'verificationCode', 'idempotencyKey', 'materials'],
              properties: {
                caseNumber,
                verificationCode,
                idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$', description: '页面为一次提交生成的随机键；重试时不变' },
                materials: { type: 'string', description: 'JSON 数组：[{ "code": 材料代码, "declaration": 补正说明（可选，500 字以内） }]' },
                'files.<材料代码>': { type: 'array', items: { type: 'string', format: 'binary' }, description: '该材料的文件，字段名为 files. 加材料代码，如 files.sponsor-approval' },
              },
            },
          },
        },
      },
      responses: {
        '202': json('补正材料已送达', 'SupplementReceipt'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...codeProblems,
      },
    },
  },
  '/api/public/notices': {
    post: {
      operationId: 'viewCaseNotice',
      summary: '查看本办件的文书（凭办件编号和查询码）',
      description: '返回文书的可打印 HTML，供办件查询页按 A4 显示和打印。编号、查询码或文号不对时一律答 404。查询码只放在请求体中，不出现在地址里。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('CaseNoticeRequest'),
      responses: { '200': json('文书', 'NoticeDocument'), ...codeProblems },
    },
  },
  '/api/public/complaints/notices': {
    post: {
      operationId: 'viewComplaintNotice',
      summary: '查看本投诉的文书（凭投诉编号和查询码）',
      description: '投诉答复书、延期答复告知书等。编号、查询码或文号不对时一律答 404。',
      tags: ['public'],
      security: [{ csrf: [] }],
      requestBody: body('ComplaintNoticeRequest'),
      responses: { '200': json('文书', 'NoticeDocument'), ...codeProblems },
    },
  },
  '/api/notices/{number}': {
    get: {
      operationId: 'getNotice',
      summary: '查看一份文书（可打印）',
      description: '办件文书限该办件所属部门（或办理过该办件任务的部门）的工作人员及业务督查科；投诉文书限投诉处、管委会和业务督查科。',
      tags: ['tasks'],
      security: STAFF,
      parameters: [{ name: 'number', in: 'path', required: true, description: '文号', schema: noticeNumber }],
      responses: { '200': json('文书', 'NoticeDocument'), '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
  },
  '/api/cases/{caseNumber}': {
    get: {
      operationId: 'getCaseFile',
      summary: '办件案卷（按办件编号）',
      description: '材料、待补正的通知书及补正情况（含上传文件）、文书、办理记录。限该办件所属部门（或办理过其任务的部门）的工作人员、业务督查科及管委会。',
      tags: ['tasks'],
      security: STAFF,
      parameters: [caseNumberParam],
      responses: { '200': json('案卷', 'CaseFile'), '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
  },
  '/api/cases/{caseNumber}/supplements': {
    post: {
      operationId: 'recordWindowSupplement',
      summary: '窗口登记补正材料（材料已补齐）',
      description:
        '申请人到窗口补交材料时，由该办件所属部门的窗口工作人员（或窗口负责人）勾选收到的通知书所列材料（原件/复印件），以消息 supplement-received 恢复办件，' +
        '记入办理记录和操作日志。每份通知书只能补正一次（网上或窗口）；同一 idempotencyKey 的重复提交答同样的结果，其他答 409。',
      tags: ['tasks'],
      security: STAFF_CHANGE,
      parameters: [caseNumberParam],
      requestBody: body('WindowSupplementRequest'),
      responses: {
        '201': json('补正材料已登记', 'SupplementReceipt'),
        '404': response('NotFound'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        '401': response('Unauthenticated'),
        ...bodyProblems,
      },
    },
  },
  '/api/cases/{caseNumber}/verification-code': {
    post: {
      operationId: 'reissueVerificationCode',
      summary: '重新生成查询码（窗口）',
      description:
        '申请人遗失查询码，或因查询码连续输错、网上查询被暂停时，由该办件所属部门的窗口工作人员（或窗口负责人）重新生成：原查询码随即失效，暂停解除，' +
        '新查询码在答复中给出（当面告知申请人），并像登记时一样通过站内消息及已配置的短信、电子邮件发给申请人；记入办理记录和操作日志。',
      tags: ['tasks'],
      security: STAFF_CHANGE,
      parameters: [caseNumberParam],
      responses: {
        '201': json('新的查询码', 'ReissuedVerificationCode'),
        '400': response('BadRequest'),
        '404': response('NotFound'),
        ...sessionProblems,
      },
    },
  },
  '/api/supplement-files/{id}': {
    get: {
      operationId: 'downloadSupplementFile',
      summary: '下载申请人补正上传的文件',
      description: '限可查看该办件案卷的工作人员；每次下载记入操作日志。以附件下载，不在本站页面中显示。',
      tags: ['tasks'],
      security: STAFF,
      parameters: [{ name: 'id', in: 'path', required: true, description: '文件标识', schema: { type: 'string', pattern: '^[0-9a-f]{1,64}$' } }],
      responses: {
        '200': {
          description: '文件内容',
          content: Object.fromEntries(SUPPLEMENT_FILE_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
        },
        '400': response('BadRequest'),
        '404': response('NotFound'),
        ...sessionProblems,
      },
    },
  },
};

const requestedMaterial = record({ code: { type: 'string' }, name: { type: 'string' }, form: nullable({ type: 'string', description: '原件/复印件及份数' }), reason: { type: 'string', description: '需补正的原因' } });
const suppliedMaterial = record({
  code: { type: 'string' },
  name: { type: 'string' },
  declaration: nullable({ type: 'string', description: '补正说明（网上）或窗口备注' }),
  received: nullable({ type: 'string', enum: RECEIVED_FORMS, description: '窗口收取：original 原件、copy 复印件、original-and-copy 原件及复印件' }),
});
const suppliedFile = {
  type: 'object',
  required: ['id', 'materialCode', 'name', 'contentType', 'size', 'scanStatus', 'scanLabel'],
  properties: {
    id: { type: 'string' },
    materialCode: { type: 'string' },
    name: { type: 'string' },
    contentType: { type: 'string', enum: SUPPLEMENT_FILE_TYPES, description: '按内容识别的类型' },
    size: { type: 'integer' },
    scanStatus: { type: 'string', description: 'unscanned 未扫描、clean 未发现病毒' },
    scanLabel: { type: 'string' },
    href: { type: 'string', description: '下载地址（仅工作人员）' },
  },
};
const supplied = {
  type: 'object',
  required: ['noticeNumber', 'channel', 'at', 'materials', 'files'],
  properties: {
    noticeNumber: { type: 'string' },
    channel: { type: 'string', enum: ['online', 'window'] },
    at: instant,
    actor: { type: 'string', description: '工作人员用户名，网上补正为 applicant（仅工作人员可见）' },
    actorName: nullable({ type: 'string' }),
    materials: { type: 'array', items: suppliedMaterial },
    files: { type: 'array', items: suppliedFile },
  },
};
const supplementRequest = {
  noticeNumber: { type: 'string' },
  issuedAt: instant,
  validUntil: nullable({ ...instant, description: '补正期限（通知书有效期）' }),
  materials: { type: 'array', items: requestedMaterial, description: '通知书列明需补正的材料' },
};

export const supplementSchemas: Record<string, Schema> = {
  ReissuedComplaintVerificationCode: record({
    complaintNumber,
    verificationCode,
    sentBy: { type: 'array', items: { type: 'string', enum: ['inapp', 'sms', 'email'] }, description: '新查询码已发往的渠道' },
  }),
  ReissuedVerificationCode: record({
    caseNumber,
    verificationCode,
    sentBy: { type: 'array', items: { type: 'string', enum: ['inapp', 'sms', 'email'] }, description: '新查询码已发往的渠道' },
  }),
  CaseNoticeRequest: {
    type: 'object',
    required: ['caseNumber', 'verificationCode', 'noticeNumber'],
    additionalProperties: false,
    properties: { caseNumber, verificationCode, noticeNumber },
  },
  ComplaintNoticeRequest: {
    type: 'object',
    required: ['complaintNumber', 'verificationCode', 'noticeNumber'],
    additionalProperties: false,
    properties: { complaintNumber, verificationCode, noticeNumber },
  },
  NoticeDocument: record({
    number: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    issuedAt: instant,
    caseNumber: nullable({ type: 'string' }),
    complaintNumber: nullable({ type: 'string' }),
    html: { type: 'string', description: '出具时的完整可打印页面（A4）' },
  }),
  WindowSupplementRequest: {
    type: 'object',
    required: ['noticeNumber', 'idempotencyKey', 'materials'],
    additionalProperties: false,
    properties: {
      noticeNumber: { ...noticeNumber, description: '所答复的补齐申请材料通知书文号（页面所见的那份）' },
      idempotencyKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{8,64}$' },
      materials: {
        type: 'array',
        minItems: 1,
        maxItems: 50,
        items: {
          type: 'object',
          required: ['code', 'received'],
          additionalProperties: false,
          properties: { code: text(64), received: { type: 'string', enum: RECEIVED_FORMS }, note: { type: 'string', maxLength: 200 } },
        },
      },
    },
  },
  PublicSupplement: nullable(
    record({
      ...supplementRequest,
      awaiting: { type: 'boolean', description: '仍在等待补正（可以提交）' },
      supplied: nullable(supplied),
      limits: record({
        fileBytes: { type: 'integer' },
        filesPerMaterial: { type: 'integer' },
        totalBytes: { type: 'integer' },
        declarationChars: { type: 'integer' },
        types: { type: 'array', items: { type: 'string' } },
      }),
    }),
  ),
  StaffSupplement: record({
    open: nullable(record(supplementRequest)),
    mayRecord: { type: 'boolean', description: '本人可以登记窗口补正' },
    supplied: { type: 'array', items: supplied },
  }),
};

