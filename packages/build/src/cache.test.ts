/**
 * The incremental build against real Go: every kind of input, changed alone, causes a rebuild;
 * nothing changed is served from the cache; a damaged cache entry is detected and rebuilt.
 * The plugin here is hello-header plus an embedded file and a local `replace` module.
 */
import { appendFile, readFile, writeFile, mkdir, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, type BuildOptions } from './index.js';
import { BuildCache, sha256Hex } from './cache.js';
import { copyFixture, recordingReporter, tempDir } from './__fixtures__/fixtures.js';

const EMBED_GO = `package main

import (
	_ "embed"

	"example.com/localdep"
)

//go:embed banner.txt
var banner string

var greeting = localdep.Greeting() + banner
`;

describe('incremental builds', () => {
  let options: BuildOptions;
  let pluginDir: string;
  let localdep: string;
  let lastHash: string;

  beforeAll(async () => {
    const work = await tempDir('hplugin-incr-');
    pluginDir = await copyFixture('hello-header', work);
    localdep = join(work, 'localdep');
    await mkdir(localdep);
    await writeFile(join(localdep, 'go.mod'), 'module example.com/localdep\n\ngo 1.24\n');
    await writeFile(join(localdep, 'dep.go'), 'package localdep\n\nfunc Greeting() string { return "hi" }\n');
    await writeFile(join(pluginDir, 'embed.go'), EMBED_GO);
    await writeFile(join(pluginDir, 'banner.txt'), 'banner v1\n');
    await appendFile(join(pluginDir, 'go.mod'), '\nrequire example.com/localdep v0.0.0\n\nreplace example.com/localdep => ../localdep\n');
    options = { pluginDir, cacheDir: await tempDir('hplugin-cache-'), configFingerprint: '{"name":"hello"}' };
    const first = await buildPlugin(options);
    expect(first.cached).toBe(false);
    lastHash = first.inputsHash;
  });

  async function expectRebuild(extra: Partial<BuildOptions> = {}): Promise<void> {
    const result = await buildPlugin({ ...options, ...extra });
    expect(result.cached).toBe(false);
    expect(result.inputsHash).not.toBe(lastHash);
    lastHash = result.inputsHash;
    // And the very same inputs again are a hit.
    expect((await buildPlugin({ ...options, ...extra })).cached).toBe(true);
  }

  it('an unchanged plugin is cached', async () => {
    const result = await buildPlugin(options);
    expect(result).toMatchObject({ cached: true, inputsHash: lastHash });
  });

  it('a .go file change rebuilds', async () => {
    await appendFile(join(pluginDir, 'main.go'), '\n// touched\n');
    await expectRebuild();
  });

  it('a go.mod change rebuilds', async () => {
    await appendFile(join(pluginDir, 'go.mod'), '\n// touched\n');
    await expectRebuild();
  });

  it('a go.sum change rebuilds', async () => {
    await appendFile(join(pluginDir, 'go.sum'), 'example.com/unused v1.0.0/go.mod h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    await expectRebuild();
  });

  it('an embedded file change rebuilds', async () => {
    await writeFile(join(pluginDir, 'banner.txt'), 'banner v2\n');
    await expectRebuild();
  });

  it('a change in a local replace target rebuilds', async () => {
    await writeFile(join(localdep, 'dep.go'), 'package localdep\n\nfunc Greeting() string { return "hello" }\n');
    await expectRebuild();
  });

  it('a build tag rebuilds', async () => {
    options = { ...options, tags: ['hplugin_test'] };
    await expectRebuild();
  });

  it('an env var rebuilds', async () => {
    options = { ...options, env: { HPLUGIN_TEST_VAR: '1' } };
    await expectRebuild();
  });

  it('the config fingerprint rebuilds', async () => {
    options = { ...options, configFingerprint: '{"name":"hello","version":"2"}' };
    await expectRebuild();
  });

  it.each([
    ['a truncated blob', async (blob: string) => truncate(blob, 1000), /bytes, the entry says/],
    [
      'a blob with other bytes',
      async (blob: string) => {
        const bytes = await readFile(blob);
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
        await writeFile(blob, bytes);
      },
      /hashes to sha256:/,
    ],
    ['an unreadable entry', async (_blob: string, entry: string) => writeFile(entry, '{"wasmDigest": '), /not valid JSON/],
  ])('detects %s, never serves it, and rebuilds', async (_label, damage, reason) => {
    const cache = new BuildCache(options.cacheDir!);
    const entry = (await cache.readEntry(lastHash))!;
    await damage(cache.blobPath(entry.wasmDigest), cache.entryPath(lastHash));
    const reporter = recordingReporter();
    const result = await buildPlugin({ ...options, reporter });
    expect(result.cached).toBe(false);
    expect(reporter.warnings.find((w) => w.code === 'BUILD_CACHE_CORRUPT')?.message).toMatch(reason);
    expect(sha256Hex(await readFile(result.wasmPath))).toBe(entry.wasmDigest);
    expect((await cache.lookup(lastHash)).status).toBe('hit');
  });
});
