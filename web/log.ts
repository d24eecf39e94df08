import { redactPersonalData } from '../domain/privacy/redact.js';

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
