import { readEngineConfig, startEngine, type RunningEngine } from '../engine/index.js';
import { createWorkers, workerModules, type RunningWorkers } from '../workers/index.js';
import { readHeartbeatConfig, startHeartbeat, type RunningHeartbeat } from '../workers/heartbeat.js';
import { storeCalendar } from '../workers/deps.js';
import { createDispatcher, externalChannels, readNotifyConfig, type Dispatcher } from '../domain/notify/index.js';
import { createHttpSmsSender, createSmtpEmailSender } from '../notify/index.js';
import { openStore, readStoreConfig } from '../domain/store/index.js';
import { seedCatalogue } from '../domain/catalogue/catalogue.js';
import { createWebApp } from '../web/app.js';
import { readWebConfig } from '../web/config.js';
import { seedDemoAccountsOnStart } from '../web/demo-accounts.js';
import { createLogger } from '../web/log.js';
import { startWebServer, type RunningWebServer } from '../web/server.js';
import { createInboxEngine } from '../web/inbox/engine.js';
import { createAbsenceHandover, HANDOVER_SWEEP_MS, type AbsenceHandover } from '../web/staff/handover.js';
import { describeEngine, engineClient, readEngineConnection } from './lib/engine-connection.js';
import { deployProjectFiles, describeFileDeployments } from './lib/file-deployments.js';

// read before anything starts, so a bad setting stops the start naming its variable
const connection = readEngineConnection();
const config = connection.mode === 'embedded' ? readEngineConfig() : undefined;
const webConfig = readWebConfig();
const heartbeatConfig = readHeartbeatConfig();
const log = createLogger();

// Handled from here on, so that a stop while starting (a process manager's SIGTERM, Ctrl-C) waits
// for the start to finish and then stops what it started, instead of Node ending the process by
// default with the engine, the store and the worker heartbeat left mid-way.
let stopSignal: NodeJS.Signals | undefined;
let started = false;
function onStopSignal(signal: NodeJS.Signals): void {
  if (stopSignal !== undefined) return;
  stopSignal = signal;
  if (started) void shutdown(signal);
  else console.log(`${signal} while starting: stopping as soon as the start is complete`);
}
process.on('SIGINT', onStopSignal);
process.on('SIGTERM', onStopSignal);

// on a cluster the engine is someone else's process; this one only connects to it
const engine: RunningEngine | undefined = config ? await startEngine(config) : undefined;
if (engine?.credentialCreated && config?.auth.method === 'basic') {
  console.log(`generated the engine's credential in ${config.auth.credentialsPath} (mode 0600); the app and npm run doctor sign in with it`);
}
if (config?.auth.method === 'none') console.warn('warning: ENGINE_AUTH_METHOD=none: the engine API accepts requests without credentials');
const camunda = engineClient(connection, engine && { url: engine.url, ...(engine.credential ? { credential: engine.credential } : {}) }, { log });
const store = await openStore(readStoreConfig());
// A fresh store gets the seed catalogue; an existing one keeps what administrators published.
if (await store.catalogue.publishIfEmpty(seedCatalogue())) console.log('published the seed catalogue into the empty store');

let workers: RunningWorkers;
let heartbeat: RunningHeartbeat | undefined;
let web: RunningWebServer;
let dispatcher: Dispatcher | undefined;
let handover: AbsenceHandover | undefined;
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
  // what the designer deployed stays live (docs/decisions/0010)
  const deployments = describeFileDeployments(await deployProjectFiles({ camunda, store }));
  console.log(deployments.line);
  for (const warning of deployments.warnings) console.warn(warning);
  workers = createWorkers({
    camunda,
    deps: {
      store,
      clock: () => new Date(),
      calendar: storeCalendar(store),
      log: (message, detail, level = 'info') => log[level](message, detail),
      notifyChannels: externalChannels(notify),
    },
  });
  // lets `npm run doctor` see that some instance polls every job type
  heartbeat = await startHeartbeat({
    heartbeats: store.workerHeartbeats,
    jobTypes: workerModules().map((m) => m.jobType),
    clock: () => new Date(),
    config: heartbeatConfig,
    onError: (error) => log.warn('worker heartbeat not recorded, trying again', { error }),
  });
  if (webConfig.demoAccounts) {
    const seeding = await seedDemoAccountsOnStart(store);
    if (seeding.seeded === 'all') console.log('seeded the demo accounts listed in README.md');
    else if (seeding.added.length > 0) console.log(`added the missing demo accounts: ${seeding.added.join(', ')}`);
  }
  // tasks of someone whose absence begins now go to the covering B holder (AB岗)
  handover = createAbsenceHandover({ store, engine: createInboxEngine(camunda), clock: () => new Date(), log, notifyChannels: externalChannels(notify) });
  handover.start(HANDOVER_SWEEP_MS);
  web = await startWebServer(createWebApp({ store, camunda, config: webConfig, clock: () => new Date(), log, notifyChannels: externalChannels(notify) }), webConfig.port, webConfig.host);
} catch (error) {
  // A diagram the engine refuses must stop the start, not leave a half-deployed system running.
  console.error('start failed:', error);
  // a row left behind goes stale by itself
  await heartbeat?.stop().catch(() => {});
  await handover?.stop();
  await dispatcher?.stop();
  closeMail();
  await engine?.stop();
  await store.close();
  process.exit(1);
}

started = true;
if (stopSignal !== undefined) {
  void shutdown(stopSignal);
} else {
  console.log(
    `Service Hall running: web app at ${web.url}, ${describeEngine(connection, engine?.url)}${config ? ` (state in ${config.dataPath})` : ''}`,
  );
}

async function shutdown(signal: NodeJS.Signals): Promise<void> {
  console.log(`${signal}: stopping web app, workers${engine ? ' and engine' : ''}`);
  let exitCode = 0;
  await web.close();
  // the doctor stops counting this instance before its workers stop polling
  await heartbeat?.stop().catch((error: unknown) => console.error('worker heartbeat not removed (it goes stale by itself):', error));
  try {
    await workers.stop();
  } catch (error) {
    // Jobs still in hand time out in the engine and are delivered again on the next start.
    console.error('workers did not stop cleanly:', error);
    exitCode = 1;
  }
  await handover?.stop();
  // a message in flight is finished and marked before the store closes
  await dispatcher?.stop();
  closeMail();
  await engine?.stop();
  await store.close();
  process.exit(exitCode);
}
