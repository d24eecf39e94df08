import type { Store } from '../domain/store/index.js';
import type { WorkingDayCalendar } from '../domain/calendar/types.js';
import type { NoticeConfig } from '../domain/notices/index.js';
import type { ExternalChannel } from '../domain/notify/index.js';
import type { EngineRequests } from './engine-requests.js';

export type LogLevel = 'info' | 'warn' | 'error';

/** What every worker may use; built once by the caller (npm start, tests) and passed in. */
export interface WorkerDeps {
  store: Store;
  /** the time workers compute deadlines from; tests pass the engine's pinned clock */
  clock: () => Date;
  /** the working-day calendar as the administrators left it (package data + overrides) */
  calendar: () => Promise<WorkingDayCalendar>;
  /** info unless said otherwise; what an operator must act on (an incident) is a warning */
  log: (message: string, detail?: Record<string, unknown>, level?: LogLevel) => void;
  /**
   * The channels besides in-app that the outbox dispatcher can deliver on
   * (externalChannels(readNotifyConfig()) in npm start). Workers write messages only for these,
   * so an unconfigured channel leaves no message that could only fail. Default: in-app only.
   */
  notifyChannels?: readonly ExternalChannel[];
  /** Who issues notices (center name, complaint office); default readNoticeConfig() of the environment. */
  noticeConfig?: NoticeConfig;
}

/** What a worker module gets: the caller's dependencies and the engine requests built from its client. */
export interface WorkerContext extends WorkerDeps {
  engine: EngineRequests;
}

/** Shared with the web app, which counts a complaint's reply limit at registration. */
export { storeCalendar } from '../domain/calendar/store-calendar.js';
