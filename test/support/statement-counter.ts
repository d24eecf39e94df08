import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { StoreConfig } from '../../domain/store/index.js';

export interface StatementLog {
  /** the SQL of each statement sent so far, in order (BEGIN and COMMIT included) */
  readonly statements: readonly string[];
  /** stops recording and returns what was recorded */
  stop(): string[];
}

type Query = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Records the statements a store sends to its database until stop(), as the job workers' cost is
 * counted (docs/decisions/0020): on PostgreSQL every pg Client.query of the process (Kysely sends
 * BEGIN and COMMIT that way too), so count only while nothing else of the test uses PostgreSQL;
 * on SQLite every statement better-sqlite3 prepares on the store's own file (Kysely prepares each
 * statement it runs; the embedded engine has a file of its own).
 */
export function recordStatements(config: StoreConfig): StatementLog {
  const statements: string[] = [];
  const target = config.kind === 'postgres' ? (pg.Client.prototype as unknown as Record<string, Query>) : (SqliteDatabase.prototype as unknown as Record<string, Query>);
  const method = config.kind === 'postgres' ? 'query' : 'prepare';
  const original = target[method];
  const sqlitePath = config.kind === 'sqlite' ? config.path : undefined;
  target[method] = function (this: unknown, ...args: unknown[]) {
    const [text] = args;
    if (sqlitePath === undefined || (this as { name?: string }).name === sqlitePath) {
      statements.push(typeof text === 'string' ? text : String((text as { text?: unknown }).text));
    }
    return original.apply(this, args);
  };
  return {
    statements,
    stop() {
      target[method] = original;
      return statements;
    },
  };
}

/** Runs fn while recording the store's statements; the statements, and fn's result. */
export async function withStatements<T>(config: StoreConfig, fn: () => Promise<T>): Promise<{ statements: string[]; result: T }> {
  const log = recordStatements(config);
  try {
    const result = await fn();
    return { statements: [...log.statements], result };
  } finally {
    log.stop();
  }
}

/** A statement's verb and table, for comparing a frame: "insert processed_jobs", "begin". */
export function shape(statement: string): string {
  const text = statement.trim().toLowerCase();
  const verb = /^\w+/.exec(text)?.[0] ?? text;
  const table = /^(?:insert into|update|delete from)\s+"?(\w+)"?/.exec(text)?.[1] ?? /\bfrom\s+"?(\w+)"?/.exec(text)?.[1];
  return table && verb !== 'begin' && verb !== 'commit' ? `${verb} ${table}` : verb;
}
