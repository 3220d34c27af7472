/**
 * Issue 17 at the CLI's output boundary, against in-process hostile registries: escape sequences
 * from a registry or a VERSION file never reach the terminal, secrets a registry echoes back are
 * masked in every spelling, pull picks a new folder by default, and a port of 99999 is bad input.
 */
import { PassThrough } from 'node:stream';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MEDIA_TYPE, bytesBlob, pushArtifact } from '@hplugin/oci';
import { fakeRegistry } from '../../oci/src/__fixtures__/fake-registry.js';
import { fakeServer, json, type FakeServer } from '../../oci/src/__fixtures__/fake-server.js';
import { tarGz } from '../../../test/support/hostile-tar.js';
import { run } from './index.js';
import { fakeIo as capturedIo } from './__fixtures__/fake-io.js';

const ESC = '\u001b';
const servers: FakeServer[] = [];
afterEach(async () => Promise.all(servers.splice(0).map((s) => s.close())));

// No docker config.json of the machine running the tests is read.
const fakeIo = (env: NodeJS.ProcessEnv = {}) => capturedIo({ DOCKER_CONFIG: join(tmpdir(), 'hplugin-no-docker-config'), ...env });

const made: string[] = [];
const workDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hplugin-cli-hostile-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('terminal escape sequences are shown, not obeyed (item 8)', () => {
  it('a registry error message that clears the screen and retitles the window is printed escaped', async () => {
    const evil = `${ESC}]0;owned${'\u0007'}${ESC}[2J${ESC}[1A✓ verified\r`;
    const server = await fakeServer((_req, res) => json(res, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: evil }] }));
    servers.push(server);
    const t = fakeIo();
    expect(await run(['inspect', `${server.host}/repo:1`], t.io)).toBe(1);
    expect(t.err()).toContain('error[REGISTRY_MANIFEST_UNKNOWN]');
    expect(t.err()).not.toContain(ESC);
    expect(t.err()).not.toContain('\r');
    expect(t.err()).toContain('\\x1b]0;owned\\x07\\x1b[2J');
  });

  it('a VERSION file holding escape sequences is printed escaped', async () => {
    const dir = join(workDir(), 'demo');
    mkdirSync(dir);
    writeFileSync(join(dir, 'VERSION'), `1.0.0${ESC}[31m${ESC}[2J\n`);
    const t = fakeIo();
    await run(['config', '-C', dir], t.io);
    expect(t.out() + t.err()).not.toContain(ESC);
    expect(t.out() + t.err()).toContain('\\x1b[2J');
  });
});

