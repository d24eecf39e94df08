import type { OpenApiDocument, Operation, Parameter, Schema } from '../document.js';
import { body, bodyProblems, instant, json, nullable, record, ref, response, sessionProblems } from './common.js';

/**
 * 事项目录管理 (role admin): items as drafts, published as numbered versions
 * (docs/decisions/0012-catalogue-versions.md). The item's content is checked by the catalogue's
 * rules in the handler, so the answer names each wrong field in Chinese; the schema here only
 * bounds the shape and sizes.
 */

const READ = [{ session: ['admin'] }];
const CHANGE = [{ session: ['admin'], csrf: [] }];
const codeParam: Parameter = { name: 'code', in: 'path', required: true, description: '事项编码，如 MZ-002', schema: { type: 'string', pattern: '^[A-Z]{2,8}-[0-9]{3}$' } };

const str = (maxLength: number, description?: string): Schema => ({ type: 'string', maxLength, ...(description ? { description } : {}) });
const days = (description: string): Schema => ({ type: 'integer', description });

const material: Schema = {
  type: 'object',
  required: ['code', 'name', 'required'],
  additionalProperties: false,
  properties: {
    code: str(40, '材料编码，如 id-card'),
    name: str(200),
    required: { type: 'boolean', description: '必需材料' },
    form: str(100, '原件/复印件及份数，如「原件1份」「复印件1份（核验原件）」'),
    sample: str(1000, '示范文本或填写说明'),
    departmentCode: str(8, '联办事项：审查该材料的部门'),
  },
};

const fee: Schema = {
  type: 'object',
  required: ['code', 'name', 'amountFen', 'basis'],
  additionalProperties: false,
  properties: {
    code: str(40),
    name: str(200, '收费项目'),
    amountFen: { type: 'integer', description: '公布的收费标准，单位为分；0 为不收费' },
    unit: str(20, '计费单位，如「件」「本」'),
    basis: str(1000, '收费依据'),
  },
};

const catalogueItem: Schema = {
  type: 'object',
  required: ['code', 'name', 'departmentCode', 'caseType', 'legalBasis', 'conditions', 'materials', 'procedure', 'statutoryDays', 'promisedDays', 'fees', 'result', 'window'],
  additionalProperties: false,
  properties: {
    code: str(12),
    name: str(200, '事项名称'),
    departmentCode: str(8, '实施部门（联办事项的牵头部门）'),
    caseType: { type: 'string', enum: ['immediate', 'promised', 'joint', 'reported', 'controlled'], description: '即办件、承诺件、联办件、上报件、控制事项' },
    legalBasis: str(2000, '设定依据'),
    conditions: { type: 'array', maxItems: 50, items: str(1000), description: '受理条件' },
    materials: { type: 'array', maxItems: 60, items: material, description: '申请材料' },
    procedure: str(2000, '办理流程'),
    statutoryDays: days('法定时限（工作日）'),
    promisedDays: days('承诺时限（工作日；即办件为 0）'),
    fees: { type: 'array', maxItems: 20, items: fee, description: '收费标准及依据；不收费的事项列一项金额为 0 的收费并写明依据' },
    result: str(500, '办理结果'),
    jointDepartmentCodes: { type: 'array', maxItems: 20, items: str(8), description: '联办部门（含牵头部门），仅联办件' },
    siteInspection: { type: 'boolean', description: '联办事项含现场踏勘' },
    onlineApplication: { type: 'boolean', description: '可网上申报' },
    window: str(200, '办理窗口'),
    phone: str(20, '咨询电话'),
  },
};

const change = (operationId: string, summary: string, description: string, extra: Partial<Operation>, ok: Record<string, Schema>): Operation => ({
  operationId,
  summary,
  description,
  tags: ['catalogue-admin'],
  security: CHANGE,
  parameters: [codeParam],
  ...extra,
  responses: { ...ok, '404': response('NotFound'), ...sessionProblems, ...bodyProblems },
});

