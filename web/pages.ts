import type { Express, RequestHandler, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { registerFavicon } from './favicon.js';
import { sendBuiltFile } from './static-files.js';

/**
 * The pages, at paths people can remember. Each is a static bundle (scripts/build-web.ts); the
 * data behind it comes from the JSON API, which checks role and department on every call, so a
 * page itself holds nothing secret. Pages that need a log-in send the browser to /login first;
 * pages for some roles only answer others 403 (the API refuses them too). An account whose
 * password an administrator reset sees only /change-password until it picks its own (the API
 * opens nothing else either), and comes back to the page it asked for afterwards.
 */
export const CHANGE_PASSWORD_PATH = '/change-password';

/** Who asks for a page: their roles, and whether they must set a new password first. */
export interface PageViewer {
  roles: readonly string[];
  mustChangePassword: boolean;
}

export const PAGES: ReadonlyArray<{ path: string; page: string; login: boolean; title?: string; roles?: readonly string[] }> = [
  { path: '/login', page: 'login', login: false },
  { path: '/inbox', page: 'inbox', login: true },
  { path: '/register', page: 'register', login: true },
  { path: '/joint', page: 'joint', login: true },
  { path: '/designer', page: 'designer', login: true },
  { path: '/supervision', page: 'supervision', login: true },
  { path: '/cases', page: 'cases', login: true },
  { path: '/ops', page: 'ops', login: true, title: '流程运维', roles: ['supervision', 'admin'] },
  { path: '/alerts', page: 'alerts', login: true, title: '提醒消息', roles: ['window-head'] },
  { path: '/admin/calendar', page: 'calendar', login: true, title: '工作日历', roles: ['admin'] },
  { path: '/admin/staff', page: 'staff', login: true, title: '人员管理', roles: ['admin'] },
  { path: CHANGE_PASSWORD_PATH, page: 'change-password', login: true },
  { path: '/admin/catalogue', page: 'catalogue', login: true, title: '事项目录', roles: ['admin'] },
  { path: '/guide', page: 'guide', login: false },
  { path: '/lookup', page: 'lookup', login: false },
  { path: '/complaint', page: 'complaint', login: false },
  { path: '/apply', page: 'apply', login: false },
  { path: '/complaints/new', page: 'complaint-intake', login: true, title: '投诉登记', roles: ['complaint-office'] },
  // a notice, print-ready, opened from a case file
  { path: '/notices/:number', page: 'notice', login: true },
];

const distDir = join(import.meta.dirname, 'dist');

/**
 * Scripts only from this origin: a value a clerk typed can never run as code in another
 * clerk's browser even if it slipped into the page. bpmn-js and form-js set inline styles.
 */
const pagePolicy: RequestHandler = (_req, res, next) => {
  res.set(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  next();
};

/** `viewerOf` gives the logged-in user, undefined for nobody logged in. */
export function registerPages(app: Express, loadSession: RequestHandler, viewerOf: (res: Response) => PageViewer | undefined): void {
  registerFavicon(app);
  app.get('/assets/*file', pagePolicy, (req, res, next) => sendBuiltFile(req, res, next, distDir, (req.params as { file: string[] }).file.join('/')));
  for (const { path, page, login, title, roles } of PAGES) {
    const file = join(distDir, page, 'index.html');
    app.get(path, pagePolicy, loadSession, (req, res, next) => {
      const viewer = viewerOf(res);
      if (login && viewer === undefined) {
        res.redirect(302, `/login?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      if (login && viewer?.mustChangePassword && path !== CHANGE_PASSWORD_PATH) {
        res.redirect(302, `${CHANGE_PASSWORD_PATH}?next=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      if (roles && !roles.some((role) => viewer?.roles.includes(role))) {
        res.status(403).type('text/plain; charset=utf-8').send(`您的角色不能使用「${title ?? page}」页面。`);
        return;
      }
      if (!existsSync(file)) {
        res.status(503).type('text/plain; charset=utf-8').send('页面尚未构建：请先运行 npm run build:web');
        return;
      }
      sendBuiltFile(req, res, next, distDir, `${page}/index.html`);
    });
  }
  app.get('/', (_req, res) => res.redirect(302, '/guide'));
}
