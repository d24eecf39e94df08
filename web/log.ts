import { maskName } from '../domain/privacy/mask.js';
import { redactPersonalData } from '../shared/redact.js';

export interface Logger {
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string, detail?: Record<string, unknown>): void;
  error(message: string, detail?: Record<string, unknown>): void;
}

/**
 * One line per event: time, level, message, detail as JSON. Every line is redacted as a whole
 * just before it is written, so an ID or mobile number is masked whether it came in a message, a
 * detail field, a URL or an error's text.
 */
export function createLogger(write: (line: string) => void = (line) => process.stdout.write(line + '\n'), clock: () => Date = () => new Date()): Logger {
  const emit = (level: string, message: string, detail?: Record<string, unknown>) => {
    const suffix = detail === undefined ? '' : ' ' + JSON.stringify(detail, errorsAsText);
    write(redactPersonalData(`${clock().toISOString()} ${level} ${message}${suffix}`));
  };
  return {
    info: (message, detail) => emit('info', message, detail),
    warn: (message, detail) => emit('warn', message, detail),
    error: (message, detail) => emit('error', message, detail),
  };
}

/** JSON.stringify writes an Error as {}; its stack is what a reader of the log needs. */
function errorsAsText(_key: string, value: unknown): unknown {
  return value instanceof Error ? (value.stack ?? value.message) : value;
}

/**
 * Query parameters that carry a person's name: the inbox's and case search's applicant filter,
 * the staff list's search. Numbers are masked by shape when the line is written; a name has no
 * shape, so it is masked by the parameter it came in.
 */
const NAME_PARAMETERS = new Set(['applicant', 'search']);

/** The request URL as the access log may keep it: names in the query string masked as the UI masks them. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pairs = [...new URLSearchParams(url.slice(at + 1))];
  if (!pairs.some(([key]) => NAME_PARAMETERS.has(key))) return url;
  // written back encoded, as the URL came: a decoded value could break the line
  const masked = new URLSearchParams(pairs.map(([key, value]) => [key, NAME_PARAMETERS.has(key) ? maskName(value) : value]));
  return `${url.slice(0, at)}?${masked.toString()}`;
}
