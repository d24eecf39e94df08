import { el } from '../shared/api.js';
import { handleUnauthenticated, problemText } from '../shared/layout.js';

/** A section's failure shown in place; an ended session sends the browser to the log-in. */
export function problem(error: unknown): HTMLElement {
  handleUnauthenticated(error);
  return el('div', { class: 'sh-message sh-message-error', role: 'alert' }, problemText(error));
}
