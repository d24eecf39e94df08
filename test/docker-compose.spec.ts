import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { serverBundle } from '../scripts/build-server.js';

/*
 * No container engine runs on the development machines or in CI, so docker-compose.yml and the
 * Dockerfile are checked as text: what cluster mode depends on must be there, spelled as Camunda,
 * the SDK and the app read it.
 */

const root = join(import.meta.dirname, '..');

type Environment = Record<string, string> | string[];
type Ports = (string | number | { target: number; published?: string | number; host_ip?: string })[];

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: Ports;
  environment?: Environment;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: string[] | Record<string, { condition?: string }>;
  volumes?: (string | { type?: string; source?: string; target: string })[];
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// merge: compose resolves `<<:` keys, which the app instances use to share their settings
const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;
// continuation lines joined, so an instruction is one line
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, ' ');

function service(name: string): Service {
  const found = services[name];
  expect(found, `service ${name}`).to.be.an('object');
  return found;
}

function environmentOf(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (!Array.isArray(env)) return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value ?? '')]));
  return Object.fromEntries(
    env.map((entry) => {
      const at = entry.indexOf('=');
      return at === -1 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** Compose's variable substitution: $$, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])([^}]*))?\}/g, (_whole, name: string | undefined, colon: string, kind: string, arg: string) => {
    if (name === undefined) return '$';
    const value = env[name];
    const missing = value === undefined || (colon === ':' && value === '');
    if (kind === '?' && missing) throw new Error(`${name}: ${arg}`);
    if (kind === '-' && missing) return arg;
    return value ?? '';
  });
}

interface Published {
  port: number;
  /** the host address it listens on; undefined: every interface */
  hostIp?: string;
}

/** target port → published port, from both the short ("8080:8080") and the long syntax. */
function publishedPorts(s: Service): Map<number, Published> {
  const ports = new Map<number, Published>();
  for (const port of s.ports ?? []) {
    if (typeof port === 'object') {
      if (port.published !== undefined) ports.set(port.target, { port: Number(port.published), hostIp: port.host_ip });
      continue;
    }
    // [host_ip:]published:target[/protocol]; a bare port publishes on a random host port
    const parts = String(port).replace(/\/(tcp|udp)$/, '').split(':');
    if (parts.length >= 2) ports.set(Number(parts[parts.length - 1]), { port: Number(parts[parts.length - 2]), hostIp: parts.length >= 3 ? parts[0] : undefined });
  }
  return ports;
}

function conditions(s: Service): Record<string, string> {
  const deps = s.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, dep]) => [name, dep.condition ?? 'service_started']));
}

function healthcheckCommand(s: Service): string {
  const test = s.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** The services built from this project's Dockerfile: every instance of the app. */
const appServices = Object.entries(services)
  .filter(([, s]) => s.build !== undefined)
  .map(([name]) => name);

/** Names the project's own code reads from the environment, as `env.NAME` or a quoted 'NAME'. */
function codeMentions(): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // web/pages and web/dist run in the browser, where there is no process environment
      if (entry.isDirectory() && path !== join(root, 'web', 'pages') && path !== join(root, 'web', 'dist')) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts')) texts.push(readFileSync(path, 'utf8'));
    }
  };
  for (const folder of ['domain', 'engine', 'scripts', 'web', 'workers']) walk(join(root, folder));
  return texts.join('\n');
}

