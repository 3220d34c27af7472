import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClientCert, createTlsFiles, type TlsFiles } from '../../../test/harness/pki.js';
import { startForwardProxy } from '../../../test/harness/forward-proxy.js';
import { fakeServer, json, type FakeServer } from './__fixtures__/fake-server.js';
import { RegistryClient } from './registry/client.js';
import { downloadBlob } from './registry/blobs.js';
import { sha256Digest } from './spec.js';
import { DEFAULT_USER_AGENT, Transport, isLoopback, schemeFor } from './transport.js';

describe('scheme choice', () => {
  it.each([
    ['localhost:5000', undefined, 'http'],
    ['127.0.0.1:5000', undefined, 'http'],
    ['[::1]:5000', undefined, 'http'],
    ['localhost', undefined, 'http'],
    ['registry.example.com', undefined, 'https'],
    ['10.0.0.5:5000', undefined, 'https'],
    ['localhost.example.com', undefined, 'https'],
    ['registry.example.com', true, 'http'],
    ['127.0.0.1:5000', false, 'https'],
  ])('%s (plainHttp %s) → %s', (host, plain, scheme) => {
    expect(schemeFor(host, plain)).toBe(scheme);
  });

  it('recognises loopback hosts with and without ports', () => {
    expect(isLoopback('[::1]')).toBe(true);
    expect(isLoopback('127.0.0.2:5000')).toBe(false);
  });
});

describe('redirects', () => {
  const servers: FakeServer[] = [];
  const transport = new Transport();
  afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

  it('keeps Authorization on the same host and sends a User-Agent', async () => {
    const s = await fakeServer((req, res) => (req.path === '/a' ? res.writeHead(307, { location: '/b' }).end() : json(res, 200, {})));
    servers.push(s);
    const res = await transport.send({ method: 'GET', url: new URL(`${s.url}/a`), headers: { Authorization: 'Bearer t0k3n' } });
    expect(res.status).toBe(200);
    expect(res.url.pathname).toBe('/b');
    expect(s.requests.map((r) => r.headers.authorization)).toEqual(['Bearer t0k3n', 'Bearer t0k3n']);
    expect(s.requests[0]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^hplugin\/\d+\.\d+\.\d+/);
  });

  it('strips Authorization when the redirect leaves the host (CDN blob URL)', async () => {
    const cdn = await fakeServer((_req, res) => res.writeHead(200, { 'content-length': 4 }).end('blob'));
    const reg = await fakeServer((_req, res) =>
      res.writeHead(307, { location: `http://localhost:${cdn.host.split(':')[1]}/signed?x=1` }).end(),
    );
    servers.push(cdn, reg);
    const res = await transport.send({
      method: 'GET',
      url: new URL(`${reg.url}/v2/a/blobs/x`),
      headers: { authorization: 'Bearer secret' },
    });
    expect(await res.body.text()).toBe('blob');
    expect(reg.requests[0]!.headers.authorization).toBe('Bearer secret');
    expect(cdn.requests[0]!.headers.authorization).toBeUndefined();
    expect(cdn.requests[0]!.path).toBe('/signed?x=1');
  });

  it('turns a 303 after PUT into a GET without a body', async () => {
    const s = await fakeServer((req, res) => (req.method === 'PUT' ? res.writeHead(303, { location: '/done' }).end() : json(res, 200, {})));
    servers.push(s);
    await (
      await transport.send({ method: 'PUT', url: new URL(`${s.url}/x`), headers: { 'content-type': 'text/plain' }, body: 'data' })
    ).body.dump();
    expect(s.requests.map((r) => `${r.method} ${r.path} ${r.body.length}`)).toEqual(['PUT /x 4', 'GET /done 0']);
  });

  it('does not treat an upload Location on a 202 as a redirect', async () => {
    const s = await fakeServer((_req, res) => res.writeHead(202, { location: '/v2/a/blobs/uploads/1' }).end());
    servers.push(s);
    const res = await transport.send({ method: 'POST', url: new URL(`${s.url}/v2/a/blobs/uploads/`) });
    expect(res.status).toBe(202);
    expect(s.requests).toHaveLength(1);
  });
});

