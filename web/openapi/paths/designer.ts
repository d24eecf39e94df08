import type { OpenApiDocument, Parameter, Schema } from '../document.js';
import { body, bodyProblems, instant, json, nullable, problem, record, ref, response, sessionProblems } from './common.js';

/**
 * The process designer's API: BPMN diagrams, forms and DMN decisions saved as numbered versions in the store,
 * compared with what the engine runs, linted, and deployed (designers and administrators).
 */

const DESIGNER_ROLES = ['designer', 'admin'];

const kindParameter: Parameter = { name: 'kind', in: 'path', required: true, description: 'bpmn（流程图）、form（表单）或 dmn（决策）', schema: { type: 'string', enum: ['bpmn', 'form', 'dmn'] } };
const resourceParameters: Parameter[] = [
  kindParameter,
  {
    name: 'id',
    in: 'path',
    required: true,
    description: '流程 id（即 processes/ 下的文件名）、表单 id 或决策需求图 id（dmn:definitions 的 id，文件名 <id>.dmn）',
    schema: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,63}$' },
  },
];

const notFound = { '404': response('NotFound') };

export const designerPaths: OpenApiDocument['paths'] = {
  '/api/designer/{kind}': {
    get: {
      operationId: 'listDesigns',
      summary: '在本系统保存过的流程图、表单或决策',
      description: '每个资源的最新保存版本（按 id 排列），及其部署过的最新版本。决策只在本系统保存（项目不带 .dmn 文件），列表即全部决策。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES }],
      parameters: [kindParameter],
      responses: { '200': json('资源', 'DesignList'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/designer/{kind}/{id}': {
    get: {
      operationId: 'getDesign',
      summary: '最新保存的流程图或表单',
      description: '尚未保存过的，返回项目中的文件（processes/<id>.bpmn 或 forms/<id>.form），version 为 0；决策没有项目文件，未保存过答 404。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES }],
      parameters: resourceParameters,
      responses: { '200': json('内容', 'Design'), '400': response('BadRequest'), ...notFound, ...sessionProblems },
    },
    put: {
      operationId: 'saveDesign',
      summary: '保存为新版本',
      description:
        '每次保存得到一个新版本号。流程图须是可解析的 BPMN XML 且含 id 为路径中 id 的流程；表单须是 JSON 且 id 与路径一致；决策须是 DMN XML（1.1–1.5，与引擎可部署的版本一致；按原文保存）且 dmn:definitions 的 id 与路径一致（规范检查另见 lint）。' +
        '给出 baseVersion 时，若其后已有他人保存，答 409 且不覆盖。记入操作日志。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES, csrf: [] }],
      parameters: resourceParameters,
      requestBody: body('DesignSaveRequest'),
      responses: { '201': json('已保存', 'DesignVersion'), '409': response('Conflict'), ...bodyProblems, '401': response('Unauthenticated') },
    },
  },
  '/api/designer/{kind}/{id}/versions': {
    get: {
      operationId: 'listDesignVersions',
      summary: '版本历史',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES }],
      parameters: resourceParameters,
      responses: { '200': json('版本，新的在前', 'DesignVersionList'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/designer/{kind}/{id}/diff': {
    get: {
      operationId: 'diffDesign',
      summary: '与已部署版本（或某一保存版本）逐行比较',
      description:
        'against=deployed（默认）：流程图与引擎中最新部署的定义（GET /v2/process-definitions/{key}/xml）比较，决策与引擎中该决策需求图的最新版本（GET /v2/decision-requirements/{key}/xml）比较；表单与最近一次经本系统部署的版本比较。' +
        'against=<n>：与第 n 个保存版本比较。version 指定要比较的保存版本，默认最新。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES }],
      parameters: [
        ...resourceParameters,
        { name: 'against', in: 'query', description: 'deployed 或版本号', schema: { type: 'string', pattern: '^(deployed|[0-9]{1,9})$', default: 'deployed' } },
        { name: 'version', in: 'query', description: '要比较的保存版本，默认最新', schema: { type: 'integer', minimum: 1 } },
      ],
      responses: { '200': json('差异', 'DesignDiff'), '400': response('BadRequest'), ...notFound, '503': response('EngineUnavailable'), ...sessionProblems },
    },
  },
  '/api/designer/{kind}/{id}/lint': {
    post: {
      operationId: 'lintDesign',
      summary: '规范检查',
      description:
        '流程图用 bpmnlint（项目的 .bpmnlintrc：bpmnlint:recommended 与 camunda-compat 8.8），表单用表单定义检查，决策检查 DMN 版本（1.1–1.5）与决策需求图 id（决策内容由引擎在部署时判断）；每条结果指出元素 id。' +
        '请求体给 content 时检查该内容（编辑中未保存的），给 version 时检查该保存版本，都不给时检查最新保存版本。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES, csrf: [] }],
      parameters: resourceParameters,
      requestBody: body('DesignLintRequest'),
      responses: { '200': json('检查结果', 'LintResult'), ...notFound, ...bodyProblems, '401': response('Unauthenticated') },
    },
  },
  '/api/designer/{kind}/{id}/deploy': {
    post: {
      operationId: 'deployDesign',
      summary: '部署到流程引擎',
      description:
        '部署某一保存版本（默认最新）。先做与页面相同的规范检查（流程图：.bpmnlintrc；表单：表单定义检查）：有错误，或文件还定义了其他流程 id 而未在 moveProcessIds 中确认移入（部署会把那些流程移入本流程图），答 400 deployment-refused，什么也不部署，moves 列出每个 id 及其所属流程图；' +
        '管理员可用 lintOverride（须写明理由）越过其余规范检查错误，设计员用它答 403；引擎的拒绝不可越过；' +
        '决策文件中的决策 id 在引擎中已属于另一决策需求图时答 400 deployment-refused（不可确认移入，也不可越过）；' +
        '引擎拒绝时答 400 deployment-rejected。两者的 problems 都逐条给出出错元素的 id 和说明，页面据此标出元素。成功、拒绝与未通过检查都记入操作日志，成功时列出引擎部署的每个流程、表单或决策及其版本，以及移入的每个流程 id 的原流程图与新流程图。' +
        '决策部署成功时，deployedVersionKey 与 engineVersion 是决策需求图的键与版本。',
      tags: ['designer'],
      security: [{ session: DESIGNER_ROLES, csrf: [] }],
      parameters: resourceParameters,
      requestBody: body('DesignDeployRequest'),
      responses: {
        '201': json('已部署', 'DesignDeployment'),
        '400': problem('请求参数有误（validation），部署前检查未通过（deployment-refused），或引擎拒绝部署（deployment-rejected）；problems 列出出错元素', 'DeploymentProblem'),
        ...notFound,
        '503': response('EngineUnavailable'),
        '403': response('Forbidden'),
        '413': response('PayloadTooLarge'),
        '415': response('UnsupportedMediaType'),
        '401': response('Unauthenticated'),
      },
    },
  },
};

const kind = { type: 'string', enum: ['bpmn', 'form', 'dmn'] };
const versionFields = {
  kind,
  id: { type: 'string' },
  version: { type: 'integer', minimum: 0, description: '0：尚未保存过，内容来自项目文件' },
  author: nullable({ type: 'string' }),
  createdAt: nullable(instant),
  deployedVersionKey: nullable({ type: 'string', description: '部署后引擎给出的流程定义键（或表单键、决策需求图键）' }),
  deployedAt: nullable(instant),
};
const elementProblem = record({
  elementId: nullable({ type: 'string', description: '出错元素的 id；针对整个文件时为 null' }),
  elementType: nullable({ type: 'string' }),
  message: { type: 'string' },
});

export const designerSchemas: Record<string, Schema> = {
  DesignList: record({
    kind,
    items: {
      type: 'array',
      items: record({
        id: { type: 'string' },
        name: nullable({ type: 'string', description: '流程名、表单标题或决策需求图名称' }),
        version: { type: 'integer', description: '最新保存版本' },
        author: { type: 'string' },
        createdAt: instant,
        deployedVersion: nullable({ type: 'integer', description: '部署过的最新保存版本；未部署过为 null' }),
      }),
    },
  }),
  Design: record({ ...versionFields, content: { type: 'string' } }),
  DesignVersion: record({ ...versionFields, size: { type: 'integer', description: '字符数' } }),
  DesignVersionList: record({ kind, id: { type: 'string' }, versions: { type: 'array', items: ref('DesignVersion') } }),
  DesignSaveRequest: {
    type: 'object',
    required: ['content'],
    additionalProperties: false,
    properties: {
      content: { type: 'string', minLength: 1, maxLength: 1_500_000, description: 'BPMN XML、表单 JSON 或 DMN XML（文本）' },
      baseVersion: { type: 'integer', minimum: 0, description: '编辑所基于的版本（新资源为 0）' },
    },
  },
  DesignLintRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { content: { type: 'string', minLength: 1, maxLength: 1_500_000 }, version: { type: 'integer', minimum: 1 } },
  },
  DesignDeployRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      version: { type: 'integer', minimum: 1 },
      moveProcessIds: {
        type: 'array',
        maxItems: 50,
        uniqueItems: true,
        description: '确认把这些流程 id 从其所属流程图移入本流程图（逐个列出 deployment-refused 的 moves 中的 id）；列出文件未定义的 id 答 400',
        items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]{0,63}$' },
      },
      lintOverride: {
        type: 'object',
        additionalProperties: false,
        required: ['reason'],
        description: '仅管理员：越过规范检查错误部署，须写明理由；记入操作日志（理由与每条被越过的错误）。不能越过“定义了其他流程”，也不能越过引擎的拒绝',
        properties: { reason: { type: 'string', minLength: 1, maxLength: 500 } },
      },
    },
  },
  LintIssue: record({
    rule: { type: 'string' },
    category: { type: 'string', enum: ['error', 'warn', 'info'] },
    elementId: nullable({ type: 'string' }),
    message: { type: 'string' },
  }),
  LintResult: record({
    kind,
    id: { type: 'string' },
    version: nullable({ type: 'integer', description: '检查的保存版本；检查请求体中的内容时为 null' }),
    errors: { type: 'integer' },
    warnings: { type: 'integer' },
    issues: { type: 'array', items: ref('LintIssue') },
  }),
  DesignDiff: record({
    kind,
    id: { type: 'string' },
    version: { type: 'integer' },
    against: record({ kind: { type: 'string', enum: ['deployed', 'version'] }, version: nullable({ type: 'integer' }), key: nullable({ type: 'string' }) }),
    identical: { type: 'boolean' },
    added: { type: 'integer' },
    removed: { type: 'integer' },
    hunks: {
      type: 'array',
      items: record({
        oldStart: { type: 'integer' },
        oldLines: { type: 'integer' },
        newStart: { type: 'integer' },
        newLines: { type: 'integer' },
        lines: { type: 'array', items: { type: 'string' }, description: '以 " "、"+"、"-" 开头的行' },
      }),
    },
  }),
  DesignDeployment: record({
    kind,
    id: { type: 'string' },
    version: { type: 'integer' },
    deployedVersionKey: { type: 'string' },
    engineVersion: { type: 'integer', description: '引擎中的定义版本号' },
    deployedAt: instant,
  }),
  ElementProblem: elementProblem,
  DeploymentProblem: {
    type: 'object',
    allOf: [ref('Problem')],
    properties: {
      problems: { type: 'array', items: ref('ElementProblem'), description: '出错的元素：检查发现的（deployment-refused）或引擎指出的（deployment-rejected）' },
      moves: {
        type: 'array',
        description: '待确认移入的流程 id 及其现属流程图（from 为 null：尚不属于任何流程图）；确认时在 moveProcessIds 中列出',
        items: { type: 'object', required: ['id', 'from'], properties: { id: { type: 'string' }, from: { type: ['string', 'null'] } } },
      },
    },
  },
};
