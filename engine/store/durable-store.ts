import Database from 'better-sqlite3';
import { closeSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { SearchIndex } from './search-index.js';

/**
 * Entity kinds the engine keeps. Each is a JSON document keyed by an engine key, held in memory
 * and written through to SQLite at commit time. Keeping one generic table keeps the schema stable
 * while the runtime's records evolve; the runtime owns the shapes.
 */
export type EntityKind =
  | 'definition'
  | 'decisionRequirements'
  | 'decision'
  | 'form'
  | 'processInstance'
  | 'elementInstance'
  | 'job'
  | 'timer'
  | 'messageSubscription'
  | 'signalSubscription'
  | 'message'
  | 'incident'
  | 'userTask';

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
`;

export interface DurableStoreOptions {
  /** an fsync failed: nothing committed since the previous one may be answered */
  onSyncError?: (err: Error) => void;
  /** how the WAL is synced; fs.fsync unless a test holds the syncs back */
  sync?: (fd: number, callback: (err: NodeJS.ErrnoException | null) => void) => void;
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
  private readonly dirty = new Map<string, { kind: EntityKind; key: number }>();
  private readonly dirtyMeta = new Map<string, string>();
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
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
    this.load();
  }

  private load(): void {
    for (const row of this.db.prepare('SELECT kind, key, doc FROM entity').iterate() as Iterable<{ kind: EntityKind; key: number; doc: string }>) {
      this.table(row.kind).set(row.key, JSON.parse(row.doc));
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

  table<T>(kind: EntityKind): Map<number, T> {
    let t = this.tables.get(kind);
    if (!t) {
      t = new Map();
      this.tables.set(kind, t);
    }
    return t as Map<number, T>;
  }

  get<T>(kind: EntityKind, key: number): T | undefined {
    return this.table<T>(kind).get(key);
  }

  /** Stores (or re-marks) a document; callers mutate the object and call put again to persist. */
  put<T>(kind: EntityKind, key: number, doc: T): T {
    this.table<T>(kind).set(key, doc);
    this.dirty.set(kind + ':' + key, { kind, key });
    return doc;
  }

  delete(kind: EntityKind, key: number): void {
    this.table(kind).delete(key);
    this.dirty.set(kind + ':' + key, { kind, key });
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
      const entries = [...this.dirty.values()];
      const meta = [...this.dirtyMeta.entries()];
      this.dirty.clear();
      this.dirtyMeta.clear();
      this.db.transaction(() => {
        for (const { kind, key } of entries) {
          const doc = this.table(kind).get(key);
          if (doc === undefined) this.remove.run(kind, key);
          else this.upsert.run(kind, key, JSON.stringify(doc));
        }
        for (const [name, value] of meta) this.putMeta.run(name, value);
        this.index.flush();
      })();
      this.written++;
      // nothing to sync in memory
      if (this.walFd === undefined) this.synced = this.written;
    }
    if (durable) this.afterDurable(durable);
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
