import { openStore, StoreSchemaError, type Store, type StoreConfig } from '../../../domain/store/index.js';
import { migrations } from '../../../domain/store/migrations/index.js';
import { fail, pass, requestFailure, withTimeout, type Finding } from './findings.js';

/** Where the store is, for the report: the SQLite file, or PostgreSQL's host, database and schema (never the password). */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `SQLite file ${config.path} (STORE_PATH)`;
  let where = '(a STORE_URL that is not a URL)';
  try {
    const url = new URL(config.connectionString);
    where = `${url.host}${url.pathname}`;
  } catch {
    // named as such below
  }
  return `PostgreSQL at ${where}${config.schema ? `, schema ${config.schema}` : ''} (STORE_URL)`;
}

/** PostgreSQL's SQLSTATEs a person can act on. */
const POSTGRES: Record<string, string> = {
  '28P01': 'PostgreSQL refused the user name or password in STORE_URL',
  '28000': 'PostgreSQL refused the connection for this user (pg_hba.conf); check STORE_URL',
  '3D000': 'the database in STORE_URL does not exist; create it',
  '42501': 'the user in STORE_URL may not read the tables; grant it access',
};

function schemaFailure(where: string, error: StoreSchemaError): Finding {
  if (error.unknown.length > 0) {
    return fail('store', `${where} was migrated by a newer version of the app (${error.unknown.join(', ')}); run that version, or restore a backup made for this one`);
  }
  if (error.pending.length === Object.keys(migrations).length) {
    return fail('store', `${where} has no tables yet; start the app once (npm start creates the store)`);
  }
  return fail('store', `${where} lacks migration(s) ${error.pending.join(', ')}; back it up, then start this version of the app once (npm start migrates the store when it opens)`);
}

/**
 * Opens the store without migrating it: the doctor reports a schema that is behind instead of
 * changing a production database. Returns the store when it is current, for the workers check.
 */
export async function checkStore(config: StoreConfig, timeoutMs: number): Promise<{ finding: Finding; store?: Store }> {
  const where = describeStore(config);
  const opening = openStore(config, { migrate: false });
  try {
    const store = await withTimeout(opening, timeoutMs);
    return { finding: pass('store', `${where} is reachable and has every migration`), store };
  } catch (error) {
    // a store that opens after the timeout must still be closed
    void opening.then((late) => late.close()).catch(() => {});
    if (error instanceof StoreSchemaError) return { finding: schemaFailure(where, error) };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && POSTGRES[code]) return { finding: fail('store', `${where}: ${POSTGRES[code]}`) };
    const failure = requestFailure(error);
    const problem = failure.kind === 'http' ? `HTTP ${failure.status}` : failure.reason;
    const fix = config.kind === 'sqlite' ? 'check STORE_PATH' : 'check STORE_URL and that PostgreSQL runs';
    return { finding: fail('store', `${where} cannot be opened: ${problem}; ${fix}`) };
  }
}
