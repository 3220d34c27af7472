import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { redact } from '@hplugin/core';
import { decodeAuthEntry, dockerConfigPath, findAuthEntry, helperFor, writeAuthEntry, type DockerConfig } from './docker-config.js';
import { helperErase, helperGet, helperStore } from './helper.js';
import { defaultCredentials, staticCredentials } from './store.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

// A docker-credential-test helper on PATH, backed by a JSON file; it logs every call.
let dir: string;
let storeFile: string;
let logFile: string;
const savedPath = process.env.PATH;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hplugin-creds-'));
  storeFile = join(dir, 'store.json');
  logFile = join(dir, 'calls.log');
  const script = `#!${process.execPath}
const fs = require('fs');
const action = process.argv[2];
const input = fs.readFileSync(0, 'utf8').trim();
fs.appendFileSync(${JSON.stringify(logFile)}, action + ' ' + input + '\\n');
const file = ${JSON.stringify(storeFile)};
const db = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
if (action === 'get') {
  if (input === 'broken.example.com') { console.error('keychain locked'); process.exit(1); }
  const e = db[input];
  if (!e) { console.log('credentials not found in native keychain'); process.exit(1); }
  console.log(JSON.stringify({ ServerURL: input, Username: e.Username, Secret: e.Secret }));
} else if (action === 'store') {
  const e = JSON.parse(input); db[e.ServerURL] = e; fs.writeFileSync(file, JSON.stringify(db));
} else if (action === 'erase') {
  if (!db[input]) { console.log('credentials not found in native keychain'); process.exit(1); }
  delete db[input]; fs.writeFileSync(file, JSON.stringify(db));
}
`;
  await writeFile(join(dir, 'docker-credential-test'), script);
  await chmod(join(dir, 'docker-credential-test'), 0o755);
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
    expect((await readFile(logFile, 'utf8')).split('\n').filter(Boolean).map((l) => l.split(' ')[0])).toEqual(['store', 'get', 'erase', 'get', 'erase']);
  });

  it('turns Username <token> into an identity token', async () => {
    await helperStore('test', 'r.example.com', '<token>', 'refresh-from-helper');
    expect(await helperGet('test', 'r.example.com')).toEqual({ identityToken: 'refresh-from-helper' });
  });

  it('reports a failing helper and a missing one', async () => {
    await expect(helperGet('test', 'broken.example.com')).rejects.toMatchObject({ code: 'CREDENTIALS_HELPER_FAILED', message: expect.stringContaining('keychain locked') });
    await expect(helperGet('does-not-exist', 'x')).rejects.toMatchObject({ code: 'CREDENTIALS_HELPER_MISSING' });
  });
});

describe('defaultCredentials', () => {
  it('reads no HPLUGIN_* variable: the CLI decides which host CI credentials belong to', async () => {
    const env = { HPLUGIN_REGISTRY_USERNAME: 'ci', HPLUGIN_REGISTRY_PASSWORD: 'ci-password', DOCKER_CONFIG: join(dir, 'no-config-here') };
    expect(await defaultCredentials({ env })('any.io')).toBeUndefined();
  });

  it('fixed credentials answer only for the host they were given for (any spelling of it)', async () => {
    const fallback = async (registry: string) => ({ username: `stored-for-${registry}` });
    const provider = staticCredentials({ username: 'ci', password: 'ci-password' }, 'https://R.io:5000/team', fallback);
    expect(await provider('r.io:5000')).toEqual({ username: 'ci', password: 'ci-password' });
    expect(await provider('evil.example:5000')).toEqual({ username: 'stored-for-evil.example:5000' });
    expect(await staticCredentials({ username: 'ci', password: 'ci-password' }, 'r.io')('other.io')).toBeUndefined();
  });

  it('asks credHelpers[host] first, then the auths entry when the helper has nothing', async () => {
    const configDir = join(dir, 'cfg1');
    const configPath = join(configDir, 'config.json');
    await writeAuthEntry(configPath, 'h.example.com', { auth: b64('file-user:file-pw') });
    const config = JSON.parse(await readFile(configPath, 'utf8')) as DockerConfig;
    await writeFile(configPath, JSON.stringify({ ...config, credHelpers: { 'h.example.com': 'test' } }));
    const provider = defaultCredentials({ env: { DOCKER_CONFIG: configDir } });
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
    expect(await defaultCredentials({ env: { DOCKER_CONFIG: configDir } })('store.example.com')).toEqual({ username: 'u', password: 'pw-store' });
  });
});

describe('writeAuthEntry', () => {
  it('writes atomically with mode 0600, keeps other keys, replaces legacy spellings', async () => {
    const path = join(dir, 'cfg3', 'config.json');
    await writeAuthEntry(path, 'x.io', undefined);
    await writeFile(path, JSON.stringify({ auths: { 'https://r.io/v1/': { auth: 'old' }, 'keep.io': { auth: 'k' } }, psFormat: 'table', credHelpers: { 'gcr.io': 'gcr' } }));
    await writeAuthEntry(path, 'r.io', { auth: 'new' });
    const written = JSON.parse(await readFile(path, 'utf8')) as DockerConfig;
    expect(written).toEqual({ auths: { 'keep.io': { auth: 'k' }, 'r.io': { auth: 'new' } }, psFormat: 'table', credHelpers: { 'gcr.io': 'gcr' } });
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
    await expect(defaultCredentials({ configPath: path, env: {} })('r.io')).rejects.toMatchObject({ code: 'CREDENTIALS_CONFIG_INVALID' });
  });
});
