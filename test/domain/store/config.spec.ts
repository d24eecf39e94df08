import { expect } from 'chai';
import { readStoreConfig, StoreConfigError } from '../../../domain/store/index.js';

describe('domain/store config', () => {
  it('should default to SQLite at ./data/store.db', () => {
    expect(readStoreConfig({})).to.deep.equal({ kind: 'sqlite', path: './data/store.db' });
  });

  it('should use STORE_PATH for SQLite', () => {
    expect(readStoreConfig({ STORE_PATH: '/var/lib/hall/store.db' })).to.deep.equal({ kind: 'sqlite', path: '/var/lib/hall/store.db' });
  });

  it('should choose PostgreSQL when STORE_URL is set, ignoring STORE_PATH', () => {
    expect(readStoreConfig({ STORE_URL: 'postgres://hall@db/hall', STORE_PATH: 'x.db' })).to.deep.equal({
      kind: 'postgres',
      connectionString: 'postgres://hall@db/hall',
    });
    expect(readStoreConfig({ STORE_URL: 'postgresql://hall@db/hall', STORE_SCHEMA: 'hall' })).to.deep.equal({
      kind: 'postgres',
      connectionString: 'postgresql://hall@db/hall',
      schema: 'hall',
    });
  });

  const failures: Array<[string, NodeJS.ProcessEnv, string]> = [
    ['a STORE_URL that is not PostgreSQL', { STORE_URL: 'mysql://hall:secret@db/hall' }, 'STORE_URL'],
    ['an empty STORE_PATH', { STORE_PATH: ' ' }, 'STORE_PATH'],
    ['a STORE_SCHEMA that is not an identifier', { STORE_URL: 'postgres://db/hall', STORE_SCHEMA: 'hall; drop' }, 'STORE_SCHEMA'],
    ['a STORE_SCHEMA without STORE_URL', { STORE_SCHEMA: 'hall' }, 'STORE_SCHEMA'],
  ];
  for (const [what, env, variable] of failures) {
    it(`should refuse ${what}, naming ${variable}`, () => {
      expect(() => readStoreConfig(env))
        .to.throw(StoreConfigError, variable)
        .with.property('variable', variable);
    });
  }

  it('should not echo a password from a rejected STORE_URL', () => {
    expect(() => readStoreConfig({ STORE_URL: 'mysql://hall:secret@db/hall' })).to.throw(StoreConfigError).that.satisfies((e: Error) => !e.message.includes('secret'));
  });
});
