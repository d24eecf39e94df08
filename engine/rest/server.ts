import express, { type NextFunction, type Request, type Response } from 'express';
import busboy from 'busboy';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Engine, DeployResource } from '../engine.js';
import { CommandRejection, invalidArgument, notFound } from '../runtime/errors.js';
import { latestFormById } from '../runtime/definitions.js';
import type { DefinitionRecord } from '../runtime/records.js';
import {
  TENANT,
  decisionDefinitionDto,
  decisionRequirementsDto,
  formDto,
  deployedResourceDto,
  formResult,
  processDefinitionDto,
  processDefinitionResult,
} from './wire.js';
import { batchFilterOf, migrationPlanOf, modificationOf, moveInstructionsOf } from './instructions.js';
import { DEFAULT_MAX_VARIABLE_BYTES, MAX_JSON_BODY_BYTES, MAX_DEPLOY_FILE_BYTES, MAX_DEPLOY_FILES, MAX_DEPLOY_TOTAL_BYTES, checkJsonDepth, clockTimestamp, timeToLive } from './limits.js';
import { search, type SearchRequest } from './search.js';
import { indexedGet, indexedKeys, indexedSearch } from './indexed-search.js';
import {
  batchOperationItems,
  batchOperations,
  elementInstances,
  incidents,
  messageSubscriptions,
  processInstances,
  variable,
  variables,
} from './indexed-specs.js';
import { activationsOf, body, found, key, numberOr, route, text, variablesReader } from './request.js';
import { guardMiddleware, type GuardCheck } from './guard.js';
import { hotPath } from './hot-path.js';
import { createInstance } from './instance-creation.js';
import { sendProblem } from './problem.js';
import { registerDecisionRoutes } from './decision-routes.js';
import { registerJobRoutes } from './job-routes.js';
import { registerResourceRoutes } from './resource-routes.js';
import { registerUserTaskRoutes } from './user-task-routes.js';

/**
 * The Camunda 8.8 Orchestration Cluster REST API (v2) subset the project uses, served by the
 * embedded engine so @camunda8/sdk's CamundaRestClient works against it unchanged.
 */

const GATEWAY_VERSION = '8.8.0-embedded';

function batchCreated(batchOperationKey: number, batchOperationType: string) {
  return { batchOperationKey: String(batchOperationKey), batchOperationType };
}

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
  guard: GuardCheck;
  /** whether PUT /v2/clock may pin the clock (ENGINE_CLOCK_CONTROL) */
  clockControl: boolean;
  /** the largest variable accepted, as JSON (ENGINE_MAX_VARIABLE_BYTES); DEFAULT_MAX_VARIABLE_BYTES when absent */
  maxVariableBytes?: number;
}

export function createEngineApp(engine: Engine, options: EngineAppOptions): RequestListener {
  const app = express();
  const ctx = engine.ctx;
  const store = ctx.store;
  const maxVariableBytes = options.maxVariableBytes ?? DEFAULT_MAX_VARIABLE_BYTES;
  const variablesOf = variablesReader(maxVariableBytes);
  // an ETag is a SHA-1 of every answer, and no client of the engine revalidates
  app.set('etag', false);
  app.use(guardMiddleware(options.guard));
  // reads see only state whose commands could have been answered: written and fsynced (ADR 0018)
  app.use((req, _res, next) => {
    if (req.method === 'GET' || req.path.endsWith('/search')) store.afterDurable(() => next());
    else next();
  });
  app.use(express.json({ limit: MAX_JSON_BODY_BYTES, type: ['application/json', 'application/*+json'], verify: (_req, _res, raw) => checkJsonDepth(raw) }));

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
      // in the order 8.8's gateway lists them: processes, decisions, decision requirements, forms, resources
      deployments: [
        ...deployed.flatMap((d) => (d.kind === 'process' ? [{ processDefinition: processDefinitionDto(d.definition) }] : [])),
        ...deployed.flatMap((d) => (d.kind === 'decisionRequirements' ? d.stored.decisions.map((decision) => ({ decisionDefinition: decisionDefinitionDto(decision) })) : [])),
        ...deployed.flatMap((d) => (d.kind === 'decisionRequirements' ? [{ decisionRequirements: decisionRequirementsDto(d.stored.requirements) }] : [])),
        ...deployed.flatMap((d) => (d.kind === 'form' ? [{ form: formDto(d.form) }] : [])),
        ...deployed.flatMap((d) => (d.kind === 'resource' ? [{ resource: deployedResourceDto(d.resource) }] : [])),
      ],
    };
  }));

  api.post('/resources/:key/deletion', route(async (req) => {
    await engine.deleteResource(key(req, 'key'));
  }));

  api.post('/process-instances', route((req) => createInstance(engine, variablesOf, body(req))));

  const db = store.index.db;

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

  const routes = { api, engine, variablesOf };
  registerDecisionRoutes(routes);
  registerJobRoutes(routes);
  registerResourceRoutes(routes);

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

  registerUserTaskRoutes(routes);

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

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => sendProblem(res, err, req.originalUrl));
  const hot = hotPath({ engine, guard: options.guard, variablesOf });
  return (req, res) => {
    if (!hot(req, res)) app(req, res);
  };
}

export function listen(listener: RequestListener, port: number, host = '127.0.0.1'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(listener);
    server.listen(port, host, () => resolve(server));
    server.on('error', reject);
    server.keepAliveTimeout = 65_000;
  });
}
