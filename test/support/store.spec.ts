import { expect } from 'chai';
import pg from 'pg';
import { assertPostgresReachable, pgTestUrl, STALE_TEST_SCHEMA_MS, staleTestSchemas, testSchemaName } from './store.js';

describe('test/support store: schemas left by killed runs', () => {
  const now = Date.parse('2026-11-26T10:00:00Z');

  it('should count as stale only test schemas created longer ago than any run lasts', () => {
    const old = testSchemaName(now - STALE_TEST_SCHEMA_MS - 1);
    const young = testSchemaName(now - 60_000);
    expect(staleTestSchemas([old, young, 'test', 'test_other', 'public'], now)).to.deep.equal([old]);
  });

  it('should drop a killed run’s schema on the next check of the server and keep a running one’s', async () => {
    const old = testSchemaName(Date.now() - STALE_TEST_SCHEMA_MS - 60_000);
    const young = testSchemaName();
    const client = new pg.Client({ connectionString: pgTestUrl() });
    await client.connect();
    const exists = async (name: string) => (await client.query('select 1 from pg_namespace where nspname = $1', [name])).rowCount === 1;
    try {
      for (const name of [old, young]) await client.query(`create schema "${name}"`);
      await assertPostgresReachable();
      expect(await exists(old), old).to.equal(false);
      expect(await exists(young), young).to.equal(true);
    } finally {
      for (const name of [old, young]) await client.query(`drop schema if exists "${name}" cascade`);
      await client.end();
    }
  });
});
