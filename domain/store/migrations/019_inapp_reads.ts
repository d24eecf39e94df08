import type { Kysely } from 'kysely';

/*
 * Which staff member has read which in-app message of a group or of their own (a window head's
 * alerts: an empty post, work handed over). The outbox row stays as written; a read is one row
 * per message and person, since a group's message is read by each of its members on their own.
 * The index serves a person's list: in-app messages to a few recipients, newest first.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inapp_reads')
    .addColumn('message_id', 'text', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inapp_reads_pk', ['message_id', 'staff_id'])
    .execute();
  await db.schema.createIndex('outbox_recipient_created_idx').on('outbox').columns(['recipient', 'channel', 'created_at']).execute();
}
