import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { seedCatalogue } from '../../../domain/catalogue/catalogue.js';
import { openStore } from '../../../domain/store/index.js';
import { createBackup } from '../../../scripts/backup/create.js';
import type { PostgresStore } from '../../../scripts/backup/postgres.js';
import { restoreBackup } from '../../../scripts/backup/restore.js';
import { assertPostgresReachable, pgTestUrl, StoreSandbox } from '../../support/store.js';
import { refusal } from './refusal.js';

// PostgreSQL in both passes of npm test (TEST_STORE does not apply): pg_dump and pg_restore are the subject.

/** Every row of every table of the schema, as JSON text, sorted: equal when the data is. */
async function rowsOf(schema: string): Promise<Record<string, string[]>> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>('select table_name as name from information_schema.tables where table_schema = $1 order by 1', [schema]);
    const rows: Record<string, string[]> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ r: string }>(`select row_to_json(t)::text as r from "${schema}"."${name}" t`);
      rows[name] = result.rows.map((row) => row.r).sort();
    }
    return rows;
  } finally {
    await client.end();
  }
}

async function sql(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('scripts/backup: a PostgreSQL store', function () {
  this.timeout(60_000);

  const sandbox = new StoreSandbox('postgres');
  let dir: string;
  let store: PostgresStore & { schema: string };
  let backupDir: string;
  let atBackup: Record<string, string[]>;
  const cluster = { mode: 'remote' as const };
  const restore = (force: boolean, into: PostgresStore = store) => restoreBackup({ source: backupDir, force, engine: cluster, store: { kind: 'postgres', ...into } });

  before(async () => {
    await assertPostgresReachable();
    dir = mkdtempSync(join(tmpdir(), 'backup-postgres-'));
    backupDir = join(dir, 'backup');
    const config = sandbox.config();
    if (config.kind !== 'postgres' || config.schema === undefined) throw new Error('the sandbox hands out PostgreSQL schemas');
    // with trust authentication the password is ignored, which lets the test see where it ends up
    const url = new URL(config.connectionString);
    if (url.password === '') url.password = 's3cret';
    store = { connectionString: url.toString(), schema: config.schema };
    const opened = await openStore({ kind: 'postgres', ...store });
    try {
      await opened.catalogue.publish(seedCatalogue());
      for (let i = 0; i < 20; i++) {
        await opened.processedJobs.runOnce(`job-${i}`, 'backup-record', (tx) =>
          tx.audit.record({ actor: 'backup-spec', action: 'backup-record', targetType: 'process-instance', targetId: String(i), detail: { 名称: '备份' } }),
        );
      }
    } finally {
      await opened.close();
    }
    atBackup = await rowsOf(store.schema);
  });
  after(async () => {
    await sandbox.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('should dump the schema with pg_dump and keep the password out of the manifest and the command line', async () => {
    // given pg_dump wrapped to note what it was handed
    const wrapper = join(dir, 'wrapped-pg-dump');
    mkdirSync(wrapper);
    const real = execFileSync('sh', ['-c', 'command -v pg_dump'], { encoding: 'utf8' }).trim();
    writeFileSync(join(wrapper, 'pg_dump'), `#!/bin/sh\necho "argv: $*" >> "${wrapper}/calls"\necho "PGPASSWORD: $PGPASSWORD" >> "${wrapper}/calls"\nexec "${real}" "$@"\n`, { mode: 0o755 });

    // when
    const manifest = await createBackup({
      engine: cluster,
      store: { kind: 'postgres', ...store },
      target: backupDir,
      toolEnv: { ...process.env, PATH: `${wrapper}:${process.env.PATH}` },
    });

    // then
    expect(manifest.engineMode).to.equal('remote');
    const [part] = manifest.parts;
    expect(part.kind === 'postgres' && [part.file, part.schema, part.source]).to.deep.equal([
      'store.pgdump',
      store.schema,
      store.connectionString.replace(':s3cret@', '@'),
    ]);
    expect(part.kind === 'postgres' && part.archiveEntries, 'tables, indexes, data and the schema itself').to.be.greaterThan(20);
    expect(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).not.to.contain('s3cret');
    const calls = readFileSync(join(wrapper, 'calls'), 'utf8');
    expect(calls).to.contain(`--schema="${store.schema}"`).and.to.contain('PGPASSWORD: s3cret');
    expect(calls.split('\n').filter((line) => line.startsWith('argv:') && line.includes('s3cret')), 'command lines with the password').to.deep.equal([]);
    expect(Object.keys(atBackup)).to.include.members(['audit_log', 'processed_jobs', 'catalogue_items', 'kysely_migration']);
    expect(atBackup.audit_log).to.have.length(20);
  });

  it('should refuse to restore over a schema that holds tables without --force', async () => {
    const error = await refusal(restore(false), 'DESTINATION_EXISTS');
    expect(error.message).to.contain(`schema ${store.schema}`).and.not.to.contain('s3cret');
  });

  it('should bring back every row after rows were deleted, changed and added and a table was dropped', async () => {
    // given
    await sql(`delete from "${store.schema}".audit_log where target_id in ('1', '2', '3')`);
    await sql(`update "${store.schema}".catalogue_items set name = '改过的名称'`);
    await sql(`insert into "${store.schema}".counters (name, value) values ('after-backup', 7)`);
    await sql(`drop table "${store.schema}".processed_jobs`);
    expect(await rowsOf(store.schema)).not.to.deep.equal(atBackup);

    // when
    const restored = await restore(true);

    // then
    expect(restored).to.have.length(1);
    expect(await rowsOf(store.schema)).to.deep.equal(atBackup);
  });

  it('should restore a schema that was dropped, and the store opens on it and reads the rows', async () => {
    // given
    await sql(`drop schema "${store.schema}" cascade`);

    // when
    await restore(false);

    // then
    expect(await rowsOf(store.schema)).to.deep.equal(atBackup);
    const reopened = await openStore({ kind: 'postgres', ...store });
    try {
      expect(await reopened.audit.byActor('backup-spec')).to.have.length(20);
      expect(await reopened.processedJobs.get('job-7')).to.include({ jobType: 'backup-record' });
    } finally {
      await reopened.close();
    }
  });

  it('should leave the schema as it was when pg_restore fails halfway', async () => {
    // given a table the backup does not know: pg_restore cannot drop the schema around it
    await sql(`create table "${store.schema}".added_later (id int)`);
    await sql(`delete from "${store.schema}".audit_log where target_id = '9'`);
    const before = await rowsOf(store.schema);

    // when
    const error = await refusal(restore(true), 'TOOL_FAILED');

    // then the single transaction was rolled back
    expect(error.message).to.contain('pg_restore failed').and.to.contain('cannot drop schema');
    expect(await rowsOf(store.schema)).to.deep.equal(before);
    await sql(`drop table "${store.schema}".added_later`);
  });

  it('should refuse to restore into another schema', async () => {
    const error = await refusal(restore(true, { ...store, schema: 'elsewhere' }), 'CONFIG_MISMATCH');
    expect(error.message).to.contain(`STORE_SCHEMA=${store.schema}`);
  });

  it('should say how to install pg_dump when it is missing, writing nothing', async () => {
    // given a PATH without the PostgreSQL client tools
    const emptyPath = join(dir, 'empty-path');
    mkdirSync(emptyPath);
    const target = join(dir, 'no-pg-dump');

    // when
    const error = await refusal(createBackup({ engine: cluster, store: { kind: 'postgres', ...store }, target, toolEnv: { ...process.env, PATH: emptyPath } }), 'TOOL_MISSING');

    // then
    expect(error.message).to.contain('pg_dump is not on PATH').and.to.contain('postgresql-client');
    expect(existsSync(target)).to.equal(false);
  });
});
