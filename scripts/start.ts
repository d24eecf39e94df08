import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readEngineConfig, startEngine, type RunningEngine } from '../engine/index.js';
import { createWorkers, type RunningWorkers } from '../workers/index.js';
import { storeCalendar } from '../workers/deps.js';
import { createDispatcher, createHttpSmsSender, createSmtpEmailSender, externalChannels, readNotifyConfig, type Dispatcher } from '../domain/notify/index.js';
import { openStore, readStoreConfig } from '../domain/store/index.js';
import { seedCatalogue } from '../domain/catalogue/catalogue.js';
import { createWebApp } from '../web/app.js';
import { readWebConfig } from '../web/config.js';
import { seedDemoAccounts } from '../web/demo-accounts.js';
import { createLogger } from '../web/log.js';
import { startWebServer, type RunningWebServer } from '../web/server.js';
import { describeEngine, engineClient, readEngineConnection } from './lib/engine-connection.js';

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

// read before anything starts, so a bad setting stops the start naming its variable
const connection = readEngineConnection();
const config = connection.mode === 'embedded' ? readEngineConfig() : undefined;
const webConfig = readWebConfig();
const log = createLogger();
// on a cluster the engine is someone else's process; this one only connects to it
const engine: RunningEngine | undefined = config ? await startEngine(config) : undefined;
const camunda = engineClient(connection, engine?.url);
const store = await openStore(readStoreConfig());
// A fresh store gets the seed catalogue; an existing one keeps what administrators published.
if ((await store.catalogue.listItems()).length === 0) await store.catalogue.publish(seedCatalogue());

let workers: RunningWorkers;
let web: RunningWebServer;
let dispatcher: Dispatcher | undefined;
let closeMail = () => {};
try {
  // a wrong SMTP_URL or SMS_GATEWAY_URL stops the start, naming the variable
  const notify = readNotifyConfig();
  const email = notify.email ? createSmtpEmailSender(notify.email) : undefined;
  closeMail = () => email?.close();
  dispatcher = createDispatcher({
    store,
    channels: { ...(email ? { email } : {}), ...(notify.sms ? { sms: createHttpSmsSender(notify.sms) } : {}) },
    clock: () => new Date(),
    log: (message, detail) => log.info(message, detail),
  });
  dispatcher.start(notify.intervalMs);
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
      log: (message, detail) => log.info(message, detail),
      notifyChannels: externalChannels(notify),
    },
  });
  if (webConfig.demoAccounts && (await store.users.count()) === 0) {
    await seedDemoAccounts(store);
    console.log('seeded the demo accounts listed in README.md');
  }
  web = await startWebServer(createWebApp({ store, camunda, config: webConfig, clock: () => new Date(), log }), webConfig.port);
} catch (error) {
  // A diagram the engine refuses must stop the start, not leave a half-deployed system running.
  console.error('start failed:', error);
  await dispatcher?.stop();
  closeMail();
  await engine?.stop();
  await store.close();
  process.exit(1);
}

console.log(
  `Service Hall running: web app at ${web.url}, ${describeEngine(connection, engine?.url)}${config ? ` (state in ${config.dataPath})` : ''}`,
);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping web app, workers${engine ? ' and engine' : ''}`);
  let exitCode = 0;
  await web.close();
  try {
    await workers.stop();
  } catch (error) {
    // Jobs still in hand time out in the engine and are delivered again on the next start.
    console.error('workers did not stop cleanly:', error);
    exitCode = 1;
  }
  // a message in flight is finished and marked before the store closes
  await dispatcher?.stop();
  closeMail();
  await engine?.stop();
  await store.close();
  process.exit(exitCode);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
