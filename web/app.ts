import type { CamundaRestClient } from '@camunda8/sdk';
import express, { type Express, type Request, type RequestHandler } from 'express';
import { recentCalendar, storeCalendar } from '../domain/calendar/store-calendar.js';
import { readNoticeConfig, type NoticeConfig } from '../domain/notices/index.js';
import type { ExternalChannel } from '../domain/notify/index.js';
import type { Store } from '../domain/store/index.js';
import { unscanned, type VirusScanner } from '../domain/supplements/virus-scan.js';
import { registerAuditRoutes } from './api/audit.js';
import { registerCaseSearchRoutes } from './api/case-search.js';
import { registerAlertRoutes } from './api/alerts.js';
import { registerCalendarRoutes } from './api/calendar.js';
import { registerCatalogueAdminRoutes } from './api/catalogue-admin.js';
import { registerComplaintRoutes } from './api/complaints.js';
import type { ApiContext } from './api/context.js';
import { registerDesignerRoutes } from './api/designer.js';
import { registerInboxRoutes } from './api/inbox.js';
import { registerApplicationRoutes, registerIntakeRoutes } from './api/intake.js';
import { registerOpsRoutes } from './api/ops.js';
import { registerNoticeRoutes } from './api/notices.js';
import { registerPublicRoutes } from './api/public.js';
import { registerSessionRoutes } from './api/session.js';
import { registerStaffAdminRoutes } from './api/staff-admin.js';
import { registerSupervisionRoutes } from './api/supervision.js';
import { registerSupplementRoutes } from './api/supplements.js';
import { registerTaskRoutes } from './api/tasks.js';
import { registerVerificationCodeRoutes } from './api/verification-codes.js';
import { registerComplaintCodeRoutes } from './api/complaint-codes.js';
import { createCsrfGuard } from './auth/csrf.js';
import { createScryptLimiter, type ScryptLimiter } from './auth/password.js';
import { createPasswordWork } from './auth/password-work.js';
import { createCodeCheckLimiter, createCodeWork } from './auth/code-work.js';
import { passwordChangeGate } from './auth/password-gate.js';
import { createSessionManager } from './auth/session.js';
import type { WebConfig } from './config.js';
import { ApiProblem, problemHandler } from './http/problem.js';
import { authOf } from './http/context.js';
import { refuseDeepBodies } from './http/json-depth.js';
import { createLogger, loggableUrl, type Logger } from './log.js';
import { openApiDocument, type Method } from './openapi/document.js';
import { createApi } from './openapi/routes.js';
import { registerPages } from './pages.js';
import { CALENDAR_SHOWN_MAX_AGE_MS } from './inbox/view.js';


/** Refuses a body-carrying request without a session before its body is read. */
const signedInBeforeBody: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || authOf(res)) next();
  else next(new ApiProblem('unauthenticated', '请先登录，或登录已超时，请重新登录'));
};

export interface WebDeps {
  store: Store;
  /** the engine, reached through the SDK only: the inbox claims, assigns and completes user tasks and reads forms and variables with it */
  camunda: CamundaRestClient;
  config: WebConfig;
  /** session expiry and audit times; tests move it */
  clock: () => Date;
  log?: Logger;
  /**
   * The channels besides in-app that the outbox dispatcher can deliver on
   * (externalChannels(readNotifyConfig()) in npm start); default in-app only.
   */
  notifyChannels?: readonly ExternalChannel[];
  /** who issues notices and receipts; default readNoticeConfig() of the environment */
  noticeConfig?: NoticeConfig;
  /** the virus scanner for uploaded supplement files; by default none, and files are kept as not scanned (未扫描) */
  virusScanner?: VirusScanner;
  /** bounds this app's password scrypt work; by default its own, at DEFAULT_CHECK_LIMITS (tests hold its slots) */
  scryptLimiter?: ScryptLimiter;
  /** bounds this app's 查询码 scrypt work; by default its own, at CODE_CHECK_LIMITS (tests hold its slots) */
  codeLimiter?: ScryptLimiter;
}

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'same-origin',
    // answers depend on who asks: no shared cache may keep one
    'Cache-Control': 'no-store',
  });
  next();
};

