/** Configuration of the embedded engine, read from the environment when asked (never at import). */
export interface EngineConfig {
  /** ENGINE_PORT: REST port; 8080 is Camunda's own, so the SDK's defaults reach it. */
  port: number;
  /** ENGINE_HOST: interface to listen on; loopback unless told otherwise. */
  host: string;
  /** ENGINE_DATA: SQLite file holding the engine's state. */
  dataPath: string;
}

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
  return {
    port,
    host: overrides.host ?? env.ENGINE_HOST ?? '127.0.0.1',
    dataPath: overrides.dataPath ?? env.ENGINE_DATA ?? './data/engine.db',
  };
}
