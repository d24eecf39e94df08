import type { CamundaRestClient } from '@camunda8/sdk';
import { expect } from 'chai';
import type { ExternalChannel } from '../../domain/notify/index.js';
import type { Store } from '../../domain/store/index.js';
import { createWebApp } from '../../web/app.js';
import { readWebConfig, type WebConfig } from '../../web/config.js';
import { seedDemoAccounts } from '../../web/demo-accounts.js';
import { createLogger } from '../../web/log.js';
import { startWebServer } from '../../web/server.js';
import { startScenario, type Scenario } from './scenario.js';
import { ApiClient, TEST_COST, TEST_SECRET, type ApiResponse } from './web.js';

/** The web app over real HTTP on a store, engine client and clock someone else owns (a scenario, a test engine). */
export interface WebOn {
  url: string;
  logLines: string[];
  /** a new browser: its own cookies and CSRF token */
  client(): ApiClient;
  /** a browser logged in as the demo account */
  as(username: string): Promise<ApiClient>;
  /** a browser with the pre-session CSRF token, as a public page holds it */
  anonymous(): Promise<ApiClient>;
  close(): Promise<void>;
}

export async function startWebOn(deps: {
  store: Store;
  camunda: CamundaRestClient;
  clock: () => Date;
  config?: Partial<WebConfig>;
  /** the channels the app may say a message went out on; default in-app only */
  notifyChannels?: readonly ExternalChannel[];
}): Promise<WebOn> {
  await seedDemoAccounts(deps.store, { cost: TEST_COST });
  const logLines: string[] = [];
  const config = { ...readWebConfig({ SESSION_SECRET: TEST_SECRET }, () => {}), ...deps.config };
  const app = createWebApp({
    store: deps.store,
    camunda: deps.camunda,
    config,
    clock: deps.clock,
    log: createLogger((line) => logLines.push(line), deps.clock),
    ...(deps.notifyChannels ? { notifyChannels: deps.notifyChannels } : {}),
  });
  const server = await startWebServer(app, 0, '127.0.0.1');
  const client = () => new ApiClient(server.url);
  return {
    url: server.url,
    logLines,
    client,
    async as(username) {
      const browser = client();
      const res = await browser.login(username);
      expect(res.status, `log-in of ${username}`).to.equal(201);
      return browser;
    },
    async anonymous() {
      const browser = client();
      await browser.fetchCsrfToken();
      return browser;
    },
    close: () => server.close(),
  };
}

/** The whole system (every diagram and form deployed, every worker) with the web app on its store and pinned clock. */
export interface WebSystem extends Scenario {
  web: WebOn;
}

export async function startWebSystem(opts: { start?: string; config?: Partial<WebConfig>; notifyChannels?: readonly ExternalChannel[] } = {}): Promise<WebSystem> {
  const h = await startScenario(opts.start ? { start: opts.start } : {});
  let web: WebOn;
  try {
    web = await startWebOn({ store: h.store, camunda: h.engine.client, clock: () => h.now(), config: opts.config, notifyChannels: opts.notifyChannels });
  } catch (error) {
    await h.stop();
    throw error;
  }
  return {
    ...h,
    web,
    async stop() {
      await web.close();
      await h.stop();
    },
  };
}

/** The body of an answer as the test expects it (the client has checked it against the document). */
export const bodyAs = <T>(res: ApiResponse): T => res.body as unknown as T;
