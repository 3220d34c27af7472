/**
 * Proves the token variant's issuer against the real registry: GET and OAuth2 POST forms, refresh
 * tokens, pull-only users, anonymous access, expiry in the middle of use, and the request counts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { basicAuth, decodeJwt, request, startRegistry, type RegistryHandle, type TokenIssuer } from './index.js';
import { parseScope, parseScopes } from './scopes.js';

const MANIFEST = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
  },
  layers: [],
};

describe('scopes', () => {
  it('cuts the type at the first colon and the actions at the last, so names may hold host:port', () => {
    expect(parseScope('repository:localhost:5000/a/b:pull,push')).toEqual({
      type: 'repository',
      name: 'localhost:5000/a/b',
      actions: ['pull', 'push'],
    });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('nonsense')).toBeUndefined();
    expect(parseScopes(['repository:a:pull repository:b:push', 'repository:c:pull'])).toHaveLength(3);
  });
});

describe('token issuer with the real registry', () => {
  let registry: RegistryHandle;
  let issuer: TokenIssuer;

  const getToken = async (scope: string, auth?: string, extra = ''): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await request(`${issuer.realm}?service=${issuer.service}&scope=${encodeURIComponent(scope)}${extra}`, {
      headers: auth ? { authorization: auth } : {},
    });
    return { status: res.status, body: res.json() };
  };
  const postToken = async (form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await request(issuer.realm, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ service: issuer.service, client_id: 'harness-test', ...form }).toString(),
    });
    return { status: res.status, body: res.status === 404 ? {} : res.json() };
  };
  const putManifest = (token: string, tag: string) =>
    request(`${registry.url}/v2/harness/tokens/manifests/${tag}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': MANIFEST.mediaType },
      body: JSON.stringify(MANIFEST),
    });
  const pushEmptyConfig = async (token: string): Promise<void> => {
    const digest = MANIFEST.config.digest;
    const start = await request(`${registry.url}/v2/harness/tokens/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const location = new URL(String(start.headers.location), registry.url);
    location.searchParams.set('digest', digest);
    const put = await request(location.href, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: '{}',
    });
    expect(put.status).toBe(201);
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token' });
    issuer = registry.issuer!;
    // harness/tokens:v1 exists for the tests that read with a token.
    const { body } = await getToken('repository:harness/tokens:pull,push', basicAuth(registry.username!, registry.password!));
    await pushEmptyConfig(String(body.token));
    expect((await putManifest(String(body.token), 'v1')).status).toBe(201);
  });
  afterAll(() => registry?.stop());
  beforeEach(() => {
    issuer.resetStats();
    issuer.setExpiresIn(60);
    issuer.setOAuth2(true);
  });

  it('grants the push user what it asks for, in an RS256 JWT with the signer in x5c', async () => {
    const { status, body } = await getToken('repository:harness/tokens:pull,push', basicAuth(registry.username!, registry.password!));
    expect(status).toBe(200);
    expect(body.expires_in).toBe(60);
    expect(body.token).toBe(body.access_token);
    const { header, claims } = decodeJwt(String(body.token));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.x5c).toHaveLength(1);
    expect(claims).toMatchObject({
      iss: issuer.issuer,
      aud: issuer.service,
      sub: registry.username,
      access: [{ type: 'repository', name: 'harness/tokens', actions: ['pull', 'push'] }],
    });
    await pushEmptyConfig(String(body.token));
    expect((await putManifest(String(body.token), 'v2')).status).toBe(201);
    expect(issuer.stats).toEqual({ requests: 1, get: 1, post: 0, issued: 1, refused: 0 });
  });

  it('refuses a bad password and anonymous requests with 401', async () => {
    expect((await getToken('repository:harness/tokens:pull', basicAuth(registry.username!, 'wrong'))).status).toBe(401);
    expect((await getToken('repository:harness/tokens:pull')).status).toBe(401);
    expect(issuer.stats).toMatchObject({ requests: 2, issued: 0, refused: 2 });
    expect(issuer.log.map((r) => r.username)).toEqual([registry.username, undefined]);
  });

  it('grants a pull-only user only pull, and the registry answers its push with 401 insufficient_scope', async () => {
    const { body } = await getToken(
      'repository:harness/tokens:pull,push',
      basicAuth(registry.readOnly!.username, registry.readOnly!.password),
    );
    expect(decodeJwt(String(body.token)).claims.access).toEqual([{ type: 'repository', name: 'harness/tokens', actions: ['pull'] }]);
    const push = await putManifest(String(body.token), 'denied');
    expect(push.status).toBe(401);
    expect(String(push.headers['www-authenticate'])).toContain('error="insufficient_scope"');
  });

  it('serves the OAuth2 password grant, and refresh tokens for offline access', async () => {
    const scope = 'repository:harness/tokens:pull';
    const first = await postToken({
      grant_type: 'password',
      username: registry.username!,
      password: registry.password!,
      scope,
      access_type: 'offline',
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    const refreshed = await postToken({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token), scope });
    expect(refreshed.status).toBe(200);
    const manifest = await request(`${registry.url}/v2/harness/tokens/manifests/v1`, {
      headers: { authorization: `Bearer ${String(refreshed.body.access_token)}`, accept: MANIFEST.mediaType },
    });
    expect(manifest.status).toBe(200);
    expect((await postToken({ grant_type: 'password', username: registry.username!, password: 'wrong', scope })).body).toEqual({
      error: 'invalid_grant',
    });
    expect((await postToken({ grant_type: 'refresh_token', refresh_token: 'made-up', scope })).status).toBe(400);
    expect(issuer.stats).toEqual({ requests: 4, get: 0, post: 4, issued: 2, refused: 2 });
    expect(issuer.log.map((r) => r.grantType)).toEqual(['password', 'refresh_token', 'password', 'refresh_token']);
  });

  it('answers POST with 404 when OAuth2 is switched off, so clients must fall back to GET', async () => {
    issuer.setOAuth2(false);
    const res = await postToken({
      grant_type: 'password',
      username: registry.username!,
      password: registry.password!,
      scope: 'repository:harness/tokens:pull',
    });
    expect(res.status).toBe(404);
  });

  it('makes tokens stop working at the registry after expires_in seconds', async () => {
    issuer.setExpiresIn(1);
    const { body } = await getToken('repository:harness/tokens:pull', basicAuth(registry.username!, registry.password!));
    expect(body.expires_in).toBe(1);
    const read = () =>
      request(`${registry.url}/v2/harness/tokens/manifests/v1`, {
        headers: { authorization: `Bearer ${String(body.token)}`, accept: MANIFEST.mediaType },
      });
    expect((await read()).status).toBe(200);
    // exp has one-second resolution: after 2.2 s the token is past its lifetime whatever the rounding.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const late = await read();
    expect(late.status).toBe(401);
    expect(String(late.headers['www-authenticate'])).toContain('error="invalid_token"');
  });
});

describe('token issuer with anonymous pull', () => {
  it('hands anonymous clients pull-only tokens', async () => {
    const registry = await startRegistry({ auth: 'token', token: { anonymous: 'pull' } });
    try {
      const issuer = registry.issuer!;
      const res = await request(`${issuer.realm}?service=${issuer.service}&scope=repository:harness/anon:pull,push`);
      expect(res.status).toBe(200);
      expect(decodeJwt(res.json<{ token: string }>().token).claims).toMatchObject({ sub: '', access: [{ actions: ['pull'] }] });
    } finally {
      await registry.stop();
    }
  });
});
