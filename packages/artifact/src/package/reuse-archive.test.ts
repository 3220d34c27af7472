import { rm, stat, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { OciLayout } from '../layout/oci-layout.js';
import { packagePlugin } from './package-plugin.js';

const newDir = tempDirs();

async function archiveFile(layoutDir: string, digest: string) {
  const layout = await OciLayout.open(layoutDir);
  const info = await stat(layout.blobPath(digest));
  return { ino: info.ino, mtimeMs: info.mtimeMs };
}

describe('packaging an unchanged module again', () => {
  it('keeps the archive already in the layout (not rewritten) and gives the same manifest', async () => {
    const plugin = await writePluginDir(await newDir());
    const options = { pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'hello', version: '1.0.0', env: {} };
    const first = await packagePlugin(options);
    const archive = first.layers.at(-1)!;
    const before = await archiveFile(first.layoutDir, archive.digest);
    // A new file with the same bytes, as a build cache hit writes it.
    await writeFile(plugin.wasmPath, plugin.wasm);
    const again = await packagePlugin(options);
    expect(again.manifestDigest).toBe(first.manifestDigest);
    expect(again.verdict.ok).toBe(true);
    expect(await archiveFile(again.layoutDir, archive.digest)).toEqual(before);
  });

  it('makes a fresh archive when the module or the timestamp differs', async () => {
    const plugin = await writePluginDir(await newDir());
    const options = { pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'hello', version: '1.0.0', env: {} };
    const first = await packagePlugin(options);

    const stamped = await packagePlugin({ ...options, env: { SOURCE_DATE_EPOCH: '1700000000' } });
    expect(stamped.layers.at(-1)!.digest).not.toBe(first.layers.at(-1)!.digest);

    const other = proxyWasmModule({ seed: 2, padTo: 40_000 });
    await writeFile(plugin.wasmPath, other);
    const rebuilt = await packagePlugin(options);
    expect(rebuilt.layers.at(-1)!.digest).not.toBe(first.layers.at(-1)!.digest);
    const layout = await OciLayout.open(rebuilt.layoutDir);
    const config = JSON.parse((await layout.readBlob(rebuilt.config.digest)).toString());
    expect(config.module.size).toBe(other.length);
    expect(rebuilt.verdict).toMatchObject({ ok: true });
  });

  it('makes a fresh archive when the one in the layout is gone', async () => {
    const plugin = await writePluginDir(await newDir());
    const options = { pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'hello', version: '1.0.0', env: {} };
    const first = await packagePlugin(options);
    const layout = await OciLayout.open(first.layoutDir);
    await rm(layout.blobPath(first.layers.at(-1)!.digest));
    const again = await packagePlugin(options);
    expect(again.manifestDigest).toBe(first.manifestDigest);
    expect(await layout.hasBlob(first.layers.at(-1)!.digest)).toBe(true);
  });
});
