/**
 * The no-change publish record and its replay, on a real folder tree and an in-process registry
 * stand-in that answers manifest HEADs (the real-registry path is in test/e2e/publish-plain.test.ts).
 */
import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUnchangedPublish, type RecordInput } from './record.js';
import { replayUnchangedPublish } from './replay.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

let server: Server;
let host: string;
/** What the stand-in registry answers: the digest under each tag, or a status. */
let answer: { status: number; digest?: string } = { status: 200, digest: DIGEST };
let heads = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    heads++;
    res.writeHead(answer.status, answer.digest ? { 'docker-content-digest': answer.digest } : {});
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function plugin() {
  const root = await mkdtemp(join(tmpdir(), 'hplugin-replay-'));
  const dir = join(root, 'ws', 'p');
  await mkdir(join(dir, 'dist', 'oci'), { recursive: true });
  await mkdir(join(root, 'bin'));
  const files: Record<string, string> = {
    'go.mod': 'module p\n',
    'main.go': 'package main\n\nfunc main() { println("a") }\n',
    VERSION: '1.0.0\n',
    'README.md': '# p\n',
    'dist/plugin.wasm': 'wasm',
    'dist/oci/index.json': '{}',
  };
  for (const [f, text] of Object.entries(files)) await writeFile(join(dir, f), text);
  await writeFile(join(root, 'bin', 'go'), 'a go binary');
  // Well in the past, so that no entry is racy and "not read again" is exact.
  const past = new Date(Date.now() - 60_000);
  for (const f of Object.keys(files)) await utimes(join(dir, f), past, past);
  const cacheDir = join(root, 'cache');
  const input: RecordInput = {
    cacheDir,
    key: 'k',
    pluginDir: dir,
    outputs: [join(dir, 'dist', 'plugin.wasm'), join(dir, 'dist', 'oci', 'index.json')],
    excludedDirs: [join(dir, 'dist'), cacheDir],
    toolchainPath: join(root, 'bin', 'go'),
    codeFiles: [],
    env: { PATH: join(root, 'bin'), HOME: root },
    remote: {
      urls: [`http://${host}/v2/p/manifests/1.0.0`, `http://${host}/v2/p/manifests/latest`],
      accept: 'application/vnd.oci.image.manifest.v1+json',
      digest: DIGEST,
    },
    stdout: 'the result\n',
    warnings: ['a warning'],
    summary: '✓ unchanged',
  };
  return { root, dir, input };
}

