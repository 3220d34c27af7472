import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { sha256Digest } from '@hplugin/oci';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { streamToBuffer, tempDirs } from '../__fixtures__/temp.js';
import { packagePlugin } from '../package/package-plugin.js';
import { readLayoutArtifact } from './layout-artifact.js';
import { OciLayout } from './oci-layout.js';

const newDir = tempDirs();

describe('readLayoutArtifact', () => {
  it('gives the manifest bytes and a verified, re-openable source per referenced blob', async () => {
    const plugin = await writePluginDir(await newDir());
    const result = await packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: {} });
    const artifact = await readLayoutArtifact(result.layoutDir, '1.0.0');
    expect(sha256Digest(artifact.manifest.bytes)).toBe(result.manifestDigest);
    expect(artifact.blobs.map((b) => b.descriptor.digest)).toEqual([result.config.digest, ...result.layers.map((l) => l.digest)]);
    for (const blob of artifact.blobs) {
      const whole = await streamToBuffer(blob.open());
      expect(sha256Digest(whole)).toBe(blob.descriptor.digest);
      expect((await streamToBuffer(blob.openRange!(1, 5))).equals(whole.subarray(1, 5))).toBe(true);
    }
    const layout = await OciLayout.open(result.layoutDir);
    await rm(layout.blobPath(result.layers[0]!.digest));
    await expect(readLayoutArtifact(result.layoutDir, '1.0.0')).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
  });
});
