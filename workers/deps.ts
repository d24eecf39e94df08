import type { Store } from '../domain/store/index.js';
import { createWorkingDayCalendar } from '../domain/calendar/calendar.js';
import type { WorkingDayCalendar } from '../domain/calendar/types.js';
import type { NoticeConfig } from '../domain/notices/index.js';
import type { ExternalChannel } from '../domain/notify/index.js';
import type { EngineRequests } from './engine-requests.js';

/** What every worker may use; built once by the caller (npm start, tests) and passed in. */
export interface WorkerDeps {
  store: Store;
  /** the time workers compute deadlines from; tests pass the engine's pinned clock */
  clock: () => Date;
  /** the working-day calendar as the administrators left it (package data + overrides) */
  calendar: () => Promise<WorkingDayCalendar>;
  log: (message: string, detail?: Record<string, unknown>) => void;
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

/** Builds the calendar from the store on each call, so an administrator's override applies at once. */
export function storeCalendar(store: Store): () => Promise<WorkingDayCalendar> {
  return async () => {
    const [overrides, years] = await Promise.all([store.calendar.listOverrides(), store.calendar.years()]);
    return createWorkingDayCalendar({ overrides, knownYears: years.map((y) => y.year) });
  };
}
