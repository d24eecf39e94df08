import type { Server } from 'node:http';
import { Engine } from './engine.js';
import { createEngineApp, listen } from './rest/server.js';
import type { EngineConfig } from './config.js';

export { Engine } from './engine.js';
export { readEngineConfig, type EngineConfig } from './config.js';

export interface RunningEngine {
  engine: Engine;
  server: Server;
  /** base URL of the REST API, e.g. http://127.0.0.1:8080 */
  url: string;
  stop(): Promise<void>;
}

/** Opens the engine's store and serves its REST API; the one entry point the rest of the project uses. */
export async function startEngine(config: EngineConfig): Promise<RunningEngine> {
  const engine = await Engine.open({ dataPath: config.dataPath, historyRetentionDays: config.historyRetentionDays });
  const server = await listen(createEngineApp(engine), config.port, config.host);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    engine,
    server,
    url: `http://${config.host}:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.close();
    },
  };
}
