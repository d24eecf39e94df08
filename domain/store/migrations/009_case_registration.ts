import type { Kysely } from 'kysely';

/*
 * Cases registered by the web app (收件登记 at the window, 网上申报): the key the page sends with
 * a registration, unique, so a repeated request (double click, retry after a lost answer) finds
 * the case it already made instead of making a second; and the contact person a company or
 * organisation gives. Both are null for cases registered before, or started without the web app.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('registration_key', 'text').execute();
  await db.schema.alterTable('cases').addColumn('applicant_contact', 'text').execute();
  // null keys do not collide, on SQLite and PostgreSQL alike
  await db.schema.createIndex('cases_registration_key').on('cases').column('registration_key').unique().execute();
}
