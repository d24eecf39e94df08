import { logEngineError } from '../error-log.js';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import busboy from 'busboy';
import type { Server } from 'node:http';
import type { Engine, DeployResource } from '../engine.js';
import type { AdHocActivation, AdHocJobResult } from '../runtime/processors/processor.js';
import { CommandRejection, invalidArgument, notFound } from '../runtime/errors.js';
import { DeploymentRejectedError } from '../model/compile.js';
import { latestFormById } from '../runtime/definitions.js';
import type {
  DecisionRecord,
  DecisionRequirementsRecord,
  DefinitionRecord,
  FormRecord,
  Variables,
} from '../runtime/records.js';
import {
  TENANT,
  activatedJobDto,
  decisionDefinitionDto,
  decisionEvaluationDto,
  decisionRequirementsDto,
  formDto,
  formResult,
  processDefinitionDto,
  processDefinitionResult,
} from './wire.js';
import { scopeChain } from './indexed-specs.js';
import { batchFilterOf, migrationPlanOf, modificationOf, moveInstructionsOf } from './instructions.js';
import { DEFAULT_MAX_VARIABLE_BYTES, MAX_DEPLOY_FILE_BYTES, MAX_DEPLOY_FILES, MAX_DEPLOY_TOTAL_BYTES, checkJsonDepth, checkVariableSizes, clockTimestamp, jobTimeout, timeToLive } from './limits.js';
import { search, type SearchRequest } from './search.js';
import { indexedGet, indexedKeys, indexedRow, indexedSearch } from './indexed-search.js';
import {
  batchOperationItems,
  batchOperations,
  decisionInstance,
  decisionInstances,
  elementInstances,
  incidents,
  jobs,
  messageSubscriptions,
  processInstances,
  userTasks,
  variable,
  variables,
  variablesInScopes,
} from './indexed-specs.js';

/**
 * The Camunda 8.8 Orchestration Cluster REST API (v2) subset the project uses, served by the
 * embedded engine so @camunda8/sdk's CamundaRestClient works against it unchanged.
 */

const GATEWAY_VERSION = '8.8.0-embedded';

function key(req: Request, name: string): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) throw invalidArgument(`Expected ${name} to be a numeric key, but was '${String(raw)}'`);
  return Number(raw);
}

function optionalKey(value: unknown, field: string): number | undefined {
  const raw = text(value, field);
  if (raw === undefined) return undefined;
  if (!/^\d{1,16}$/.test(raw)) throw invalidArgument(`Expected ${field} to be a numeric key, but was '${raw}'`);
  return Number(raw);
}

type VariablesReader = (value: unknown, field?: string) => Variables;

/** Reads a body's variables: a JSON object, each variable at most `maxBytes` as JSON. */
function variablesReader(maxBytes: number): VariablesReader {
  return (value, field = 'variables') => {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidArgument(`Expected ${field} to be a JSON object, but was ${Array.isArray(value) ? 'an array' : typeof value}`, { field });
    }
    checkVariableSizes(value as Variables, maxBytes, field);
    return value as Variables;
  };
}

/** Ad-hoc elements to activate: `{ elementId, variables? }` each, the element id required. */
function activationsOf(items: unknown[], field: string, variablesOf: VariablesReader): AdHocActivation[] {
  return items.map((item, i) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const elementId = text(entry.elementId, `${field}[${i}].elementId`);
    if (!elementId) throw invalidArgument(`No ${field}[${i}].elementId provided.`, { field: `${field}[${i}].elementId` });
    const variables = variablesOf(entry.variables, `${field}[${i}].variables`);
    return Object.keys(variables).length > 0 ? { elementId, variables } : { elementId };
  });
}

/** The 8.8 `adHocSubProcess` job result: elements to activate (with variables) and the completion flags. */
function adHocResultOf(result: AdHocJobResult, variablesOf: VariablesReader): AdHocJobResult {
  return {
    activateElements: Array.isArray(result.activateElements) ? activationsOf(result.activateElements, 'result.activateElements', variablesOf) : [],
    isCompletionConditionFulfilled: result.isCompletionConditionFulfilled === true,
    isCancelRemainingInstances: result.isCancelRemainingInstances === true,
  };
}

function body(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw invalidArgument('Expected the request body to be a JSON object');
  return b as Record<string, unknown>;
}

