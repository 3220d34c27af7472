import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '@hplugin/core';
import { installFakeHelper } from '../__fixtures__/fake-credential-helper.js';
import { decodeAuthEntry, dockerConfigPath, findAuthEntry, helperFor, writeAuthEntry, type DockerConfig } from './docker-config.js';
import { helperErase, helperGet, helperStore } from './helper.js';
import { dockerConfigStore } from './docker-config-store.js';
import { fileStore } from './file-store.js';
import { nativeStore } from './native-store.js';
import { credentialFromStore, memoryStore, staticStore, storeWithFallbacks } from './store.js';
import type { Credential, CredentialStore } from './types.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

// A docker-credential-test helper on PATH, backed by a JSON file; it logs every call.
let dir: string;
let storeFile: string;
let logFile: string;
const savedPath = process.env.PATH;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-creds-'));
  ({ db: storeFile, log: logFile } = await installFakeHelper(dir, 'test'));
  process.env.PATH = `${dir}${delimiter}${savedPath}`;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(storeFile, '{}');
  await writeFile(logFile, '');
});

describe('config.json auths lookup (by host, never by path)', () => {
  const config: DockerConfig = {
    auths: {
      'registry.example.com': { auth: b64('alice:pw-one') },
      'https://legacy.example.com/v1/': { auth: b64('bob:pw-two') },
      'http://plain.example.com:5000': { auth: b64('carol:pw:with:colons') },
      'https://index.docker.io/v1/': { auth: b64('dana:pw-hub') },
      'idtoken.example.com': { auth: b64('<token>:'), identitytoken: 'refresh-abc' },
      'regtoken.example.com': { registrytoken: 'bearer-xyz' },
    },
  };
  it.each([
    ['registry.example.com', { username: 'alice', password: 'pw-one' }],
    ['legacy.example.com', { username: 'bob', password: 'pw-two' }],
    ['plain.example.com:5000', { username: 'carol', password: 'pw:with:colons' }],
    ['docker.io', { username: 'dana', password: 'pw-hub' }],
    ['idtoken.example.com', { identityToken: 'refresh-abc' }],
    ['regtoken.example.com', { registryToken: 'bearer-xyz' }],
    ['plain.example.com', undefined],
    ['example.com', undefined],
  ])('%s', (registry, expected) => {
    const entry = findAuthEntry(config, registry);
    const cred = entry ? decodeAuthEntry(entry) : undefined;
    if (expected === undefined) expect(cred).toBeUndefined();
    else expect(cred).toMatchObject(expected);
  });

  it('registers every secret it reads', () => {
    decodeAuthEntry({ auth: b64('eve:a-secret-password') });
    expect(redact('token a-secret-password')).toBe('token ***');
  });

  it.each([
    [{ credHelpers: { 'gcr.io': 'gcr' }, credsStore: 'desktop' }, 'gcr.io', 'gcr'],
    [{ credHelpers: { 'gcr.io': 'gcr' }, credsStore: 'desktop' }, 'other.io', 'desktop'],
    [{ credHelpers: { 'https://index.docker.io/v1/': 'hub' } }, 'docker.io', 'hub'],
    [{}, 'x.io', undefined],
  ])('helper for %j / %s → %s', (config, registry, helper) => {
    expect(helperFor(config as DockerConfig, registry)).toBe(helper);
  });

  it('finds the config through DOCKER_CONFIG', () => {
    expect(dockerConfigPath({ DOCKER_CONFIG: '/x/y' })).toBe('/x/y/config.json');
    expect(dockerConfigPath({})).toMatch(/\.docker\/config\.json$/);
  });
});

