import type { Response } from 'express';
import { readApplicant } from '../../domain/applicants/applicant.js';
import type { CatalogueItem } from '../../domain/catalogue/types.js';
import { validateSubmission } from '../../domain/forms/submission-schema.js';
import { readMaterials } from '../../domain/intake/materials.js';
import type { Channel } from '../../domain/intake/registration-message.js';
import { readNoticeConfig } from '../../domain/notices/index.js';
import type { ItemVersion } from '../../domain/store/index.js';
import { auditEntry } from '../audit.js';
import { authenticatedOf, inputOf } from '../http/context.js';
import { ApiProblem, type FieldError } from '../http/problem.js';
import { mayRegister } from '../intake/access.js';
import { receiptOf } from '../intake/receipt.js';
import { createRegistrar, type RegisteredBy, type Registrar } from '../intake/register.js';
import type { Api } from '../openapi/routes.js';
import { createRateLimit, createSharedRateLimitStore } from '../rate-limit.js';
import { repositoryForm } from '../resources.js';
import { CASE_TYPE_LABELS } from './public.js';
import type { ApiContext } from './context.js';

/**
 * Where cases start (docs/procedures.md, README "How a case starts"): 收件登记 at the window
 * (/register, staff) and 网上申报 (/apply, public). Both register through web/intake/register.ts
 * and answer with the 收件回执, which carries the case number and the verification code.
 */

/** The actor of the case events of an online application: nobody logged in, the applicant. */
export const ONLINE_APPLICANT = '申请人（网上）';

interface RegistrationBody {
  registrationKey: string;
  itemCode: string;
  applicant: unknown;
  materials: unknown;
}

const INTAKE_FORM = 'application-intake';

/** 'materials[0].code' (validateSubmission) → 'materials.0.code' (the API's dotted fields) */
const dotted = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

function invalid(errors: Array<{ field: string; message: string }>): ApiProblem {
  const fields: FieldError[] = errors.map((e) => ({ in: 'body', field: e.field, message: e.message }));
  return new ApiProblem('validation', fields.map((e) => e.message).join('；'), fields);
}

function intakeItemBody(item: CatalogueItem, departmentName: string) {
  return {
    code: item.code,
    name: item.name,
    caseType: item.caseType,
    caseTypeLabel: CASE_TYPE_LABELS[item.caseType] ?? item.caseType,
    departmentCode: item.departmentCode,
    departmentName,
    window: item.window,
    phone: item.phone ?? null,
    promisedDays: item.promisedDays,
    onlineApplication: item.onlineApplication === true,
    materials: item.materials.map((m) => ({ code: m.code, name: m.name, required: m.required, form: m.form ?? null })),
  };
}

/** Applicant and materials as registration takes them, every finding at once. */
function checkedInput(item: CatalogueItem, body: { applicant: unknown; materials: unknown }, today: Date) {
  const applicant = readApplicant(body.applicant, { contactRequired: true, today });
  const materials = readMaterials(body.materials, item);
  const errors = [...(applicant.ok ? [] : applicant.errors), ...(materials.ok ? [] : materials.errors)];
  if (!applicant.ok || !materials.ok) throw invalid(errors);
  return { applicant: applicant.applicant, materials: materials.materials };
}

async function registerAndAnswer(
  ctx: ApiContext,
  registrar: Registrar,
  res: Response,
  input: { registrationKey: string; item: CatalogueItem; itemVersion: number; body: { applicant: unknown; materials: unknown }; channel: Channel; by: RegisteredBy; registeredBy: string | null },
): Promise<void> {
  const { applicant, materials } = checkedInput(input.item, input.body, ctx.clock());
  const registration = await registrar.register({ registrationKey: input.registrationKey, item: input.item, itemVersion: input.itemVersion, applicant, materials, channel: input.channel }, input.by);
  const department = await ctx.store.catalogue.getDepartment(input.item.departmentCode);
  res.status(registration.reissued ? 200 : 201).json({
    caseNumber: registration.theCase.caseNumber,
    processInstanceKey: registration.theCase.processInstanceKey,
    receipt: receiptOf({
      theCase: registration.theCase,
      code: registration.code,
      reissued: registration.reissued,
      item: input.item,
      department,
      materials,
      channel: input.channel,
      registeredBy: input.registeredBy,
      centerName: readNoticeConfig().centerName,
    }),
  });
}

function registrarOf(ctx: ApiContext): Registrar {
  return createRegistrar({ store: ctx.store, camunda: ctx.camunda, log: ctx.log, clock: ctx.clock, centerName: readNoticeConfig().centerName, notifyChannels: ctx.notifyChannels, codes: ctx.codes });
}

