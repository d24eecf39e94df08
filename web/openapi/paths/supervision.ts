import type { OpenApiDocument, Parameter, Schema } from '../document.js';
import { day, instant, json, nullable, record, ref, response, sessionProblems } from './common.js';

/**
 * Electronic supervision (电子监察) and reports for 业务督查科, the management committee and
 * administrators; the complaint summary also for the complaint office.
 */

const REPORT_ROLES = ['supervision', 'committee', 'admin'];

const statsParameters: Parameter[] = [
  { name: 'from', in: 'query', description: '起始日（含，北京时间），默认本月 1 日', schema: day },
  { name: 'to', in: 'query', description: '截止日（含，北京时间），默认今天', schema: day },
  {
    name: 'groupBy',
    in: 'query',
    description: '分组：window 按窗口、department 按部门、month 按月',
    schema: { type: 'string', enum: ['window', 'department', 'month'], default: 'department' },
  },
];
const rangeParameters = statsParameters.slice(0, 2);

const statsDescription =
  '受理数（期内受理）、办结数（期内办结）、按时办结数、评价数、满意数（非常满意、满意、基本满意），' +
  '办结率 = 办结数 / 受理数，按时办结率 = 按时办结数 / 办结数，满意率 = 满意数 / 评价数；分母为 0 时为 null。';

export const supervisionPaths: OpenApiDocument['paths'] = {
  '/api/supervision/stats': {
    get: {
      operationId: 'getStatistics',
      summary: '办件统计（办结率、按时办结率、满意率）',
      description: statsDescription,
      tags: ['supervision'],
      security: [{ session: REPORT_ROLES }],
      parameters: statsParameters,
      responses: { '200': json('统计', 'Statistics'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/supervision/stats.csv': {
    get: {
      operationId: 'exportStatistics',
      summary: '办件统计导出（CSV）',
      description: `${statsDescription} UTF-8 带 BOM，Excel 可直接打开中文表头。`,
      tags: ['supervision'],
      security: [{ session: REPORT_ROLES }],
      parameters: statsParameters,
      responses: {
        '200': { description: 'CSV 文件', content: { 'text/csv': { schema: { type: 'string' } } } },
        '400': response('BadRequest'),
        ...sessionProblems,
      },
    },
  },
  '/api/supervision/cases': {
    get: {
      operationId: 'listSupervisedCases',
      summary: '预警与超期办件',
      description:
        '未办结的办件中：overdue 已超期（已过办结期限且未暂停计时，或已亮黄牌、红牌），warned 已预警（已到预警时间或已记预警，尚未超期），unverified 时限待核（未预警、未超期，但期限所在年度的节假日安排尚未录入，只按周末推算）。每件附其督查记录（预警、黄牌、红牌、督查建议）。',
      tags: ['supervision'],
      security: [{ session: REPORT_ROLES }],
      parameters: [
        { name: 'status', in: 'query', description: 'warned、overdue 或 unverified；省略则都列', schema: { type: 'string', enum: ['warned', 'overdue', 'unverified'] } },
        { name: 'department', in: 'query', description: '部门代码', schema: { type: 'string', pattern: '^[A-Z]{1,16}$' } },
      ],
      responses: { '200': json('办件', 'SupervisedCases'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/supervision/complaints/summary': {
    get: {
      operationId: 'getComplaintSummary',
      summary: '投诉汇总（按事由、处理途径）',
      tags: ['supervision'],
      security: [{ session: [...REPORT_ROLES, 'complaint-office'] }],
      parameters: rangeParameters.map((p) => ({ ...p, description: p.description.replace(/，默认.*$/, '；省略则不限') })),
      responses: { '200': json('汇总', 'ComplaintSummary'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
};

const rate = nullable({ type: 'number', minimum: 0 });
const figureRow = record({
  key: { type: 'string', description: '部门代码或 YYYY-MM' },
  label: { type: 'string' },
  accepted: { type: 'integer' },
  completed: { type: 'integer' },
  completedOnTime: { type: 'integer' },
  rated: { type: 'integer' },
  satisfied: { type: 'integer' },
  completionRate: rate,
  onTimeRate: rate,
  satisfactionRate: rate,
});

export const supervisionSchemas: Record<string, Schema> = {
  FigureRow: figureRow,
  Statistics: record({
    from: day,
    to: day,
    groupBy: { type: 'string', enum: ['window', 'department', 'month'] },
    rows: { type: 'array', items: ref('FigureRow') },
    total: ref('FigureRow'),
  }),
  SupervisionCard: record({
    kind: { type: 'string', enum: ['warning', 'yellow-card', 'red-card', 'recommendation'] },
    reason: { type: 'string' },
    userTaskKey: nullable({ type: 'string', description: '针对某一环节时的任务' }),
    createdAt: instant,
    resolvedAt: nullable(instant),
  }),
  SupervisedCase: record({
    caseNumber: { type: 'string' },
    itemCode: { type: 'string' },
    itemName: { type: 'string' },
    departmentCode: { type: 'string' },
    departmentName: { type: 'string' },
    caseType: { type: 'string' },
    stage: nullable({ type: 'string' }),
    status: { type: 'string' },
    level: { type: 'string', enum: ['warned', 'overdue', 'unverified'] },
    acceptedAt: nullable(instant),
    warnAt: nullable(instant),
    dueAt: nullable(instant),
    suspended: { type: 'boolean' },
    calendarUnknownYears: { type: 'array', items: { type: 'integer' }, description: '期限计算涉及、工作日历尚无节假日安排的年度（ADR 0002）：期限只按周末推算，须人工核对' },
    cards: { type: 'array', items: ref('SupervisionCard') },
  }),
  SupervisedCases: record({ at: instant, cases: { type: 'array', items: ref('SupervisedCase') }, total: { type: 'integer' } }),
  ComplaintSummary: record({
    from: nullable(day),
    to: nullable(day),
    total: { type: 'integer' },
    byGround: {
      type: 'array',
      items: record({
        ground: nullable({ type: 'string', description: '如 fees.no-receipt' }),
        item: nullable({ type: 'string', description: '第二条的条目，如 3.3' }),
        label: { type: 'string' },
        count: { type: 'integer' },
        byRoute: { type: 'object', additionalProperties: { type: 'integer' }, description: '按处理途径计数；未分流记为 unrouted' },
      }),
    },
    byRoute: { type: 'array', items: record({ route: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } }) },
  }),
};
