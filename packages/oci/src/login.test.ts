import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFakeHelper } from './__fixtures__/fake-credential-helper.js';
import { fakeServer, json, rejectionOf, type FakeServer } from './__fixtures__/fake-server.js';
import { credentialFromStore, memoryStore } from './credentials/store.js';
import { dockerConfigStore } from './credentials/docker-config-store.js';
import { writeAuthEntry } from './credentials/docker-config.js';
import { login, logout } from './login.js';
import { normalizeRegistry } from './reference.js';

let dir: string;
let server: FakeServer;
let helperDb: string;
const savedPath = process.env.PATH;
const good = `Basic ${Buffer.from('alice:right-password').toString('base64')}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-login-'));
  server = await fakeServer((req, res) =>
    req.headers.authorization === good
      ? json(res, 200, {})
      : json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="r"' }),
  );
  // A helper that keeps what it is given in a file next to it.
  helperDb = (await installFakeHelper(dir, 'test')).db;
  process.env.PATH = `${dir}${delimiter}${savedPath}`;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('login', () => {
  it('checks the credentials, then writes auths[host] with mode 0600', async () => {
    const configPath = join(dir, 'a', 'config.json');
    const result = await login(server.host, { username: 'alice', password: 'right-password', configPath });
    expect(result).toEqual({ registry: server.host, storedIn: configPath });
    const config = JSON.parse(await readFile(configPath, 'utf8'));
    expect(config.auths[server.host].auth).toBe(Buffer.from('alice:right-password').toString('base64'));
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    // What login stored is what a later push finds.
    expect(await credentialFromStore(dockerConfigStore({ configPath, env: {} }))(server.host)).toEqual({
      username: 'alice',
      password: 'right-password',
    });

    expect(await logout(server.host, { configPath })).toMatchObject({ removed: true });
    expect(await logout(server.host, { configPath })).toMatchObject({ removed: false });
  });

  it('refuses wrong credentials and stores nothing', async () => {
    const configPath = join(dir, 'b', 'config.json');
    const err = await rejectionOf(login(server.host, { username: 'alice', password: 'wrong-password', configPath }));
    expect(err).toMatchObject({ code: 'REGISTRY_UNAUTHORIZED', message: expect.stringContaining('rejected the username or password') });
    expect(err.message).not.toContain('wrong-password');
    await expect(stat(configPath)).rejects.toThrow();
  });

  it('stores in the credsStore helper when one is configured', async () => {
    const configPath = join(dir, 'c', 'config.json');
    await mkdir(join(dir, 'c'));
    await writeFile(configPath, JSON.stringify({ credsStore: 'test', auths: {} }));
    const result = await login(`http://${server.host}/`, { username: 'alice', password: 'right-password', configPath });
    expect(result.storedIn).toBe('docker-credential-test');
    expect(JSON.parse(await readFile(helperDb, 'utf8'))[server.host]).toMatchObject({ Username: 'alice', Secret: 'right-password' });
    expect(JSON.parse(await readFile(configPath, 'utf8')).auths).toEqual({});
    expect(await logout(server.host, { configPath })).toMatchObject({ removed: true, storedIn: 'docker-credential-test' });
  });

  it('puts into and deletes from a store of your own', async () => {
    const store = memoryStore();
    expect(await login(server.host, { username: 'alice', password: 'right-password', store })).toEqual({
      registry: server.host,
      storedIn: 'memory',
    });
    expect(await store.get(server.host)).toEqual({ username: 'alice', password: 'right-password' });
    await expect(login(server.host, { username: 'alice', password: 'wrong-password', store: memoryStore() })).rejects.toMatchObject({
      code: 'REGISTRY_UNAUTHORIZED',
    });
    expect(await logout(server.host, { store })).toEqual({ registry: server.host, removed: true, storedIn: 'memory' });
    expect(await store.get(server.host)).toBeUndefined();
  });

  it.each([
    ['https://r.io:5000/v2/', 'r.io:5000'],
    ['index.docker.io', 'docker.io'],
    ['R.IO', 'r.io'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizeRegistry(input)).toBe(expected);
  });
});

describe('concurrent logins (issue 17, item 9)', () => {
  it('two logins at once both keep their entry: config.json is locked around its read-modify-write', async () => {
    const configPath = join(dir, 'concurrent', 'config.json');
    const port = server.host.split(':')[1];
    const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
    await Promise.all(hosts.map((host) => login(host, { username: 'alice', password: 'right-password', configPath })));
    const auths = (JSON.parse(await readFile(configPath, 'utf8')) as { auths: Record<string, unknown> }).auths;
    expect(Object.keys(auths).sort()).toEqual(hosts.sort());
  });

  it('sixteen writers at once lose no entry', async () => {
    const configPath = join(dir, 'sixteen', 'config.json');
    const names = Array.from({ length: 16 }, (_, i) => `r${i}.example:5000`);
    await Promise.all(names.map((name) => writeAuthEntry(configPath, name, { auth: Buffer.from(`u:${name}`).toString('base64') })));
    const auths = (JSON.parse(await readFile(configPath, 'utf8')) as { auths: Record<string, unknown> }).auths;
    expect(Object.keys(auths).sort()).toEqual(names.sort());
  });
});
