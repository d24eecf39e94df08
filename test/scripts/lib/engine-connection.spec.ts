import { expect } from 'chai';
import { describeEngine, EngineConnectionError, engineClient, readEngineConnection } from '../../../scripts/lib/engine-connection.js';

describe('scripts/lib/engine-connection', () => {
  const refusal = (env: NodeJS.ProcessEnv): EngineConnectionError => {
    try {
      readEngineConnection(env);
    } catch (error) {
      expect(error).to.be.instanceOf(EngineConnectionError);
      return error as EngineConnectionError;
    }
    throw new Error('expected readEngineConnection to refuse the settings');
  };

  describe('the three setups', () => {
    it('should run the embedded engine when no cluster is configured, whatever else the environment holds', () => {
      expect(readEngineConnection({ PATH: '/usr/bin', STORE_URL: 'postgres://x', ZEEBE_REST_ADDRESS: ' ' })).to.deep.equal({ mode: 'embedded', auth: 'BASIC', sdkConfig: {} });
    });

    it('should sign in to an embedded engine that checks OIDC tokens with the SDK\'s OAuth variables', () => {
      const env = { ENGINE_AUTH_METHOD: 'oidc', CAMUNDA_AUTH_STRATEGY: 'OAUTH', ZEEBE_CLIENT_ID: 'hall', ZEEBE_CLIENT_SECRET: 's', CAMUNDA_OAUTH_URL: 'https://idp/token' };

      const connection = readEngineConnection(env);

      expect(connection).to.deep.include({ mode: 'embedded', auth: 'OAUTH' });
      expect(refusal({ ENGINE_AUTH_METHOD: 'oidc' }).variable).to.equal('CAMUNDA_AUTH_STRATEGY');
    });

    it('should reach a self-managed cluster without auth', () => {
      const connection = readEngineConnection({ ZEEBE_REST_ADDRESS: 'http://orchestration:8080/', STORE_URL: 'postgres://secret@db/hall' });

      expect(connection).to.deep.equal({
        mode: 'remote',
        address: 'http://orchestration:8080',
        auth: 'NONE',
        // only the SDK's variables reach the SDK, with the address as normalised
        sdkConfig: { ZEEBE_REST_ADDRESS: 'http://orchestration:8080', CAMUNDA_AUTH_STRATEGY: 'NONE' },
      });
    });

    it('should reach a self-managed cluster with OIDC client credentials, passing the SDK its variables unchanged', () => {
      const env = {
        ZEEBE_REST_ADDRESS: 'http://orchestration:8080',
        CAMUNDA_AUTH_STRATEGY: 'oauth',
        ZEEBE_CLIENT_ID: 'service-hall',
        ZEEBE_CLIENT_SECRET: 's3cret',
        CAMUNDA_OAUTH_URL: 'http://keycloak:18080/auth/realms/camunda-platform/protocol/openid-connect/token',
        ZEEBE_TOKEN_AUDIENCE: 'orchestration-api',
        CAMUNDA_TOKEN_SCOPE: 'openid',
        NODE_ENV: 'production',
      };

      const connection = readEngineConnection(env);

      expect(connection).to.deep.include({ mode: 'remote', address: 'http://orchestration:8080', auth: 'OAUTH' });
      expect(connection.mode === 'remote' && connection.sdkConfig).to.deep.equal({
        ZEEBE_REST_ADDRESS: 'http://orchestration:8080',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: 'service-hall',
        ZEEBE_CLIENT_SECRET: 's3cret',
        CAMUNDA_OAUTH_URL: env.CAMUNDA_OAUTH_URL,
        ZEEBE_TOKEN_AUDIENCE: 'orchestration-api',
        CAMUNDA_TOKEN_SCOPE: 'openid',
      });
      expect(describeEngine(connection)).to.equal('Camunda cluster at http://orchestration:8080 (auth OAUTH)');
    });

    it('should reach Camunda SaaS: an https cluster address, its token endpoint and the zeebe.camunda.io audience', () => {
      const env = {
        ZEEBE_REST_ADDRESS: 'https://bru-2.zeebe.camunda.io/0b2f7c8e-4d1a-4c55-9a0e-5d4c3b2a1f00',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: 'saas-client',
        ZEEBE_CLIENT_SECRET: 'saas-secret',
        CAMUNDA_OAUTH_URL: 'https://login.cloud.camunda.io/oauth/token',
        ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io',
        CAMUNDA_TOKEN_DISK_CACHE_DISABLE: 'true',
        CAMUNDA_LOG_LEVEL: 'none',
      };

      const connection = readEngineConnection(env);

      expect(connection).to.deep.include({ mode: 'remote', address: env.ZEEBE_REST_ADDRESS, auth: 'OAUTH' });
      expect(connection.mode === 'remote' && connection.sdkConfig).to.deep.include({ ZEEBE_TOKEN_AUDIENCE: 'zeebe.camunda.io', CAMUNDA_OAUTH_URL: env.CAMUNDA_OAUTH_URL });
      // the SDK accepts the setting as it is (building the client contacts nobody)
      expect(engineClient(connection)).to.have.property('getTopology');
      expect(describeEngine(connection)).to.not.include('saas-secret');
    });
  });

  describe('settings it refuses, naming the variable', () => {
    it('should name every variable a strategy misses', () => {
      const error = refusal({ ZEEBE_REST_ADDRESS: 'http://orchestration:8080', CAMUNDA_AUTH_STRATEGY: 'OAUTH', ZEEBE_CLIENT_ID: 'service-hall' });

      expect(error.variable).to.equal('ZEEBE_CLIENT_SECRET');
      expect(error.message).to.equal('ZEEBE_CLIENT_SECRET: CAMUNDA_AUTH_STRATEGY=OAUTH needs ZEEBE_CLIENT_SECRET, CAMUNDA_OAUTH_URL');
      expect(refusal({ ZEEBE_REST_ADDRESS: 'http://c:8080', CAMUNDA_AUTH_STRATEGY: 'BASIC', CAMUNDA_BASIC_AUTH_USERNAME: 'u' }).variable).to.equal('CAMUNDA_BASIC_AUTH_PASSWORD');
    });

    it('should refuse an address that is not an http(s) URL', () => {
      expect(refusal({ ZEEBE_REST_ADDRESS: 'orchestration 8080' }).message).to.equal("ZEEBE_REST_ADDRESS: expected an http:// or https:// URL, got 'orchestration 8080'");
      expect(refusal({ ZEEBE_REST_ADDRESS: 'grpc://orchestration:26500' }).message).to.equal(
        "ZEEBE_REST_ADDRESS: expected an http:// or https:// URL, got one starting 'grpc:'",
      );
      const oauth = refusal({
        ZEEBE_REST_ADDRESS: 'http://c:8080',
        CAMUNDA_AUTH_STRATEGY: 'OAUTH',
        ZEEBE_CLIENT_ID: 'a',
        ZEEBE_CLIENT_SECRET: 'b',
        CAMUNDA_OAUTH_URL: 'ftp://login/token',
      });
      expect(oauth.variable).to.equal('CAMUNDA_OAUTH_URL');
    });

    it('should refuse an unknown auth strategy, listing the known ones', () => {
      const error = refusal({ ZEEBE_REST_ADDRESS: 'http://c:8080', CAMUNDA_AUTH_STRATEGY: 'oidc' });

      expect(error.variable).to.equal('CAMUNDA_AUTH_STRATEGY');
      expect(error.message).to.include('NONE, OAUTH, BASIC, BEARER, COOKIE').and.include("'OIDC'");
    });

    it('should refuse a gRPC address or credentials without a REST address, rather than silently run the embedded engine', () => {
      const grpc = refusal({ ZEEBE_GRPC_ADDRESS: 'grpc://orchestration:26500' });
      expect(grpc.variable).to.equal('ZEEBE_REST_ADDRESS');
      expect(grpc.message).to.include('not set, but ZEEBE_GRPC_ADDRESS is');

      expect(refusal({ ZEEBE_CLIENT_ID: 'service-hall' }).message).to.include('but ZEEBE_CLIENT_ID is');
      expect(refusal({ CAMUNDA_AUTH_STRATEGY: 'OAUTH' }).message).to.include('but CAMUNDA_AUTH_STRATEGY is');
    });
  });
});
