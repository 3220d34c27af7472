/**
 * Proves the harness registries: every variant starts on 127.0.0.1, answers /v2/ as its auth mode
 * says, and carries a real oras push/pull round trip; skopeo reaches the TLS variant through the
 * generated CA. Token-issuer and fault-proxy behaviour have their own files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, access } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  basicAuth,
  orasFlags,
  request,
  runPeer,
  skopeoFlags,
  startRegistry,
  type RegistryHandle,
  type StartRegistryOptions,
} from './index.js';

const VARIANTS: Array<{ name: string; options: StartRegistryOptions; scheme: string }> = [
  { name: 'no auth over http', options: {}, scheme: 'http' },
  { name: 'htpasswd over TLS', options: { auth: 'htpasswd' }, scheme: 'https' },
  { name: 'token over http', options: { auth: 'token' }, scheme: 'http' },
  { name: 'token over TLS', options: { auth: 'token', tls: true }, scheme: 'https' },
];

/** The Authorization header a client ends up sending to this registry, or none. */
async function authorizationFor(registry: RegistryHandle): Promise<Record<string, string>> {
  if (registry.auth === 'none') return {};
  const basic = basicAuth(registry.username!, registry.password!);
  if (registry.auth === 'htpasswd') return { authorization: basic };
  const issuer = registry.issuer!;
  const res = await request(`${issuer.realm}?service=${issuer.service}`, { caFile: registry.caFile, headers: { authorization: basic } });
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}

describe.each(VARIANTS)('registry: $name', ({ options, scheme }) => {
  let registry: RegistryHandle;
  let work: string;

  beforeAll(async () => {
    registry = await startRegistry(options);
    work = await mkdtemp(join(tmpdir(), 'hplugin-harness-test-'));
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('listens on a loopback port with the scheme it reports', () => {
    expect(registry.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(registry.url).toBe(`${scheme}://${registry.host}`);
    expect(registry.tls).toBe(scheme === 'https');
    expect(registry.caFile !== undefined).toBe(registry.tls);
  });

  it('answers /v2/ with 401 and a challenge without credentials, 200 with them', async () => {
    const anonymous = await request(`${registry.url}/v2/`, { caFile: registry.caFile });
    const authorized = await request(`${registry.url}/v2/`, { caFile: registry.caFile, headers: await authorizationFor(registry) });
    expect(authorized.status).toBe(200);
    if (registry.auth === 'none') {
      expect(anonymous.status).toBe(200);
    } else {
      expect(anonymous.status).toBe(401);
      const challenge = String(anonymous.headers['www-authenticate']);
      if (registry.auth === 'htpasswd') expect(challenge).toMatch(/^Basic realm=/);
      else expect(challenge).toBe(`Bearer realm="${registry.issuer!.realm}",service="${registry.issuer!.service}"`);
    }
  });

  it('refuses a wrong password', async () => {
    if (registry.auth === 'none') return expect(registry.username).toBeUndefined();
    const wrong = basicAuth(registry.username!, 'not-the-password');
    const url = registry.auth === 'htpasswd' ? `${registry.url}/v2/` : `${registry.issuer!.realm}?service=${registry.issuer!.service}`;
    const res = await request(url, { caFile: registry.caFile, headers: { authorization: wrong } });
    expect(res.status).toBe(401);
  });

  it('carries an oras push and pull round trip', async () => {
    const content = `hello from ${registry.url} ${Date.now()}\n`;
    await writeFile(join(work, 'hello.txt'), content);
    const ref = `${registry.host}/harness/round-trip:v1`;
    const push = await runPeer('oras', ['push', ...orasFlags(registry), '--format', 'json', ref, 'hello.txt:text/plain'], { cwd: work });
    expect(push.stderr).not.toMatch(/Error/);
    expect(push.code).toBe(0);
    const digest = JSON.parse(push.stdout).digest as string;
    expect(digest).toMatch(/^sha256:[a-f0-9]{64}$/);

    const out = join(work, 'pulled');
    const pull = await runPeer('oras', ['pull', ...orasFlags(registry), '-o', out, `${registry.host}/harness/round-trip@${digest}`], {
      cwd: work,
    });
    expect(pull.code).toBe(0);
    expect(await readFile(join(out, 'hello.txt'), 'utf8')).toBe(content);
  });
});

describe('registry: skopeo over TLS', () => {
  let registry: RegistryHandle;
  let work: string;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    work = await mkdtemp(join(tmpdir(), 'hplugin-harness-test-'));
    await writeFile(join(work, 'a.txt'), 'skopeo\n');
    const push = await runPeer('oras', ['push', ...orasFlags(registry), `${registry.host}/harness/skopeo:v1`, 'a.txt'], { cwd: work });
    expect(push.code).toBe(0);
  });
  afterAll(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('reaches the registry with --cert-dir holding the generated CA', async () => {
    const inspect = await runPeer('skopeo', ['inspect', '--raw', ...skopeoFlags(registry), `docker://${registry.host}/harness/skopeo:v1`]);
    expect(inspect.stderr).toBe('');
    expect(JSON.parse(inspect.stdout).mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
  });

  it('fails certificate verification without the CA', async () => {
    const creds = `${registry.username}:${registry.password}`;
    const inspect = await runPeer('skopeo', [
      'inspect',
      '--raw',
      '--tls-verify=true',
      '--creds',
      creds,
      `docker://${registry.host}/harness/skopeo:v1`,
    ]);
    expect(inspect.code).not.toBe(0);
    expect(inspect.stderr).toMatch(/certificate signed by unknown authority/);
  });
});

describe('registry: lifecycle', () => {
  it('stop() kills the process, frees the port and deletes the temp dir', async () => {
    const registry = await startRegistry();
    expect(() => process.kill(registry.pid, 0)).not.toThrow();
    await registry.stop();
    await registry.stop(); // idempotent
    expect(() => process.kill(registry.pid, 0)).toThrow(/ESRCH/);
    await expect(request(`${registry.url}/v2/`)).rejects.toThrow(/ECONNREFUSED/);
    await expect(access(registry.storageDir)).rejects.toThrow(/ENOENT/);
  });

  it('surfaces the registry output when start-up fails', async () => {
    const failure = startRegistry({ configure: (config) => void (config.log.level = 'chatty') });
    await expect(failure).rejects.toMatchObject({ code: 'HARNESS_REGISTRY_START_FAILED' });
    await expect(failure).rejects.toThrow(/chatty/);
  });

  it('applies configure() to the config it starts with', async () => {
    const registry = await startRegistry({ configure: (config) => void (config.storage.maintenance = { readonly: { enabled: true } }) });
    try {
      const res = await request(`${registry.url}/v2/harness/readonly/blobs/uploads/`, { method: 'POST' });
      // Read-only mode drops the upload routes: the router itself answers 405.
      expect(res.status).toBe(405);
    } finally {
      await registry.stop();
    }
  });
});
