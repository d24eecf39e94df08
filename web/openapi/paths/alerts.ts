import type { OpenApiDocument, Schema } from '../document.js';
import { caseNumber, instant, json, nullable, record, ref, response, sessionProblems } from './common.js';

/** 提醒消息: a window head's in-app alerts (web/api/alerts.ts). */

const HEAD = ['window-head'];

export const alertPaths: OpenApiDocument['paths'] = {
  '/api/alerts': {
    get: {
      operationId: 'listAlerts',
      summary: '窗口负责人的提醒消息',
      description: '发给本部门窗口负责人（group:head:<部门>）和本人（staff:<人员>）的站内提醒，如岗位无人在岗、任务转交，最新的在前（最多 200 条），并注明本人是否已读。',
      tags: ['alerts'],
      security: [{ session: HEAD }],
      responses: { '200': json('提醒消息', 'AlertList'), ...sessionProblems },
    },
  },
  '/api/alerts/{id}/read': {
    post: {
      operationId: 'readAlert',
      summary: '标为已读',
      description: '只对本人可见的提醒有效；其他部门或他人的提醒答 404。已读的再标一次不变。',
      tags: ['alerts'],
      security: [{ session: HEAD, csrf: [] }],
      parameters: [{ name: 'id', in: 'path', required: true, description: '提醒的编号', schema: { type: 'string', minLength: 1, maxLength: 64 } }],
      responses: { '204': { description: '已读' }, '404': response('NotFound'), ...sessionProblems },
    },
  },
};

export const alertSchemas: Record<string, Schema> = {
  Alert: record({
    id: { type: 'string' },
    subject: nullable({ type: 'string' }),
    body: { type: 'string' },
    createdAt: instant,
    readAt: nullable({ ...instant, description: '本人读过的时间；null 为未读' }),
    caseNumber: nullable(caseNumber),
  }),
  AlertList: record({ unread: { type: 'integer', minimum: 0 }, alerts: { type: 'array', items: ref('Alert') } }),
};