async function replay(input: RecordInput, flags: { json?: boolean; quiet?: boolean } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough().on('data', (c: Buffer) => out.push(c.toString()));
  const stderr = new PassThrough().on('data', (c: Buffer) => err.push(c.toString()));
  const code = await replayUnchangedPublish(
    { cacheDir: input.cacheDir, key: input.key, json: flags.json ?? false, quiet: flags.quiet ?? false },
    { stdout, stderr },
  );
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('the no-change publish replay', () => {
  it('prints the recorded result after one HEAD per tag when nothing changed', async () => {
    const { input, root } = await plugin();
    expect(await recordUnchangedPublish(input)).toEqual({ recorded: true });
    const before = heads;
    expect(await replay(input)).toEqual({ code: 0, stdout: 'the result\n', stderr: 'warning: a warning\n✓ unchanged\n' });
    expect(heads - before).toBe(2);
    expect((await replay(input, { json: true })).stderr).toBe('');
    expect((await replay(input, { quiet: true })).stderr).toBe('warning: a warning\n');
    await rm(root, { recursive: true, force: true });
  });

  it('still replays after a touch that changed no byte', async () => {
    const { input, dir } = await plugin();
    await recordUnchangedPublish(input);
    const later = new Date(Date.now() - 30_000);
    await utimes(join(dir, 'main.go'), later, later);
    expect((await replay(input)).code).toBe(0);
  });

  it('runs the full publish after a same-size edit that put the mtime back', async () => {
    const { input, dir } = await plugin();
    await recordUnchangedPublish(input);
    const file = join(dir, 'main.go');
    const before = await stat(file);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"a"', '"b"'));
    await utimes(file, before.atime, before.mtime);
    expect((await stat(file)).size).toBe(before.size);
    expect((await replay(input)).code).toBeUndefined();
  });

  it('runs the full publish when a file appears, an output goes, or a config appears above the plugin', async () => {
    const a = await plugin();
    await recordUnchangedPublish(a.input);
    await writeFile(join(a.dir, 'extra.go'), 'package main\n');
    expect((await replay(a.input)).code).toBeUndefined();

    const b = await plugin();
    await recordUnchangedPublish(b.input);
    await rm(join(b.dir, 'dist', 'plugin.wasm'));
    expect((await replay(b.input)).code).toBeUndefined();

    const c = await plugin();
    await recordUnchangedPublish(c.input);
    await writeFile(join(c.dir, '..', 'hplugin.config.yaml'), 'workspace: {plugins: ["*"]}\n');
    expect((await replay(c.input)).code).toBeUndefined();
  });

  it('runs the full publish when a README the config names outside the plugin folder changes', async () => {
    const { input, root } = await plugin();
    const shared = join(root, 'ws', 'docs.md');
    await writeFile(shared, '# shared docs\n');
    await recordUnchangedPublish({ ...input, extraFiles: [shared] });
    expect((await replay(input)).code).toBe(0);
    await writeFile(shared, '# shared docs, edited\n');
    expect((await replay(input)).code).toBeUndefined();
  });

  it('runs the full publish when the go binary changes or another go comes first on PATH', async () => {
    const a = await plugin();
    await recordUnchangedPublish(a.input);
    await writeFile(a.input.toolchainPath, 'a newer go binary');
    expect((await replay(a.input)).code).toBeUndefined();

    const b = await plugin();
    const early = join(b.root, 'early');
    await mkdir(early);
    await recordUnchangedPublish({ ...b.input, env: { ...b.input.env, PATH: `${early}:${join(b.root, 'bin')}` } });
    expect((await replay(b.input)).code).toBe(0);
    await writeFile(join(early, 'go'), 'another go');
    expect((await replay(b.input)).code).toBeUndefined();
  });

  it('runs the full publish when a tag moved, or the registry wants credentials or is gone', async () => {
    const { input } = await plugin();
    await recordUnchangedPublish(input);
    try {
      answer = { status: 200, digest: `sha256:${'b'.repeat(64)}` };
      expect((await replay(input)).code).toBeUndefined();
      answer = { status: 401 };
      expect((await replay(input)).code).toBeUndefined();
    } finally {
      answer = { status: 200, digest: DIGEST };
    }
    expect((await replay(input)).code).toBe(0);
    expect((await replay({ ...input, key: 'other' })).code).toBeUndefined();
  });

  it('records nothing when a go.work, a prepare.sh or a JS config decides more than stats can see', async () => {
    const a = await plugin();
    await writeFile(join(a.dir, '..', 'go.work'), 'go 1.24\n');
    expect((await recordUnchangedPublish(a.input)).recorded).toBe(false);
    expect((await replay(a.input)).code).toBeUndefined();

    const b = await plugin();
    await writeFile(join(b.dir, 'prepare.sh'), 'true\n');
    expect((await recordUnchangedPublish(b.input)).recorded).toBe(false);

    const c = await plugin();
    await writeFile(join(c.dir, 'hplugin.config.mjs'), 'export default {}\n');
    expect((await recordUnchangedPublish(c.input)).recorded).toBe(false);
  });

  it('a new stat for unchanged content is remembered, so the next replay reads nothing', async () => {
    const { input, dir } = await plugin();
    await recordUnchangedPublish(input);
    const later = new Date(Math.floor(Date.now() / 1000) * 1000 - 20_000);
    await utimes(join(dir, 'README.md'), later, later);
    await sleep(10);
    expect((await replay(input)).code).toBe(0);
    const index = JSON.parse(await readFile(join(input.cacheDir, 'publish-replay', 'k.stat.json'), 'utf8')) as {
      entries: Record<string, { stamp: { mtimeNs: string } }>;
    };
    expect(index.entries[join(dir, 'README.md')]!.stamp.mtimeNs).toBe(String(BigInt(later.getTime()) * 1_000_000n));
  });
});
