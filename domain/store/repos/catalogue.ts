import type { Kysely } from 'kysely';
import type { Catalogue, CaseType, CatalogueItem, Department } from '../../catalogue/types.js';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { CatalogueDraftRow, CatalogueItemVersionRow, Database } from '../schema.js';
import { inExclusiveTransaction, inTransaction } from '../transaction.js';

export type CatalogueRepo = ReturnType<typeof createCatalogueRepo>;

/** Who published the versions that come from a catalogue file (the seed, or a file an operator loads). */
export const CATALOGUE_FILE_PUBLISHER = 'catalogue-file';

/** One published version of an item: never changed once written. */
export interface ItemVersion {
  item: CatalogueItem;
  /** 1, 2, … per item */
  version: number;
  /** the catalogue file's version it came from; null when an administrator published it */
  edition: string | null;
  publishedAt: Date;
  publishedBy: string;
}

interface ItemFilter {
  departmentCode?: string;
  caseType?: CaseType;
}

/** The item as an administrator is editing it, not yet published. */
export interface CatalogueDraft {
  item: CatalogueItem;
  /** the published version the draft was started from; null for an item never published */
  baseVersion: number | null;
  updatedBy: string;
  updatedAt: Date;
}

/** The draft was started from a version that is no longer the published one, or the draft is gone. */
export class CatalogueDraftConflictError extends Error {
  readonly code = 'CATALOGUE_DRAFT_CONFLICT';
  constructor(
    readonly itemCode: string,
    readonly baseVersion: number | null,
    readonly publishedVersion: number | null,
  ) {
    super(`the draft of ${itemCode} starts from version ${baseVersion ?? 'none'}, but version ${publishedVersion ?? 'none'} is published`);
    this.name = 'CatalogueDraftConflictError';
  }
}

const toItemVersion = (row: CatalogueItemVersionRow): ItemVersion => ({
  item: fromJson<CatalogueItem>(row.doc),
  version: row.version,
  edition: row.edition,
  publishedAt: fromIso(row.published_at),
  publishedBy: row.published_by,
});

const toDraft = (row: CatalogueDraftRow): CatalogueDraft => ({
  item: fromJson<CatalogueItem>(row.doc),
  baseVersion: row.base_version,
  updatedBy: row.updated_by,
  updatedAt: fromIso(row.updated_at),
});

/**
 * The catalogue: every published version of each item (catalogue_item_versions), which one is
 * published now (catalogue_items, what the guide and registration read), and the administrators'
 * drafts. Items are kept whole as JSON (the five disclosures change shape more often than anyone
 * queries inside them); code, department and case type are columns to list by. A case keeps the
 * version it was registered under (cases.item_version): itemOfCase reads that one.
 */
