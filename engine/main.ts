import { readEngineConfig, startEngine } from './index.js';

const config = readEngineConfig();
const running = await startEngine(config);
console.log(`embedded engine listening on ${running.url} (state in ${config.dataPath})`);

const shutdown = async () => {
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
