/**
 * The auth layer: sends a request (through retries), answers a 401 challenge once, and remembers
 * what worked. Basic is then sent on every request to the host; bearer tokens are cached per scope
 * set until they expire. A request that carried a cached token and still got 401 (a token expired
 * mid-push, or revoked) gets one fresh token and one more try.
 */
import type { Reporter } from '@hplugin/core';
import { silentReporter } from '@hplugin/core';
import { isEmptyCredential, registerCredentialSecrets, type Credential, type CredentialProvider } from '../credentials/types.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from '../retry.js';
import type { HttpRequest, HttpResponse, Transport } from '../transport.js';
import { pickChallenge } from './challenge.js';
import { mergeScopes, scopesCover } from './scope.js';
import { basicAuthorization, fetchToken } from './token.js';

export interface AuthClientOptions {
  transport: Transport;
  /** Registry name for credential lookup and messages (`docker.io`). */
  registry: string;
  /** host[:port] of the API; Authorization is only ever attached to this host. */
  host: string;
  credentials?: CredentialProvider;
  retry?: RetryPolicy;
  reporter?: Reporter;
  /** Injected by tests to expire tokens without waiting. */
  now?: () => number;
}

export interface AuthedRequest extends HttpRequest {
  /** The scopes this request needs, e.g. `repository:team/app:pull,push`. */
  scopes: string[];
}

// Renew a little early so that a token does not expire between our check and the registry's; for
// short-lived tokens, at most half their lifetime, or a 5 s token would never be reused at all.
const EXPIRY_MARGIN_MS = 5_000;
const expiryMargin = (lifetimeMs: number) => Math.min(EXPIRY_MARGIN_MS, lifetimeMs / 2);

export class AuthClient {
  private scheme: 'basic' | 'bearer' | undefined;
  private readonly tokens = new Map<string, { token: string; expiresAt: number; scopes: string[] }>();
  // Parallel requests that meet the same challenge share one token request.
  private readonly pending = new Map<string, Promise<string>>();
  private credential: Promise<Credential | undefined> | undefined;
  private readonly retry: RetryPolicy;
  private readonly reporter: Reporter;
  private readonly now: () => number;

  constructor(private readonly options: AuthClientOptions) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.reporter = options.reporter ?? silentReporter();
    this.now = options.now ?? Date.now;
  }

  /** Credentials are looked up once, on the first challenge, and only if one comes. */
  private getCredential(): Promise<Credential | undefined> {
    this.credential ??= (async () => {
      const c = await this.options.credentials?.(this.options.registry);
      registerCredentialSecrets(c);
      return c;
    })();
    return this.credential;
  }

  /** Whether any credential exists for this registry (for telling "refused" from "none sent"). */
  async hasCredential(): Promise<boolean> {
    return !isEmptyCredential(await this.getCredential());
  }

  /** A live token for exactly these scopes, or else one whose scopes cover them (a push token serves a pull). */
  private cachedToken(scopes: string[]): string | undefined {
    const now = this.now();
    const exact = this.tokens.get(scopes.join(' '));
    if (exact && exact.expiresAt > now) return exact.token;
    for (const entry of this.tokens.values()) {
      if (entry.expiresAt > now && scopesCover(entry.scopes, scopes)) return entry.token;
    }
    return undefined;
  }

  private async cachedAuthorization(req: AuthedRequest): Promise<string | undefined> {
    if (this.scheme === 'basic') {
      const c = await this.getCredential();
      return c?.username && c.password ? basicAuthorization(c.username, c.password) : undefined;
    }
    if (this.scheme === 'bearer') {
      const token = this.cachedToken(mergeScopes(req.scopes));
      if (token) return `Bearer ${token}`;
    }
    return undefined;
  }

  private attempt(req: AuthedRequest, authorization: string | undefined): Promise<HttpResponse> {
    const headers = { ...req.headers };
    if (authorization) headers.authorization = authorization;
    return withRetry(() => this.options.transport.send({ ...req, headers }), this.retry, {
      onRetry: ({ attempt, delayMs, reason }) =>
        this.reporter.debug(`${req.method} ${req.url.pathname}: ${reason}, retry ${attempt} in ${delayMs} ms`),
    });
  }

  async send(req: AuthedRequest): Promise<HttpResponse> {
    // Upload sessions and blob downloads may live on other hosts; our credentials stay here.
    if (req.url.host !== this.options.host) return this.attempt(req, undefined);
    const preset = (await this.getCredentialIfKnown())?.registryToken;
    if (preset) return this.attempt(req, `Bearer ${preset}`);

    const used = await this.cachedAuthorization(req);
    const first = await this.attempt(req, used);
    if (first.status !== 401) return first;
    // Only the registry's own challenges are answered. A redirect (a blob served from a CDN) may end
    // on a host that answers 401 with a realm of its own: that host never gets our credentials.
    if (first.url.host !== this.options.host) {
      this.reporter.debug(`${first.url.host} (reached by a redirect from ${this.options.host}) asked for credentials; not answered`);
      return first;
    }
    const challenge = pickChallenge(first.headers['www-authenticate']);
    if (!challenge) return first;
    const credential = await this.getCredential();
    if (credential?.registryToken) {
      await first.body.dump();
      return this.attempt(req, `Bearer ${credential.registryToken}`);
    }

    if (challenge.scheme === 'basic') {
      if (!credential?.username || !credential.password) return first;
      this.scheme = 'basic';
      await first.body.dump();
      return this.attempt(req, basicAuthorization(credential.username, credential.password));
    }

    await first.body.dump();
    const token = await this.bearerToken(req, challenge.params, credential, used);
    return this.attempt(req, `Bearer ${token}`);
  }

  /**
   * A token for the request after a 401. If another request already replaced the token this one
   * was refused with, use that; otherwise ask the token server (once for all concurrent askers).
   */
  private async bearerToken(
    req: AuthedRequest,
    params: Record<string, string>,
    credential: Credential | undefined,
    used: string | undefined,
  ): Promise<string> {
    const key = mergeScopes(req.scopes).join(' ');
    const current = this.cachedToken(mergeScopes(req.scopes));
    if (current && `Bearer ${current}` !== used) return current;
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const scopes = mergeScopes(req.scopes, params.scope ? [params.scope] : []);
    const request = fetchToken(
      this.options.transport,
      {
        realm: params.realm!,
        ...(params.service !== undefined ? { service: params.service } : {}),
        scopes,
        ...(credential ? { credential } : {}),
        challengedBy: req.url,
        registry: this.options.registry,
      },
      this.retry,
    ).then((token) => {
      this.scheme = 'bearer';
      this.tokens.set(key, {
        token: token.token,
        expiresAt: this.now() + token.expiresInSeconds * 1000 - expiryMargin(token.expiresInSeconds * 1000),
        scopes,
      });
      this.reporter.debug(`got a token for ${this.options.host} (${scopes.join(' ') || 'no scope'})`);
      return token.token;
    });
    this.pending.set(key, request);
    try {
      return await request;
    } finally {
      this.pending.delete(key);
    }
  }

  /** A registry token is sent up front; anything else waits for a challenge. */
  private async getCredentialIfKnown(): Promise<Credential | undefined> {
    return this.credential ? this.credential : undefined;
  }
}
