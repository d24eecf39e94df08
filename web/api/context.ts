import type { CamundaRestClient } from '@camunda8/sdk';
import type { ExternalChannel } from '../../domain/notify/index.js';
import type { Store } from '../../domain/store/index.js';
import type { CsrfGuard } from '../auth/csrf.js';
import type { SessionManager } from '../auth/session.js';
import type { WebConfig } from '../config.js';
import type { Logger } from '../log.js';

/** What the route modules share, built once per app by createWebApp. */
export interface ApiContext {
  store: Store;
  /** the engine, through the SDK only (never engine/ internals) */
  camunda: CamundaRestClient;
  config: WebConfig;
  clock: () => Date;
  log: Logger;
  /** the configured e-mail and SMS channels: messages the web app writes go only to these (and in-app) */
  notifyChannels: readonly ExternalChannel[];
  sessions: SessionManager;
  csrf: CsrfGuard;
}