export const catalogueAdminPaths: OpenApiDocument['paths'] = {
  '/api/admin/catalogue/items': {
    get: {
      operationId: 'listCatalogueItems',
      summary: '事项目录：各事项的已发布版本与草稿',
      description: '按事项编码排列；尚未发布的新事项只有草稿（version 为 null）。',
      tags: ['catalogue-admin'],
      security: READ,
      parameters: [{ name: 'department', in: 'query', description: '部门代码', schema: { type: 'string', pattern: '^[A-Z]{2,8}$' } }],
      responses: { '200': json('事项', 'CatalogueAdminItemList'), '400': response('BadRequest'), ...sessionProblems },
    },
  },
  '/api/admin/catalogue/items/{code}': {
    get: {
      operationId: 'getCatalogueItem',
      summary: '一个事项：已发布的版本、草稿、历次版本',
      tags: ['catalogue-admin'],
      security: READ,
      parameters: [codeParam],
      responses: { '200': json('事项', 'CatalogueAdminItem'), '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
  },
  '/api/admin/catalogue/items/{code}/draft': {
    put: change(
      'saveCatalogueDraft',
      '保存事项草稿（新建或修改）',
      '按事项目录的规则逐项检查（必填项、编码格式、承诺时限与办件类型和法定时限、联办部门、材料与收费编码不重复等），有错时答 400，errors 中每项的 field 为 item.字段路径（如 item.fees.0.amountFen），message 用中文指出字段，什么都不改。' +
        '已发布的事项在其当前版本上起草；没有发布过的编码即新建事项。已有草稿的，保存覆盖草稿，起草所依据的版本不变。草稿不影响办事指南和登记，发布后才生效。',
      { requestBody: body('CatalogueDraftInput') },
      { '200': json('草稿已保存', 'CatalogueAdminItem'), '201': json('草稿已建立', 'CatalogueAdminItem') },
    ),
    delete: {
      operationId: 'discardCatalogueDraft',
      summary: '放弃草稿',
      tags: ['catalogue-admin'],
      security: CHANGE,
      parameters: [codeParam],
      responses: { '204': { description: '已放弃' }, '400': response('BadRequest'), '404': response('NotFound'), ...sessionProblems },
    },
  },
  '/api/admin/catalogue/items/{code}/publish': {
    post: change(
      'publishCatalogueDraft',
      '发布草稿为下一版本',
      '再次检查草稿后发布为事项的下一版本（第 n+1 版），办事指南即显示新版本，此后登记的办件按新版本办理；已登记的办件仍按登记时的版本。' +
        '草稿起草后目录文件又发布了该事项、或草稿与已发布版本相同时答 409，草稿保留。',
      {},
      { '200': json('已发布', 'CatalogueAdminItem'), '409': response('Conflict') },
    ),
  },
};

const versionSchema = record({
  version: { type: 'integer', description: '版本号，每次发布加一' },
  edition: nullable({ type: 'string', description: '来自目录文件时，目录文件的版本' }),
  publishedAt: instant,
  publishedBy: { type: 'string', description: '发布人用户名；目录文件为 catalogue-file' },
  publishedByName: nullable({ type: 'string', description: '发布人姓名；目录文件为 null' }),
  item: ref('CatalogueItem'),
});

const draftSchema = record({
  baseVersion: nullable({ type: 'integer', description: '起草所依据的版本；新事项为 null' }),
  updatedAt: instant,
  updatedBy: { type: 'string' },
  updatedByName: nullable({ type: 'string', description: '保存人姓名' }),
  item: ref('CatalogueItem'),
});

export const catalogueAdminSchemas: Record<string, Schema> = {
  CatalogueItem: catalogueItem,
  CatalogueDraftInput: { type: 'object', required: ['item'], additionalProperties: false, properties: { item: ref('CatalogueItem') } },
  CatalogueItemVersion: versionSchema,
  CatalogueDraft: draftSchema,
  CatalogueAdminItem: record({
    code: { type: 'string' },
    published: nullable(ref('CatalogueItemVersion')),
    draft: nullable(ref('CatalogueDraft')),
    versions: { type: 'array', items: ref('CatalogueItemVersion'), description: '历次版本，新的在前' },
  }),
  CatalogueAdminItemList: record({
    items: {
      type: 'array',
      items: record({
        code: { type: 'string' },
        name: { type: 'string' },
        departmentCode: { type: 'string' },
        caseType: { type: 'string' },
        version: nullable({ type: 'integer', description: '已发布的版本；只有草稿时为 null' }),
        publishedAt: nullable(instant),
        draft: nullable(record({ baseVersion: nullable({ type: 'integer' }), updatedAt: instant, updatedBy: { type: 'string' } })),
      }),
    },
  }),
};