/** 收件登记: the window registers a walk-in applicant's case (roles and department checked on each call). */
export function registerIntakeRoutes(api: Api, ctx: ApiContext): void {
  const { store, clock } = ctx;
  const registrar = registrarOf(ctx);

  api.get('/api/intake/items', 'listIntakeItems', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { query } = inputOf<{ query: { q?: string } }>(res);
    const needle = query.q?.trim().toLowerCase() ?? '';
    const department = await store.catalogue.getDepartment(principal.departmentCode);
    const items = (await store.catalogue.listItems({ departmentCode: principal.departmentCode })).filter(
      (item) => mayRegister(principal, item) && (needle === '' || item.code.toLowerCase().includes(needle) || item.name.toLowerCase().includes(needle)),
    );
    res.json({ items: items.map((item) => intakeItemBody(item, department?.name ?? item.departmentCode)) });
  });

  api.post('/api/intake/cases', 'registerCase', async (_req, res) => {
    const { principal } = authenticatedOf(res);
    const { body } = inputOf<{ body: RegistrationBody }>(res);
    const published = await store.catalogue.getPublished(body.itemCode);
    if (!published) throw invalid([{ field: 'itemCode', message: '事项目录中没有该事项，请重新选择' }]);
    const { item } = published;
    if (!mayRegister(principal, item)) {
      throw new ApiProblem('forbidden', item.caseType === 'joint' ? '联办事项由牵头部门的牵头窗口登记' : '只能登记本部门窗口受理的事项；其他部门的事项请引导申请人到相应窗口（首问负责）');
    }
    await registerAndAnswer(ctx, registrar, res, {
      registrationKey: body.registrationKey,
      item,
      itemVersion: published.version,
      body,
      channel: 'window',
      by: {
        actor: principal.staffId ?? principal.username,
        cause: { kind: 'staff', staffId: principal.staffId ?? principal.username, name: principal.displayName, task: '收件登记', userTaskKey: '' },
        audit: (event) => auditEntry(res, clock(), event) },
      registeredBy: principal.displayName,
    });
  });
}

/** 网上申报: an applicant applies online for an item that allows it, through the item's intake form. */
export function registerApplicationRoutes(api: Api, ctx: ApiContext): void {
  const { store, config, clock } = ctx;
  const registrar = registrarOf(ctx);
  const form = repositoryForm(INTAKE_FORM);
  const limit = createRateLimit({
    limit: config.applicationRateLimit,
    store: createSharedRateLimitStore(store.rateLimits, 'application:'),
    detail: '网上申报提交过于频繁，请 15 分钟后再试，或到中心窗口办理',
  });

  async function onlineItem(code: string): Promise<ItemVersion | undefined> {
    const published = await store.catalogue.getPublished(code);
    return published?.item.onlineApplication === true ? published : undefined;
  }

  /** What the intake form is given: the one item as its only option, one row per material to declare. */
  const formVariables = (item: CatalogueItem) => ({
    itemCode: item.code,
    itemOptions: [{ label: `${item.name}（${item.code}）`, value: item.code }],
    materials: item.materials.map((m) => ({ code: m.code, name: m.form ? `${m.name}（${m.form}）` : m.name, provided: false, note: '' })),
  });

  api.get('/api/public/applications/form', 'getApplicationForm', async (_req, res) => {
    const { query } = inputOf<{ query: { item: string } }>(res);
    const item = (await onlineItem(query.item))?.item;
    if (!item) throw new ApiProblem('not-found', '该事项不能网上申报，请查看办事指南后到窗口办理');
    const department = await store.catalogue.getDepartment(item.departmentCode);
    res.json({ item: intakeItemBody(item, department?.name ?? item.departmentCode), form, data: formVariables(item) });
  });

  api.post('/api/public/applications', 'submitApplication', limit, async (_req, res) => {
    const { body } = inputOf<{ body: RegistrationBody & Record<string, unknown> }>(res);
    const { registrationKey, ...data } = body;
    const published = await onlineItem(body.itemCode);
    if (!published) throw invalid([{ field: 'itemCode', message: '该事项不能网上申报，请到窗口办理' }]);
    const { item } = published;
    const { itemOptions, materials } = formVariables(item);
    const checked = validateSubmission(form, data, { itemOptions, materials });
    if (!checked.ok) throw invalid(checked.errors.map((e) => ({ field: dotted(e.field), message: e.message })));
    await registerAndAnswer(ctx, registrar, res, {
      registrationKey,
      item,
      itemVersion: published.version,
      body: checked.data as { applicant: unknown; materials: unknown },
      channel: 'online',
      by: { actor: ONLINE_APPLICANT, cause: { kind: 'applicant', event: '网上申报' }, audit: (event) => auditEntry(res, clock(), event) },
      registeredBy: null,
    });
  });
}
