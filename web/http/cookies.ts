import type { Request } from 'express';

/**
 * The request's cookies by name. The app only reads cookies it set itself (hex and base64url
 * tokens), so no decoding is needed; a name sent twice keeps its first value, as browsers send
 * the most specific cookie first.
 */
export function readCookies(req: Request): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}