describe('secrets a registry echoes back are masked in every spelling (item 7)', () => {
  const PASSWORD = 'pa"ss\\word-7';
  const basic = `Basic ${Buffer.from(`ci:${PASSWORD}`).toString('base64')}`;

  it('raw, JSON-escaped, URL-encoded and as the Basic header: none reaches stdout or stderr, text or --json', async () => {
    const server = await fakeServer((req, res) => {
      if (req.headers.authorization !== basic)
        return json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="echo"' });
      // A misconfigured proxy that echoes the request back in its error.
      const echoed = `got Authorization: ${req.headers.authorization}; password=${PASSWORD}; encoded=${encodeURIComponent(PASSWORD)}; other=Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl`;
      json(res, 403, { errors: [{ code: 'DENIED', message: echoed, detail: { password: PASSWORD } }] });
    });
    servers.push(server);
    const env = { HPLUGIN_REGISTRY_USERNAME: 'ci', HPLUGIN_REGISTRY_PASSWORD: PASSWORD };
    for (const json of [false, true]) {
      const t = fakeIo(env);
      expect(await run(['inspect', `${server.host}/repo:1`, '--verbose', ...(json ? ['--json'] : [])], t.io)).toBe(1);
      const output = t.out() + t.err();
      expect(output).toMatch(/REGISTRY_DENIED/);
      for (const form of [
        PASSWORD,
        JSON.stringify(PASSWORD).slice(1, -1),
        encodeURIComponent(PASSWORD),
        basic.slice('Basic '.length),
        'eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl',
      ]) {
        expect(output, `${json ? '--json' : 'text'} output holds ${form}`).not.toContain(form);
      }
      expect(output).toContain('Basic ***');
    }
    // The registry did get the credentials: it is the host they were bound to.
    expect(server.requests.some((r) => r.headers.authorization === basic)).toBe(true);
  });

  it('CI credentials are not offered to another registry that asks', async () => {
    const other = await fakeServer((req, res) =>
      json(res, 401, { errors: [{ code: 'UNAUTHORIZED' }] }, { 'www-authenticate': 'Basic realm="other"' }),
    );
    servers.push(other);
    const t = fakeIo({ HPLUGIN_REGISTRY_USERNAME: 'ci', HPLUGIN_REGISTRY_PASSWORD: PASSWORD, HPLUGIN_REGISTRY: 'registry.example:5000' });
    expect(await run(['inspect', `${other.host}/repo:1`], t.io)).toBe(1);
    expect(other.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });
});

describe('pull picks a new folder by default (item 1)', () => {
  it('run inside a plugin folder, it extracts into ./<name>-<version>/ and leaves the sources alone', async () => {
    const registry = await fakeRegistry();
    servers.push(registry);
    const config = bytesBlob('{}', 'application/vnd.module.wasm.config.v1+json');
    const module = bytesBlob(
      tarGz([{ name: 'plugin.wasm', content: Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) }]),
      MEDIA_TYPE.ociLayerTarGzip,
      { 'org.opencontainers.image.title': 'plugin.tar.gz' },
    );
    const readme = bytesBlob('# pulled\n', 'application/vnd.module.wasm.doc.v1+markdown', {
      'org.opencontainers.image.title': 'README.md',
    });
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.imageManifest,
      config: config.descriptor,
      layers: [readme.descriptor, module.descriptor],
    };
    await pushArtifact({
      reference: `${registry.host}/plugins/hello:1.0.0`,
      manifest: { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: MEDIA_TYPE.imageManifest },
      blobs: [config, readme, module],
      credentials: async () => undefined,
    });

    const dir = workDir();
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    writeFileSync(join(dir, 'README.md'), '# mine\n');
    const t = fakeIo();
    expect(await run(['-C', dir, 'pull', `${registry.host}/plugins/hello:1.0.0`], t.io)).toBe(0);
    expect(t.out()).toMatch(/into hello-1\.0\.0 \(the default/);
    expect(readdirSync(join(dir, 'hello-1.0.0')).sort()).toEqual(['README.md', 'plugin.wasm']);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# mine\n');

    // The same pull again: the folder now holds files, so it is refused (exit 2), not overwritten.
    const again = fakeIo();
    expect(await run(['-C', dir, 'pull', `${registry.host}/plugins/hello:1.0.0`], again.io)).toBe(2);
    expect(again.err()).toContain('error[PULL_TARGET_NOT_EMPTY]');
    expect(again.err()).toMatch(/--force/);
    expect(readdirSync(dir).filter((n) => n.startsWith('.hplugin-pull-'))).toEqual([]);
  });
});

describe('inspect of a malformed manifest (the same class as pull)', () => {
  it('a null layer is REGISTRY_MANIFEST_MALFORMED, not INTERNAL', async () => {
    const registry = await fakeRegistry();
    servers.push(registry);
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPE.imageManifest,
        config: { mediaType: 'x', digest: `sha256:${'0'.repeat(64)}`, size: 2 },
        layers: [null],
      }),
    );
    registry.manifests.set('bad/null-layer:1', { body, type: MEDIA_TYPE.imageManifest });
    const t = fakeIo();
    expect(await run(['inspect', `${registry.host}/bad/null-layer:1`], t.io)).toBe(1);
    expect(t.err()).toContain('error[REGISTRY_MANIFEST_MALFORMED]');
  });
});

describe('a port of 99999 is bad input (item 10)', () => {
  it.each([
    ['pull', ['pull', '127.0.0.1:99999/x:1']],
    ['login', ['login', '127.0.0.1:99999', '-u', 'me', '--password-stdin']],
  ])('%s → REF_INVALID, exit 2, not INTERNAL', async (_name, argv) => {
    const t = fakeIo();
    (t.io.stdin as PassThrough).end('pw\n');
    expect(await run([...argv, '-C', workDir()], t.io)).toBe(2);
    expect(t.err()).toContain('error[REF_INVALID]');
    expect(t.err()).toMatch(/port 99999/);
    expect(existsSync(join(process.cwd(), 'x-1'))).toBe(false);
  });
});
