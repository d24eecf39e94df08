/** Configuration of the embedded engine, read from the environment when asked (never at import). */
export interface EngineConfig {
  /** ENGINE_PORT: REST port; 8080 is Camunda's own, so the SDK's defaults reach it. */
  port: number;
  /** ENGINE_HOST: interface to listen on; loopback unless told otherwise. */
  host: string;
  /** ENGINE_DATA: SQLite file holding the engine's state. */
  dataPath: string;
  /** ENGINE_HISTORY_RETENTION_DAYS: how long ended process instances stay searchable (default 180). */
  historyRetentionDays: number;
}

export const DEFAULT_HISTORY_RETENTION_DAYS = 180;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

export function readEngineConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<EngineConfig> = {}): EngineConfig {
  const port = overrides.port ?? Number(env.ENGINE_PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('ENGINE_PORT', `expected a port number, got '${env.ENGINE_PORT}'`);
  const retention = overrides.historyRetentionDays ?? Number(env.ENGINE_HISTORY_RETENTION_DAYS ?? DEFAULT_HISTORY_RETENTION_DAYS);
  if (!Number.isFinite(retention) || retention <= 0) {
    throw new ConfigError('ENGINE_HISTORY_RETENTION_DAYS', `expected a positive number of days, got '${env.ENGINE_HISTORY_RETENTION_DAYS}'`);
  }
  return {
    port,
    host: overrides.host ?? env.ENGINE_HOST ?? '127.0.0.1',
    dataPath: overrides.dataPath ?? env.ENGINE_DATA ?? './data/engine.db',
    historyRetentionDays: retention,
  };
}