describe('credential helpers', () => {
  it('stores, gets and erases through docker-credential-<name>', async () => {
    await helperStore('test', 'r.example.com', 'alice', 'pw-helper');
    expect(await helperGet('test', 'r.example.com')).toEqual({ username: 'alice', password: 'pw-helper' });
    expect(await helperErase('test', 'r.example.com')).toBe(true);
    expect(await helperGet('test', 'r.example.com')).toBeUndefined();
    expect(await helperErase('test', 'r.example.com')).toBe(false);
    expect(
      (await readFile(logFile, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['store', 'get', 'erase', 'get', 'erase']);
  });

  it('turns Username <token> into an identity token', async () => {
    await helperStore('test', 'r.example.com', '<token>', 'refresh-from-helper');
    expect(await helperGet('test', 'r.example.com')).toEqual({ identityToken: 'refresh-from-helper' });
  });

  it('reports a failing helper and a missing one', async () => {
    await expect(helperGet('test', 'broken.example.com')).rejects.toMatchObject({
      code: 'CREDENTIALS_HELPER_FAILED',
      message: expect.stringContaining('keychain locked'),
    });
    await expect(helperGet('does-not-exist', 'x')).rejects.toMatchObject({ code: 'CREDENTIALS_HELPER_MISSING' });
  });
});

describe('dockerConfigStore (the dynamic store)', () => {
  it('reads no HPLUGIN_* variable: the CLI decides which host CI credentials belong to', async () => {
    const env = { HPLUGIN_REGISTRY_USERNAME: 'ci', HPLUGIN_REGISTRY_PASSWORD: 'ci-password', DOCKER_CONFIG: join(dir, 'no-config-here') };
    expect(await credentialFromStore(dockerConfigStore({ env }))('any.io')).toBeUndefined();
  });

  it('asks credHelpers[host] first, then the auths entry when the helper has nothing', async () => {
    const configDir = join(dir, 'cfg1');
    const configPath = join(configDir, 'config.json');
    await writeAuthEntry(configPath, 'h.example.com', { auth: b64('file-user:file-pw') });
    const config = JSON.parse(await readFile(configPath, 'utf8')) as DockerConfig;
    await writeFile(configPath, JSON.stringify({ ...config, credHelpers: { 'h.example.com': 'test' } }));
    const provider = credentialFromStore(dockerConfigStore({ env: { DOCKER_CONFIG: configDir } }));
    expect(await provider('h.example.com')).toEqual({ username: 'file-user', password: 'file-pw' });
    await helperStore('test', 'h.example.com', 'helper-user', 'helper-pw');
    expect(await provider('h.example.com')).toEqual({ username: 'helper-user', password: 'helper-pw' });
    expect(await provider('unknown.example.com')).toBeUndefined();
  });

  it('uses credsStore for hosts without a specific helper', async () => {
    const configDir = join(dir, 'cfg2');
    await writeAuthEntry(join(configDir, 'config.json'), 'x.io', undefined);
    await writeFile(join(configDir, 'config.json'), JSON.stringify({ credsStore: 'test' }));
    await helperStore('test', 'store.example.com', 'u', 'pw-store');
    expect(await credentialFromStore(dockerConfigStore({ env: { DOCKER_CONFIG: configDir } }))('store.example.com')).toEqual({
      username: 'u',
      password: 'pw-store',
    });
  });

  it('routes put and delete per host: credHelpers → that helper, credsStore → that helper, else auths', async () => {
    const configPath = join(dir, 'routing', 'config.json');
    await writeAuthEntry(configPath, 'x.io', undefined);
    await writeFile(configPath, JSON.stringify({ credHelpers: { 'helped.example.com': 'test' }, auths: {} }));
    const store = dockerConfigStore({ configPath });
    await store.put('helped.example.com', { username: 'h', password: 'pw-helped' });
    await store.put('plain.example.com', { username: 'p', password: 'pw-plain' });
    expect(JSON.parse(await readFile(storeFile, 'utf8'))).toEqual({
      'helped.example.com': { ServerURL: 'helped.example.com', Username: 'h', Secret: 'pw-helped' },
    });
    expect(Object.keys((JSON.parse(await readFile(configPath, 'utf8')) as DockerConfig).auths!)).toEqual(['plain.example.com']);
    expect(await store.location!('helped.example.com')).toBe('docker-credential-test');
    expect(await store.location!('plain.example.com')).toBe(configPath);

    // credsStore now covers every host without its own helper: put goes there, not to auths.
    await writeFile(configPath, JSON.stringify({ ...JSON.parse(await readFile(configPath, 'utf8')), credsStore: 'test' }));
    await store.put('other.example.com', { username: 'o', password: 'pw-other' });
    expect(await nativeStore('test').get('other.example.com')).toEqual({ username: 'o', password: 'pw-other' });
    // delete takes the helper's entry and any plain-text leftover in auths.
    expect(await store.delete('plain.example.com')).toBe(true);
    expect(await fileStore(configPath).get('plain.example.com')).toBeUndefined();
    expect(await store.delete('helped.example.com')).toBe(true);
    expect(await store.delete('helped.example.com')).toBe(false);
  });
});

describe('fileStore', () => {
  it('round-trips a password, an identity token and a registry token through config.json', async () => {
    const configPath = join(dir, 'file-store', 'config.json');
    const store = fileStore(configPath);
    const cases: Array<[string, Credential]> = [
      ['r.io:5000', { username: 'alice', password: 'pw:with:colon' }],
      ['docker.io', { username: 'hub', password: 'pw-hub' }],
      ['id.example.com', { identityToken: 'refresh-1' }],
      ['reg.example.com', { registryToken: 'bearer-1' }],
    ];
    for (const [server, cred] of cases) await store.put(server, cred);
    for (const [server, cred] of cases) expect(await store.get(server)).toEqual(cred);
    // What docker itself would read: its own keys, Docker Hub under its legacy URL.
    const written = JSON.parse(await readFile(configPath, 'utf8')) as DockerConfig;
    expect(Object.keys(written.auths!).sort()).toEqual(['https://index.docker.io/v1/', 'id.example.com', 'r.io:5000', 'reg.example.com']);
    expect(redact(`x ${written.auths!['r.io:5000']!.auth}`)).toBe('x ***');
    expect(await store.delete('r.io:5000')).toBe(true);
    expect(await store.get('r.io:5000')).toBeUndefined();
    expect(await store.delete('r.io:5000')).toBe(false);
  });

  it('refuses what config.json cannot hold faithfully', async () => {
    const store = fileStore(join(dir, 'file-store-bad', 'config.json'));
    await expect(store.put('r.io', { username: 'a:b', password: 'pw' })).rejects.toMatchObject({
      code: 'CREDENTIALS_CANNOT_STORE',
      exitCode: 2,
    });
    await expect(store.put('r.io', {})).rejects.toMatchObject({ code: 'CREDENTIALS_CANNOT_STORE' });
  });
});

describe('nativeStore (a real docker-credential-test script on PATH)', () => {
  it('gets, stores and erases through the helper, keyed as docker keys the server', async () => {
    const store = nativeStore('test');
    await store.put('docker.io', { username: 'hub-user', password: 'pw-native' });
    await store.put('id.example.com', { identityToken: 'refresh-native' });
    expect(await store.get('docker.io')).toEqual({ username: 'hub-user', password: 'pw-native' });
    expect(await store.get('id.example.com')).toEqual({ identityToken: 'refresh-native' });
    expect(Object.keys(JSON.parse(await readFile(storeFile, 'utf8')) as object).sort()).toEqual([
      'https://index.docker.io/v1/',
      'id.example.com',
    ]);
    expect(await store.delete('docker.io')).toBe(true);
    expect(await store.get('docker.io')).toBeUndefined();
    expect(await store.delete('docker.io')).toBe(false);
    expect(redact('pw-native refresh-native')).toBe('*** ***');
  });

  it('refuses a bare registry token (a helper keeps a user and a secret) and reports a broken helper', async () => {
    await expect(nativeStore('test').put('r.io', { registryToken: 'bearer' })).rejects.toMatchObject({ code: 'CREDENTIALS_CANNOT_STORE' });
    await expect(nativeStore('test').get('broken.example.com')).rejects.toMatchObject({ code: 'CREDENTIALS_HELPER_FAILED' });
    await expect(nativeStore('does-not-exist').put('r.io', { username: 'u', password: 'p' })).rejects.toMatchObject({
      code: 'CREDENTIALS_HELPER_MISSING',
    });
  });
});

describe('staticStore, memoryStore, storeWithFallbacks', () => {
  it('a static store answers only for the host it was given for (any spelling of it), and is read-only', async () => {
    const store = staticStore({ username: 'ci', password: 'ci-password' }, 'https://R.io:5000/team');
    expect(await store.get('r.io:5000')).toEqual({ username: 'ci', password: 'ci-password' });
    for (const other of ['r.io', 'r.io:5001', 'evil.example:5000', 'docker.io']) expect(await store.get(other)).toBeUndefined();
    await expect(store.put('r.io:5000', { username: 'x', password: 'y' })).rejects.toMatchObject({ code: 'CREDENTIALS_STORE_READ_ONLY' });
    await expect(store.delete('r.io:5000')).rejects.toMatchObject({ code: 'CREDENTIALS_STORE_READ_ONLY' });
    expect(redact('ci-password')).toBe('***');
  });

  it('fallbacks are asked in order for get; put and delete go to the primary only', async () => {
    const calls: string[] = [];
    const traced = (name: string, store: CredentialStore): CredentialStore => ({
      get: (s) => (calls.push(`${name}.get ${s}`), store.get(s)),
      put: (s, c) => (calls.push(`${name}.put ${s}`), store.put(s, c)),
      delete: (s) => (calls.push(`${name}.delete ${s}`), store.delete(s)),
    });
    const second = memoryStore({ 'both.io': { username: 'second' }, 'only-second.io': { username: 'second' } });
    const store = storeWithFallbacks(
      traced('static', staticStore({ username: 'ci', password: 'p' }, 'ci.io')),
      traced('first', memoryStore({ 'both.io': { username: 'first' } })),
      traced('second', second),
    );
    expect(await store.get('ci.io')).toEqual({ username: 'ci', password: 'p' });
    expect(await store.get('both.io')).toEqual({ username: 'first' });
    expect(await store.get('only-second.io')).toEqual({ username: 'second' });
    expect(await store.get('none.io')).toBeUndefined();
    expect(calls).toEqual([
      'static.get ci.io',
      'static.get both.io',
      'first.get both.io',
      'static.get only-second.io',
      'first.get only-second.io',
      'second.get only-second.io',
      'static.get none.io',
      'first.get none.io',
      'second.get none.io',
    ]);
    calls.length = 0;
    await expect(store.put('ci.io', { username: 'x' })).rejects.toMatchObject({ code: 'CREDENTIALS_STORE_READ_ONLY' });
    await expect(store.delete('only-second.io')).rejects.toMatchObject({ code: 'CREDENTIALS_STORE_READ_ONLY' });
    expect(calls).toEqual(['static.put ci.io', 'static.delete only-second.io']);
    expect(await second.get('only-second.io')).toEqual({ username: 'second' });
  });

  it('a static store in front of docker config never hands the fixed credential to another host', async () => {
    const configPath = join(dir, 'static-front', 'config.json');
    await fileStore(configPath).put('evil.example:5000', { username: 'stored', password: 'pw-stored' });
    const provider = credentialFromStore(
      storeWithFallbacks(staticStore({ username: 'ci', password: 'ci-password' }, 'r.io:5000'), dockerConfigStore({ configPath })),
    );
    expect(await provider('https://r.io:5000')).toEqual({ username: 'ci', password: 'ci-password' });
    expect(await provider('evil.example:5000')).toEqual({ username: 'stored', password: 'pw-stored' });
    expect(await provider('third.example')).toBeUndefined();
  });

  it('a memory store keeps what it is given, by registry name', async () => {
    const store = memoryStore();
    await store.put('https://Index.Docker.io/v1/', { username: 'u', password: 'pw-memory' });
    expect(await store.get('docker.io')).toEqual({ username: 'u', password: 'pw-memory' });
    expect(await store.delete('docker.io')).toBe(true);
    expect(await store.delete('docker.io')).toBe(false);
  });
});

describe('writeAuthEntry', () => {
  it('writes atomically with mode 0600, keeps other keys, replaces legacy spellings', async () => {
    const path = join(dir, 'cfg3', 'config.json');
    await writeAuthEntry(path, 'x.io', undefined);
    await writeFile(
      path,
      JSON.stringify({
        auths: { 'https://r.io/v1/': { auth: 'old' }, 'keep.io': { auth: 'k' } },
        psFormat: 'table',
        credHelpers: { 'gcr.io': 'gcr' },
      }),
    );
    await writeAuthEntry(path, 'r.io', { auth: 'new' });
    const written = JSON.parse(await readFile(path, 'utf8')) as DockerConfig;
    expect(written).toEqual({
      auths: { 'keep.io': { auth: 'k' }, 'r.io': { auth: 'new' } },
      psFormat: 'table',
      credHelpers: { 'gcr.io': 'gcr' },
    });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await writeAuthEntry(path, 'r.io', undefined)).toBe(true);
    expect(await writeAuthEntry(path, 'r.io', undefined)).toBe(false);
  });

  it('files Docker Hub under https://index.docker.io/v1/', async () => {
    const path = join(dir, 'cfg4', 'config.json');
    await writeAuthEntry(path, 'docker.io', { auth: 'hub' });
    expect(Object.keys((JSON.parse(await readFile(path, 'utf8')) as DockerConfig).auths!)).toEqual(['https://index.docker.io/v1/']);
  });

  it('rejects a config.json that is not JSON', async () => {
    const path = join(dir, 'cfg5.json');
    await writeFile(path, '{nope');
    await expect(credentialFromStore(dockerConfigStore({ configPath: path, env: {} }))('r.io')).rejects.toMatchObject({
      code: 'CREDENTIALS_CONFIG_INVALID',
    });
  });
});
