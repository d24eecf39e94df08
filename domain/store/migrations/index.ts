import type { Migration } from 'kysely';
import * as m001 from './001_initial.js';
import * as m002 from './002_complaint_notices.js';
import * as m003 from './003_web.js';
import * as m004 from './004_inbox.js';
import * as m005 from './005_designer.js';
import * as m006 from './006_report_indexes.js';
import * as m007 from './007_worker_heartbeats.js';
import * as m008 from './008_rate_limits.js';
import * as m009 from './009_case_registration.js';
import * as m011 from './011_supplements.js';
import * as m012 from './012_staff_records.js';
import * as m013 from './013_staff_admin.js';
import * as m015 from './015_catalogue_versions.js';
import * as m016 from './016_start_deployments.js';
import * as m017 from './017_case_search_indexes.js';
import * as m018 from './018_code_lockouts.js';
import * as m019 from './019_inapp_reads.js';
import * as m020 from './020_applicant_name_grams.js';
import * as m021 from './021_open_task_groups.js';
import * as m022 from './022_design_decisions.js';
import * as m023 from './023_name_grams_department_received.js';

/**
 * Every migration, in code rather than read from a folder at run time, so tsx, a bundle and the
 * type checker all see the same list. Names sort in the order they must run; append, never edit.
 */
export const migrations: Record<string, Migration> = {
  '001_initial': m001,
  '002_complaint_notices': m002,
  '003_web': m003,
  '004_inbox': m004,
  '005_designer': m005,
  '006_report_indexes': m006,
  '007_worker_heartbeats': m007,
  '008_rate_limits': m008,
  '009_case_registration': m009,
  '011_supplements': m011,
  '012_staff_records': m012,
  '013_staff_admin': m013,
  '015_catalogue_versions': m015,
  '016_start_deployments': m016,
  '017_case_search_indexes': m017,
  '018_code_lockouts': m018,
  '019_inapp_reads': m019,
  '020_applicant_name_grams': m020,
  '021_open_task_groups': m021,
  '022_design_decisions': m022,
  '023_name_grams_department_received': m023,
};