/** A text field: strings pass, numbers are written out, anything else is a 400 naming the field. */
function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  throw invalidArgument(`Expected ${field} to be a string, but was ${Array.isArray(value) ? 'an array' : typeof value}`, { field });
}

function batchCreated(batchOperationKey: number, batchOperationType: string) {
  return { batchOperationKey: String(batchOperationKey), batchOperationType };
}

function numberOr(value: unknown, fallback: number, field: string): number {
  if (value === undefined || value === null) return fallback;
  const n = Number(value);
  if (typeof value === 'object' || !Number.isFinite(n)) throw invalidArgument(`Expected ${field} to be a number, but was ${JSON.stringify(value)}`);
  return n;
}

type Handler = (req: Request, res: Response) => unknown;

/** Wraps a handler: its result is the JSON body (204 when undefined); errors become problem+json. */
const route = (handler: Handler, status = 200) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    const result = await handler(req, res);
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.status(status).json(result);
  } catch (err) {
    next(err);
  }
};

function readMultipart(req: Request): Promise<{ files: DeployResource[]; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { fileSize: MAX_DEPLOY_FILE_BYTES, files: MAX_DEPLOY_FILES, fields: 20 } });
    } catch (err) {
      reject(invalidArgument(`Expected a multipart/form-data body with 'resources': ${(err as Error).message}`));
      return;
    }
    const files: DeployResource[] = [];
    const fields: Record<string, string> = {};
    let total = 0;
    // a deployment cut short would deploy something else than was sent, so limits refuse it whole
    const refuse = (message: string) => {
      req.unpipe(bb);
      req.resume();
      reject(invalidArgument(message));
    };
    bb.on('filesLimit', () => refuse(`Expected at most ${MAX_DEPLOY_FILES} resources in one deployment`));
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('limit', () => refuse(`Expected each resource to be at most ${MAX_DEPLOY_FILE_BYTES} bytes, but '${info.filename}' is larger`));
      stream.on('data', (c: Buffer) => {
        total += c.length;
        if (total > MAX_DEPLOY_TOTAL_BYTES) refuse(`Expected the resources to be at most ${MAX_DEPLOY_TOTAL_BYTES} bytes together`);
        chunks.push(c);
      });
      stream.on('end', () => files.push({ name: info.filename ?? 'resource', content: Buffer.concat(chunks) }));
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('error', (err) => reject(invalidArgument(`Malformed multipart body: ${(err as Error).message}`)));
    bb.on('close', () => resolve({ files, fields }));
    req.pipe(bb);
  });
}

export interface EngineAppOptions {
  /** authentication and origin checks, run before a body is read (rest/guard.ts) */
  guard: RequestHandler;
  /** whether PUT /v2/clock may pin the clock (ENGINE_CLOCK_CONTROL) */
  clockControl: boolean;
  /** the largest variable accepted, as JSON (ENGINE_MAX_VARIABLE_BYTES); DEFAULT_MAX_VARIABLE_BYTES when absent */
  maxVariableBytes?: number;
}

