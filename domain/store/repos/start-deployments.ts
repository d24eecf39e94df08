import type { Kysely } from 'kysely';
import { fromIso, toIso } from '../codec.js';
import type { Database, StartDeploymentRow } from '../schema.js';
import type { DesignKind } from './designs.js';

/** A process or form `npm start` deployed from a file of processes/ or forms/ (docs/decisions/0010). */
export interface StartDeployment {
  kind: DesignKind;
  /** the process id or the form id */
  resourceId: string;
  /** the process definition key or form key the engine gave it */
  engineKey: string;
  /** the engine's version number of that definition or form */
  engineVersion: number;
  /** the file name in processes/ or forms/ */
  file: string;
  /** SHA-256 (hex) of the file's UTF-8 text as deployed */
  fileSha256: string;
  deployedAt: Date;
}

export type StartDeploymentsRepo = ReturnType<typeof createStartDeploymentsRepo>;

export function createStartDeploymentsRepo(db: Kysely<Database>) {
  const of = (kind: DesignKind, resourceId: string) => db.selectFrom('start_deployments').selectAll().where('kind', '=', kind).where('resource_id', '=', resourceId);

  return {
    /** Keeps what a start deployed; the same key again (another instance, the same file) only moves the time on. */
    async record(deployment: StartDeployment): Promise<void> {
      const row = toRow(deployment);
      await db
        .insertInto('start_deployments')
        .values(row)
        .onConflict((oc) => oc.columns(['kind', 'resource_id', 'engine_key']).doUpdateSet({ file: row.file, file_sha256: row.file_sha256, deployed_at: row.deployed_at }))
        .execute();
    },

    /** The highest engine version a start deployed of the resource, if it ever did. */
    async latest(kind: DesignKind, resourceId: string): Promise<StartDeployment | undefined> {
      const row = await of(kind, resourceId).orderBy('engine_version', 'desc').orderBy('deployed_at', 'desc').limit(1).executeTakeFirst();
      return row && toDeployment(row);
    },

    /** The start deployment that made this engine key, if a start made it. */
    async byKey(kind: DesignKind, resourceId: string, engineKey: string): Promise<StartDeployment | undefined> {
      const row = await of(kind, resourceId).where('engine_key', '=', engineKey).executeTakeFirst();
      return row && toDeployment(row);
    },
  };
}

function toRow(d: StartDeployment): StartDeploymentRow {
  return {
    kind: d.kind,
    resource_id: d.resourceId,
    engine_key: d.engineKey,
    engine_version: d.engineVersion,
    file: d.file,
    file_sha256: d.fileSha256,
    deployed_at: toIso(d.deployedAt),
  };
}

function toDeployment(row: StartDeploymentRow): StartDeployment {
  return {
    kind: row.kind as DesignKind,
    resourceId: row.resource_id,
    engineKey: row.engine_key,
    engineVersion: Number(row.engine_version),
    file: row.file,
    fileSha256: row.file_sha256,
    deployedAt: fromIso(row.deployed_at),
  };
}
