import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

/**
 * The built pages (web/dist) as the browser should get them: compressed when it accepts it, from
 * files the build compressed once (scripts/build-web.ts) rather than on every request, and cached
 * for a year when the name carries the content's hash.
 */

/** What the build writes beside a compressible file, in the order the server prefers them. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** Text the build compresses; source maps are left as they are (only developer tools read them). */
export const COMPRESSIBLE = /\.(?:js|css|html|svg|json)$/;

/** esbuild's content hash in a name (`chunk-HNYMFIQ5.js`, `bpmn-S5N27GWR.woff2`): new content, new name. */
const HASHED = /-[A-Z2-7]{8}\.[a-z0-9]+$/;

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/**
 * Sends `file` (a path inside `root`, as the URL names it, decoded): the best encoding the request
 * accepts that the build wrote, with the original file's type. Hands on to `next` when the file is
 * not there, so a later handler can answer 404.
 */
export function sendBuiltFile(req: Request, res: Response, next: NextFunction, root: string, file: string): void {
  const relative = normalize(file).replace(/^\/+/, '');
  if (relative.startsWith('..') || relative.includes('\0')) {
    next();
    return;
  }
  const headers: Record<string, string> = { 'Cache-Control': HASHED.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache' };
  let sent = relative;
  if (COMPRESSIBLE.test(relative)) {
    // a cache keeps the encodings apart, whether or not this request was compressed
    headers.Vary = 'Accept-Encoding';
    const chosen = PRECOMPRESSED.find(({ encoding, suffix }) => req.acceptsEncodings(encoding) === encoding && existsSync(join(root, relative + suffix)));
    if (chosen) {
      sent = relative + chosen.suffix;
      headers['Content-Encoding'] = chosen.encoding;
      headers['Content-Type'] = CONTENT_TYPES[extname(relative)];
    }
  }
  res.sendFile(sent, { root, headers, cacheControl: false, dotfiles: 'deny', index: false }, (error?: Error & { status?: number; code?: string }) => {
    if (!error) return;
    // no such file, or a folder
    if (error.code === 'ENOENT' || error.code === 'EISDIR' || error.status === 404) next();
    else next(error);
  });
}
