import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SearchIndex } from './search-index.js';

/**
 * Entity kinds the engine keeps. Each is a JSON document keyed by an engine key, held in memory
 * and written through to SQLite at commit time. Keeping one generic table keeps the schema stable
 * while the runtime's records evolve; the runtime owns the shapes.
 */
export type EntityKind =
  | 'definition'
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

/**
 * Write-behind cache over SQLite: the runtime mutates documents in memory and marks them dirty;
 * `commit()` writes every dirty document, and the search index rows queued with them, in one
 * transaction (synchronous=FULL) so that commands processed in the same event-loop turn share one
 * fsync (group commit).
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

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    this.index = new SearchIndex(this.db);
    this.upsert = this.db.prepare('INSERT INTO entity (kind, key, doc) VALUES (?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET doc = excluded.doc');
    this.remove = this.db.prepare('DELETE FROM entity WHERE kind = ? AND key = ?');
    this.putMeta = this.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value');
    for (const row of this.db.prepare('SELECT kind, key, doc FROM entity').iterate() as Iterable<{ kind: EntityKind; key: number; doc: string }>) {
      this.table(row.kind).set(row.key, JSON.parse(row.doc));
    }
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

  commit(): void {
    if (!this.hasPendingWrites()) return;
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
  }

  close(): void {
    this.commit();
    this.db.close();
  }
}
