import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import express from 'express';

/**
 * A stand-in for a cluster's identity provider and the authenticating gateway in front of its
 * REST API (what Keycloak and the orchestration cluster do in a self-managed Camunda 8 with
 * OIDC), so the SDK's OAuth client-credentials flow runs end to end against the embedded engine.
 */

export interface TokenEndpoint {
  /** the URL to give as CAMUNDA_OAUTH_URL */
  url: string;
  /** the issuer (`iss`) of its tokens, whose discovery document names its signing keys */
  issuer: string;
  /** a token with these claims (merged over iss, iat and a 5-minute exp), signed with the provider's key or `signingKey` */
  issue(claims: Record<string, unknown>, options?: { kid?: string; alg?: string }): string;
  /** every token request, with whether it got a token */
  requests: Array<{ clientId: string; audience: string | undefined; granted: boolean }>;
  /** whether `token` was issued here for `audience` and has not expired */
  accepts(token: string, audience: string): boolean;
  close(): Promise<void>;
}

function listening(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}`));
  });
}

function closing(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * POST /oauth/token with a form `grant_type=client_credentials&client_id&client_secret&audience`
 * answers `{access_token, expires_in, token_type: 'Bearer'}`; other credentials get 401. Tokens
 * are RS256 JWTs whose key is published as an OIDC provider does it (GET
 * /.well-known/openid-configuration names jwks_uri, GET /jwks lists the key).
 */
export async function startTokenEndpoint(client: { id: string; secret: string }): Promise<TokenEndpoint> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const KID = 'test-key-1';
  const requests: TokenEndpoint['requests'] = [];
  let issuer = '';
  const issue: TokenEndpoint['issue'] = (claims, options = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${base64url({ alg: options.alg ?? 'RS256', typ: 'JWT', kid: options.kid ?? KID })}.${base64url({ iss: issuer, iat: now, exp: now + 300, ...claims })}`;
    return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
  };
  const app = express();
  app.get('/.well-known/openid-configuration', (_req, res) => {
    res.json({ issuer, token_endpoint: `${issuer}/oauth/token`, jwks_uri: `${issuer}/jwks` });
  });
  app.get('/jwks', (_req, res) => {
    res.json({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' }] });
  });
  app.use(express.urlencoded({ extended: false }));
  app.post('/oauth/token', (req, res) => {
    const form = req.body as Record<string, string | undefined>;
    const granted = form.grant_type === 'client_credentials' && form.client_id === client.id && form.client_secret === client.secret;
    requests.push({ clientId: form.client_id ?? '', audience: form.audience, granted });
    if (!granted) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Invalid client credentials' });
      return;
    }
    res.json({ access_token: issue({ sub: client.id, aud: form.audience }), expires_in: 300, token_type: 'Bearer' });
  });
  const server = createServer(app);
  issuer = await listening(server);
  return {
    url: `${issuer}/oauth/token`,
    issuer,
    issue,
    requests,
    accepts(token, audience) {
      const [header, payload, signature] = token.split('.');
      if (signature === undefined || !verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return false;
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: string; exp: number };
      return claims.aud === audience && claims.exp > Date.now() / 1000;
    },
    close: () => closing(server),
  };
}

/** The SDK's own variables for client credentials at `idp`, as an operator sets them for a cluster with OIDC. */
export function oauthClientEnv(address: string, idp: TokenEndpoint, client: { id: string; secret: string }, audience: string): Record<string, string> {
  return {
    ZEEBE_REST_ADDRESS: address,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    ZEEBE_CLIENT_ID: client.id,
    ZEEBE_CLIENT_SECRET: client.secret,
    CAMUNDA_OAUTH_URL: idp.url,
    ZEEBE_TOKEN_AUDIENCE: audience,
    // a token cached on disk by another test would skip the token endpoint
    CAMUNDA_TOKEN_DISK_CACHE_DISABLE: 'true',
    CAMUNDA_LOG_LEVEL: 'none',
  };
}

export interface AuthProxy {
  url: string;
  /** every request that reached the proxy: its method, path and whether it was let through */
  seen: Array<{ method: string; path: string; forwarded: boolean }>;
  close(): Promise<void>;
}

/**
 * A reverse proxy to `target` that forwards only requests bearing a token `isValid` accepts and
 * answers every other one 401, as the cluster's REST API does with OIDC enabled. Forwarded
 * requests carry `upstreamHeaders` instead of the token (the embedded engine behind it wants its
 * own Basic credential).
 */
export async function startAuthProxy(target: string, isValid: (token: string) => boolean, upstreamHeaders: Record<string, string> = {}): Promise<AuthProxy> {
  const upstream = new URL(target);
  const seen: AuthProxy['seen'] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const forwarded = token !== undefined && isValid(token);
    seen.push({ method: req.method ?? '', path: req.url ?? '', forwarded });
    if (!forwarded) {
      res.writeHead(401, { 'content-type': 'application/problem+json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'a valid bearer token is required' }));
      return;
    }
    const outgoing = request(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host, ...upstreamHeaders } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => res.destroy());
    // a worker cancelling its long poll closes its side; the engine's side follows
    res.on('close', () => outgoing.destroy());
    req.pipe(outgoing);
  });
  const url = await listening(server);
  return { url, seen, close: () => closing(server) };
}
