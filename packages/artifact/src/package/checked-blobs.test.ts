/**
 * The gateway verdict kept with the cache: reused for the same manifest while every blob it names
 * is unchanged by stat, checked again from the bytes as soon as any blob's stat changed.
 */
import { createHash } from 'node:crypto';
import { open, readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createReporter } from '@hplugin/core';
import { writePluginDir, type PluginDirOptions } from '../__fixtures__/plugin-dir.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { OciLayout } from '../layout/oci-layout.js';
import { packagePlugin, type PackageOptions } from './package-plugin.js';

const newDir = tempDirs();
const REUSED = 'reused: its blobs are unchanged';
/** The debug line of a verdict reused for a push while a blob is too young for the stat rule. */
const REUSED_FOR_PUSH = 'too young to trust by stat are hashed as they are pushed';

/** Package once more; `reused` says whether the verdict came from the cache (the debug line). */
async function pack(options: PackageOptions) {
  const lines: string[] = [];
  const stream = new PassThrough().on('data', (c: Buffer) => lines.push(c.toString()));
  const reporter = await createReporter({ mode: 'plain', verbosity: 'verbose', stream });
  const result = await packagePlugin({ ...options, reporter });
  const text = lines.join('');
  return { result, reused: text.includes(REUSED), reusedForPush: text.includes(REUSED_FOR_PUSH) };
}

/**
 * The blob entries of a fresh layout are younger than the racy margin right after they are written
 * (100 ms on a file system with sub-second timestamps, 2.5 s on one with whole seconds): put them
 * and their entries well in the past by waiting the longer margin out once.
 */
/** A plugin folder and the options that package it, with a cache folder of its own. */
async function pluginToPackage(dirOptions: PluginDirOptions = {}): Promise<PackageOptions> {
  const plugin = await writePluginDir(await newDir(), dirOptions);
  return {
    pluginDir: plugin.dir,
    wasmPath: plugin.wasmPath,
    name: 'hello',
    version: '1.0.0',
    env: {},
    checkCacheDir: join(await newDir(), 'artifact'),
  };
}

async function expectHoldsItsDigest(path: string, digest: string) {
  expect(
    `sha256:${createHash('sha256')
      .update(await readFile(path))
      .digest('hex')}`,
  ).toBe(digest);
}

/** Flip one byte of a file (at `where(size)`) and put its mtime back: only its ctime tells. */
async function flipByteKeepingStat(path: string, where: (size: number) => number) {
  const before = await stat(path);
  const at = where(before.size);
  const handle = await open(path, 'r+');
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, at);
    await handle.write(Buffer.from([byte[0]! ^ 0xff]), 0, 1, at);
  } finally {
    await handle.close();
  }
  await utimes(path, before.atime, before.mtime);
  return before;
}

async function packagedAndSettled() {
  const options = await pluginToPackage();
  const first = await pack(options);
  await sleep(2600);
  // This run reads every blob again (they were racy) and records them as intact.
  await pack(options);
  return { options, first: first.result };
}

describe('the gateway verdict kept with the cache', () => {
  it('is reused for an unchanged artifact, and every blob is then known intact', async () => {
    const { options, first } = await packagedAndSettled();
    const again = await pack(options);
    expect(again.reused).toBe(true);
    expect(again.result.manifestDigest).toBe(first.manifestDigest);
    expect(again.result.verdict).toEqual(first.verdict);
    expect(new Set(again.result.intactBlobs)).toEqual(new Set([first.config.digest, ...first.layers.map((l) => l.digest)]));
  });

  it('a blob touched without a change is read again: its verdict is not reused on trust', async () => {
    const { options, first } = await packagedAndSettled();
    const layout = await OciLayout.open(first.layoutDir);
    const past = new Date(Date.now() - 10_000);
    await utimes(layout.blobPath(first.layers.at(-1)!.digest), past, past);
    expect((await pack(options)).reused).toBe(false);
  });

  it('a changed byte in the archive with its size and mtime kept is never trusted: the layout ends with the right bytes', async () => {
    const { options, first } = await packagedAndSettled();
    const layout = await OciLayout.open(first.layoutDir);
    const digest = first.layers.at(-1)!.digest;
    const path = layout.blobPath(digest);
    const before = await flipByteKeepingStat(path, (size) => Math.floor(size / 2));
    expect((await stat(path)).size).toBe(before.size);
    const again = await pack(options);
    expect(again.reused).toBe(false);
    expect(again.result.manifestDigest).toBe(first.manifestDigest);
    // The damaged archive does not gunzip, so it is made afresh: a damaged blob is never kept.
    await expectHoldsItsDigest(path, digest);
  });

  it('packaged a moment ago: a push reuses the verdict and hashes the too-young archive as it sends it; `package` alone checks again', async () => {
    const options = await pluginToPackage();
    const first = (await pack(options)).result;
    const archive = first.layers.at(-1)!.digest;
    const forPush = await pack({ ...options, blobsVerifiedOnRead: true });
    expect(forPush).toMatchObject({ reused: false, reusedForPush: true });
    expect(forPush.result.manifestDigest).toBe(first.manifestDigest);
    expect(forPush.result.verdict).toEqual(first.verdict);
    // The kept archive was neither written nor proven by stat in this run: the push must hash it.
    expect(forPush.result.intactBlobs).not.toContain(archive);
    expect(forPush.result.intactBlobs).toContain(first.config.digest);
    const plain = await pack(options);
    expect(plain).toMatchObject({ reused: false, reusedForPush: false });
  });

  it('a push does not take on trust a blob whose stamp changed since its check, however young: it is made again', async () => {
    // Big enough that the damage lies past the 64 KiB whose tar header decides whether the archive is kept.
    const options = await pluginToPackage({ wasm: proxyWasmModule({ padTo: 600_000 }) });
    const first = (await pack(options)).result;
    const digest = first.layers.at(-1)!.digest;
    const path = (await OciLayout.open(first.layoutDir)).blobPath(digest);
    const before = await flipByteKeepingStat(path, (size) => size - 4096);
    expect(before.size).toBeGreaterThan(128 * 1024);
    const again = await pack({ ...options, blobsVerifiedOnRead: true });
    // The damaged archive is not handed to the push unproven: it is made again, the right bytes.
    expect(again.reusedForPush).toBe(false);
    expect(again.result.intactBlobs).toContain(digest);
    expect(again.result.manifestDigest).toBe(first.manifestDigest);
    await expectHoldsItsDigest(path, digest);
  });
});
