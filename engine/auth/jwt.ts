import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/**
 * Verification of OIDC access tokens (JWS compact JWTs) against an identity provider's published
 * signing keys (JWKS), as the orchestration cluster does with camunda.security.authentication
 * .method=oidc. Only asymmetric algorithms: a shared secret would let every holder mint tokens.
 */

const ALGORITHMS: Record<string, { hash: string; kty: 'RSA' | 'EC'; /** RSASSA-PSS with a salt as long as the hash */ pssSalt?: number }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pssSalt: 32 },
  PS384: { hash: 'sha384', kty: 'RSA', pssSalt: 48 },
  PS512: { hash: 'sha512', kty: 'RSA', pssSalt: 64 },
  ES256: { hash: 'sha256', kty: 'EC' },
  ES384: { hash: 'sha384', kty: 'EC' },
  ES512: { hash: 'sha512', kty: 'EC' },
};

/** Tokens above this size are refused unread; real access tokens are a few kilobytes. */
const MAX_TOKEN_LENGTH = 16 * 1024;
/** Clock difference tolerated between the engine and the identity provider. */
const LEEWAY_SECONDS = 60;
/** How often an unknown key id may trigger fetching the key set again (key rotation). */
const REFRESH_MIN_MS = 30_000;

export class TokenRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRejected';
  }
}

type Jwk = JsonWebKey & { kid?: string; kty?: string; use?: string; alg?: string };

export interface KeySet {
  /** the key that signed a token with this key id (or the only signing key when the token names none) */
  find(kid: string | undefined): Promise<{ key: KeyObject; kty: string; alg?: string } | undefined>;
}

export type Fetch = (url: string) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

async function getJson(fetchImpl: Fetch, url: string): Promise<Record<string, unknown>> {
  const res = await fetchImpl(url);
  if (!res.ok) throw new Error(`GET ${url} answered HTTP ${res.status}`);
  const body = await res.json();
  if (typeof body !== 'object' || body === null) throw new Error(`GET ${url} did not answer a JSON object`);
  return body as Record<string, unknown>;
}

/**
 * The provider's keys, fetched when first needed and again when a token names a key id not seen
 * yet (at most every 30 s, so forged key ids cannot make the engine hammer the provider).
 */
export function remoteKeySet(options: { issuer: string; jwksUri?: string; fetch?: Fetch; now?: () => number }): KeySet {
  const fetchImpl: Fetch = options.fetch ?? ((url) => fetch(url, { signal: AbortSignal.timeout(10_000) }));
  const now = options.now ?? Date.now;
  let keys: Array<{ kid?: string; key: KeyObject; kty: string; alg?: string }> | undefined;
  let fetchedAt = -Infinity;
  let loading: Promise<void> | undefined;

  const load = async () => {
    const discovered = options.jwksUri ?? (await getJson(fetchImpl, `${options.issuer}/.well-known/openid-configuration`)).jwks_uri;
    const jwksUri = typeof discovered === 'string' ? discovered : '';
    if (jwksUri === '') throw new Error(`the discovery document of ${options.issuer} names no jwks_uri`);
    const set = await getJson(fetchImpl, jwksUri);
    const list = Array.isArray(set.keys) ? (set.keys as Jwk[]) : [];
    keys = list
      .filter((jwk) => (jwk.kty === 'RSA' || jwk.kty === 'EC') && (jwk.use === undefined || jwk.use === 'sig'))
      .flatMap((jwk) => {
        try {
          return [{ kid: jwk.kid, key: createPublicKey({ key: jwk, format: 'jwk' }), kty: jwk.kty!, ...(jwk.alg ? { alg: jwk.alg } : {}) }];
        } catch {
          return [];
        }
      });
    fetchedAt = now();
  };
  const refresh = () => {
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  };
  const lookup = (kid: string | undefined) => (kid === undefined ? (keys?.length === 1 ? keys[0] : undefined) : keys?.find((k) => k.kid === kid));

  return {
    async find(kid) {
      if (keys === undefined || (lookup(kid) === undefined && now() - fetchedAt >= REFRESH_MIN_MS)) await refresh();
      return lookup(kid);
    },
  };
}

function part(segment: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new TokenRejected(`the token's ${what} is not a base64url JSON object`);
}

export interface TokenRules {
  issuer: string;
  audiences: readonly string[];
  keys: KeySet;
  now?: () => number;
}

/** Checks signature, issuer, audience and validity period; returns the claims of a good token. */
export async function verifyAccessToken(token: string, rules: TokenRules): Promise<Record<string, unknown>> {
  if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('the token is too long');
  const segments = token.split('.');
  if (segments.length !== 3 || segments.some((s) => !/^[A-Za-z0-9_-]*$/.test(s))) throw new TokenRejected('the token is not a signed JWT');
  const [headerPart, payloadPart, signaturePart] = segments;
  const header = part(headerPart, 'header');
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const algorithm = ALGORITHMS[alg];
  if (algorithm === undefined) throw new TokenRejected(`the token's algorithm '${alg}' is not accepted`);
  const found = await rules.keys.find(typeof header.kid === 'string' ? header.kid : undefined);
  if (found === undefined) throw new TokenRejected('the token was signed by a key the identity provider does not publish');
  // the key decides the algorithm family, so an RSA key's token cannot claim another one
  if (found.kty !== algorithm.kty || (found.alg !== undefined && found.alg !== alg)) throw new TokenRejected(`the signing key does not use ${alg}`);
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const good = verify(
    algorithm.hash,
    signed,
    algorithm.kty === 'EC'
      ? { key: found.key, dsaEncoding: 'ieee-p1363' }
      : algorithm.pssSalt !== undefined
        ? { key: found.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.pssSalt }
        : found.key,
    signature,
  );
  if (!good) throw new TokenRejected('the token signature is not valid');
  const claims = part(payloadPart, 'payload');
  if (claims.iss !== rules.issuer) throw new TokenRejected(`the token was issued by '${String(claims.iss)}', not '${rules.issuer}'`);
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.some((a) => typeof a === 'string' && rules.audiences.includes(a))) throw new TokenRejected('the token is not issued for this engine (aud)');
  const nowSeconds = (rules.now ?? Date.now)() / 1000;
  if (typeof claims.exp !== 'number' || claims.exp + LEEWAY_SECONDS < nowSeconds) throw new TokenRejected('the token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf - LEEWAY_SECONDS > nowSeconds) throw new TokenRejected('the token is not valid yet');
  return claims;
}
