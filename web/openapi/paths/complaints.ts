import type { OpenApiDocument } from '../document.js';
import { body, bodyProblems, json, response, sessionProblems } from './common.js';

/** The complaint office (投诉处) registering a complaint made at the center: orally, by phone or in writing. */

export const complaintPaths: OpenApiDocument['paths'] = {
  '/api/complaints': {
    post: {
      operationId: 'registerComplaint',
      summary: '投诉登记（口头、电话、书面投诉）',
      description:
        '投诉处按投诉登记表（forms/complaint-registration.form）登记在中心提出的投诉，complaintChannel 为 oral、phone 或 written，另带页面生成的 submissionKey。' +
        '与网上投诉同一登记方式：登记投诉、告知投诉编号和查询码（查询码只在答复中出现一次，供打印受理回执）、启动投诉处理流程，' +
        '分流等后续任务进入投诉处待办。涉及事项较大的投诉以口头或电话提出的不予登记（field 为 complaintChannel）。' +
        '同一 submissionKey 再次提交答同一投诉和新的查询码；流程引擎不可用时答 503，用同一 submissionKey 重试即可完成。',
      tags: ['complaints'],
      security: [{ session: ['complaint-office'], csrf: [] }],
      requestBody: body('ComplaintSubmission'),
      responses: {
        '201': json('已登记', 'ComplaintReceipt'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...sessionProblems,
        ...bodyProblems,
      },
    },
  },
  '/api/complaints/{complaintNumber}/verification-code': {
    post: {
      operationId: 'reissueComplaintVerificationCode',
      summary: '重新生成投诉查询码（投诉处）',
      description:
        '投诉人遗失查询码，或因查询码连续输错、网上查询被暂停时，由投诉处重新生成：原查询码随即失效，暂停解除，新查询码在答复中给出（当面或电话告知），' +
        '并像登记时一样通过站内消息及已配置的短信发给投诉人；只保存其摘要；记入操作日志。',
      tags: ['complaints'],
      security: [{ session: ['complaint-office'], csrf: [] }],
      parameters: [{ name: 'complaintNumber', in: 'path', required: true, description: '投诉编号', schema: { type: 'string', maxLength: 40 } }],
      responses: {
        '201': json('新的查询码', 'ReissuedComplaintVerificationCode'),
        '404': response('NotFound'),
        ...sessionProblems,
      },
    },
  },
};