export function createEngineApp(engine: Engine, options: EngineAppOptions): express.Express {
  const app = express();
  const ctx = engine.ctx;
  const store = ctx.store;
  const maxVariableBytes = options.maxVariableBytes ?? DEFAULT_MAX_VARIABLE_BYTES;
  const variablesOf = variablesReader(maxVariableBytes);
  app.use(options.guard);
  // reads see only state whose commands could have been answered: written and fsynced (ADR 0018)
  app.use((req, _res, next) => {
    if (req.method === 'GET' || req.path.endsWith('/search')) store.afterDurable(() => next());
    else next();
  });
  app.use(express.json({ limit: '10mb', type: ['application/json', 'application/*+json'], verify: (_req, _res, raw) => checkJsonDepth(raw) }));

  const api = express.Router();

  api.get('/topology', route(() => ({
    brokers: [
      {
        nodeId: 0,
        host: 'localhost',
        port: 26501,
        partitions: [{ partitionId: 1, role: 'leader', health: 'healthy' }],
        version: GATEWAY_VERSION,
      },
    ],
    clusterSize: 1,
    partitionsCount: 1,
    replicationFactor: 1,
    gatewayVersion: GATEWAY_VERSION,
    // what a cluster whose membership never changed answers
    lastCompletedChangeId: '-1',
  })));

  api.get('/license', route(() => ({ validLicense: false, licenseType: 'embedded', isCommercial: false, expiresAt: null })));

  api.post('/deployments', route(async (req) => {
    const { files } = await readMultipart(req);
    const { deploymentKey, deployed } = await engine.deploy(files);
    return {
      deploymentKey: String(deploymentKey),
      tenantId: TENANT,
      // in the order 8.8's gateway lists them: processes, decisions, decision requirements, forms
      deployments: [
        ...deployed.flatMap((d) => (d.kind === 'process' ? [{ processDefinition: processDefinitionDto(d.definition) }] : [])),
        ...deployed.flatMap((d) => (d.kind === 'decisionRequirements' ? d.stored.decisions.map((decision) => ({ decisionDefinition: decisionDefinitionDto(decision) })) : [])),
        ...deployed.flatMap((d) => (d.kind === 'decisionRequirements' ? [{ decisionRequirements: decisionRequirementsDto(d.stored.requirements) }] : [])),
        ...deployed.flatMap((d) => (d.kind === 'form' ? [{ form: formDto(d.form) }] : [])),
      ],
    };
  }));

  api.post('/resources/:key/deletion', route(async (req) => {
    await engine.deleteResource(key(req, 'key'));
  }));

  api.post('/process-instances', route(async (req) => {
    const b = body(req);
    // ignoring them would silently start the instance somewhere else than the caller asked
    for (const field of ['startInstructions', 'runtimeInstructions']) {
      if (Array.isArray(b[field]) && b[field].length > 0) throw invalidArgument(`${field} are not supported by the embedded engine`);
    }
    const created = await engine.createProcessInstance({
      ...(b.processDefinitionId !== undefined ? { processDefinitionId: text(b.processDefinitionId, 'processDefinitionId')! } : {}),
      ...(optionalKey(b.processDefinitionKey, 'processDefinitionKey') !== undefined
        ? { processDefinitionKey: optionalKey(b.processDefinitionKey, 'processDefinitionKey')! }
        : {}),
      ...(b.processDefinitionVersion !== undefined ? { version: numberOr(b.processDefinitionVersion, -1, 'processDefinitionVersion') } : {}),
      variables: variablesOf(b.variables),
      awaitCompletion: b.awaitCompletion === true,
      requestTimeout: numberOr(b.requestTimeout, 0, 'requestTimeout'),
      ...(Array.isArray(b.fetchVariables) ? { fetchVariables: b.fetchVariables.map(String) } : {}),
    });
    return {
      processDefinitionId: created.definition.bpmnProcessId,
      processDefinitionVersion: created.definition.version,
      processDefinitionKey: String(created.definition.key),
      processInstanceKey: String(created.processInstanceKey),
      tenantId: TENANT,
      variables: created.variables ?? {},
    };
  }));

  const db = store.index.db;
  const found = <T>(item: T | undefined, what: string, req: Request): T => {
    if (item === undefined) throw notFound(`${what} with key '${String(req.params.key)}' not found`);
    return item;
  };

  api.post('/process-instances/search', route((req) => indexedSearch(db, processInstances, body(req) as SearchRequest)));

  api.get('/process-instances/:key', route((req) => found(indexedGet(db, processInstances, key(req, 'key')), 'Process instance', req)));

  api.post('/element-instances/search', route((req) => indexedSearch(db, elementInstances, body(req) as SearchRequest)));

  api.get('/element-instances/:key', route((req) => found(indexedGet(db, elementInstances, key(req, 'key')), 'Element instance', req)));

  // a batch acts on live instances, whatever state the filter names (as on a cluster)
  const liveInstances = (filter: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    indexedKeys(db, processInstances, { ...filter, state: 'ACTIVE', ...extra });

  // a cancellation acts on root instances: a called one goes with its root, and cannot be cancelled alone
  api.post('/process-instances/cancellation', route(async (req) => {
    const keys = liveInstances(batchFilterOf(body(req), 'cancels'), { parentProcessInstanceKey: { $exists: false } });
    return batchCreated(await engine.cancelProcessInstancesBatch(keys), 'CANCEL_PROCESS_INSTANCE');
  }));

  api.post('/process-instances/incident-resolution', route(async (req) => {
    const keys = liveInstances(batchFilterOf(body(req), 'resolves the incidents of'));
    return batchCreated(await engine.resolveIncidentsBatch(keys), 'RESOLVE_INCIDENT');
  }));

  api.post('/process-instances/migration', route(async (req) => {
    const b = body(req);
    const filter = batchFilterOf(b, 'migrates');
    if (b.migrationPlan === undefined || b.migrationPlan === null) throw invalidArgument('No migrationPlan provided.');
    const plan = migrationPlanOf(b.migrationPlan as Record<string, unknown>, 'migrationPlan.');
    return batchCreated(await engine.migrateProcessInstancesBatch(liveInstances(filter), plan), 'MIGRATE_PROCESS_INSTANCE');
  }));

  api.post('/process-instances/modification', route(async (req) => {
    const b = body(req);
    const filter = batchFilterOf(b, 'modifies');
    return batchCreated(await engine.modifyProcessInstancesBatch(liveInstances(filter), moveInstructionsOf(b)), 'MODIFY_PROCESS_INSTANCE');
  }));

  api.post('/process-instances/:key/modification', route(async (req) => {
    await engine.modifyProcessInstance(key(req, 'key'), modificationOf(body(req), maxVariableBytes));
  }));

  api.post('/process-instances/:key/migration', route(async (req) => {
    await engine.migrateProcessInstance(key(req, 'key'), migrationPlanOf(body(req)));
  }));

  api.get('/batch-operations/:key', route((req) => found(indexedGet(db, batchOperations, key(req, 'key')), 'Batch operation', req)));

  api.post('/batch-operations/search', route((req) => indexedSearch(db, batchOperations, body(req) as SearchRequest)));

  api.post('/batch-operation-items/search', route((req) => indexedSearch(db, batchOperationItems, body(req) as SearchRequest)));

  api.post('/process-instances/:key/cancellation', route(async (req) => {
    await engine.cancelProcessInstance(key(req, 'key'));
  }));

  api.post('/element-instances/ad-hoc-activities/:key/activation', route(async (req) => {
    const b = body(req);
    if (!Array.isArray(b.elements)) throw invalidArgument('No elements provided.', { field: 'elements' });
    await engine.activateAdHocActivities(key(req, 'key'), activationsOf(b.elements as unknown[], 'elements', variablesOf), b.cancelRemainingInstances === true);
  }));

  api.put('/element-instances/:key/variables', route(async (req) => {
    const b = body(req);
    const variables = variablesOf(b.variables);
    if (Object.keys(variables).length === 0) throw invalidArgument('No variables provided.');
    await engine.setVariables(key(req, 'key'), variables, b.local === true);
  }));

  api.post('/variables/search', route((req) => indexedSearch(db, variables, body(req) as SearchRequest)));

  api.get('/variables/:key', route((req) => found(indexedGet(db, variable, key(req, 'key')), 'Variable', req)));

  const definitionOr404 = (req: express.Request) => {
    const def = store.get<DefinitionRecord>('definition', key(req, 'key'));
    if (!def) throw notFound(`Process definition with key '${String(req.params.key)}' not found`);
    return def;
  };
  const startFormIdOf = (def: DefinitionRecord) => ctx.models.get(def.key)?.startFormId;

  api.get('/process-definitions/:key', route((req) => {
    const def = definitionOr404(req);
    return processDefinitionResult(def, startFormIdOf(def));
  }));

  // 8.8's start form: only a linked form (formId) of the process's none start event; 204 without one
  api.get('/process-definitions/:key/form', route((req) => {
    const formId = startFormIdOf(definitionOr404(req));
    if (formId === undefined) return undefined;
    const form = latestFormById(ctx, formId);
    if (!form) throw notFound(`Form with id '${formId}' not found`);
    return formResult(form);
  }));

  api.get('/process-definitions/:key/xml', route((req, res) => {
    res.type('text/xml').send(definitionOr404(req).xml);
  }));

  api.post('/process-definitions/search', route((req) => {
    const items = [...store.table<DefinitionRecord>('definition').values()].map((def) => processDefinitionResult(def, startFormIdOf(def)));
    return search(items, body(req) as SearchRequest);
  }));

  // ---- decisions ----

  api.post('/decision-definitions/evaluation', route(async (req) => {
    const b = body(req);
    const decisionDefinitionKey = optionalKey(b.decisionDefinitionKey, 'decisionDefinitionKey');
    const evaluation = await engine.evaluateDecision({
      ...(b.decisionDefinitionId !== undefined ? { decisionDefinitionId: text(b.decisionDefinitionId, 'decisionDefinitionId')! } : {}),
      ...(decisionDefinitionKey !== undefined ? { decisionDefinitionKey } : {}),
      variables: variablesOf(b.variables),
    });
    return decisionEvaluationDto(evaluation);
  }));

  const decisionOr404 = (req: Request) => {
    const decision = store.get<DecisionRecord>('decision', key(req, 'key'));
    if (!decision) throw notFound(`Decision definition with key '${String(req.params.key)}' not found`);
    return decision;
  };
  const requirementsOr404 = (req: Request) => {
    const drg = store.get<DecisionRequirementsRecord>('decisionRequirements', key(req, 'key'));
    if (!drg) throw notFound(`Decision requirements with key '${String(req.params.key)}' not found`);
    return drg;
  };

  api.post('/decision-definitions/search', route((req) =>
    search([...store.table<DecisionRecord>('decision').values()].map(decisionDefinitionDto), body(req) as SearchRequest)));

  api.get('/decision-definitions/:key', route((req) => decisionDefinitionDto(decisionOr404(req))));

  // a decision's XML is that of the whole graph it belongs to, as on a cluster
  api.get('/decision-definitions/:key/xml', route((req, res) => {
    const drg = store.get<DecisionRequirementsRecord>('decisionRequirements', decisionOr404(req).decisionRequirementsKey)!;
    res.type('text/xml').send(drg.xml);
  }));

  api.post('/decision-requirements/search', route((req) =>
    search([...store.table<DecisionRequirementsRecord>('decisionRequirements').values()].map(decisionRequirementsDto), body(req) as SearchRequest)));

  api.get('/decision-requirements/:key', route((req) => decisionRequirementsDto(requirementsOr404(req))));

  api.get('/decision-requirements/:key/xml', route((req, res) => {
    res.type('text/xml').send(requirementsOr404(req).xml);
  }));

  api.post('/decision-instances/search', route((req) => indexedSearch(db, decisionInstances, body(req) as SearchRequest)));

  api.get('/decision-instances/:id', route((req) => {
    const id = String(req.params.id);
    if (!/^\d{1,16}-\d{1,6}$/.test(id)) throw invalidArgument(`Expected decisionEvaluationInstanceKey to be an evaluation key and a position ('<key>-<n>'), but was '${id}'`);
    const [found] = indexedSearch(db, decisionInstance, { filter: { decisionEvaluationInstanceKey: id } }).items;
    if (!found) throw notFound(`Decision instance with key '${id}' not found`);
    return found;
  }));

  // ---- jobs ----

  api.post('/jobs/activation', route(async (req, res) => {
    const b = body(req);
    // like Camunda's gateway: no defaults for how long and how many, a worker must say so
    for (const field of ['timeout', 'maxJobsToActivate']) {
      if (b[field] === undefined || b[field] === null) throw invalidArgument(`No ${field} provided.`);
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    const jobs = await engine.activateJobs(
      {
        type: text(b.type, 'type') ?? '',
        ...(b.worker !== undefined ? { worker: text(b.worker, 'worker')! } : {}),
        timeout: jobTimeout(numberOr(b.timeout, 0, 'timeout')),
        maxJobsToActivate: numberOr(b.maxJobsToActivate, 0, 'maxJobsToActivate'),
        ...(Array.isArray(b.fetchVariable) ? { fetchVariable: b.fetchVariable.map(String) } : {}),
      },
      numberOr(b.requestTimeout, 0, 'requestTimeout'),
      abort.signal,
    );
    return { jobs: jobs.map(activatedJobDto) };
  }));

  api.post('/jobs/:key/completion', route(async (req) => {
    const b = body(req);
    const result = b.result as ({ type?: string; denied?: boolean; deniedReason?: string; corrections?: Record<string, unknown> } & AdHocJobResult) | undefined | null;
    await engine.completeJob(key(req, 'key'), variablesOf(b.variables), result?.type === 'adHocSubProcess' ? { adHoc: adHocResultOf(result, variablesOf) } : (result ?? undefined));
  }));

  api.post('/jobs/:key/failure', route(async (req) => {
    const b = body(req);
    await engine.failJob(key(req, 'key'), {
      retries: numberOr(b.retries, 0, 'retries'),
      ...(b.errorMessage !== undefined ? { errorMessage: text(b.errorMessage, 'errorMessage')! } : {}),
      retryBackOff: numberOr(b.retryBackOff, 0, 'retryBackOff'),
      variables: variablesOf(b.variables),
    });
  }));

  api.post('/jobs/:key/error', route(async (req) => {
    const b = body(req);
    await engine.throwJobError(key(req, 'key'), {
      errorCode: text(b.errorCode, 'errorCode') ?? '',
      ...(b.errorMessage !== undefined ? { errorMessage: text(b.errorMessage, 'errorMessage')! } : {}),
      variables: variablesOf(b.variables),
    });
  }));

  api.patch('/jobs/:key', route(async (req) => {
    const b = body(req);
    const changeset = (b.changeset ?? {}) as Record<string, unknown>;
    const given = (value: unknown) => value !== undefined && value !== null;
    if (!given(changeset.retries) && !given(changeset.timeout)) throw invalidArgument('At least one of [retries, timeout] is required.');
    await engine.updateJob(key(req, 'key'), {
      ...(given(changeset.retries) ? { retries: numberOr(changeset.retries, 0, 'retries') } : {}),
      ...(given(changeset.timeout) ? { timeout: jobTimeout(numberOr(changeset.timeout, 0, 'timeout')) } : {}),
    });
  }));

  api.post('/jobs/search', route((req) => indexedSearch(db, jobs, body(req) as SearchRequest)));

  // ---- messages and signals ----

  api.post('/messages/publication', route(async (req) => {
    const b = body(req);
    const msg = await engine.publishMessage({
      name: text(b.name, 'name') ?? '',
      correlationKey: text(b.correlationKey, 'correlationKey') ?? '',
      timeToLive: timeToLive(numberOr(b.timeToLive, 0, 'timeToLive')),
      ...(b.messageId ? { messageId: text(b.messageId, 'messageId')! } : {}),
      variables: variablesOf(b.variables),
    });
    return { messageKey: String(msg.key), tenantId: TENANT };
  }));

  api.post('/messages/correlation', route(async (req) => {
    const b = body(req);
    const r = await engine.correlateMessage({
      name: text(b.name, 'name') ?? '',
      correlationKey: text(b.correlationKey, 'correlationKey') ?? '',
      variables: variablesOf(b.variables),
    });
    return { messageKey: String(r.messageKey), tenantId: TENANT, processInstanceKey: String(r.processInstanceKey) };
  }));

  api.post('/signals/broadcast', route(async (req) => {
    const b = body(req);
    const signalKey = await engine.broadcastSignal(text(b.signalName, 'signalName') ?? '', variablesOf(b.variables));
    return { signalKey: String(signalKey), tenantId: TENANT };
  }));

  // ---- user tasks ----

  /** live or ended: a completed task's form and variables stay readable */
  const userTaskOr404 = (k: number) => {
    const task = indexedRow(db, userTasks, k);
    if (!task) throw notFound(`User task with key '${k}' not found`);
    return { formKey: (task.form_key as number | null) ?? undefined, elementInstanceKey: task.element_instance_key as number };
  };

  api.post('/user-tasks/search', route((req) => indexedSearch(db, userTasks, body(req) as SearchRequest)));

  api.get('/user-tasks/:key', route((req) => found(indexedGet(db, userTasks, key(req, 'key')), 'User task', req)));

  api.get('/user-tasks/:key/form', route((req) => {
    const task = userTaskOr404(key(req, 'key'));
    if (task.formKey === undefined) return undefined;
    const form = store.get<FormRecord>('form', task.formKey);
    if (!form) throw notFound(`Form with key '${task.formKey}' not found`);
    return formResult(form);
  }));

  api.post('/user-tasks/:key/variables/search', route((req) => {
    const task = userTaskOr404(key(req, 'key'));
    return indexedSearch(db, variablesInScopes(scopeChain(db, task.elementInstanceKey)), body(req) as SearchRequest);
  }));

  api.post('/user-tasks/:key/completion', route(async (req) => {
    const b = body(req);
    await engine.completeUserTask(key(req, 'key'), variablesOf(b.variables), text(b.action, 'action') || undefined);
  }));

  api.post('/user-tasks/:key/assignment', route(async (req) => {
    const b = body(req);
    await engine.assignUserTask(key(req, 'key'), text(b.assignee, 'assignee') ?? '', b.allowOverride !== false, text(b.action, 'action') || undefined);
  }));

  api.delete('/user-tasks/:key/assignee', route(async (req) => {
    await engine.unassignUserTask(key(req, 'key'));
  }));

  api.patch('/user-tasks/:key', route(async (req) => {
    const b = body(req);
    const c = (b.changeset ?? {}) as Record<string, unknown>;
    const list = (v: unknown, field: string) => {
      if (!Array.isArray(v)) throw invalidArgument(`Expected ${field} to be an array of strings`);
      return v.map(String);
    };
    await engine.updateUserTask(
      key(req, 'key'),
      {
        ...(c.dueDate !== undefined ? { dueDate: c.dueDate === null ? null : text(c.dueDate, 'dueDate')! } : {}),
        ...(c.followUpDate !== undefined ? { followUpDate: c.followUpDate === null ? null : text(c.followUpDate, 'followUpDate')! } : {}),
        ...(c.candidateGroups !== undefined ? { candidateGroups: list(c.candidateGroups, 'candidateGroups') } : {}),
        ...(c.candidateUsers !== undefined ? { candidateUsers: list(c.candidateUsers, 'candidateUsers') } : {}),
        ...(c.priority !== undefined ? { priority: numberOr(c.priority, 50, 'priority') } : {}),
      },
      text(b.action, 'action') || undefined,
    );
  }));

  // ---- incidents and clock ----

  api.post('/incidents/search', route((req) => indexedSearch(db, incidents, body(req) as SearchRequest)));

  api.get('/incidents/:key', route((req) => found(indexedGet(db, incidents, key(req, 'key')), 'Incident', req)));

  api.post('/message-subscriptions/search', route((req) => indexedSearch(db, messageSubscriptions, body(req) as SearchRequest)));

  api.post('/incidents/:key/resolution', route(async (req) => {
    await engine.resolveIncident(key(req, 'key'));
  }));

  const clockControlled = () => {
    if (!options.clockControl) throw new CommandRejection('FORBIDDEN', 'The clock is not controllable: set ENGINE_CLOCK_CONTROL=true (Zeebe\'s controlled clock) to pin it');
  };

  api.put('/clock', route(async (req) => {
    clockControlled();
    const b = body(req);
    await engine.pinClock(clockTimestamp(b.timestamp));
  }));

  api.post('/clock/reset', route(async () => {
    clockControlled();
    await engine.resetClock();
  }));

  app.use('/v2', api);
  app.use('/v2', (req: Request) => {
    throw notFound(`No such endpoint: ${req.method} ${req.originalUrl}`);
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const problem = toProblem(err, req.originalUrl);
    // a rejection (e.g. DEADLINE_EXCEEDED of a create-with-result) is an answer, not an engine fault
    if (problem.status >= 500 && !(err instanceof CommandRejection)) logEngineError('engine REST error', err);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  });
  return app;
}

function toProblem(err: unknown, instance: string) {
  if (err instanceof CommandRejection) {
    return { type: 'about:blank', title: err.type, status: err.status, detail: err.message, instance, ...(err.details ?? {}) };
  }
  if (err instanceof DeploymentRejectedError) {
    return {
      type: 'about:blank',
      title: 'INVALID_ARGUMENT',
      status: 400,
      detail: `Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n${err.message}`,
      instance,
      problems: err.problems,
    };
  }
  const e = err as { type?: string; status?: number; message?: string };
  if (e && e.type === 'entity.parse.failed') {
    return { type: 'about:blank', title: 'INVALID_ARGUMENT', status: 400, detail: `Request body is not valid JSON: ${e.message}`, instance };
  }
  if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return { type: 'about:blank', title: 'INVALID_ARGUMENT', status: e.status, detail: e.message ?? 'Bad request', instance };
  }
  return { type: 'about:blank', title: 'INTERNAL_ERROR', status: 500, detail: (err as Error)?.message ?? String(err), instance };
}

export function listen(app: express.Express, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.on('error', reject);
    server.keepAliveTimeout = 65_000;
  });
}
