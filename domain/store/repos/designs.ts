import type { Kysely } from 'kysely';
import { fromIso, fromIsoOrNull, toIso } from '../codec.js';
import type { StoreEnv } from '../env.js';
import { StoreNotFoundError } from '../errors.js';
import type { Database, DesignVersionRow } from '../schema.js';
import { inTransaction } from '../transaction.js';

/**
 * What the designer edits: a BPMN diagram (processes/<id>.bpmn), a form-js form (forms/<id>.form)
 * or a DMN decision requirements graph (<id>.dmn, saved only here; migration 022).
 */
export type DesignKind = 'bpmn' | 'form' | 'dmn';

/** One saved version of a diagram or form, kept whole. */
export interface DesignVersion {
  kind: DesignKind;
  /** the process id, the form id or the decision requirements graph's id (its dmn:definitions id) */
  resourceId: string;
  /** 1, 2, ... per resource, in the order saved */
  version: number;
  content: string;
  /** username of the designer who saved it */
  author: string;
  createdAt: Date;
  /** the engine's process definition key (form key, decision requirements key) this version was deployed as; null while a draft */
  deployedVersionKey: string | null;
  deployedAt: Date | null;
}

export type DesignVersionSummary = Omit<DesignVersion, 'content'> & { size: number };

export interface NewDesignVersion {
  kind: DesignKind;
  resourceId: string;
  content: string;
  author: string;
  /**
   * The version the designer started from (0 for a new resource). When given and it is no longer
   * the latest, the save is refused with DesignVersionConflictError instead of silently
   * overwriting a colleague's save.
   */
  baseVersion?: number;
  at?: Date;
}

/** Someone saved the resource since the designer loaded it; `latest` is the version now current. */
export class DesignVersionConflictError extends Error {
  readonly code = 'DESIGN_VERSION_CONFLICT';
  constructor(
    readonly kind: DesignKind,
    readonly resourceId: string,
    readonly latest: number,
  ) {
    super(`${kind} '${resourceId}' is at version ${latest} now`);
    this.name = 'DesignVersionConflictError';
  }
}

export type DesignsRepo = ReturnType<typeof createDesignsRepo>;

export function createDesignsRepo(db: Kysely<Database>, env: StoreEnv) {
  /** The versions of one resource, read through `from` (the store, or a transaction). */
  const versionsOf = (kind: DesignKind, resourceId: string, from: Kysely<Database> = db) =>
    from.selectFrom('design_versions').where('kind', '=', kind).where('resource_id', '=', resourceId);

  const latestNumber = async (trx: Kysely<Database>, kind: DesignKind, resourceId: string): Promise<number> => {
    const row = await versionsOf(kind, resourceId, trx).select((eb) => eb.fn.max('version').as('v')).executeTakeFirst();
    return Number(row?.v ?? 0);
  };

  return {
    /**
     * Saves the content as the resource's next version. Two saves racing for the same number:
     * the second finds the number taken and is refused as a conflict, never overwrites.
     */
    save(input: NewDesignVersion): Promise<DesignVersion> {
      return inTransaction(db, async (trx) => {
        const latest = await latestNumber(trx, input.kind, input.resourceId);
        if (input.baseVersion !== undefined && input.baseVersion !== latest) throw new DesignVersionConflictError(input.kind, input.resourceId, latest);
        const row: DesignVersionRow = {
          kind: input.kind,
          resource_id: input.resourceId,
          version: latest + 1,
          content: input.content,
          author: input.author,
          created_at: toIso(input.at ?? env.now()),
          deployed_version_key: null,
          deployed_at: null,
        };
        const inserted = await trx
          .insertInto('design_versions')
          .values(row)
          .onConflict((oc) => oc.columns(['kind', 'resource_id', 'version']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!inserted) throw new DesignVersionConflictError(input.kind, input.resourceId, latest + 1);
        return toVersion(inserted);
      });
    },

    async get(kind: DesignKind, resourceId: string, version: number): Promise<DesignVersion | undefined> {
      const row = await versionsOf(kind, resourceId).selectAll().where('version', '=', version).executeTakeFirst();
      return row && toVersion(row);
    },

    async latest(kind: DesignKind, resourceId: string): Promise<DesignVersion | undefined> {
      const row = await versionsOf(kind, resourceId).selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
      return row && toVersion(row);
    },

    /** The version deployed most recently, if any was. */
    async lastDeployed(kind: DesignKind, resourceId: string): Promise<DesignVersion | undefined> {
      const row = await versionsOf(kind, resourceId)
        .selectAll()
        .where('deployed_at', 'is not', null)
        .orderBy('deployed_at', 'desc')
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toVersion(row);
    },

    /** Every version without its content, newest first. */
    async list(kind: DesignKind, resourceId: string): Promise<DesignVersionSummary[]> {
      const rows = await versionsOf(kind, resourceId)
        .select(['kind', 'resource_id', 'version', 'author', 'created_at', 'deployed_version_key', 'deployed_at', (eb) => eb.fn('length', ['content']).as('size')])
        .orderBy('version', 'desc')
        .execute();
      return rows.map((row) => ({
        kind: row.kind as DesignKind,
        resourceId: row.resource_id,
        version: row.version,
        author: row.author,
        createdAt: fromIso(row.created_at),
        deployedVersionKey: row.deployed_version_key,
        deployedAt: fromIsoOrNull(row.deployed_at),
        size: Number(row.size),
      }));
    },

    /**
     * The latest version of every resource of a kind saved here, by id, with the newest version
     * that was deployed (null: none was): what the designer lists of what only the store holds.
     */
    async latestOfEach(kind: DesignKind): Promise<Array<DesignVersion & { deployedVersion: number | null }>> {
      const rows = await db
        .selectFrom('design_versions as d')
        .selectAll('d')
        .select((eb) =>
          eb
            .selectFrom('design_versions as x')
            .whereRef('x.kind', '=', 'd.kind')
            .whereRef('x.resource_id', '=', 'd.resource_id')
            .where('x.deployed_at', 'is not', null)
            .select((e) => e.fn.max('x.version').as('v'))
            .as('deployed_version'),
        )
        .where('d.kind', '=', kind)
        .where((eb) => eb('d.version', '=', eb.selectFrom('design_versions as y').whereRef('y.kind', '=', 'd.kind').whereRef('y.resource_id', '=', 'd.resource_id').select((e) => e.fn.max('y.version').as('m'))))
        .orderBy('d.resource_id')
        .execute();
      return rows.map((row) => ({ ...toVersion(row), deployedVersion: row.deployed_version === null ? null : Number(row.deployed_version) }));
    },

    /** Records what the engine made of a version: its definition (or form) key. A redeploy of the same version moves the time on. */
    async markDeployed(kind: DesignKind, resourceId: string, version: number, key: string, at: Date = env.now()): Promise<DesignVersion> {
      const row = await db
        .updateTable('design_versions')
        .set({ deployed_version_key: key, deployed_at: toIso(at) })
        .where('kind', '=', kind)
        .where('resource_id', '=', resourceId)
        .where('version', '=', version)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw new StoreNotFoundError(`${kind} version`, `${resourceId}@${version}`);
      return toVersion(row);
    },
  };
}

function toVersion(row: DesignVersionRow): DesignVersion {
  return {
    kind: row.kind as DesignKind,
    resourceId: row.resource_id,
    version: row.version,
    content: row.content,
    author: row.author,
    createdAt: fromIso(row.created_at),
    deployedVersionKey: row.deployed_version_key,
    deployedAt: fromIsoOrNull(row.deployed_at),
  };
}
