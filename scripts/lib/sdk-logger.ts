import type { Logger } from '../../web/log.js';

/** The logger shape the SDK's `logger` setting takes (winston-like). */
export type SdkLogger = Record<'info' | 'warn' | 'error' | 'debug' | 'trace', (message: string | undefined, ...meta: unknown[]) => void>;

const dropped = () => {};

/**
 * The SDK's own lines through the app's log: redacted like every other line (an engine error can
 * quote a variable holding an ID number), one format, one stream. Its debug and trace lines, a
 * dozen per request with the default winston logger even when its level hides them, are dropped
 * before anything is formatted.
 */
export function sdkLogger(log: Logger): SdkLogger {
  const line = (level: 'info' | 'warn' | 'error') => (message: string | undefined, ...meta: unknown[]) => {
    const text = (message as unknown) instanceof Error ? ((message as unknown as Error).stack ?? String(message)) : String(message);
    log[level](`camunda sdk: ${text}`, meta.length > 0 ? { meta } : undefined);
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), debug: dropped, trace: dropped };
}
