/**
 * A client for one registry: builds URLs, sends through auth → retry → transport, and turns
 * unexpected answers into HpluginErrors. The operations themselves live in small modules next to it
 * (manifests, blobs, uploads, tags) and take this client as their first argument.
 */
import { cancelledError, HpluginError, isHpluginError, silentReporter, type Reporter } from '@hplugin/core';
import { AuthClient } from '../auth/client.js';
import { repositoryScope } from '../auth/scope.js';
import { dockerConfigStore } from '../credentials/docker-config-store.js';
import { credentialFromStore } from '../credentials/store.js';
import type { CredentialProvider } from '../credentials/types.js';
import { badResponse, networkError, optionHint, registryError, type ErrorContext } from '../errors.js';
import { MAX_JSON_BODY, readBounded, readCapped, readJson } from '../body.js';
import { apiHost, assertRegistryHost } from '../reference.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry.js';
import {
  Transport,
  assertNoDowngrade,
  header,
  schemeFor,
  type HttpRequest,
  type HttpResponse,
  type TransportOptions,
} from '../transport.js';

export interface RegistryClientOptions extends TransportOptions {
  /** Defaults to env vars, then docker's config.json and its helpers. */
  credentials?: CredentialProvider;
  retry?: Partial<RetryPolicy>;
  reporter?: Reporter;
  /** Blobs of at least this many bytes are uploaded in chunks (default 128 MiB). */
  chunkThreshold?: number;
  /**
   * Size of one PATCH (default 128 MiB: a blob the gateway accepts, at most 256 MiB, is two; each
   * PATCH costs a round trip and the registry's bookkeeping, and 32 MiB chunks took a 256 MiB upload
   * from 866 to 947 ms on a local registry).
   */
  chunkSize?: number;
  /** Share one connection pool between clients. */
  transport?: Transport;
}

export class RegistryClient {
  readonly registry: string;
  readonly host: string;
  readonly baseUrl: string;
  readonly reporter: Reporter;
  readonly retry: RetryPolicy;
  readonly chunkThreshold: number;
  readonly chunkSize: number;
  private readonly transport: Transport;
  private readonly ownsTransport: boolean;
  private readonly auth: AuthClient;
  private readonly signal: AbortSignal | undefined;

  constructor(registry: string, options: RegistryClientOptions = {}) {
    // A bad host (a port of 99999) is the user's to fix, before any URL is built from it.
    assertRegistryHost(registry);
    this.registry = registry;
    this.signal = options.signal;
    this.host = apiHost(registry);
    this.baseUrl = `${schemeFor(this.host, options.plainHttp)}://${this.host}`;
    this.reporter = options.reporter ?? silentReporter();
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.chunkThreshold = options.chunkThreshold ?? 128 * 1024 * 1024;
    this.chunkSize = options.chunkSize ?? 128 * 1024 * 1024;
    this.ownsTransport = !options.transport;
    this.transport = options.transport ?? new Transport(options);
    this.auth = new AuthClient({
      transport: this.transport,
      registry,
      // As URL.host spells it (no default port), since that is what requests are compared with.
      host: new URL(this.baseUrl).host,
      credentials: options.credentials ?? credentialFromStore(dockerConfigStore()),
      retry: this.retry,
      reporter: this.reporter,
    });
  }

  url(path: string): URL {
    return new URL(path, this.baseUrl);
  }

  context(operation: string): ErrorContext {
    return { operation, host: this.registry };
  }

  static pullScope(repository: string): string[] {
    return [repositoryScope(repository, ['pull'])];
  }

  static pushScope(repository: string): string[] {
    return [repositoryScope(repository, ['pull', 'push'])];
  }

  /** Send one request; network failures (after retries) become REGISTRY_UNREACHABLE / REGISTRY_TLS. */
  async send(req: HttpRequest & { scopes: string[] }, operation: string): Promise<HttpResponse> {
    try {
      return await this.auth.send(req);
    } catch (err) {
      // Stopped on purpose (Ctrl-C): say so, not "registry unreachable".
      if (this.signal?.aborted)
        throw isHpluginError(this.signal.reason) ? this.signal.reason : cancelledError(`${operation} was cancelled`);
      if (isHpluginError(err)) throw await this.explainUnauthorized(err);
      throw networkError(err, { ...this.context(operation), url: req.url });
    }
  }

  /** Return the response when its status is expected; otherwise read the error body and throw. */
  async expect(res: HttpResponse, ok: number[], operation: string): Promise<HttpResponse> {
    if (ok.includes(res.status)) return res;
    throw await this.explainUnauthorized(
      registryError(
        res.status,
        header(res, 'content-type'),
        await readCapped(res, this.context(operation)),
        this.context(operation),
        header(res, 'www-authenticate'),
      ),
    );
  }

  /**
   * A 401 means "log in" only when hplugin had nothing to send; when it sent credentials, the
   * registry refused them (a wrong password, an expired token), and logging in "first" misleads.
   */
  private async explainUnauthorized(err: HpluginError): Promise<HpluginError> {
    if (err.code !== 'REGISTRY_UNAUTHORIZED' || err.details?.reason === 'insufficient_scope') return err;
    const sent = await this.auth.hasCredential().catch(() => false);
    const registry = this.registry;
    const hint = optionHint((spell) =>
      sent
        ? `The registry refused the credentials sent for ${registry}: check the user name and the password or token, or use ${spell('relogin', registry)}.`
        : `No credentials were found for ${registry}: ${spell('login', registry)}.`,
    );
    return new HpluginError(err.code, err.message, {
      ...hint,
      details: { ...err.details, credentials: sent ? 'refused' : 'none' },
      cause: err,
    });
  }

  /** GET /v2/: is this a registry, and do our credentials work? */
  async ping(): Promise<void> {
    const op = `check ${this.registry}`;
    const res = await this.expect(await this.send({ method: 'GET', url: this.url('/v2/'), scopes: [] }, op), [200], op);
    const text = await readBounded(res, this.context(op), MAX_JSON_BODY);
    if (/html/i.test(header(res, 'content-type') ?? '') || /^\s*</.test(text)) {
      throw badResponse(this.context(op), `${this.baseUrl}/v2/ answered an HTML page, not the registry API`);
    }
  }

  /** Tags of a repository, following `Link: <…>; rel="next"` pagination. */
  async listTags(repository: string): Promise<string[]> {
    const op = `list tags of ${this.registry}/${repository}`;
    const tags: string[] = [];
    let url: URL | undefined = this.url(`/v2/${repository}/tags/list`);
    while (url) {
      const res = await this.expect(await this.send({ method: 'GET', url, scopes: RegistryClient.pullScope(repository) }, op), [200], op);
      const body = await readJson<{ tags?: unknown }>(res, this.context(op));
      if (Array.isArray(body.tags)) tags.push(...body.tags.filter((t): t is string => typeof t === 'string'));
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header(res, 'link') ?? '')?.[1];
      url = next ? new URL(next, res.url) : undefined;
      if (url) assertNoDowngrade(res.url, url, 'sent the next page of tags to');
    }
    return tags;
  }

  async close(): Promise<void> {
    if (this.ownsTransport) await this.transport.close();
  }
}
