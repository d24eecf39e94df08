/**
 * A key for one filled-in form, sent with its submission so the server registers a repeat (a
 * double click, a retry after an error) once. crypto.getRandomValues, not randomUUID: the hall's
 * intranet serves plain http, where randomUUID is missing.
 */
export function newSubmissionKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
