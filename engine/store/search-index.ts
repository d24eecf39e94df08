import type Database from 'better-sqlite3';

/**
 * The engine's secondary store, the way a cluster has one beside its log: narrow, indexed SQLite
 * tables that the REST searches read, holding live rows and history alike. Rows are queued while
 * a command runs and written by `flush()` inside the runtime's commit transaction, so they share
 * its group commit and fsync; an element instance that starts and ends between two commits is
 * written once, with its final state.
 */

/**
 * A table of rows that belong to an element of a process instance (jobs, user tasks, incidents,
 * subscriptions): indexed by process instance, which per-instance searches and the history
 * cleanup go by.
 */
function elementTable(name: string, columns: string): string {
  return `CREATE TABLE IF NOT EXISTS ${name} (
  key INTEGER PRIMARY KEY,${columns},
  process_definition_id TEXT NOT NULL,
  process_definition_key INTEGER NOT NULL,
  process_instance_key INTEGER NOT NULL,
  element_id TEXT NOT NULL,
  element_instance_key INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS ${name}_by_process_instance ON ${name} (process_instance_key);`;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS process_instance (
  key INTEGER PRIMARY KEY,
  process_definition_id TEXT NOT NULL,
  process_definition_name TEXT,
  process_definition_version INTEGER NOT NULL,
  process_definition_key INTEGER NOT NULL,
  state TEXT NOT NULL,
  start_date INTEGER NOT NULL,
  end_date INTEGER,
  has_incident INTEGER NOT NULL,
  parent_process_instance_key INTEGER,
  parent_element_instance_key INTEGER
);
DROP INDEX IF EXISTS process_instance_by_definition;
CREATE INDEX IF NOT EXISTS process_instance_by_definition_start ON process_instance (process_definition_id, state, start_date);
CREATE INDEX IF NOT EXISTS process_instance_by_parent ON process_instance (parent_process_instance_key) WHERE parent_process_instance_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS process_instance_by_end ON process_instance (end_date) WHERE end_date IS NOT NULL;
CREATE TABLE IF NOT EXISTS element_instance (
  key INTEGER PRIMARY KEY,
  process_instance_key INTEGER NOT NULL,
  process_definition_key INTEGER NOT NULL,
  process_definition_id TEXT NOT NULL,
  element_id TEXT NOT NULL,
  element_name TEXT NOT NULL,
  type TEXT NOT NULL,
  state TEXT NOT NULL,
  start_date INTEGER NOT NULL,
  end_date INTEGER,
  incident_key INTEGER,
  scope_key INTEGER
);
CREATE INDEX IF NOT EXISTS element_instance_by_process_instance ON element_instance (process_instance_key);
CREATE TABLE IF NOT EXISTS variable (
  variable_key INTEGER PRIMARY KEY,
  scope_key INTEGER NOT NULL,
  process_instance_key INTEGER NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  UNIQUE (scope_key, name)
);
CREATE INDEX IF NOT EXISTS variable_by_process_instance ON variable (process_instance_key, name);
${elementTable('job', `
  type TEXT NOT NULL,
  worker TEXT NOT NULL,
  state TEXT NOT NULL,
  kind TEXT NOT NULL,
  listener_event_type TEXT NOT NULL,
  retries INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  deadline INTEGER,
  end_time INTEGER,
  has_failed_with_retries_left INTEGER NOT NULL,
  custom_headers TEXT NOT NULL`)}
CREATE INDEX IF NOT EXISTS job_by_type ON job (type, state);
${elementTable('user_task', `
  name TEXT,
  state TEXT NOT NULL,
  assignee TEXT,
  candidate_groups TEXT NOT NULL,
  candidate_users TEXT NOT NULL,
  process_definition_version INTEGER NOT NULL,
  form_key INTEGER,
  external_form_reference TEXT,
  creation_date INTEGER NOT NULL,
  completion_date INTEGER,
  due_date INTEGER,
  follow_up_date INTEGER,
  priority INTEGER NOT NULL,
  custom_headers TEXT NOT NULL`)}
CREATE INDEX IF NOT EXISTS user_task_by_state ON user_task (state, assignee);
${elementTable('incident', `
  error_type TEXT NOT NULL,
  error_message TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  state TEXT NOT NULL,
  job_key INTEGER`)}
CREATE INDEX IF NOT EXISTS incident_by_state ON incident (state, creation_time);
${elementTable('message_subscription', `
  state TEXT NOT NULL,
  last_updated_date INTEGER NOT NULL,
  message_name TEXT NOT NULL,
  correlation_key TEXT NOT NULL`)}
CREATE INDEX IF NOT EXISTS message_subscription_by_message ON message_subscription (message_name, correlation_key);
CREATE TABLE IF NOT EXISTS batch_operation (
  key INTEGER PRIMARY KEY,
  operation_type TEXT NOT NULL,
  state TEXT NOT NULL,
  start_date INTEGER NOT NULL,
  end_date INTEGER,
  operations_total_count INTEGER NOT NULL,
  operations_failed_count INTEGER NOT NULL,
  operations_completed_count INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_operation_item (
  key INTEGER PRIMARY KEY,
  batch_operation_key INTEGER NOT NULL,
  operation_type TEXT NOT NULL,
  item_key INTEGER NOT NULL,
  process_instance_key INTEGER NOT NULL,
  state TEXT NOT NULL,
  processed_date INTEGER,
  error_message TEXT
);
CREATE INDEX IF NOT EXISTS batch_operation_item_by_batch ON batch_operation_item (batch_operation_key);
CREATE INDEX IF NOT EXISTS batch_operation_item_by_process_instance ON batch_operation_item (process_instance_key);
CREATE TABLE IF NOT EXISTS decision_instance (
  key INTEGER PRIMARY KEY,
  decision_evaluation_instance_key TEXT NOT NULL UNIQUE,
  decision_evaluation_key INTEGER NOT NULL,
  state TEXT NOT NULL,
  evaluation_date INTEGER NOT NULL,
  evaluation_failure TEXT,
  decision_definition_id TEXT NOT NULL,
  decision_definition_key INTEGER NOT NULL,
  decision_definition_name TEXT NOT NULL,
  decision_definition_version INTEGER NOT NULL,
  decision_definition_type TEXT NOT NULL,
  result TEXT NOT NULL,
  evaluated_inputs TEXT NOT NULL,
  matched_rules TEXT NOT NULL,
  process_definition_key INTEGER,
  process_instance_key INTEGER,
  element_instance_key INTEGER
);
CREATE INDEX IF NOT EXISTS decision_instance_by_process_instance ON decision_instance (process_instance_key) WHERE process_instance_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS decision_instance_by_evaluation_date ON decision_instance (evaluation_date) WHERE process_instance_key IS NULL;
`;

/** Tables whose rows the runtime writes whole, one per record (its latest state). */
export type RecordTable = 'job' | 'user_task' | 'incident' | 'message_subscription' | 'batch_operation' | 'batch_operation_item' | 'decision_instance';

const RECORD_TABLES: RecordTable[] = ['job', 'user_task', 'incident', 'message_subscription', 'batch_operation', 'batch_operation_item', 'decision_instance'];

/** The record tables whose rows belong to one process instance and go with its history. */
const INSTANCE_TABLES: RecordTable[] = ['job', 'user_task', 'incident', 'message_subscription', 'batch_operation_item', 'decision_instance'];

/** A row by column name; built at flush time, so it holds the record's state at the commit. */
export type RowOf = () => Record<string, unknown>;

export type IndexedState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** What the index needs of a process instance; read when the queue is flushed. */
export interface IndexedProcessInstance {
  key: number;
  bpmnProcessId: string;
  definitionKey: number;
  version: number;
  state: IndexedState;
  startDate: number;
  endDate?: number;
  incidentCount: number;
  parentProcessInstanceKey?: number;
  parentElementInstanceKey?: number;
}

/** An element instance as first seen: what never changes afterwards. */
export interface IndexedElementInstance {
  key: number;
  processInstanceKey: number;
  definitionKey: number;
  bpmnProcessId: string;
  elementId: string;
  elementName: string;
  type: string;
  startDate: number;
  scopeKey: number | null;
}

/** What a migration changes of an element instance: the definition and element it belongs to. */
export type MigratedElementInstance = Pick<IndexedElementInstance, 'definitionKey' | 'bpmnProcessId' | 'elementId' | 'elementName' | 'type'>;

interface ElementInstanceEntry {
  /** set when the row is not written yet: the flush inserts it */
  created?: IndexedElementInstance;
  migrated?: MigratedElementInstance;
  state: IndexedState;
  endDate?: number;
  incidentKey?: number;
  ended?: true;
  incidentChanged?: true;
}

interface VariableEntry {
  scopeKey: number;
  processInstanceKey: number;
  name: string;
  /** the scope's variables object; the value is read (and serialised once) at flush time */
  holder: Record<string, unknown>;
}

export class SearchIndex {
  private readonly processInstances = new Map<number, { pi: IndexedProcessInstance; name: string | undefined }>();
  private readonly elementInstances = new Map<number, ElementInstanceEntry>();
  private readonly variables = new Map<string, VariableEntry>();
  private readonly records = new Map<RecordTable, Map<number, RowOf>>(RECORD_TABLES.map((t) => [t, new Map()]));
  private readonly upsertRecord = new Map<RecordTable, Database.Statement>();
  private readonly upsertProcessInstance: Database.Statement;
  private readonly insertElementInstance: Database.Statement;
  private readonly endElementInstance: Database.Statement;
  private readonly setElementInstanceIncident: Database.Statement;
  private readonly migrateElementInstance: Database.Statement;
  private readonly upsertVariable: Database.Statement;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.upsertProcessInstance = db.prepare(
      `INSERT INTO process_instance (key, process_definition_id, process_definition_name, process_definition_version, process_definition_key,
         state, start_date, end_date, has_incident, parent_process_instance_key, parent_element_instance_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET state = excluded.state, end_date = excluded.end_date, has_incident = excluded.has_incident,
         process_definition_id = excluded.process_definition_id, process_definition_name = excluded.process_definition_name,
         process_definition_version = excluded.process_definition_version, process_definition_key = excluded.process_definition_key`,
    );
    this.insertElementInstance = db.prepare(
      `INSERT OR REPLACE INTO element_instance (key, process_instance_key, process_definition_key, process_definition_id, element_id, element_name,
         type, state, start_date, end_date, incident_key, scope_key)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.endElementInstance = db.prepare('UPDATE element_instance SET state = ?, end_date = ? WHERE key = ?');
    this.setElementInstanceIncident = db.prepare('UPDATE element_instance SET incident_key = ? WHERE key = ?');
    this.migrateElementInstance = db.prepare(
      'UPDATE element_instance SET process_definition_key = ?, process_definition_id = ?, element_id = ?, element_name = ?, type = ? WHERE key = ?',
    );
    this.upsertVariable = db.prepare(
      `INSERT INTO variable (scope_key, process_instance_key, name, value) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope_key, name) DO UPDATE SET value = excluded.value`,
    );
    for (const table of RECORD_TABLES) {
      const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map((c) => c.name);
      this.upsertRecord.set(table, db.prepare(`INSERT OR REPLACE INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})`));
    }
  }

  /** A record of a record table was created or changed; `row` builds its row when the queue is flushed. */
  recordChanged(table: RecordTable, key: number, row: RowOf): void {
    this.records.get(table)!.set(key, row);
  }

  processInstanceChanged(pi: IndexedProcessInstance, definitionName: string | undefined): void {
    this.processInstances.set(pi.key, { pi, name: definitionName });
  }

  elementInstanceCreated(ei: IndexedElementInstance): void {
    this.elementInstances.set(ei.key, { created: ei, state: 'ACTIVE' });
  }

  /** The element instance's incident changed (raised: its key; resolved: undefined). */
  elementInstanceIncident(key: number, incidentKey: number | undefined): void {
    const entry = this.entryOf(key);
    entry.incidentKey = incidentKey;
    entry.incidentChanged = true;
  }

  elementInstanceEnded(key: number, state: 'COMPLETED' | 'TERMINATED', endDate: number): void {
    const entry = this.entryOf(key);
    entry.state = state;
    entry.endDate = endDate;
    entry.ended = true;
  }

  /** The element instance moved to another definition's element (process-instance migration). */
  elementInstanceMigrated(key: number, migrated: MigratedElementInstance): void {
    const entry = this.entryOf(key);
    if (entry.created) entry.created = { ...entry.created, ...migrated };
    else entry.migrated = migrated;
  }

  /** The queued entry of an element instance; one written in an earlier commit gets an entry of changes. */
  private entryOf(key: number): ElementInstanceEntry {
    let entry = this.elementInstances.get(key);
    if (!entry) {
      entry = { state: 'ACTIVE' };
      this.elementInstances.set(key, entry);
    }
    return entry;
  }

  /** The variable `name` of a scope was created or changed; `holder` is the scope's variables object. */
  variableChanged(scopeKey: number, processInstanceKey: number, name: string, holder: Record<string, unknown>): void {
    this.variables.set(scopeKey + '\u0000' + name, { scopeKey, processInstanceKey, name, holder });
  }

  hasPendingWrites(): boolean {
    return (
      this.processInstances.size > 0 || this.elementInstances.size > 0 || this.variables.size > 0 || [...this.records.values()].some((rows) => rows.size > 0)
    );
  }

  /** Drops the queued rows: the changes they describe were rolled back. */
  discardPending(): void {
    this.processInstances.clear();
    this.elementInstances.clear();
    this.variables.clear();
    for (const rows of this.records.values()) rows.clear();
  }

  /** Writes the queued rows; the caller runs it inside its transaction. */
  flush(): void {
    for (const { pi, name } of this.processInstances.values()) {
      this.upsertProcessInstance.run(
        pi.key,
        pi.bpmnProcessId,
        name ?? null,
        pi.version,
        pi.definitionKey,
        pi.state,
        pi.startDate,
        pi.endDate ?? null,
        pi.incidentCount > 0 ? 1 : 0,
        pi.parentProcessInstanceKey ?? null,
        pi.parentElementInstanceKey ?? null,
      );
    }
    this.processInstances.clear();
    for (const [key, entry] of this.elementInstances) {
      const c = entry.created;
      if (c) {
        this.insertElementInstance.run(
          key,
          c.processInstanceKey,
          c.definitionKey,
          c.bpmnProcessId,
          c.elementId,
          c.elementName,
          c.type,
          entry.state,
          c.startDate,
          entry.endDate ?? null,
          entry.incidentKey ?? null,
          c.scopeKey,
        );
      } else {
        const m = entry.migrated;
        if (m) this.migrateElementInstance.run(m.definitionKey, m.bpmnProcessId, m.elementId, m.elementName, m.type, key);
        if (entry.incidentChanged) this.setElementInstanceIncident.run(entry.incidentKey ?? null, key);
        if (entry.ended) this.endElementInstance.run(entry.state, entry.endDate ?? null, key);
      }
    }
    this.elementInstances.clear();
    for (const v of this.variables.values()) {
      this.upsertVariable.run(v.scopeKey, v.processInstanceKey, v.name, JSON.stringify(v.holder[v.name]) ?? 'null');
    }
    this.variables.clear();
    for (const [table, rows] of this.records) {
      const upsert = this.upsertRecord.get(table)!;
      for (const row of rows.values()) upsert.run(row());
      rows.clear();
    }
  }

  /**
   * Deletes the history of process instances that ended before `cutoff` (epoch ms), at most
   * `batch` instances per call so a large backlog does not hold the engine for long; answers how
   * many instances it removed.
   */
  removeEndedBefore(cutoff: number, batch: number): number {
    // decisions evaluated through the REST API belong to no instance: they go by their own age
    this.db.prepare('DELETE FROM decision_instance WHERE key IN (SELECT key FROM decision_instance WHERE process_instance_key IS NULL AND evaluation_date < ? LIMIT ?)').run(cutoff, batch);
    const keys = (this.db.prepare('SELECT key FROM process_instance WHERE end_date IS NOT NULL AND end_date < ? LIMIT ?').all(cutoff, batch) as Array<{ key: number }>).map(
      (r) => r.key,
    );
    if (keys.length === 0) return 0;
    const statements = ['element_instance', 'variable', ...INSTANCE_TABLES].map((table) =>
      this.db.prepare(`DELETE FROM ${table} WHERE process_instance_key = ?`),
    );
    const removeInstance = this.db.prepare('DELETE FROM process_instance WHERE key = ?');
    this.db.transaction(() => {
      for (const key of keys) {
        for (const s of statements) s.run(key);
        removeInstance.run(key);
      }
    })();
    return keys.length;
  }
}

