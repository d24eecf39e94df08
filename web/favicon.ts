import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The center's mark as the browser tab's icon. Every page gets the link from the build
 * (scripts/build-web.ts), so a page added later carries it without doing anything; /favicon.ico
 * answers too, for browsers and tools that ask for it before or without reading the page.
 */
export const FAVICON_PATH = '/favicon.svg';

const FAVICON_LINK = `<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml" />`;

export class PageWithoutHead extends Error {
  constructor(readonly page: string) {
    super(`web/pages/${page}/index.html has no </head>: the favicon and script links cannot be added`);
  }
}

/** The page's html with the favicon link at the end of its head (unchanged when it has one). */
export function withFaviconLink(page: string, html: string): string {
  if (/<link\s[^>]*rel=["']?icon["'\s>]/i.test(html)) return html;
  return appendToHead(page, html, [FAVICON_LINK]);
}

/** The page's html with `tags` at the end of its head, one a line, indented as the head's children. */
export function appendToHead(page: string, html: string, tags: readonly string[]): string {
  const headEnd = html.search(/<\/head>/i);
  if (headEnd < 0) throw new PageWithoutHead(page);
  const indent = /\n([ \t]*)<\/head>/i.exec(html)?.[1] ?? '';
  return `${html.slice(0, headEnd)}${tags.map((tag) => `  ${tag}\n${indent}`).join('')}${html.slice(headEnd)}`;
}

const icon = readFileSync(join(import.meta.dirname, 'pages', 'shared', 'favicon.svg'));

export function registerFavicon(app: Express): void {
  app.get([FAVICON_PATH, '/favicon.ico'], (_req, res) => {
    // the same for everyone, unlike the pages and the API (no-store)
    res.set('Cache-Control', 'public, max-age=86400').type('image/svg+xml').send(icon);
  });
}