export function createCatalogueRepo(db: Kysely<Database>, env: StoreEnv) {
  const upsertDepartment = async (trx: Kysely<Database>, d: Department) => {
    const fields = { name: d.name, location: d.location };
    await trx
      .insertInto('departments')
      .values({ code: d.code, ...fields })
      .onConflict((oc) => oc.column('code').doUpdateSet(fields))
      .execute();
  };

  const versionRow = (trx: Kysely<Database>, code: string, version: number) =>
    trx.selectFrom('catalogue_item_versions').selectAll().where('item_code', '=', code).where('version', '=', version).executeTakeFirst();

  const publishedRow = (trx: Kysely<Database>, code: string) => trx.selectFrom('catalogue_items').select(['item_version', 'doc']).where('code', '=', code).executeTakeFirst();

  /** Writes the item as its next version and makes that the published one; the caller holds the item's lock. */
  const publishItemIn = async (trx: Kysely<Database>, item: CatalogueItem, source: { edition: string | null; by: string; at: Date }): Promise<ItemVersion> => {
    const last = await trx
      .selectFrom('catalogue_item_versions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('item_code', '=', item.code)
      .executeTakeFirst();
    const row: CatalogueItemVersionRow = {
      item_code: item.code,
      version: Number(last?.version ?? 0) + 1,
      doc: toJson(item),
      edition: source.edition,
      published_at: toIso(source.at),
      published_by: source.by,
    };
    await trx.insertInto('catalogue_item_versions').values(row).execute();
    const fields = {
      department_code: item.departmentCode,
      case_type: item.caseType,
      name: item.name,
      doc: row.doc,
      version: String(row.version),
      item_version: row.version,
      published_at: row.published_at,
    };
    await trx
      .insertInto('catalogue_items')
      .values({ code: item.code, ...fields })
      .onConflict((oc) => oc.column('code').doUpdateSet(fields))
      .execute();
    return toItemVersion(row);
  };

  const publishIn = async (trx: Kysely<Database>, catalogue: Catalogue, at: Date, by: string) => {
    for (const d of catalogue.departments) await upsertDepartment(trx, d);
    for (const item of catalogue.items) {
      // a file published again leaves the items it did not change at their version
      if ((await publishedRow(trx, item.code))?.doc === toJson(item)) continue;
      await publishItemIn(trx, item, { edition: catalogue.version, by, at });
    }
  };

  const publishedRows = (filter: ItemFilter) => {
    let q = db.selectFrom('catalogue_items').select(['doc', 'item_version', 'published_at']);
    if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
    if (filter.caseType !== undefined) q = q.where('case_type', '=', filter.caseType);
    return q.orderBy('code').execute();
  };

  const getItem = async (code: string): Promise<CatalogueItem | undefined> => {
    const row = await db.selectFrom('catalogue_items').select('doc').where('code', '=', code).executeTakeFirst();
    return row && fromJson<CatalogueItem>(row.doc);
  };

  const getItemVersion = async (code: string, version: number): Promise<ItemVersion | undefined> => {
    const row = await versionRow(db, code, version);
    return row && toItemVersion(row);
  };

  const getPublished = async (code: string): Promise<ItemVersion | undefined> => {
    const version = (await publishedRow(db, code))?.item_version;
    return version === null || version === undefined ? undefined : getItemVersion(code, version);
  };

  return {
    /**
     * Publishes a catalogue file: departments are added or replaced, and each item it changes gets
     * a new version, atomically. Items absent from the file are kept, since cases refer to them by
     * code for good; the catalogue module decides what to do with withdrawn items.
     */
    publish(catalogue: Catalogue, at: Date = env.now(), by: string = CATALOGUE_FILE_PUBLISHER): Promise<void> {
      return inExclusiveTransaction(db, env.kind, 'catalogue-publish', (trx) => publishIn(trx, catalogue, at, by));
    },

    /**
     * Publishes the catalogue only into a store that has no items yet, and says whether it did:
     * the start-up seed. Several instances starting at once publish it once, and an instance
     * starting later never puts the seed back over what administrators have published.
     */
    publishIfEmpty(catalogue: Catalogue, at: Date = env.now()): Promise<boolean> {
      return inExclusiveTransaction(db, env.kind, 'catalogue-publish', async (trx) => {
        if (await trx.selectFrom('catalogue_items').select('code').limit(1).executeTakeFirst()) return false;
        await publishIn(trx, catalogue, at, CATALOGUE_FILE_PUBLISHER);
        return true;
      });
    },

    async getDepartment(code: string): Promise<Department | undefined> {
      return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
    },

    async listDepartments(): Promise<Department[]> {
      return db.selectFrom('departments').selectAll().orderBy('code').execute();
    },

    /** The published version of the item. */
    getItem,

    /** The published version of the item with its number and publication. */
    getPublished,

    getItemVersion,

    /**
     * The item as the case was registered under it: its materials, deadlines and notices follow
     * that version whatever was published since. A case without a version (registered with no
     * published item) reads the published one.
     */
    async itemOfCase(theCase: { itemCode: string; itemVersion: number | null }): Promise<CatalogueItem | undefined> {
      if (theCase.itemVersion === null) return getItem(theCase.itemCode);
      return (await getItemVersion(theCase.itemCode, theCase.itemVersion))?.item;
    },

    /** Every published version of the item, newest first. */
    async listVersions(code: string): Promise<ItemVersion[]> {
      const rows = await db.selectFrom('catalogue_item_versions').selectAll().where('item_code', '=', code).orderBy('version', 'desc').execute();
      return rows.map(toItemVersion);
    },

    /** The version and time the published item came out, for the guide's footer. */
    async itemPublication(code: string): Promise<{ version: number; edition: string | null; publishedAt: Date } | undefined> {
      const published = await getPublished(code);
      return published && { version: published.version, edition: published.edition, publishedAt: published.publishedAt };
    },

    async listItems(filter: ItemFilter = {}): Promise<CatalogueItem[]> {
      return (await publishedRows(filter)).map((r) => fromJson<CatalogueItem>(r.doc));
    },

    /** The published items with their version numbers and publication times, for the administrators' list. */
    async listPublished(filter: ItemFilter = {}): Promise<Array<{ item: CatalogueItem; version: number | null; publishedAt: Date }>> {
      return (await publishedRows(filter)).map((r) => ({ item: fromJson<CatalogueItem>(r.doc), version: r.item_version, publishedAt: fromIso(r.published_at) }));
    },

    async getDraft(code: string): Promise<CatalogueDraft | undefined> {
      const row = await db.selectFrom('catalogue_drafts').selectAll().where('item_code', '=', code).executeTakeFirst();
      return row && toDraft(row);
    },

    async listDrafts(): Promise<CatalogueDraft[]> {
      const rows = await db.selectFrom('catalogue_drafts').selectAll().orderBy('item_code').execute();
      return rows.map(toDraft);
    },

    /**
     * Saves the item as its draft, replacing the one there was. The base version is the draft's
     * first one: a draft edited again keeps the version it was started from.
     */
    saveDraft(input: { item: CatalogueItem; baseVersion: number | null; by: string; at?: Date }): Promise<CatalogueDraft> {
      return inTransaction(db, async (trx) => {
        const existing = await trx.selectFrom('catalogue_drafts').select('base_version').where('item_code', '=', input.item.code).executeTakeFirst();
        const row: CatalogueDraftRow = {
          item_code: input.item.code,
          doc: toJson(input.item),
          base_version: existing ? existing.base_version : input.baseVersion,
          updated_by: input.by,
          updated_at: toIso(input.at ?? env.now()),
        };
        await trx
          .insertInto('catalogue_drafts')
          .values(row)
          .onConflict((oc) => oc.column('item_code').doUpdateSet({ doc: row.doc, base_version: row.base_version, updated_by: row.updated_by, updated_at: row.updated_at }))
          .execute();
        return toDraft(row);
      });
    },

    /** Drops the draft; says whether there was one. */
    async discardDraft(code: string): Promise<boolean> {
      const result = await db.deleteFrom('catalogue_drafts').where('item_code', '=', code).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /**
     * Publishes the item's draft as its next version and drops the draft, atomically. Refused
     * with CatalogueDraftConflictError when there is no draft, or when the published version is
     * no longer the one the draft started from (a catalogue file published the item meanwhile):
     * publishing would silently undo that change.
     */
    publishDraft(code: string, by: string, at: Date = env.now()): Promise<{ published: ItemVersion; previous: ItemVersion | undefined }> {
      return inExclusiveTransaction(db, env.kind, 'catalogue-publish', async (trx) => {
        const draft = await trx.selectFrom('catalogue_drafts').selectAll().where('item_code', '=', code).executeTakeFirst();
        const current = (await publishedRow(trx, code))?.item_version ?? null;
        if (!draft || draft.base_version !== current) throw new CatalogueDraftConflictError(code, draft?.base_version ?? null, current);
        const previousRow = current === null ? undefined : await versionRow(trx, code, current);
        const published = await publishItemIn(trx, fromJson<CatalogueItem>(draft.doc), { edition: null, by, at });
        await trx.deleteFrom('catalogue_drafts').where('item_code', '=', code).execute();
        return { published, previous: previousRow && toItemVersion(previousRow) };
      });
    },
  };
}
