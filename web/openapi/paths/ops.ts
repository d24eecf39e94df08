import type { OpenApiDocument, Schema } from '../document.js';
import { body, bodyProblems, caseNumber, day, engineKey, instant, json, nullable, record, ref, response, sessionProblems } from './common.js';

/**
 * Engine operations (流程运维) for supervision and administrators: incidents with their cases,
 * an instance with its diagram and variables, retries and the correction of variables; and the
 * staff search across cases (办件查询), scoped by role and department.
 */

const OPS_ROLES = ['supervision', 'admin'];
/** who works on or oversees cases: the search is scoped to the own department for all but supervision and the committee */
export const CASE_SEARCH_ROLES = ['window-clerk', 'window-head', 'lead-window', 'department-reviewer', 'supervision', 'committee'];

const incidentKey = { name: 'key', in: 'path' as const, required: true, description: '事故键', schema: engineKey };

export const opsPaths: OpenApiDocument['paths'] = {
  '/api/ops/incidents': {
    get: {
      operationId: 'listIncidents',
      summary: '流程事故（incident）',
      description: '流程引擎中的事故，如作业重试次数用尽（JOB_NO_RETRIES），各附流程与环节在流程图中的名称和所属办件编号；错误信息中的证件号、手机号已遮挡。',
      tags: ['ops'],
      security: [{ session: OPS_ROLES }],
      parameters: [
        { name: 'state', in: 'query', description: '默认 ACTIVE', schema: { type: 'string', enum: ['ACTIVE', 'RESOLVED', 'MIGRATED', 'PENDING'], default: 'ACTIVE' } },
        { name: 'processInstanceKey', in: 'query', description: '流程实例', schema: engineKey },
      ],
      responses: { '200': json('事故', 'IncidentList'), '400': response('BadRequest'), '503': response('EngineUnavailable'), ...sessionProblems },
    },
  },
  '/api/ops/incidents/retry': {
    post: {
      operationId: 'retryIncidents',
      summary: '批量重试事故',
      description: '逐个重试所选事故（最多 50 个）；已解决或不存在的事故不影响其余事故，结果逐个列出。每次重试记入操作日志。',
      tags: ['ops'],
      security: [{ session: OPS_ROLES, csrf: [] }],
      requestBody: body('IncidentRetryRequest'),
      responses: { '200': json('各事故的结果', 'IncidentRetryResults'), '503': response('EngineUnavailable'), ...bodyProblems, ...sessionProblems },
    },
  },
  '/api/ops/incidents/{key}/retry': {
    post: {
      operationId: 'retryIncident',
      summary: '重试事故',
      description: '有作业的事故先把作业重试次数设为 1，再解决事故，引擎随即重新派发作业；记入操作日志。',
      tags: ['ops'],
      security: [{ session: OPS_ROLES, csrf: [] }],
      parameters: [incidentKey],
      responses: {
        '200': json('已重试', 'IncidentRetry'),
        '400': response('BadRequest'),
        '404': response('NotFound'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...sessionProblems,
      },
    },
  },
  '/api/ops/incidents/{key}/variables': {
    post: {
      operationId: 'fixIncidentVariables',
      summary: '修改变量并重试',
      description:
        '在出事故的环节上修改流程变量（已有变量在其所在作用域修改，新变量设在流程实例上），随即重试该事故。办件编号、投诉编号不能修改；' +
        '按页面所示原样提交的遮挡值视为未改。修改前后的值（证件号、手机号遮挡）记入操作日志。',
      tags: ['ops'],
      security: [{ session: OPS_ROLES, csrf: [] }],
      parameters: [incidentKey],
      requestBody: body('VariableFix'),
      responses: {
        '200': json('已修改并重试', 'VariableFixResult'),
        '404': response('NotFound'),
        '409': response('Conflict'),
        '503': response('EngineUnavailable'),
        ...bodyProblems,
        ...sessionProblems,
      },
    },
  },
  '/api/ops/instances/{key}': {
    get: {
      operationId: 'getProcessInstance',
      summary: '流程实例',
      description: '流程图（XML）、等待中的环节、事故、变量（证件号、手机号遮挡）、所属办件，以及调用它的和它调用的流程实例。',
      tags: ['ops'],
      security: [{ session: OPS_ROLES }],
      parameters: [{ name: 'key', in: 'path', required: true, description: '流程实例键', schema: engineKey }],
      responses: { '200': json('流程实例', 'ProcessInstanceView'), '404': response('NotFound'), '503': response('EngineUnavailable'), ...sessionProblems },
    },
  },
  '/api/cases': {
    get: {
      operationId: 'searchCases',
      summary: '办件查询',
      description: '按办件编号（前缀）、申请人（姓名或名称的一部分）、事项、部门、状态、受理日期查询办件，最新的在前，每页 50 件。业务督查科、管委会可查全部部门，其他人员只能查本部门。',
      tags: ['cases'],
      security: [{ session: CASE_SEARCH_ROLES }],
      parameters: [
        { name: 'number', in: 'query', description: '办件编号或其开头，如 SH20261126', schema: { type: 'string', pattern: '^[A-Za-z0-9-]{2,20}$' } },
        { name: 'applicant', in: 'query', description: '申请人姓名或单位名称的一部分', schema: { type: 'string', minLength: 1, maxLength: 50 } },
        { name: 'item', in: 'query', description: '事项代码', schema: { type: 'string', pattern: '^[A-Z]{1,16}-[0-9]{3}$' } },
        { name: 'department', in: 'query', description: '部门代码', schema: { type: 'string', pattern: '^[A-Z]{1,16}$' } },
        { name: 'status', in: 'query', description: '办件状态', schema: { type: 'string', enum: ['registered', 'accepted', 'supplementing', 'refused', 'in_review', 'completed', 'withdrawn', 'rejected'] } },
        { name: 'from', in: 'query', description: '收件起始日（含，北京时间）', schema: day },
        { name: 'to', in: 'query', description: '收件截止日（含，北京时间）', schema: day },
        { name: 'page', in: 'query', description: '页码，从 1 开始', schema: { type: 'integer', minimum: 1, maximum: 10000, default: 1 } },
      ],
      responses: { '200': json('办件', 'CaseSearchResult'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
};

const incident = record({
  incidentKey: { type: 'string' },
  processInstanceKey: { type: 'string' },
  processDefinitionId: { type: 'string' },
  processName: nullable({ type: 'string', description: '流程图中流程的名称' }),
  elementId: { type: 'string' },
  elementName: nullable({ type: 'string', description: '流程图中环节的名称' }),
  errorType: { type: 'string' },
  errorMessage: { type: 'string', description: '引擎或作业给出的原文，证件号、手机号已遮挡' },
  jobKey: nullable({ type: 'string' }),
  state: { type: 'string' },
  creationTime: nullable(instant),
  caseNumber: nullable({ type: 'string', description: '流程实例所属办件' }),
});

const relatedInstance = record({ processInstanceKey: { type: 'string' }, processName: nullable({ type: 'string' }), state: { type: 'string' }, startDate: nullable(instant) });

export const opsSchemas: Record<string, Schema> = {
  Incident: incident,
  IncidentList: record({ items: { type: 'array', items: ref('Incident') }, total: { type: 'integer' } }),
  IncidentRetry: record({ incidentKey: { type: 'string' }, jobKey: nullable({ type: 'string' }), retries: nullable({ type: 'integer' }), resolved: { const: true } }),
  IncidentRetryRequest: record({ incidentKeys: { type: 'array', minItems: 1, maxItems: 50, items: engineKey } }, { additionalProperties: false }),
  IncidentRetryResults: record({
    results: { type: 'array', items: record({ incidentKey: { type: 'string' }, retried: { type: 'boolean' }, detail: nullable({ type: 'string', description: '未重试的原因' }) }) },
    retried: { type: 'integer' },
  }),
  VariableFix: record(
    {
      variables: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: record(
          {
            name: { type: 'string', minLength: 1, maxLength: 100 },
            kind: { type: 'string', enum: ['text', 'json'], description: 'text：按文本保存；json：数字、true/false、列表或对象（JSON）' },
            value: { type: 'string', maxLength: 10000 },
          },
          { additionalProperties: false },
        ),
      },
    },
    { additionalProperties: false },
  ),
  VariableFixResult: record({ incidentKey: { type: 'string' }, changed: { type: 'array', items: { type: 'string' } }, retried: { const: true } }),
  ProcessInstanceView: record({
    processInstanceKey: { type: 'string' },
    processDefinitionId: { type: 'string' },
    processDefinitionVersion: nullable({ type: 'integer' }),
    processName: nullable({ type: 'string' }),
    state: { type: 'string' },
    startDate: nullable(instant),
    endDate: nullable(instant),
    caseNumber: nullable({ type: 'string' }),
    parent: nullable(relatedInstance),
    children: { type: 'array', items: relatedInstance },
    incidents: { type: 'array', items: ref('Incident') },
    elements: {
      type: 'array',
      items: record({
        elementId: { type: 'string' },
        elementName: nullable({ type: 'string' }),
        elementInstanceKey: { type: 'string' },
        state: { type: 'string', enum: ['ACTIVE', 'COMPLETED', 'TERMINATED'] },
        hasIncident: { type: 'boolean' },
      }),
    },
    variables: {
      type: 'array',
      items: record({
        name: { type: 'string' },
        value: nullable({ type: 'string', description: 'JSON 文本，证件号、手机号已遮挡；截断的值为 null' }),
        truncated: { type: 'boolean' },
        local: { type: 'boolean', description: '属于某一环节（如输入映射），而非流程实例' },
      }),
    },
    diagramXml: { type: 'string' },
  }),
  CaseSearchResult: record({
    total: { type: 'integer', description: '符合条件的办件数，最多计到 10000' },
    moreThanTotal: { type: 'boolean', description: '符合条件的办件多于 total（计数到上限为止）' },
    page: { type: 'integer' },
    pageSize: { type: 'integer' },
    cases: {
      type: 'array',
      items: record({
        caseNumber,
        itemCode: { type: 'string' },
        itemName: nullable({ type: 'string' }),
        departmentCode: { type: 'string' },
        departmentName: nullable({ type: 'string' }),
        caseType: { type: 'string' },
        status: { type: 'string' },
        stage: nullable({ type: 'string' }),
        applicant: nullable({ type: 'object', description: '申请人，证件号、手机号已遮挡' }),
        receivedAt: instant,
        dueAt: nullable(instant),
        completedAt: nullable(instant),
        processInstanceKey: nullable({ type: 'string' }),
      }),
    },
  }),
};
