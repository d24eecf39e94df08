import { MAX_REASON_LENGTH, MAX_SCHEDULE_DAYS } from '../../../domain/calendar/year-schedule.js';
import type { OpenApiDocument, Parameter, Schema } from '../document.js';
import { body, bodyProblems, day, instant, json, nullable, record, ref, response, sessionProblems } from './common.js';

/** The working-day calendar (工作日历) for administrators: a year's holidays and adjusted working days. */

const ADMIN = ['admin'];

const yearParameter: Parameter = { name: 'year', in: 'path', required: true, description: '年份，如 2027', schema: { type: 'string', pattern: '^[0-9]{4}$' } };

const scheduleDescription =
  '二选一：entries 为手工录入的每一天；file 为导入的文本文件内容，每行「日期,类型,名称」，如 `2027-01-01,holiday,元旦`、`2027-02-07,workday,春节调休`' +
  '（类型 holiday 放假 / workday 调休上班，也可写中文「放假」「上班」；空行和 # 开头的行忽略）。有任何一行或一条不对则整体拒绝（400，errors 逐行指出），什么都不改。';

export const calendarPaths: OpenApiDocument['paths'] = {
  '/api/admin/calendar/{year}': {
    get: {
      operationId: 'getCalendarYear',
      summary: '某年的工作日历',
      description: '该年生效的放假日与调休上班日（软件包数据，管理员录入的覆盖其上），以及管理员已录入的各天。',
      tags: ['calendar'],
      security: [{ session: ADMIN }],
      parameters: [yearParameter],
      responses: { '200': json('工作日历', 'CalendarYear'), '400': response('BadRequest'), ...sessionProblems },
    },
    put: {
      operationId: 'setCalendarYear',
      summary: '录入并应用某年的节假日安排',
      description: `${scheduleDescription} 应用后该年视为已知：截止日期落在该年的办件不再标记，未办结办件的办结时限按新日历重新计算（办件记录、流程变量），每件记入案卷，操作日志记录前后内容。`,
      tags: ['calendar'],
      security: [{ session: ADMIN, csrf: [] }],
      parameters: [yearParameter],
      requestBody: body('CalendarSchedule'),
      responses: { '200': json('已应用', 'CalendarApplied'), ...bodyProblems, '401': response('Unauthenticated') },
    },
  },
  '/api/admin/calendar/{year}/preview': {
    post: {
      operationId: 'previewCalendarYear',
      summary: '预览某年的节假日安排及受影响的办件',
      description: `${scheduleDescription} 只预览，不保存。`,
      tags: ['calendar'],
      security: [{ session: ADMIN, csrf: [] }],
      parameters: [yearParameter],
      requestBody: body('CalendarSchedule'),
      responses: { '200': json('预览', 'CalendarPreview'), ...bodyProblems, '401': response('Unauthenticated') },
    },
  },
};

const calendarDay = record({
  date: day,
  kind: { type: 'string', enum: ['holiday', 'workday'] },
  reason: { type: 'string' },
});

const deadlineState = record({ dueAt: nullable(instant), warnAt: nullable(instant), calendarFlag: nullable({ type: 'string', description: '如 unknown-year:2027' }) });

export const calendarSchemas: Record<string, Schema> = {
  CalendarDay: calendarDay,
  CalendarYear: record({
    year: { type: 'integer' },
    source: nullable({ type: 'string', enum: ['package', 'admin'], description: 'package 软件包已有该年数据；admin 管理员已录入；null 尚无该年安排' }),
    days: { type: 'array', items: ref('CalendarDay'), description: '生效的放假日与调休上班日（其余日子按周末规则）' },
    entered: { type: 'array', items: ref('CalendarDay'), description: '管理员录入的各天' },
  }),
  CalendarSchedule: {
    type: 'object',
    additionalProperties: false,
    properties: {
      entries: {
        type: 'array',
        maxItems: MAX_SCHEDULE_DAYS,
        items: {
          type: 'object',
          required: ['date', 'kind', 'reason'],
          additionalProperties: false,
          properties: {
            date: { type: 'string', maxLength: 20 },
            kind: { type: 'string', maxLength: 20 },
            reason: { type: 'string', maxLength: MAX_REASON_LENGTH * 4 },
          },
        },
      },
      file: { type: 'string', maxLength: 40_000, description: '导入文件的文本内容（UTF-8）' },
    },
  },
  CalendarCaseChange: record({ caseNumber: { type: 'string' }, before: deadlineState, after: deadlineState }),
  CalendarPreview: record({ calendar: ref('CalendarYear'), changes: { type: 'array', items: ref('CalendarCaseChange') } }),
  CalendarApplied: record({
    calendar: ref('CalendarYear'),
    changes: { type: 'array', items: ref('CalendarCaseChange') },
    engineFailures: { type: 'array', items: { type: 'string' }, description: '流程引擎未能更新时限变量的办件编号（办件记录已更新）' },
  }),
};
