import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/*
 * Staff administration (issue 10): what the administrator keeps about accounts and absences.
 * - users.must_change_password: set by an administrator's password reset (and on a new
 *   account), cleared when the user chooses their own; until then the account opens no page
 *   and no API but the change of password.
 * - absences.kind: 请假 leave, 培训 training, 出差 business-trip (reason stays the words the
 *   inbox shows); created_by and created_at say who recorded it, for the audit and the page.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0).check(sql`must_change_password in (0, 1)`))
    .execute();
  await db.schema
    .alterTable('absences')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('leave').check(sql`kind in ('leave', 'training', 'business-trip')`))
    .execute();
  await db.schema.alterTable('absences').addColumn('created_by', 'text').execute();
  await db.schema.alterTable('absences').addColumn('created_at', 'text').execute();
  await db.schema.createIndex('absences_period').on('absences').columns(['starts_at', 'ends_at']).execute();
}