describe('TLS', () => {
  let dir: string;
  let tls: TlsFiles;
  let server: FakeServer;
  let plain: FakeServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hplugin-oci-tls-'));
    tls = await createTlsFiles(dir);
    server = await fakeServer(
      (req, res) => (req.path === '/down' ? res.writeHead(302, { location: `${plain.url}/x` }).end() : json(res, 200, {})),
      { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') },
    );
    plain = await fakeServer((_req, res) => json(res, 200, {}));
  });
  afterAll(async () => {
    await server.close();
    await plain.close();
    await rm(dir, { recursive: true, force: true });
  });

  const ping = (options: ConstructorParameters<typeof Transport>[0]) =>
    new Transport(options).send({ method: 'GET', url: new URL(`${server.url}/v2/`) });

  it('trusts a CA file', async () => {
    expect((await ping({ caFile: tls.caFile })).status).toBe(200);
  });

  it('skips verification with insecure', async () => {
    expect((await ping({ insecure: true })).status).toBe(200);
  });

  it('reports an untrusted certificate as REGISTRY_TLS with the caFile hint', async () => {
    const client = new RegistryClient(server.host, { plainHttp: false, retry: { maxAttempts: 1 } });
    await expect(client.ping()).rejects.toMatchObject({ code: 'REGISTRY_TLS', hint: expect.stringMatching(/caFile.*insecure: true/) });
  });

  it('presents a client certificate to a registry that requires mutual TLS', async () => {
    const { certFile, keyFile } = await createClientCert(dir, tls);
    const mtls = await fakeServer((_req, res) => json(res, 200, {}), {
      cert: readFileSync(tls.certFile, 'utf8'),
      key: readFileSync(tls.keyFile, 'utf8'),
      ca: readFileSync(tls.caFile, 'utf8'),
      requestCert: true,
      rejectUnauthorized: true,
    });
    try {
      const url = new URL(`${mtls.url}/v2/`);
      expect((await new Transport({ caFile: tls.caFile, certFile, keyFile }).send({ method: 'GET', url })).status).toBe(200);
      await expect(new Transport({ caFile: tls.caFile }).send({ method: 'GET', url })).rejects.toThrow();
    } finally {
      await mtls.close();
    }
  });

  it('tunnels https through HTTPS_PROXY and still verifies against the CA file', async () => {
    const proxy = await startForwardProxy();
    try {
      await withProxyEnv({ HTTPS_PROXY: proxy.url }, async () => {
        expect((await ping({ caFile: tls.caFile })).status).toBe(200);
        await expect(ping({})).rejects.toThrow();
      });
      expect(proxy.seen).toEqual([`CONNECT ${server.host}`, `CONNECT ${server.host}`]);
    } finally {
      proxy.close();
    }
  });

  it('refuses an https → http redirect', async () => {
    await expect(new Transport({ caFile: tls.caFile }).send({ method: 'GET', url: new URL(`${server.url}/down`) })).rejects.toMatchObject({
      code: 'REGISTRY_REDIRECT_REFUSED',
    });
    expect(plain.requests).toHaveLength(0);
  });

  it('says "plain http" when TLS meets an http server', async () => {
    const client = new RegistryClient(plain.host, { plainHttp: false, retry: { maxAttempts: 1 } });
    await expect(client.ping()).rejects.toMatchObject({ code: 'REGISTRY_UNREACHABLE', hint: expect.stringMatching(/plainHttp: true/) });
  });
});

