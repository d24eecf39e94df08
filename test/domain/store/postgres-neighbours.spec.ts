import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { assertPostgresReachable, pgTestUrl, StoreSandbox } from '../../support/store.js';

// PostgreSQL only, in both passes of npm test: other schemas in the same database are a PostgreSQL
// matter. Each test's own schemas are test_<random> ones (dropped by the sandbox); the neighbours it
// creates are named test_neighbour_<random> and dropped here.
describe('domain/store PostgreSQL beside other schemas', function () {
  this.timeout(30_000);
  const sandbox = new StoreSandbox('postgres');
  let admin: pg.Client;
  const neighbours: string[] = [];

  const neighbour = async (): Promise<string> => {
    const schema = `test_neighbour_${randomBytes(6).toString('hex')}`;
    neighbours.push(schema);
    await admin.query(`create schema "${schema}"; create table "${schema}".cases (id serial primary key, note text)`);
    return schema;
  };

  before(assertPostgresReachable);
  beforeEach(async () => {
    admin = new pg.Client({ connectionString: pgTestUrl() });
    await admin.connect();
  });
  afterEach(async () => {
    try {
      for (const schema of neighbours.splice(0)) await admin.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await admin.end();
      await sandbox.cleanup();
    }
  });

  it('should open while other schemas of the database are created and dropped', async () => {
    // given a migrated store, and another connection creating and dropping schemas with tables
    const config = sandbox.config();
    await sandbox.open(config);
    let stop = false;
    let dropped = 0;
    const churn = (async () => {
      while (!stop) {
        const schema = await neighbour();
        await admin.query(`drop schema "${schema}" cascade`);
        dropped++;
      }
    })();

    // when instances open it (the migrator looks for its tables on each open) meanwhile
    const failures: string[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        try {
          const store = await sandbox.open(config);
          await store.close();
        } catch (error) {
          failures.push(`${(error as Error).message}: ${((error as Error).cause as Error | undefined)?.message}`);
        }
      }
    } finally {
      stop = true;
      await churn;
    }

    // then every open succeeded while schemas came and went
    expect(dropped, 'schemas dropped during the opens').to.be.greaterThan(5);
    expect(failures).to.deep.equal([]);
  });

  it("should see only its own schema's tables, also with the role's search_path instead of a configured schema", async () => {
    // given a neighbour schema holding a table of the same name as one of the store's
    await neighbour();
    // and a store without a configured schema, whose connections start in a schema of their own
    const own = sandbox.config();
    if (own.kind !== 'postgres' || own.schema === undefined) throw new Error('the sandbox gives PostgreSQL configs with a schema');
    await admin.query(`create schema "${own.schema}"`);
    const url = new URL(pgTestUrl());
    url.searchParams.set('options', `-c search_path=${own.schema}`);

    // when it opens and lists its tables
    const store = await sandbox.open({ kind: 'postgres', connectionString: url.toString() });
    const tables = await store.db.introspection.getTables({ withInternalKyselyTables: true });

    // then they are its own, all of them migrated there, the neighbour's not among them
    expect(new Set(tables.map((t) => t.schema))).to.deep.equal(new Set([own.schema]));
    const names = tables.map((t) => t.name);
    expect(names.filter((n) => n === 'cases')).to.have.length(1);
    expect(names).to.include.members(['kysely_migration', 'kysely_migration_lock', 'cases', 'tasks']);
    const cases = tables.find((t) => t.name === 'cases')!;
    expect(cases.columns.map((c) => c.name)).to.include.members(['id', 'case_number']);
  });
});
