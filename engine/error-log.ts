import { redactPersonalData } from '../shared/redact.js';

/**
 * The engine's log of unexpected internal errors, on stderr. An error's text can quote the
 * variables or request it failed on, so the line is redacted as the web app's log is (resident
 * IDs, credit codes, mobiles masked by shape) before it is written.
 */
export function logEngineError(message: string, err: unknown): void {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  console.error(redactPersonalData(`${message} ${detail}`));
}
