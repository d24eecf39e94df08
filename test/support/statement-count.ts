import { DefaultQueryExecutor, type CompiledQuery } from 'kysely';

/**
 * What `fn` returns, and the SQL of every statement any store of this process sent through Kysely
 * while it ran (transactions included: each runs on its own DefaultQueryExecutor). For counting
 * the store round trips a request costs; run nothing else against a store meanwhile.
 */
export async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = DefaultQueryExecutor.prototype as unknown as { executeQuery: (q: CompiledQuery, ...rest: unknown[]) => Promise<unknown> };
  const inherited = proto.executeQuery;
  const seen: string[] = [];
  proto.executeQuery = function (this: unknown, query, ...rest) {
    seen.push(query.sql);
    return inherited.call(this, query, ...rest);
  };
  try {
    return { result: await fn(), statements: seen };
  } finally {
    // the method lives on QueryExecutorBase: removing the own property restores it
    delete (proto as { executeQuery?: unknown }).executeQuery;
  }
}
