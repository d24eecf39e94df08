import type { CamundaRestClient } from '@camunda8/sdk';
import type { RecentCalendar } from '../../domain/calendar/store-calendar.js';
import type { WorkingDayCalendar } from '../../domain/calendar/types.js';
import type { NoticeConfig } from '../../domain/notices/index.js';
import type { ExternalChannel } from '../../domain/notify/index.js';
import type { Store } from '../../domain/store/index.js';
import type { VirusScanner } from '../../domain/supplements/virus-scan.js';
import type { CodeWork } from '../auth/code-work.js';
import type { CsrfGuard } from '../auth/csrf.js';
import type { PasswordWork } from '../auth/password-work.js';
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
  sessions: SessionManager;
  csrf: CsrfGuard;
  /** every password's scrypt work, bounded together (log-in, change, reset, new account) */
  passwords: PasswordWork;
  /** the public look-ups' 查询码 checks, bounded apart from the passwords */
  codes: CodeWork;
  /** the channels besides in-app the outbox dispatcher delivers on: what a receipt may say was sent */
  notifyChannels: readonly ExternalChannel[];
  /** the center's name on messages and receipts */
  noticeConfig: NoticeConfig;
  /** the working-day calendar as the administrators left it, read fresh: for computing deadlines */
  calendar: () => Promise<WorkingDayCalendar>;
  /** the same read at most CALENDAR_SHOWN_MAX_AGE_MS ago: for the due colours of listings and views only */
  shownCalendar: RecentCalendar;
  /** checks every uploaded supplement file before it is stored */
  virusScanner: VirusScanner;
}
