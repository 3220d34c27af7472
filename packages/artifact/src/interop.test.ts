/**
 * The layout is read by the tools people already use: skopeo and oras see the same manifest bytes,
 * pull the same module, and copy it without changing its digest.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { sha256Digest } from '@hplugin/oci';
import { writePluginDir } from './__fixtures__/plugin-dir.js';
import { tempDirs } from './__fixtures__/temp.js';
import { proxyWasmModule } from './__fixtures__/wasm.js';
import { OciLayout } from './layout/oci-layout.js';
import { packagePlugin } from './package/package-plugin.js';

const ORAS = process.env.ORAS ?? '/root/go/bin/oras';
const newDir = tempDirs();
const wasm = proxyWasmModule({ seed: 3, padTo: 120_000 });

async function packaged(format: 'higress' | 'wasm-oci') {
  const plugin = await writePluginDir(await newDir(), { icon: true, wasm, readmes: format === 'higress' ? undefined : {} });
  const result = await packagePlugin({
    pluginDir: plugin.dir,
    wasmPath: plugin.wasmPath,
    format,
    name: 'hello',
    version: '1.0.0',
    tags: ['1.0.0', 'latest'],
  });
  const manifest = await (await OciLayout.open(result.layoutDir)).readBlob(result.manifestDigest);
  return { result, manifest };
}

describe.each(['higress', 'wasm-oci'] as const)('the %s layout read by other tools', (format) => {
  it('skopeo inspect --raw returns our manifest bytes, and skopeo copy keeps the digest', async () => {
    const { result, manifest } = await packaged(format);
    const raw = await execa('skopeo', ['inspect', '--raw', `oci:${result.layoutDir}:latest`], { encoding: 'buffer' });
    expect(Buffer.from(raw.stdout).equals(manifest)).toBe(true);
    const copy = join(await newDir(), 'copy');
    await execa('skopeo', ['copy', '--quiet', `oci:${result.layoutDir}:1.0.0`, `oci:${copy}:1.0.0`]);
    expect((await (await OciLayout.open(copy)).resolve('1.0.0')).digest).toBe(result.manifestDigest);
  });

  it('oras manifest fetch returns our manifest bytes, and oras pull gives the identical plugin.wasm', async () => {
    const { result, manifest } = await packaged(format);
    const fetched = await execa(ORAS, ['manifest', 'fetch', '--oci-layout', `${result.layoutDir}:1.0.0`], { encoding: 'buffer' });
    expect(Buffer.from(fetched.stdout).equals(manifest)).toBe(true);
    expect(sha256Digest(Buffer.from(fetched.stdout))).toBe(result.manifestDigest);

    const out = await newDir();
    await execa(ORAS, ['pull', '--no-tty', '--oci-layout', `${result.layoutDir}:1.0.0`, '-o', out]);
    const files = (await readdir(out)).sort();
    if (format === 'higress') {
      expect(files).toEqual(['README.md', 'README_EN.md', 'icon.png', 'plugin.tar.gz', 'spec.yaml']);
      await execa('tar', ['-xzf', join(out, 'plugin.tar.gz'), '-C', out]);
    } else {
      expect(files).toEqual(['plugin.wasm', 'runtime-config.json']);
    }
    expect((await readFile(join(out, 'plugin.wasm'))).equals(wasm)).toBe(true);
  });
});
