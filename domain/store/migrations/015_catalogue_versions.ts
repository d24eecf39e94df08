import { sql, type Kysely } from 'kysely';

/*
 * Catalogue versions (issue 10, docs/decisions/0012-catalogue-versions.md):
 * - catalogue_item_versions: every published version of an item, numbered 1, 2, … per item and
 *   never changed; `edition` names the catalogue file a version came from (null when an
 *   administrator published it), published_by who published it.
 * - catalogue_items.item_version: which of them is published now (the guide shows that one).
 * - catalogue_drafts: at most one draft per item, edited on /admin/catalogue until it is published;
 *   base_version is the version it was started from (null for a new item).
 * - cases.item_version: the version a case was registered under; its materials, deadlines and
 *   notices read that version for good.
 * What is published today becomes version 1 of each item, and the cases registered so far are
 * taken to be registered under it: nothing older is known.
 * Kysely<any> for the reason given in 001_initial.ts.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('catalogue_item_versions')
    .addColumn('item_code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('edition', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalogue_item_versions_pk', ['item_code', 'version'])
    .execute();

  await db.schema
    .createTable('catalogue_drafts')
    .addColumn('item_code', 'text', (c) => c.primaryKey())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('base_version', 'integer')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('catalogue_items').addColumn('item_version', 'integer').execute();
  await db.schema.alterTable('cases').addColumn('item_version', 'integer').execute();

  await sql`insert into catalogue_item_versions (item_code, version, doc, edition, published_at, published_by)
    select code, 1, doc, version, published_at, 'catalogue-file' from catalogue_items`.execute(db);
  await sql`update catalogue_items set item_version = 1`.execute(db);
  await sql`update cases set item_version = 1 where item_code in (select code from catalogue_items)`.execute(db);
}
