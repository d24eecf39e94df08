import { existsSync } from 'node:fs';
import { expect } from 'chai';
import { sql } from 'kysely';
import pg from 'pg';
import { StoreSchemaError } from '../../../domain/store/index.js';
import { migrations } from '../../../domain/store/migrations/index.js';
import { describeEachDialect, pgTestUrl } from '../../support/store.js';

describeEachDialect('domain/store openStore without migrating', ({ sandbox, dialect }) => {
  const names = Object.keys(migrations);

  async function schemaExists(schema: string): Promise<boolean> {
    const client = new pg.Client({ connectionString: pgTestUrl() });
    await client.connect();
    try {
      return (await client.query('select 1 from pg_namespace where nspname = $1', [schema])).rowCount === 1;
    } finally {
      await client.end();
    }
  }

  it('should open a current store as it is', async () => {
    // given a store that openStore migrated and wrote to
    const config = sandbox().config();
    const migrated = await sandbox().open(config);
    await migrated.workerHeartbeats.record({ instanceId: 'i', host: 'h', pid: 1, jobTypes: [], startedAt: new Date(0), seenAt: new Date(0) });

    // when it is opened without migrating
    const opened = await sandbox().open(config, { migrate: false });

    // then it reads what was written
    expect(await opened.workerHeartbeats.listSeenSince(new Date(0))).to.have.length(1);
  });

  it('should refuse a store that does not exist yet, listing every migration, and create nothing', async () => {
    const config = sandbox().config();

    const error = await sandbox()
      .open(config, { migrate: false })
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(StoreSchemaError);
    expect((error as StoreSchemaError).pending).to.deep.equal(names);
    expect((error as StoreSchemaError).unknown).to.deep.equal([]);
    if (config.kind === 'sqlite') expect(existsSync(config.path), 'SQLite file').to.equal(false);
    else expect(await schemaExists(config.schema!), 'PostgreSQL schema').to.equal(false);
  });

  it('should name the migrations a store lacks and those only a newer version knows', async () => {
    // given a store whose last migration is not recorded and that records one from the future
    const config = sandbox().config();
    const store = await sandbox().open(config);
    await sql`delete from kysely_migration where name = ${names.at(-1)}`.execute(store.db);
    await sql`insert into kysely_migration (name, timestamp) values ('999_from_a_newer_version', ${new Date().toISOString()})`.execute(store.db);

    // when it is opened without migrating
    const error = await sandbox()
      .open(config, { migrate: false })
      .catch((e: unknown) => e);

    // then both are named
    expect(error).to.be.instanceOf(StoreSchemaError);
    expect((error as StoreSchemaError).pending).to.deep.equal([names.at(-1)]);
    expect((error as StoreSchemaError).unknown).to.deep.equal(['999_from_a_newer_version']);
    expect((error as StoreSchemaError).message).to.include(names.at(-1)).and.include('newer version');
  });

  if (dialect === 'postgres') {
    it('should fail with the connection error when the server is unreachable', async () => {
      const error = await sandbox()
        .open({ kind: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/test', schema: 'test_unreachable' }, { migrate: false })
        .catch((e: unknown) => e);
      expect((error as NodeJS.ErrnoException).code).to.equal('ECONNREFUSED');
    });
  }
});
