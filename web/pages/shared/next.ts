/**
 * Where a page sends the browser after log-in or a password change: the page it came from
 * (?next=), as long as that is a path of this site.
 */

/** Only a path of this site: never another origin, never a protocol-relative or backslash trick, never the sign-in pages themselves. */
export function safeNext(raw: string | null): string | null {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  try {
    const url = new URL(raw, location.origin);
    if (url.origin !== location.origin || url.pathname === '/login' || url.pathname === CHANGE_PASSWORD) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}

/** the page where a user sets a new password (web/pages.ts serves it at this path) */
export const CHANGE_PASSWORD = '/change-password';

/** The ?next= of the current address, when it is safe. */
export const nextOfLocation = (): string | null => safeNext(new URLSearchParams(location.search).get('next'));

/** The password page, then on to `next`. */
export const changePasswordAddress = (next: string): string => `${CHANGE_PASSWORD}?next=${encodeURIComponent(next)}`;
