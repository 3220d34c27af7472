/**
 * Fetching a bearer token from a challenge's realm (distribution's token spec):
 * - with an identity/refresh token: OAuth2 `POST realm` (form), falling back to GET on 404/405,
 *   because older token servers only implement GET;
 * - otherwise `GET realm?service=&scope=` with Basic credentials, or anonymously.
 * The answer carries `token` or `access_token`, and `expires_in` (60 s when absent).
 */
import { HpluginError, registerSecret } from '@hplugin/core';
import type { Credential } from '../credentials/types.js';
import { badResponse, networkError, registryError } from '../errors.js';
import { MAX_ERROR_BODY, MAX_TOKEN_BODY, readBounded } from '../body.js';
import { withRetry, type RetryPolicy } from '../retry.js';
import { header, type HttpResponse, type Transport } from '../transport.js';

export interface TokenRequest {
  realm: string;
  service?: string;
  scopes: string[];
  credential?: Credential;
  /** The URL the challenge came from: an https registry must not send us to an http realm. */
  challengedBy: URL;
  /** The registry name, for messages and hints. */
  registry: string;
}

export interface Token {
  token: string;
  expiresInSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIME_S = 60;
const CLIENT_ID = 'hplugin';

export function basicAuthorization(username: string, password: string): string {
  const encoded = Buffer.from(`${username}:${password}`).toString('base64');
  // A proxy that echoes the request shows this, not the password.
  registerSecret(encoded);
  return `Basic ${encoded}`;
}

function realmUrl(req: TokenRequest): URL {
  let realm: URL;
  try {
    realm = new URL(req.realm, req.challengedBy);
  } catch {
    throw badResponse({ operation: 'authenticate', host: req.registry }, `the token realm "${req.realm}" is not a URL`);
  }
  if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
    throw badResponse({ operation: 'authenticate', host: req.registry }, `the token realm "${req.realm}" is not an http(s) URL`);
  }
  if (req.challengedBy.protocol === 'https:' && realm.protocol !== 'https:') {
    throw new HpluginError(
      'REGISTRY_INSECURE_REALM',
      `The registry ${req.registry} asked for credentials at ${realm.protocol}//${realm.host}, a plain-http token server; hplugin refuses to send them there.`,
      {
        hint: 'Fix the token realm in the registry configuration so that it uses https.',
        details: { host: req.registry, realm: realm.host },
      },
    );
  }
  return realm;
}

async function readToken(res: HttpResponse, req: TokenRequest): Promise<Token> {
  const ctx = { operation: `get a token from ${new URL(req.realm, req.challengedBy).host}`, host: req.registry };
  // Bounded: a token server that streams forever must not fill memory.
  const text = await readBounded(res, ctx, MAX_TOKEN_BODY, 'the token answer');
  if (res.status !== 200) throw registryError(res.status, header(res, 'content-type'), text.slice(0, MAX_ERROR_BODY), ctx);
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw badResponse(ctx, 'the token server did not answer JSON');
  }
  const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : parsed.access_token;
  if (typeof token !== 'string' || !token) throw badResponse(ctx, 'the token server answered without a token');
  registerSecret(token);
  const expires = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_LIFETIME_S;
  return { token, expiresInSeconds: expires };
}

/** A token server that cannot be reached is named as such: the registry itself answered fine. */
export async function fetchToken(transport: Transport, req: TokenRequest, retry: RetryPolicy): Promise<Token> {
  const realm = realmUrl(req);
  try {
    return await requestToken(transport, req, retry, realm);
  } catch (err) {
    if (err instanceof HpluginError) throw err;
    throw networkError(err, { operation: `get a token from ${realm.host}`, host: req.registry, url: realm });
  }
}

async function requestToken(transport: Transport, req: TokenRequest, retry: RetryPolicy, realm: URL): Promise<Token> {
  const cred = req.credential;
  if (cred?.identityToken) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: cred.identityToken, client_id: CLIENT_ID });
    if (req.service) form.set('service', req.service);
    if (req.scopes.length) form.set('scope', req.scopes.join(' '));
    const res = await withRetry(
      () =>
        transport.send({
          method: 'POST',
          url: realm,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        }),
      retry,
    );
    if (res.status !== 404 && res.status !== 405) return readToken(res, req);
    await res.body.dump();
  }
  const url = new URL(realm);
  if (req.service) url.searchParams.set('service', req.service);
  for (const scope of req.scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = {};
  if (cred?.username && cred.password) headers.authorization = basicAuthorization(cred.username, cred.password);
  const res = await withRetry(() => transport.send({ method: 'GET', url, headers }), retry);
  return readToken(res, req);
}