/** Runs `body` with only the given proxy variables set. */
async function withProxyEnv(vars: Record<string, string>, body: () => Promise<void>): Promise<void> {
  const saved = { ...process.env };
  try {
    for (const k of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[k];
    Object.assign(process.env, vars);
    await body();
  } finally {
    process.env = saved;
  }
}

describe('proxies from the environment', () => {
  it('sends requests through HTTP_PROXY, and not for NO_PROXY hosts', async () => {
    const target = await fakeServer((_req, res) => json(res, 200, { via: 'target' }));
    const proxy = await startForwardProxy();
    try {
      await withProxyEnv({ HTTP_PROXY: proxy.url }, async () => {
        const viaProxy = await new Transport().send({ method: 'GET', url: new URL(`${target.url}/v2/`) });
        expect(viaProxy.status).toBe(200);
        await viaProxy.body.dump();
        expect(proxy.seen).toHaveLength(1);
        expect(proxy.seen[0]).toContain(target.host);
      });
      await withProxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, async () => {
        const direct = await new Transport().send({ method: 'GET', url: new URL(`${target.url}/v2/`) });
        await direct.body.dump();
        expect(proxy.seen).toHaveLength(1);
        expect(target.requests).toHaveLength(2);
      });
    } finally {
      proxy.close();
      await target.close();
    }
  });
});

describe('timeouts: each wait that runs out is a typed REGISTRY_TIMEOUT', () => {
  const TIMEOUT = 200;
  const none = async () => undefined;
  const quick = { timeoutMs: TIMEOUT, retry: { maxAttempts: 1 }, credentials: none };

  /** A TCP server that accepts and then says nothing: a TLS handshake, or an answer, never comes. */
  async function silentServer(): Promise<{ host: string; close: () => void }> {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      host: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
      close: () => {
        for (const s of sockets) s.destroy();
        server.close();
      },
    };
  }

  it('connect: a TLS handshake that never completes', async () => {
    const server = await silentServer();
    try {
      const url = new URL(`https://${server.host}/v2/`);
      await expect(new Transport({ timeoutMs: TIMEOUT }).send({ method: 'GET', url })).rejects.toMatchObject({
        code: 'OCI_CONNECT_TIMEOUT',
      });
      await expect(new RegistryClient(server.host, { ...quick, plainHttp: false }).ping()).rejects.toMatchObject({
        code: 'REGISTRY_TIMEOUT',
      });
    } finally {
      server.close();
    }
  });

  it('connect: a proxy that never answers CONNECT', async () => {
    const proxy = await startForwardProxy({ silent: true });
    try {
      await withProxyEnv({ HTTPS_PROXY: proxy.url }, async () => {
        const url = new URL('https://registry.invalid/v2/');
        await expect(new Transport({ timeoutMs: TIMEOUT }).send({ method: 'GET', url })).rejects.toMatchObject({
          code: 'OCI_CONNECT_TIMEOUT',
        });
      });
      expect(proxy.seen).toEqual(['CONNECT registry.invalid:443']);
    } finally {
      proxy.close();
    }
  });

  it('headers: a server that reads the request and never answers', async () => {
    const server = await fakeServer(() => new Promise(() => undefined));
    try {
      const url = new URL(`${server.url}/v2/`);
      await expect(new Transport({ timeoutMs: TIMEOUT }).send({ method: 'GET', url })).rejects.toMatchObject({
        code: 'OCI_HEADERS_TIMEOUT',
      });
      await expect(new RegistryClient(server.host, quick).ping()).rejects.toMatchObject({ code: 'REGISTRY_TIMEOUT' });
    } finally {
      await server.close();
    }
  });

  it('body: a blob download that stops in the middle', async () => {
    const blob = Buffer.alloc(64 * 1024, 7);
    const descriptor = { mediaType: 'application/octet-stream', digest: sha256Digest(blob), size: blob.length };
    const server = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-length': blob.length });
      res.write(blob.subarray(0, 1000));
    });
    const dir = await mkdtemp(join(tmpdir(), 'hplugin-oci-timeout-'));
    try {
      const res = await new Transport({ timeoutMs: TIMEOUT }).send({ method: 'GET', url: new URL(`${server.url}/blob`) });
      expect(res.status).toBe(200);
      await expect(res.body.text()).rejects.toMatchObject({ code: 'OCI_BODY_TIMEOUT' });
      const client = new RegistryClient(server.host, quick);
      await expect(downloadBlob(client, 'app', descriptor, join(dir, 'blob'))).rejects.toMatchObject({ code: 'REGISTRY_TIMEOUT' });
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