/** Every variable the Camunda 8 SDK reads: the keys of its configuration schema. */
function sdkVariables(): Set<string> {
  const sdkMain = createRequire(import.meta.url).resolve('@camunda8/sdk');
  const source = readFileSync(join(dirname(sdkMain), 'lib', 'Configuration.js'), 'utf8');
  return new Set([...source.matchAll(/^ {4}([A-Z][A-Z0-9_]+): \{$/gm)].map((m) => m[1]));
}

/** An exact release: major.minor.patch, or major.minor for PostgreSQL, which has no third number since 10. */
const exactVersion = (repository: string): RegExp => (repository === 'postgres' ? /^\d+\.\d+(-[a-z0-9.]+)?$/ : /^\d+\.\d+\.\d+(-[a-z0-9.]+)?$/);

describe('docker-compose.yml', () => {
  it('should define the orchestration cluster, its Elasticsearch, PostgreSQL and the app', () => {
    expect(Object.keys(services)).to.include.members(['orchestration', 'elasticsearch', 'postgres', 'app']);
    expect(appServices, 'services built from the Dockerfile').to.include('app');
  });

  it('should pin every image it pulls to an exact version, Camunda to an 8.8 patch release', () => {
    const [repository, tag] = service('orchestration').image!.split(':');
    expect(repository).to.equal('camunda/camunda');
    expect(tag, 'the Camunda tag').to.match(/^8\.8\.\d+$/);
    for (const [name, s] of Object.entries(services)) {
      if (s.build !== undefined) continue;
      expect(s.image, `${name}'s image`).to.be.a('string');
      const at = s.image!.lastIndexOf(':');
      const [imageRepository, imageTag] = at > s.image!.lastIndexOf('/') ? [s.image!.slice(0, at), s.image!.slice(at + 1)] : [s.image!, ''];
      expect(imageTag, `${name}'s image tag (no latest, no floating major or minor)`).to.match(exactVersion(imageRepository));
    }
  });

  it('should run the cluster on Elasticsearch with the API behind Basic authentication and authorizations off', () => {
    const env = environmentOf(service('orchestration'));
    expect(env).to.include({
      CAMUNDA_DATA_SECONDARYSTORAGE_TYPE: 'elasticsearch',
      CAMUNDA_SECURITY_AUTHENTICATION_METHOD: 'basic',
      CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI: 'false',
      CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED: 'false',
    });
    const elasticsearch = new URL(env.CAMUNDA_DATA_SECONDARYSTORAGE_ELASTICSEARCH_URL);
    expect(elasticsearch.hostname).to.equal('elasticsearch');
    expect(elasticsearch.port).to.equal('9200');
    expect(environmentOf(service('elasticsearch'))).to.include({ 'discovery.type': 'single-node', 'xpack.security.enabled': 'false' });
    expect(conditions(service('orchestration'))).to.include({ elasticsearch: 'service_healthy' });
  });

  it("should publish the cluster's REST port, its management port on this host only (it answers without a log-in), and not its gRPC gateway (the app talks REST only)", () => {
    const ports = publishedPorts(service('orchestration'));
    for (const port of [8080, 9600]) expect(ports.get(port)?.port, `published port for ${port}`).to.equal(port);
    expect(ports.get(9600)?.hostIp, 'host address of the management port').to.equal('127.0.0.1');
    // a bare container port would publish on a random host port: no entry may target 26500 at all
    const targets = (service('orchestration').ports ?? []).map((p) => (typeof p === 'object' ? p.target : Number(String(p).replace(/\/(tcp|udp)$/, '').split(':').pop())));
    expect(targets, 'ports published for the gRPC gateway').to.not.include(26500);
  });

  it('should check the health of the cluster, Elasticsearch and PostgreSQL', () => {
    for (const name of ['orchestration', 'elasticsearch', 'postgres']) {
      expect(service(name).healthcheck?.disable, `${name}'s health check disabled`).to.not.equal(true);
    }
    expect(healthcheckCommand(service('orchestration'))).to.match(/9600/).and.to.match(/\/actuator\/health\/(readiness|status)/);
    expect(healthcheckCommand(service('elasticsearch'))).to.match(/9200\/_cluster\/health|9200\/_cat\/health/);
    expect(healthcheckCommand(service('postgres'))).to.match(/\bpg_isready\b/);
  });

  it('should keep the data of the cluster, Elasticsearch and PostgreSQL in named volumes', () => {
    const targets: Record<string, string> = {
      orchestration: '/usr/local/camunda/data',
      elasticsearch: '/usr/share/elasticsearch/data',
      postgres: '/var/lib/postgresql/data',
    };
    for (const [name, target] of Object.entries(targets)) {
      const volume = (service(name).volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target])).find(([, t]) => t === target);
      expect(volume, `${name}'s volume at ${target}`).to.not.equal(undefined);
      expect(Object.keys(compose.volumes ?? {}), `${name}'s volume is a declared named volume`).to.include(volume![0]);
    }
  });

  it('should build the app from the Dockerfile and point every instance at the cluster and PostgreSQL', () => {
    const published: number[] = [];
    for (const name of appServices) {
      const s = service(name);
      const context = typeof s.build === 'string' ? s.build : (s.build?.context ?? '.');
      expect(context, `${name}'s build context`).to.equal('.');
      if (typeof s.build === 'object' && s.build.dockerfile !== undefined) expect(s.build.dockerfile).to.equal('Dockerfile');

      const env = environmentOf(s);
      expect(env.NODE_ENV, `${name}'s NODE_ENV`).to.equal('production');
      const rest = new URL(env.ZEEBE_REST_ADDRESS);
      expect([rest.protocol, rest.hostname, rest.port], `${name}'s ZEEBE_REST_ADDRESS`).to.deep.equal(['http:', 'orchestration', '8080']);
      expect(env.ZEEBE_GRPC_ADDRESS, `${name}'s ZEEBE_GRPC_ADDRESS`).to.equal('grpc://orchestration:26500');
      expect(env.CAMUNDA_AUTH_STRATEGY, `${name}'s CAMUNDA_AUTH_STRATEGY`).to.equal('BASIC');
      const store = new URL(interpolate(env.STORE_URL, {}));
      expect([store.protocol, store.hostname, store.port], `${name}'s STORE_URL`).to.deep.equal(['postgres:', 'postgres', '5432']);

      expect(conditions(s), `${name} waits for healthy dependencies`).to.include({ orchestration: 'service_healthy', postgres: 'service_healthy' });
      const port = publishedPorts(s).get(3000)?.port;
      expect(port, `${name} publishes the web app's port 3000`).to.be.a('number');
      published.push(port!);
    }
    expect(new Set(published).size, 'instances published on distinct host ports').to.equal(published.length);
  });

  it("should sign the app in as the user the cluster creates, with a password compose requires and no demo/demo", () => {
    const cluster = environmentOf(service('orchestration'));
    const shell = { CAMUNDA_BASIC_AUTH_PASSWORD: 'a-password-from-the-shell' };
    const clusterUser = interpolate(cluster.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_USERNAME, shell);
    const clusterPassword = interpolate(cluster.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD, shell);
    expect([clusterUser, clusterPassword]).to.deep.equal(['service-hall', 'a-password-from-the-shell']);
    expect(interpolate(cluster.CAMUNDA_SECURITY_INITIALIZATION_DEFAULTROLES_ADMIN_USERS_0, shell)).to.equal(clusterUser);
    expect(() => interpolate(cluster.CAMUNDA_SECURITY_INITIALIZATION_USERS_0_PASSWORD, {}), 'the cluster without a password').to.throw(/^CAMUNDA_BASIC_AUTH_PASSWORD: /);
    expect(Object.values(cluster), 'no demo user').to.not.include('demo');
    for (const name of appServices) {
      const env = environmentOf(service(name));
      expect([interpolate(env.CAMUNDA_BASIC_AUTH_USERNAME, shell), interpolate(env.CAMUNDA_BASIC_AUTH_PASSWORD, shell)], `${name}'s Basic credentials`).to.deep.equal([clusterUser, clusterPassword]);
      expect(() => interpolate(env.CAMUNDA_BASIC_AUTH_PASSWORD, { CAMUNDA_BASIC_AUTH_PASSWORD: '' }), `${name} with an empty password`).to.throw(/^CAMUNDA_BASIC_AUTH_PASSWORD: /);
    }
  });

  it('should refuse to start the app without SESSION_SECRET', () => {
    for (const name of appServices) {
      const raw = environmentOf(service(name)).SESSION_SECRET;
      expect(() => interpolate(raw, {}), `${name} without SESSION_SECRET`).to.throw(/^SESSION_SECRET: /);
      expect(() => interpolate(raw, { SESSION_SECRET: '' }), `${name} with an empty SESSION_SECRET`).to.throw(/^SESSION_SECRET: /);
      expect(interpolate(raw, { SESSION_SECRET: 'a-secret-of-at-least-32-characters!' })).to.equal('a-secret-of-at-least-32-characters!');
    }
  });

  it("should set on the app only variables that the project's code or the Camunda SDK reads", () => {
    const code = codeMentions();
    const sdk = sdkVariables();
    expect(sdk, 'the SDK configuration schema was found').to.include('ZEEBE_REST_ADDRESS');
    for (const name of appServices) {
      for (const variable of Object.keys(environmentOf(service(name)))) {
        const read = sdk.has(variable) || new RegExp(`\\benv\\.${variable}\\b|['"\`]${variable}['"\`]`).test(code);
        expect(read, `${name}: ${variable} is read by the SDK or by domain/, engine/, scripts/, web/ or workers/`).to.equal(true);
      }
    }
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM\s+/m).slice(1);
  const last = stages[stages.length - 1];

  it('should build on a pinned image of a supported Node LTS (24), not the end-of-life Node 20', () => {
    expect(stages, 'FROM lines').to.not.be.empty;
    for (const stage of stages) expect(stage.split(/\s/)[0]).to.match(/^node:24\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
  });

  it('should build the pages and the server bundle in the image, and start the bundle with node, not on every start', () => {
    expect(dockerfile).to.match(/^RUN\b.*npm run build:web/m);
    expect(dockerfile).to.match(/^RUN\b.*npm run build:server/m);
    const cmd = /^CMD\s+(.*)$/m.exec(last)?.[1];
    expect(cmd, 'CMD of the final stage').to.be.a('string');
    expect(cmd).to.not.match(/build-web|build:web|build-server|build:server|npm start|tsx/);
    expect(JSON.parse(cmd!), 'CMD in exec form').to.deep.equal(['node', relative(root, serverBundle('start'))]);
  });

  it('should run the app as a user other than root, with a health check', () => {
    const users = [...last.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users, 'USER in the final stage').to.not.be.empty;
    expect(users[users.length - 1]).to.not.match(/^(root|0)(:|$)/);
    expect(last).to.match(/^HEALTHCHECK\s+.*\bCMD\b/m);
  });

  it('should keep installed modules, local data and the built pages out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim().replace(/\/$/, ''));
    expect(ignored).to.include.members(['node_modules', 'data', 'web/dist', 'dist', '.git']);
  });
});

describe('README cluster mode', () => {
  it('should name only variables the Camunda SDK reads in its engine connection table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = /^### Engine connection\n([\s\S]*?)(?=^#{2,3} )/m.exec(readme)?.[1];
    expect(section, 'README section "### Engine connection"').to.be.a('string');
    const named = new Set([...section!.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+)(?:=[^`]*)?`/g)].map((m) => m[1]));
    expect(named).to.include('ZEEBE_REST_ADDRESS');
    const sdk = sdkVariables();
    for (const variable of named) expect(sdk.has(variable), `${variable} is an SDK variable`).to.equal(true);
  });
});
