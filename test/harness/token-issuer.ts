/**
 * A small token server for distribution's `auth.token` mode, run in-process on 127.0.0.1.
 *
 * API:
 *   startTokenIssuer(options): Promise<TokenIssuer>
 *   TokenIssuer: realm, service, issuer, stats, log, setExpiresIn(s), setOAuth2(on), resetStats(), close()
 *
 * Protocol (docker token spec + its OAuth2 form), at `<realm>` = `http(s)://127.0.0.1:PORT/token`
 * (https when `tls` is given: clients such as oras refuse an http realm for an https registry):
 *   GET  ?service=&scope=…[&offline_token=true]   Basic credentials, or none (anonymous)
 *   POST form grant_type=password (username, password) | refresh_token (refresh_token);
 *        service, scope (space-separated), client_id required; access_type=offline → refresh_token
 * Users with access 'push' get the pull/push/delete actions they ask for; 'pull' users only pull
 * (so a push by them ends in DENIED at the registry). Anonymous requests are refused with 401 unless
 * `anonymous: 'pull'`. A wrong password gets 401 (GET) or 400 invalid_grant (POST, RFC 6749).
 *
 * Expiry: the registry accepts a token up to 60 s past its `exp` (distribution's clock-skew
 * leeway), so `exp` is written 60 s early: a token really stops working after `expires_in` seconds,
 * which lets tests make tokens expire in the middle of a push.
 */
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { TokenSigner } from './pki.js';
import { closeServer, listenOnLoopback } from './loopback-server.js';
import { signRegistryToken, type RegistryAccess } from './jwt.js';
import { grant, parseScopes } from './scopes.js';

export interface TokenUser {
  username: string;
  password: string;
  access: 'push' | 'pull';
}

export interface TokenIssuerOptions {
  service: string;
  issuer: string;
  signer: TokenSigner;
  users: TokenUser[];
  /** Lifetime of access tokens in seconds; default 60 (the spec's default). */
  expiresIn?: number;
  anonymous?: 'deny' | 'pull';
  /** Answer the OAuth2 POST form; when false, POST gets 404 (clients must fall back to GET). */
  oauth2?: boolean;
  /** Serve https with this certificate (PEM files). */
  tls?: { certFile: string; keyFile: string };
}

export interface TokenRequestRecord {
  method: string;
  grantType?: string;
  /** Undefined for anonymous requests. */
  username?: string;
  scopes: RegistryAccess[];
  granted: RegistryAccess[];
  status: number;
}

export interface TokenIssuerStats {
  requests: number;
  get: number;
  post: number;
  issued: number;
  refused: number;
}

export interface TokenIssuer {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  readonly stats: TokenIssuerStats;
  readonly log: TokenRequestRecord[];
  setExpiresIn(seconds: number): void;
  setOAuth2(enabled: boolean): void;
  resetStats(): void;
  close(): Promise<void>;
}

/** distribution 2.8 `registry/auth/token`: `Leeway = 60 * time.Second` on nbf and exp. */
const REGISTRY_LEEWAY_SECONDS = 60;
const PUSH_ACTIONS = new Set(['pull', 'push', 'delete', '*']);
const PULL_ACTIONS = new Set(['pull']);

