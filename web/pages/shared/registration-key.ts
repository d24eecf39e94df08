/**
 * The key a registration page sends with an application, so that a repeated request (double
 * click, retry after a lost answer, reload before the answer came) registers one case
 * (docs/procedures.md, Starting a case). Kept in sessionStorage until the case is registered,
 * so it survives a reload of the tab and is not shared with other tabs.
 */

import { newSubmissionKey } from './submission-key.js';

const storageKey = (scope: string) => `sh-registration-key:${scope}`;

export function registrationKey(scope: string): string {
  const stored = sessionStorage.getItem(storageKey(scope));
  if (stored) return stored;
  const key = newSubmissionKey();
  sessionStorage.setItem(storageKey(scope), key);
  return key;
}

/** After the answer arrived (or the key was refused): the next application gets a new key. */
export function forgetRegistrationKey(scope: string): void {
  sessionStorage.removeItem(storageKey(scope));
}