/** Whether the document declares a multipart body for the request's operation (a file upload). */
function takesMultipart(req: Request): boolean {
  const path = req.originalUrl.split('?')[0];
  const method = req.method.toLowerCase() as Method;
  return openApiDocument.paths[path]?.[method]?.requestBody?.content['multipart/form-data'] !== undefined;
}

/**
 * Bodies only as JSON: a cross-site HTML form can post url-encoded, multipart or text/plain, and
 * a cross-site script needs a CORS preflight (which this app never grants) to post JSON. The
 * operations the document declares as uploads take multipart too; they still need the
 * X-CSRF-Token header (csrf.protect), which no cross-site form can send.
 */
const jsonBodiesOnly: RequestHandler = (req, _res, next) => {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  if (hasBody && !req.is('application/json') && !(req.is('multipart/form-data') && takesMultipart(req))) {
    throw new ApiProblem('unsupported-media-type', '请求体必须是 JSON（Content-Type: application/json）');
  }
  next();
};

function accessLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.locals.arrivedAt = performance.now();
    res.on('finish', () => {
      const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
      log.info(`${req.method} ${loggableUrl(req.originalUrl)} ${res.statusCode}`, { ms, user: authOf(res)?.principal.username ?? null });
    });
    next();
  };
}

/** The web app: the JSON API and the pages. Build one per store; it keeps no module-level state. */
export function createWebApp({ store, camunda, config, clock, log = createLogger(), notifyChannels = [], noticeConfig = readNoticeConfig(), virusScanner = unscanned, scryptLimiter = createScryptLimiter(), codeLimiter = createCodeCheckLimiter() }: WebDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);

  const ctx: ApiContext = {
    store,
    camunda,
    config,
    clock,
    log,
    sessions: createSessionManager({ store, config, clock }),
    csrf: createCsrfGuard(config),
    passwords: createPasswordWork(scryptLimiter),
    codes: createCodeWork(codeLimiter),
    notifyChannels,
    noticeConfig,
    calendar: storeCalendar(store),
    shownCalendar: recentCalendar(storeCalendar(store), { maxAgeMs: CALENDAR_SHOWN_MAX_AGE_MS, clock }),
    virusScanner,
  };

  app.use(securityHeaders, accessLog(log));
  // diagrams run to tens of kilobytes of XML: the designer's bodies get a larger limit (parsed once,
  // the next parser skips them), read only for a signed-in user so nobody else makes it parse megabytes
  app.use('/api/designer', ctx.sessions.load, signedInBeforeBody, jsonBodiesOnly, express.json({ limit: '5mb' }));
  // the designer's bodies, parsed above, are checked for depth here with every other
  app.use('/api', jsonBodiesOnly, express.json({ limit: '100kb' }), refuseDeepBodies, ctx.sessions.load, ctx.csrf.protect, passwordChangeGate);

  const api = createApi(app, openApiDocument);
  api.get('/api/openapi.json', 'getOpenApiDocument', (_req, res) => {
    res.json(openApiDocument);
  });
  registerSessionRoutes(api, ctx);
  // before getTask: /api/tasks/stream must not be taken for a task key
  registerInboxRoutes(api, ctx);
  registerTaskRoutes(api, ctx);
  registerAuditRoutes(api, ctx);
  registerPublicRoutes(api, ctx);
  registerIntakeRoutes(api, ctx);
  registerApplicationRoutes(api, ctx);
  registerComplaintRoutes(api, ctx);
  registerSupplementRoutes(api, ctx);
  registerVerificationCodeRoutes(api, ctx);
  registerComplaintCodeRoutes(api, ctx);
  registerNoticeRoutes(api, ctx);
  registerSupervisionRoutes(api, ctx);
  registerOpsRoutes(api, ctx);
  registerCaseSearchRoutes(api, ctx);
  registerDesignerRoutes(api, ctx);
  registerStaffAdminRoutes(api, ctx);
  registerCalendarRoutes(api, ctx);
  registerAlertRoutes(api, ctx);
  registerCatalogueAdminRoutes(api, ctx);

  app.use('/api', () => {
    throw new ApiProblem('no-route', '没有这个接口，请查阅 /api/openapi.json');
  });
  registerPages(app, ctx.sessions.load, (res) => {
    const auth = authOf(res);
    return auth && { roles: auth.principal.roles, mustChangePassword: auth.mustChangePassword };
  });
  app.use(problemHandler(log));
  return app;
}
