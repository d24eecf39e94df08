import { readEngineConfig, startEngine } from './index.js';

const config = readEngineConfig();
const running = await startEngine(config);
console.log(`embedded engine listening on ${running.url} (state in ${config.dataPath})`);
if (config.auth.method === 'basic') {
  console.log(
    `${running.credentialCreated ? 'generated the' : 'the'} engine's Basic credential in ${config.auth.credentialsPath} (mode 0600); clients use CAMUNDA_AUTH_STRATEGY=BASIC with its username and password`,
  );
} else if (config.auth.method === 'none') {
  console.warn('warning: ENGINE_AUTH_METHOD=none: the engine API accepts requests without credentials');
}

const shutdown = async () => {
  await running.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());
