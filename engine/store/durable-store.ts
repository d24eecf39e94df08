import Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { SearchIndex } from './search-index.js';

/**
 * Entity kinds the engine keeps. Each is a JSON document keyed by an engine key, written through
 * to SQLite at commit time. Keeping one generic table keeps the schema stable while the runtime's
 * records evolve; the runtime owns the shapes.
 *
 * Resident kinds are read whole at start and stay in memory. On-demand kinds (docs/decisions/0022)
 * grow with the instances that merely wait: they are read from SQLite when first asked for and
 * only the recently used ones stay cached, so neither memory nor start-up grows with them.
 */
export type ResidentKind =
  | 'definition'
  | 'decisionRequirements'
  | 'decision'
  | 'form'
  | 'resource'
  | 'job'
  | 'messageSubscription'
  | 'signalSubscription'
  | 'message'
  | 'incident'
  | 'userTask';
export type OnDemandKind = 'processInstance' | 'elementInstance' | 'timer';
export type EntityKind = ResidentKind | OnDemandKind;

// a Record, so that a kind added to ResidentKind and not here does not compile
const RESIDENT_KINDS: Record<ResidentKind, true> = {
  definition: true,
  decisionRequirements: true,
  decision: true,
  form: true,
  resource: true,
  job: true,
  messageSubscription: true,
  signalSubscription: true,
  message: true,
  incident: true,
  userTask: true,
};
const RESIDENT = Object.keys(RESIDENT_KINDS) as ResidentKind[];
const ON_DEMAND: ReadonlySet<EntityKind> = new Set<OnDemandKind>(['processInstance', 'elementInstance', 'timer']);

/**
 * Fields of on-demand records the runtime looks records up by, each with an expression index.
 * Their values never change once a record is created.
 */
export type LookupField = 'elementInstance.flowScopeKey' | 'timer.ownerKey' | 'processInstance.definitionKey' | 'processInstance.startedByCorrelationKey';

const LOOKUPS: Record<LookupField, { kind: OnDemandKind; field: string }> = {
  'elementInstance.flowScopeKey': { kind: 'elementInstance', field: 'flowScopeKey' },
  'timer.ownerKey': { kind: 'timer', field: 'ownerKey' },
  'processInstance.definitionKey': { kind: 'processInstance', field: 'definitionKey' },
  'processInstance.startedByCorrelationKey': { kind: 'processInstance', field: 'startedByCorrelationKey' },
};

