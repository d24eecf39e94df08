import type { Kysely } from 'kysely';

/*
 * Indexes for the public look-ups and supervision's reports (web/api/public.ts, supervision.ts):
 * an applicant's in-app messages by recipient (`case:<n>`, `complaint:<n>`), a complaint by the
 * process instance that registered it (the online complaint waits for its number), and the
 * accepted / completed / rated instants the figures count by period.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('outbox_recipient').on('outbox').columns(['recipient', 'channel', 'created_at']).execute();
  await db.schema.createIndex('complaints_process_instance').on('complaints').column('process_instance_key').execute();
  await db.schema.createIndex('cases_accepted').on('cases').column('accepted_at').execute();
  await db.schema.createIndex('cases_completed').on('cases').columns(['completed_at', 'status']).execute();
  await db.schema.createIndex('evaluations_created').on('evaluations').column('created_at').execute();
}
