import type { Kysely } from 'kysely';
import type { Catalogue, CaseType, CatalogueItem, Department } from '../../catalogue/types.js';
import { fromIso, fromJson, toIso, toJson } from '../codec.js';
import type { StoreEnv } from '../env.js';
import type { Database } from '../schema.js';
import { inExclusiveTransaction, inTransaction } from '../transaction.js';

export type CatalogueRepo = ReturnType<typeof createCatalogueRepo>;

/**
 * The published catalogue. Items are kept whole as JSON (the five disclosures change shape more
 * often than anyone queries inside them); code, department and case type are columns to list by.
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

  const publishIn = async (trx: Kysely<Database>, catalogue: Catalogue, at: Date) => {
    for (const d of catalogue.departments) await upsertDepartment(trx, d);
    for (const item of catalogue.items) {
      const fields = {
        department_code: item.departmentCode,
        case_type: item.caseType,
        name: item.name,
        doc: toJson(item),
        version: catalogue.version,
        published_at: toIso(at),
      };
      await trx
        .insertInto('catalogue_items')
        .values({ code: item.code, ...fields })
        .onConflict((oc) => oc.column('code').doUpdateSet(fields))
        .execute();
    }
  };

  return {
    /**
     * Publishes a catalogue version: departments and items are added or replaced, atomically.
     * Items absent from this version are kept, since cases refer to them by code for good; the
     * catalogue module decides what to do with withdrawn items.
     */
    publish(catalogue: Catalogue, at: Date = env.now()): Promise<void> {
      return inTransaction(db, (trx) => publishIn(trx, catalogue, at));
    },

    /**
     * Publishes the catalogue only into a store that has no items yet, and says whether it did:
     * the start-up seed. Several instances starting at once publish it once, and an instance
     * starting later never puts the seed back over what administrators have published.
     */
    publishIfEmpty(catalogue: Catalogue, at: Date = env.now()): Promise<boolean> {
      return inExclusiveTransaction(db, env.kind, 'catalogue-seed', async (trx) => {
        if (await trx.selectFrom('catalogue_items').select('code').limit(1).executeTakeFirst()) return false;
        await publishIn(trx, catalogue, at);
        return true;
      });
    },

    async getDepartment(code: string): Promise<Department | undefined> {
      return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
    },

    async listDepartments(): Promise<Department[]> {
      return db.selectFrom('departments').selectAll().orderBy('code').execute();
    },

    async getItem(code: string): Promise<CatalogueItem | undefined> {
      const row = await db.selectFrom('catalogue_items').select('doc').where('code', '=', code).executeTakeFirst();
      return row && fromJson<CatalogueItem>(row.doc);
    },

    /** The version and time an item was last published, for the guide's footer and the audit. */
    async itemPublication(code: string): Promise<{ version: string; publishedAt: Date } | undefined> {
      const row = await db.selectFrom('catalogue_items').select(['version', 'published_at']).where('code', '=', code).executeTakeFirst();
      return row && { version: row.version, publishedAt: fromIso(row.published_at) };
    },

    async listItems(filter: { departmentCode?: string; caseType?: CaseType } = {}): Promise<CatalogueItem[]> {
      let q = db.selectFrom('catalogue_items').select('doc');
      if (filter.departmentCode !== undefined) q = q.where('department_code', '=', filter.departmentCode);
      if (filter.caseType !== undefined) q = q.where('case_type', '=', filter.caseType);
      const rows = await q.orderBy('code').execute();
      return rows.map((r) => fromJson<CatalogueItem>(r.doc));
    },
  };
}
