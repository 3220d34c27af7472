import { afterEach, describe, expect, it } from 'vitest';
import { fakeServer, json, rejectionOf, type FakeServer, type RecordedRequest } from '../__fixtures__/fake-server.js';
import type { Credential } from '../credentials/types.js';
import { RegistryClient } from '../registry/client.js';
import { Transport } from '../transport.js';
import { AuthClient } from './client.js';
import { fetchToken } from './token.js';

/**
 * One server plays registry (/v2/...) and token service (/token). Tokens are "tok-<n>"; the registry
 * accepts the ones in `valid`. Each test names one behaviour of oras-go's auth test table.
 */
interface Setup {
  server: FakeServer;
  valid: Set<string>;
  tokenRequests: RecordedRequest[];
  auth: (cred?: Credential, now?: () => number) => AuthClient;
}

const current: FakeServer[] = [];
afterEach(async () => Promise.all(current.splice(0).map((s) => s.close())));

async function setup(
  opts: {
    tokenBody?: (n: number) => Record<string, unknown>;
    oauth2?: 'yes' | '404';
    scheme?: 'bearer' | 'basic';
    scopeHost?: string;
  } = {},
): Promise<Setup> {
  const valid = new Set<string>();
  const tokenRequests: RecordedRequest[] = [];
  let issued = 0;
  const server = await fakeServer((req, res, self) => {
    const url = new URL(req.path, self.url);
    if (url.pathname === '/token') {
      tokenRequests.push(req);
      if (req.method === 'POST' && opts.oauth2 !== 'yes') return json(res, 404, {});
      const basic = req.headers.authorization;
      if (basic && basic !== `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`)
        return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
      const token = `tok-${++issued}`;
      valid.add(token);
      return json(res, 200, opts.tokenBody ? opts.tokenBody(issued) : { token });
    }
    const given = req.headers.authorization ?? '';
    if (opts.scheme === 'basic') {
      if (given === `Basic ${Buffer.from('alice:s3cret-pw').toString('base64')}`) return json(res, 200, {});
      return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="test"' });
    }
    if (given.startsWith('Bearer ') && valid.has(given.slice(7))) {
      if (url.pathname.endsWith('/cdn'))
        return res.writeHead(307, { location: `http://localhost:${self.host.split(':')[1]}/blobdata` }).end();
      return json(res, 200, { ok: true });
    }
    if (url.pathname === '/blobdata') return json(res, 200, { cdn: true });
    const repo = /^\/v2\/(.+)\/(?:blobs|manifests|tags)\//.exec(url.pathname)?.[1];
    const scope = repo ? `,scope="repository:${opts.scopeHost ? `${opts.scopeHost}/` : ''}${repo}:pull"` : '';
    json(
      res,
      401,
      { errors: [{ code: 'UNAUTHORIZED' }] },
      { 'www-authenticate': `Bearer realm="${self.url}/token",service="fake"${scope}` },
    );
  });
  current.push(server);
  const transport = new Transport();
  return {
    server,
    valid,
    tokenRequests,
    auth: (cred, now) =>
      new AuthClient({
        transport,
        registry: server.host,
        host: server.host,
        ...(cred ? { credentials: async () => cred } : {}),
        retry: { maxAttempts: 1, minDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
        ...(now ? { now } : {}),
      }),
  };
}

const alice = { username: 'alice', password: 's3cret-pw' };
const get = (s: Setup, client: AuthClient, path: string, scopes = ['repository:a:pull']) =>
  client.send({ method: 'GET', url: new URL(`${s.server.url}${path}`), scopes }).then(async (r) => {
    await r.body.dump();
    return r.status;
  });

describe('AuthClient', () => {
  it('anonymous: fetches a token without credentials', async () => {
    const s = await setup();
    expect(await get(s, s.auth(), '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests).toHaveLength(1);
    expect(s.tokenRequests[0]!.headers.authorization).toBeUndefined();
    expect(new URL(s.tokenRequests[0]!.path, 'http://x').searchParams.get('service')).toBe('fake');
  });

  it('basic credentials go to the token server, not to the registry', async () => {
    const s = await setup();
    expect(await get(s, s.auth(alice), '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests[0]!.headers.authorization).toMatch(/^Basic /);
    expect(
      s.server.requests.filter((r) => r.path.startsWith('/v2/')).every((r) => !String(r.headers.authorization ?? '').startsWith('Basic')),
    ).toBe(true);
  });

  it('cached tokens: one token for many requests of the same scope', async () => {
    const s = await setup();
    const client = s.auth(alice);
    for (let i = 0; i < 3; i++) expect(await get(s, client, '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests).toHaveLength(1);
    // Only the first request met a 401; later ones carried the cached token at once.
    expect(s.server.requests.filter((r) => r.path.startsWith('/v2/'))).toHaveLength(4);
  });

  it('scope mismatch: another repository gets its own token with its own scope', async () => {
    const s = await setup();
    const client = s.auth(alice);
    await get(s, client, '/v2/a/tags/list', ['repository:a:pull']);
    await get(s, client, '/v2/b/tags/list', ['repository:b:pull']);
    expect(s.tokenRequests.map((r) => new URL(r.path, 'http://x').searchParams.getAll('scope'))).toEqual([
      ['repository:a:pull'],
      ['repository:b:pull'],
    ]);
  });

  it('merges the challenge scope with the requested one, keeping host:port names intact', async () => {
    const s = await setup({ scopeHost: 'localhost:5000' });
    await get(s, s.auth(), '/v2/a/tags/list', ['repository:a:pull,push']);
    expect(new URL(s.tokenRequests[0]!.path, 'http://x').searchParams.getAll('scope')).toEqual([
      'repository:a:pull,push',
      'repository:localhost:5000/a:pull',
    ]);
  });

  it('expiry: a token past expires_in is not reused', async () => {
    const s = await setup({ tokenBody: (n) => ({ token: `tok-${n}`, expires_in: 300 }) });
    let now = 1_000_000;
    const client = s.auth(alice, () => now);
    await get(s, client, '/v2/a/tags/list');
    now += 200_000;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(1);
    now += 200_000;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(2);
  });

  it('a short-lived token is reused for half its life, not refetched for every request', async () => {
    const s = await setup({ tokenBody: (n) => ({ token: `tok-${n}`, expires_in: 4 }) });
    let now = 0;
    const client = s.auth(alice, () => now);
    await get(s, client, '/v2/a/tags/list');
    now = 1_500;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(1);
    now = 2_500;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(2);
  });

  it('expires_in defaults to 60 s, and access_token is accepted', async () => {
    const s = await setup({ tokenBody: (n) => ({ access_token: `tok-${n}` }) });
    let now = 0;
    const client = s.auth(undefined, () => now);
    await get(s, client, '/v2/a/tags/list');
    now = 50_000;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(1);
    now = 61_000;
    await get(s, client, '/v2/a/tags/list');
    expect(s.tokenRequests).toHaveLength(2);
  });

  it('parallel requests meeting the same challenge share one token request', async () => {
    const s = await setup();
    const client = s.auth(alice);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => get(s, client, '/v2/a/tags/list')));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(s.tokenRequests).toHaveLength(1);
  });

  it('a token with pull,push also serves pull requests', async () => {
    const s = await setup();
    const client = s.auth(alice);
    await get(s, client, '/v2/a/tags/list', ['repository:a:pull,push']);
    await get(s, client, '/v2/a/tags/list', ['repository:a:pull']);
    expect(s.tokenRequests).toHaveLength(1);
  });

  it('a cached token rejected mid-push is refetched once', async () => {
    const s = await setup();
    const client = s.auth(alice);
    await get(s, client, '/v2/a/tags/list');
    s.valid.clear(); // the registry no longer accepts tok-1
    expect(await get(s, client, '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests).toHaveLength(2);
  });

  it('gives up after one refetch when the new token is refused too', async () => {
    const s = await setup({ tokenBody: () => ({ token: 'never-valid' }) });
    expect(await get(s, s.auth(alice), '/v2/a/tags/list')).toBe(401);
    expect(s.tokenRequests).toHaveLength(1);
  });

  it('OAuth2: an identity token is POSTed as a refresh_token form', async () => {
    const s = await setup({ oauth2: 'yes', tokenBody: (n) => ({ access_token: `tok-${n}`, expires_in: 120 }) });
    expect(await get(s, s.auth({ identityToken: 'refresh-me-123' }), '/v2/a/tags/list')).toBe(200);
    const form = new URLSearchParams(s.tokenRequests[0]!.body.toString());
    expect(s.tokenRequests[0]!.method).toBe('POST');
    expect(Object.fromEntries(form)).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-me-123',
      service: 'fake',
      scope: 'repository:a:pull',
      client_id: 'hplugin',
    });
  });

  it('OAuth2 POST answered 404 falls back to GET', async () => {
    const s = await setup({ oauth2: '404' });
    expect(await get(s, s.auth({ identityToken: 'refresh-me-123' }), '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests.map((r) => r.method)).toEqual(['POST', 'GET']);
  });

  it('Basic challenge: answered with credentials, then sent up front', async () => {
    const s = await setup({ scheme: 'basic' });
    const client = s.auth(alice);
    expect(await get(s, client, '/v2/a/tags/list')).toBe(200);
    expect(await get(s, client, '/v2/a/tags/list')).toBe(200);
    expect(s.server.requests.map((r) => Boolean(r.headers.authorization))).toEqual([false, true, true]);
  });

  it('Basic challenge without credentials leaves the 401 to the caller', async () => {
    const s = await setup({ scheme: 'basic' });
    expect(await get(s, s.auth(), '/v2/a/tags/list')).toBe(401);
  });

  it('a registry token is sent as a bearer without asking a token server', async () => {
    const s = await setup();
    s.valid.add('preset-registry-token');
    expect(await get(s, s.auth({ registryToken: 'preset-registry-token' }), '/v2/a/tags/list')).toBe(200);
    expect(s.tokenRequests).toHaveLength(0);
  });

  it('redirect after auth: the CDN gets no Authorization', async () => {
    const s = await setup();
    expect(await get(s, s.auth(alice), '/v2/a/blobs/cdn')).toBe(200);
    const cdn = s.server.requests.find((r) => r.path === '/blobdata')!;
    expect(cdn.headers.authorization).toBeUndefined();
  });

  it('wrong credentials at the token server: REGISTRY_UNAUTHORIZED, no secret in the message', async () => {
    const s = await setup();
    const client = new RegistryClient(s.server.host, {
      credentials: async () => ({ username: 'alice', password: 'wrong-password' }),
      retry: { maxAttempts: 1 },
    });
    const err = await rejectionOf(client.listTags('a'));
    expect(err).toMatchObject({
      code: 'REGISTRY_UNAUTHORIZED',
      hint: expect.stringContaining(`refused the credentials sent for ${s.server.host}`),
      details: expect.objectContaining({ credentials: 'refused' }),
    });
    expect(JSON.stringify({ m: err.message, h: err.hint })).not.toContain('wrong-password');
  });
});

describe('fetchToken', () => {
  it('refuses an http realm for an https registry', async () => {
    await expect(
      fetchToken(
        new Transport(),
        {
          realm: 'http://auth.example.com/token',
          scopes: [],
          challengedBy: new URL('https://r.example.com/v2/'),
          registry: 'r.example.com',
        },
        {
          maxAttempts: 1,
          minDelayMs: 1,
          maxDelayMs: 1,
          maxRetryAfterMs: 1,
        },
      ),
    ).rejects.toMatchObject({ code: 'REGISTRY_INSECURE_REALM' });
  });
});
