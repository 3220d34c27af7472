/**
 * Same inputs → the same manifest digest and the same blobs, whatever the folder, file times,
 * umask, time zone and wall clock. Each run packages a fresh copy of the plugin in its own folder.
 */
import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import type { ArtifactFormat } from './manifest.js';
import { packagePlugin } from './package-plugin.js';

const newDir = tempDirs();
const wasm = proxyWasmModule({ padTo: 200_000 });

interface Environment {
  umask: number;
  tz: string;
  now: string;
  fileTime: string;
}

async function packageIn(env: Environment, format: ArtifactFormat, processEnv: NodeJS.ProcessEnv = {}) {
  const previousUmask = process.umask(env.umask);
  const previousTz = process.env.TZ;
  process.env.TZ = env.tz;
  vi.useFakeTimers({ now: new Date(env.now), toFake: ['Date'] });
  try {
    const plugin = await writePluginDir(join(await newDir(), 'some', 'plugin'), { icon: true, wasm });
    for (const name of await readdir(plugin.dir)) await utimes(join(plugin.dir, name), new Date(env.fileTime), new Date(env.fileTime));
    await utimes(plugin.wasmPath, new Date(env.fileTime), new Date(env.fileTime));
    const result = await packagePlugin({
      pluginDir: plugin.dir,
      wasmPath: plugin.wasmPath,
      format,
      name: 'hello',
      version: '1.0.0',
      env: processEnv,
    });
    const blobs = new Map<string, Buffer>();
    for (const name of await readdir(join(result.layoutDir, 'blobs', 'sha256')))
      blobs.set(name, await readFile(join(result.layoutDir, 'blobs', 'sha256', name)));
    return { result, blobs, wasmMode: (await stat(plugin.wasmPath)).mode & 0o777 };
  } finally {
    vi.useRealTimers();
    process.umask(previousUmask);
    if (previousTz === undefined) delete process.env.TZ;
    else process.env.TZ = previousTz;
  }
}

const A: Environment = { umask: 0o022, tz: 'UTC', now: '2024-01-01T00:00:00Z', fileTime: '2001-02-03T04:05:06Z' };
const B: Environment = { umask: 0o077, tz: 'Asia/Shanghai', now: '2031-07-15T12:34:56Z', fileTime: '2029-12-31T23:59:59Z' };

describe.each<ArtifactFormat>(['higress', 'wasm-oci'])('reproducibility of the %s format', (format) => {
  afterEach(() => vi.useRealTimers());

  it('gives byte-identical blobs and manifest across folders, file times, umask, time zone and clock', async () => {
    const a = await packageIn(A, format);
    const b = await packageIn(B, format);
    expect([a.wasmMode, b.wasmMode]).toEqual([0o644, 0o600]);
    expect(b.result.manifestDigest).toBe(a.result.manifestDigest);
    expect([...b.blobs.keys()].sort()).toEqual([...a.blobs.keys()].sort());
    for (const [name, bytes] of a.blobs) expect(b.blobs.get(name)!.equals(bytes)).toBe(true);
    // The fake clock was in effect: a leak of now() would have shown up as a different digest.
    expect(JSON.stringify(a.result)).not.toMatch(/2024|2031/);
  });

  it('changes the digest only through SOURCE_DATE_EPOCH, and identically for equal epochs', async () => {
    const x = await packageIn(A, format, { SOURCE_DATE_EPOCH: '1700000000' });
    const y = await packageIn(B, format, { SOURCE_DATE_EPOCH: '1700000000' });
    const z = await packageIn(A, format);
    expect(y.result.manifestDigest).toBe(x.result.manifestDigest);
    expect(z.result.manifestDigest).not.toBe(x.result.manifestDigest);
  });
});
