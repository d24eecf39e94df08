import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Camunda8, type CamundaRestClient } from '@camunda8/sdk';
import { readEngineConfig, startEngine } from '../engine/index.js';
import { createWorkers, type RunningWorkers } from '../workers/index.js';
import { storeCalendar } from '../workers/deps.js';
import { openStore, readStoreConfig } from '../domain/store/index.js';
import { seedCatalogue } from '../domain/catalogue/catalogue.js';

const root = join(import.meta.dirname, '..');

async function filesIn(folder: string, extension: string): Promise<string[]> {
  try {
    return (await readdir(join(root, folder))).filter((name) => name.endsWith(extension)).sort();
  } catch (error) {
    // git keeps no empty folders, so a fresh clone may lack processes/ or forms/.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const resourceFolders = [
  { folder: 'processes', extension: '.bpmn' },
  { folder: 'forms', extension: '.form' },
];

/**
 * Every diagram and form the project ships, read as UTF-8: the SDK's deployResourcesFromFiles
 * reads files as latin1 and would garble the Chinese names in them.
 */
async function readResources(): Promise<{ name: string; content: string }[]> {
  const resources: { name: string; content: string }[] = [];
  for (const { folder, extension } of resourceFolders) {
    for (const name of await filesIn(folder, extension)) {
      resources.push({ name, content: await readFile(join(root, folder, name), 'utf8') });
    }
  }
  return resources;
}

function restClient(url: string): CamundaRestClient {
  // The same client a Camunda 8 cluster would get; only the address and auth differ.
  return new Camunda8({
    ZEEBE_REST_ADDRESS: url,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
  }).getCamundaRestClient();
}

const config = readEngineConfig();
const engine = await startEngine(config);
const camunda = restClient(engine.url);
const store = await openStore(readStoreConfig());
// A fresh store gets the seed catalogue; an existing one keeps what administrators published.
if ((await store.catalogue.listItems()).length === 0) await store.catalogue.publish(seedCatalogue());

let workers: RunningWorkers;
try {
  const resources = await readResources();
  if (resources.length > 0) {
    await camunda.deployResources(resources);
    console.log(`deployed ${resources.length} resources: ${resources.map((r) => r.name).join(', ')}`);
  }
  workers = createWorkers({
    camunda,
    deps: {
      store,
      clock: () => new Date(),
      calendar: storeCalendar(store),
      log: (message, detail) => console.log(message, detail ?? ''),
      engineUrl: engine.url,
    },
  });
} catch (error) {
  // A diagram the engine refuses must stop the start, not leave a half-deployed system running.
  console.error('start failed:', error);
  await engine.stop();
  await store.close();
  process.exit(1);
}

console.log(`Service Hall running: engine REST API at ${engine.url} (state in ${config.dataPath})`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping workers and engine`);
  let exitCode = 0;
  try {
    await workers.stop();
  } catch (error) {
    // Jobs still in hand time out in the engine and are delivered again on the next start.
    console.error('workers did not stop cleanly:', error);
    exitCode = 1;
  }
  await engine.stop();
  await store.close();
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