type Outcome = { status: number; body: Record<string, unknown>; username?: string; grantType?: string; granted?: RegistryAccess[] };

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function basicCredentials(header: string | undefined): { username: string; password: string } | undefined {
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export async function startTokenIssuer(options: TokenIssuerOptions): Promise<TokenIssuer> {
  let expiresIn = options.expiresIn ?? 60;
  let oauth2 = options.oauth2 ?? true;
  const refreshTokens = new Map<string, TokenUser>();
  const stats: TokenIssuerStats = { requests: 0, get: 0, post: 0, issued: 0, refused: 0 };
  const log: TokenRequestRecord[] = [];

  const findUser = (username: string, password: string): TokenUser | undefined =>
    options.users.find((u) => u.username === username && u.password === password);

  /** A 200 outcome carrying a fresh access token (and a refresh token for offline access). */
  const issue = (user: TokenUser | undefined, requested: RegistryAccess[], offline: boolean): Outcome => {
    const now = Math.floor(Date.now() / 1000);
    // exp is whole seconds: rounded up, a token lives at least expires_in seconds (rounded down, one
    // issued at x.999 s with expires_in 1 would die a millisecond later).
    const expires = Math.ceil(Date.now() / 1000) + expiresIn;
    const granted = grant(requested, user?.access === 'push' ? PUSH_ACTIONS : PULL_ACTIONS);
    const token = signRegistryToken(options.signer, {
      iss: options.issuer,
      sub: user?.username ?? '',
      aud: options.service,
      iat: now,
      nbf: now,
      exp: expires - REGISTRY_LEEWAY_SECONDS,
      access: granted,
    });
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date(now * 1000).toISOString(),
    };
    if (offline && user) {
      const refresh = randomBytes(16).toString('hex');
      refreshTokens.set(refresh, user);
      body.refresh_token = refresh;
    }
    return { status: 200, body, granted, ...(user ? { username: user.username } : {}) };
  };

  const handleGet = (url: URL, req: http.IncomingMessage, requested: RegistryAccess[]): Outcome => {
    const creds = basicCredentials(req.headers.authorization);
    const user = creds && findUser(creds.username, creds.password);
    if (creds && !user)
      return {
        status: 401,
        body: { errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }] },
        username: creds.username,
      };
    if (!user && options.anonymous !== 'pull')
      return { status: 401, body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] } };
    return issue(user, requested, url.searchParams.get('offline_token') === 'true');
  };

  const handlePost = (form: URLSearchParams, requested: RegistryAccess[]): Outcome => {
    const grantType = form.get('grant_type') ?? '';
    if (!form.get('client_id'))
      return { status: 400, grantType, body: { error: 'invalid_request', error_description: 'client_id is required' } };
    let user: TokenUser | undefined;
    if (grantType === 'password') user = findUser(form.get('username') ?? '', form.get('password') ?? '');
    else if (grantType === 'refresh_token') user = refreshTokens.get(form.get('refresh_token') ?? '');
    else return { status: 400, grantType, body: { error: 'unsupported_grant_type' } };
    if (!user) return { status: 400, grantType, username: form.get('username') ?? undefined, body: { error: 'invalid_grant' } };
    const outcome = issue(user, requested, form.get('access_type') === 'offline');
    if (grantType === 'refresh_token') outcome.body.refresh_token = form.get('refresh_token');
    outcome.body.scope = form.get('scope') ?? '';
    return { ...outcome, grantType };
  };

  const handler: http.RequestListener = (req, res) => {
    void (async () => {
      stats.requests++;
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let outcome: Outcome;
      let scopes: RegistryAccess[] = [];
      if (url.pathname !== '/token' || (req.method === 'POST' && !oauth2)) {
        outcome = { status: 404, body: { error: 'not found' } };
      } else if (req.method === 'POST') {
        stats.post++;
        const form = await readForm(req);
        scopes = parseScopes(form.getAll('scope'));
        outcome =
          form.get('service') === options.service
            ? handlePost(form, scopes)
            : { status: 400, body: { error: 'invalid_request', error_description: 'unknown service' } };
      } else {
        stats.get++;
        scopes = parseScopes(url.searchParams.getAll('scope'));
        outcome =
          url.searchParams.get('service') === options.service
            ? handleGet(url, req, scopes)
            : { status: 400, body: { errors: [{ code: 'UNSUPPORTED', message: 'unknown service' }] } };
      }
      if (outcome.status === 200) stats.issued++;
      else stats.refused++;
      const record: TokenRequestRecord = { method: req.method ?? 'GET', scopes, granted: outcome.granted ?? [], status: outcome.status };
      if (outcome.grantType) record.grantType = outcome.grantType;
      if (outcome.username) record.username = outcome.username;
      log.push(record);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (outcome.status === 401) headers['www-authenticate'] = 'Basic realm="hplugin test token issuer"';
      res.writeHead(outcome.status, headers).end(JSON.stringify(outcome.body));
    })().catch((err: unknown) => res.destroy(err as Error));
  };
  const server = options.tls
    ? https.createServer({ cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) }, handler)
    : http.createServer(handler);
  const port = await listenOnLoopback(server);

  return {
    realm: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}/token`,
    service: options.service,
    issuer: options.issuer,
    stats,
    log,
    setExpiresIn: (seconds) => void (expiresIn = seconds),
    setOAuth2: (enabled) => void (oauth2 = enabled),
    resetStats() {
      Object.assign(stats, { requests: 0, get: 0, post: 0, issued: 0, refused: 0 });
      log.length = 0;
    },
    async close() {
      await closeServer(server);
    },
  };
}