/** clean on-demand records kept cached per kind after a commit, the most recently stored or read ones */
export const DEFAULT_CACHED_RECORDS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entity (
  kind TEXT NOT NULL,
  key INTEGER NOT NULL,
  doc TEXT NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
${Object.entries(LOOKUPS)
  .map(([name, { kind, field }]) => `CREATE INDEX IF NOT EXISTS entity_by_${name.replace('.', '_')} ON entity (json_extract(doc, '$.${field}'), key) WHERE kind = '${kind}';`)
  .join('\n')}
CREATE INDEX IF NOT EXISTS entity_timer_due ON entity (key, json_extract(doc, '$.dueAt')) WHERE kind = 'timer';
`;

export interface DurableStoreOptions {
  /** an fsync failed: nothing committed since the previous one may be answered */
  onSyncError?: (err: Error) => void;
  /** how the WAL is synced; fs.fsync unless a test holds the syncs back */
  sync?: (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => void;
  /** clean on-demand records kept cached per kind; DEFAULT_CACHED_RECORDS unless a test reads every one from disk */
  cachedRecords?: number;
}

/**
 * Write-behind cache over SQLite: the runtime mutates documents in memory and marks them dirty;
 * `commit()` writes every dirty document, and the search index rows queued with them, in one
 * transaction, and calls back once that transaction is on disk.
 *
 * Group commit with the fsync off the main thread (docs/decisions/0018): the transaction runs
 * with synchronous=NORMAL, so SQLite writes the WAL frames without syncing them, and the WAL
 * file is then fsynced on libuv's thread pool. One fsync is in flight at a time; transactions
 * committed meanwhile wait for the next one, which covers all of them. Callbacks run only after
 * the fsync that followed their transaction, so an answer still leaves after its records are
 * durable, as with synchronous=FULL, while the event loop keeps serving requests.
 */
export class DurableStore {
  private readonly db: Database.Database;
  /** the searchable tables (live and history) the REST searches read */
  readonly index: SearchIndex;
  private readonly tables = new Map<EntityKind, Map<number, unknown>>();
  /** keys stored or deleted since the last commit, per kind */
  private readonly dirty = new Map<EntityKind, Set<number>>();
  private readonly dirtyMeta = new Map<string, string>();
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly readOne: Database.Statement;
  private readonly lookups = new Map<LookupField, Database.Statement>();
  private readonly cachedRecords: number;
  private readonly putMeta: Database.Statement;
  /** the WAL file, fsynced after commits; undefined for an in-memory database */
  private readonly walFd: number | undefined;
  private syncing = false;
  private closed = false;
  /** transactions committed so far, and how many of them an fsync has made durable */
  private written = 0;
  private synced = 0;
  /** callbacks waiting for the transactions up to `upTo` to be durable, in commit order */
  private readonly waitingForSync: Array<{ upTo: number; durable: () => void }> = [];
  /** called once the fsync in flight has finished, before the next one starts */
  private readonly waitingForIdle: Array<() => void> = [];
  private readonly writeTransaction: () => void;
  private readonly onSyncError: (err: Error) => void;
  private readonly sync: NonNullable<DurableStoreOptions['sync']>;

  constructor(path: string, options: DurableStoreOptions = {}) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // durability comes from the fsync of the WAL after each group of commits (see above)
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.onSyncError = options.onSyncError ?? ((err) => {
      throw err;
    });
    this.sync = options.sync ?? fsync;
    this.walFd = path === ':memory:' ? undefined : openWal(path);
    this.index = new SearchIndex(this.db);
    this.upsert = this.db.prepare('INSERT INTO entity (kind, key, doc) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc');
    this.remove = this.db.prepare('DELETE FROM entity WHERE kind = ? AND key = ?');
    this.putMeta = this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    this.readOne = this.db.prepare('SELECT doc FROM entity WHERE kind = ? AND key = ?').pluck();
    for (const [name, { kind, field }] of Object.entries(LOOKUPS) as Array<[LookupField, { kind: OnDemandKind; field: string }]>) {
      this.lookups.set(name, this.db.prepare(`SELECT key FROM entity WHERE kind = '${kind}' AND json_extract(doc, '$.${field}') IS ?`).pluck());
    }
    this.cachedRecords = options.cachedRecords ?? DEFAULT_CACHED_RECORDS;
    this.writeTransaction = this.db.transaction(() => this.writePending());
    this.load();
  }

  /** Reads the resident kinds; on-demand ones are read when asked for. */
  private load(): void {
    // one range of the primary key per kind: the on-demand kinds' rows are not even visited
    const read = this.db.prepare('SELECT key, doc FROM entity WHERE kind = ?');
    for (const kind of RESIDENT) {
      const cache = this.cache(kind);
      for (const row of read.iterate(kind) as Iterable<{ key: number; doc: string }>) cache.set(row.key, JSON.parse(row.doc));
    }
  }

  /**
   * Forgets every change since the last commit (documents, meta and queued search rows) and
   * reads the committed state again: the changes could not be committed, or a command failed
   * half-way. Objects read before stay as they were and must not be used again.
   */
  discardPendingWrites(): void {
    this.dirty.clear();
    this.dirtyMeta.clear();
    this.index.discardPending();
    this.tables.clear();
    this.load();
  }

  /** Every record of a resident kind (on-demand kinds are never all in memory). */
  table<T>(kind: ResidentKind): Map<number, T> {
    return this.cache<T>(kind);
  }

  private cache<T>(kind: EntityKind): Map<number, T> {
    let t = this.tables.get(kind);
    if (!t) {
      t = new Map();
      this.tables.set(kind, t);
    }
    return t as Map<number, T>;
  }

  get<T>(kind: EntityKind, key: number): T | undefined {
    const cache = this.cache<T>(kind);
    const doc = cache.get(key);
    if (doc !== undefined || !ON_DEMAND.has(kind) || this.dirty.get(kind)?.has(key)) return doc;
    const stored = this.readOne.get(kind, key) as string | undefined;
    if (stored === undefined) return undefined;
    const read = JSON.parse(stored) as T;
    cache.set(key, read);
    return read;
  }

  /**
   * Stores (or re-marks) a document; callers mutate the object and call put again to persist.
   * The object stays the cached one at least until the next commit, so a command always works on
   * one copy of a record.
   */
  put<T>(kind: EntityKind, key: number, doc: T): T {
    const cache = this.cache<T>(kind);
    // re-inserted, so the records stored last are the last evicted
    if (ON_DEMAND.has(kind)) cache.delete(key);
    cache.set(key, doc);
    this.dirtyKeys(kind).add(key);
    return doc;
  }

  delete(kind: EntityKind, key: number): void {
    this.cache(kind).delete(key);
    this.dirtyKeys(kind).add(key);
  }

  private dirtyKeys(kind: EntityKind): Set<number> {
    let keys = this.dirty.get(kind);
    if (!keys) {
      keys = new Set();
      this.dirty.set(kind, keys);
    }
    return keys;
  }

  /**
   * Keys of the records whose `field` holds `value` (null: absent), uncommitted changes included.
   * Each call reads the committed ones from SQLite; the runtime keeps what it looks up often.
   */
  keysWhere(lookup: LookupField, value: number | string | null): number[] {
    return this.merged(lookup, this.lookups.get(lookup)!.all(value) as number[], (v) => v === value);
  }

  /** Keys of the records that have `field` at all, uncommitted changes included. */
  keysHaving(lookup: LookupField): number[] {
    const { kind, field } = LOOKUPS[lookup];
    const committed = this.db.prepare(`SELECT key FROM entity WHERE kind = '${kind}' AND json_extract(doc, '$.${field}') IS NOT NULL`).pluck().all() as number[];
    return this.merged(lookup, committed, (v) => v !== null);
  }

  /** Committed keys, corrected by the changes not committed yet. */
  private merged(lookup: LookupField, committed: number[], matches: (value: unknown) => boolean): number[] {
    const { kind, field } = LOOKUPS[lookup];
    const keys = new Set(committed);
    const cache = this.cache<Record<string, unknown>>(kind);
    for (const key of this.dirty.get(kind) ?? []) {
      const doc = cache.get(key);
      if (doc !== undefined && matches(doc[field] ?? null)) keys.add(key);
      else keys.delete(key);
    }
    return [...keys];
  }

  /**
   * Every current record of a kind, uncommitted changes included. Reads the whole kind, so it is
   * for one-off work (bringing an old store's records up to date), not for commands.
   */
  *scan<T>(kind: OnDemandKind): Generator<T> {
    const cache = this.cache<T>(kind);
    const seen = new Set<number>();
    for (const key of this.db.prepare('SELECT key FROM entity WHERE kind = ?').pluck().all(kind) as number[]) {
      seen.add(key);
      const doc = this.get<T>(kind, key);
      if (doc !== undefined) yield doc;
    }
    for (const [key, doc] of [...cache]) if (!seen.has(key)) yield doc;
  }

  /** Every committed timer's due time, read from its index without parsing the timers. */
  timerDueTimes(): Iterable<[key: number, dueAt: number]> {
    if (this.hasPendingWrites()) throw new Error('timer due times are read from the committed state only, with nothing pending');
    return this.db.prepare("SELECT key, json_extract(doc, '$.dueAt') FROM entity WHERE kind = 'timer'").raw().iterate() as Iterable<[number, number]>;
  }

  /** Drops the cached clean on-demand records beyond the limit, the least recently stored or read first. */
  private evict(): void {
    for (const kind of ON_DEMAND) {
      const cache = this.cache(kind);
      let excess = cache.size - this.cachedRecords;
      if (excess <= 0) continue;
      for (const key of cache.keys()) {
        if (excess-- <= 0) break;
        cache.delete(key);
      }
    }
  }

  getMeta(name: string): string | undefined {
    if (this.dirtyMeta.has(name)) return this.dirtyMeta.get(name);
    const row = this.db.prepare('SELECT value FROM meta WHERE name = ?').get(name) as { value: string } | undefined;
    return row?.value;
  }

  setMeta(name: string, value: string): void {
    this.dirtyMeta.set(name, value);
  }

  hasPendingWrites(): boolean {
    return this.dirty.size > 0 || this.dirtyMeta.size > 0 || this.index.hasPendingWrites();
  }

  /**
   * Writes the pending changes in one transaction and calls `durable` once they are on disk
   * (after the next fsync of the WAL); with nothing pending, once earlier commits are.
   */
  commit(durable?: () => void): void {
    if (this.hasPendingWrites()) {
      if (this.closed) throw new Error('the store is closed; pending changes cannot be written');
      this.writeTransaction();
      this.written++;
      // nothing to sync in memory
      if (this.walFd === undefined) this.synced = this.written;
    }
    // everything is committed now, so every cached record can be read again from disk
    this.evict();
    if (durable) this.afterDurable(durable);
  }

  /** Writes the dirty documents, meta values and queued search rows; run inside the write transaction. */
  private writePending(): void {
    for (const [kind, keys] of this.dirty) {
      const cache = this.cache(kind);
      for (const key of keys) {
        const doc = cache.get(key);
        if (doc === undefined) this.remove.run(kind, key);
        else this.upsert.run(kind, key, JSON.stringify(doc));
      }
    }
    for (const [name, value] of this.dirtyMeta) this.putMeta.run(name, value);
    this.index.flush();
    this.dirty.clear();
    this.dirtyMeta.clear();
  }

  /**
   * Calls `fn` once no fsync is in flight: at once, or when the one in flight has finished. A
   * commit made then is covered by the next fsync, which starts right after, so commits held
   * back this way wait no longer for durability than commits made during the fsync.
   */
  whenSyncIdle(fn: () => void): void {
    if (this.syncing) this.waitingForIdle.push(fn);
    else fn();
  }

  /** Calls `durable` once every transaction committed so far is on disk (at once if they are). */
  afterDurable(durable: () => void): void {
    if (this.synced >= this.written) {
      durable();
      return;
    }
    this.waitingForSync.push({ upTo: this.written, durable });
    this.startSync();
  }

  private startSync(): void {
    if (this.syncing || this.waitingForSync.length === 0) return;
    const covers = this.written;
    this.syncing = true;
    this.sync(this.walFd!, (err) => {
      this.syncing = false;
      if (err) {
        this.onSyncError(err);
        return;
      }
      this.synced = covers;
      // waiters are queued in commit order, so those this fsync covers are at the front
      while (this.waitingForSync.length > 0 && this.waitingForSync[0].upTo <= covers) this.waitingForSync.shift()!.durable();
      for (const fn of this.waitingForIdle.splice(0)) fn();
      this.startSync();
    });
  }

  /** Commits what is pending and resolves once every commit so far is durable. */
  flushed(): Promise<void> {
    return new Promise((resolve) => this.commit(resolve));
  }

  /** Commits what is pending, waits until it is durable and closes the database. */
  async close(): Promise<void> {
    do await this.flushed();
    while (this.syncing || this.hasPendingWrites());
    this.closed = true;
    if (this.walFd !== undefined) closeSync(this.walFd);
    this.db.close();
  }
}

/** The WAL SQLite created on opening `path`, its directory entry made durable once. */
function openWal(path: string): number {
  const fd = openSync(`${path}-wal`, 'r');
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return fd;
}
