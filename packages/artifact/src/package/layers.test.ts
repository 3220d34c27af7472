import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../__fixtures__/temp.js';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { ANNOTATION } from '@hplugin/oci/spec';
import { OciLayout } from '../layout/oci-layout.js';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import { writeHigressLayers } from './layers.js';

const newDir = tempDirs();

describe('the Higress layers', () => {
  it('put the docs first and the archive last, though the archive is started first', async () => {
    const plugin = await writePluginDir(await newDir());
    const layout = await OciLayout.create(join(plugin.dir, 'oci'));
    const built = await writeHigressLayers(layout, {
      specYaml: 'apiVersion: 1.0.0\n',
      readmes: [
        { path: 'README.md', content: Buffer.from('# hello\n'), mediaType: PLUGIN_MEDIA_TYPE.readme, title: 'README.md' },
        { path: 'README_EN.md', content: Buffer.from('# hello (en)\n'), mediaType: PLUGIN_MEDIA_TYPE.readme, title: 'README_EN.md' },
      ],
      wasmPath: plugin.wasmPath,
      mtimeSeconds: 0,
    });
    expect(built.layers.map((l) => l.annotations?.[ANNOTATION.title])).toEqual(['spec.yaml', 'README.md', 'README_EN.md', 'plugin.tar.gz']);
    expect(built.made).toMatchObject({ layer: built.layers.at(-1)!.digest, size: plugin.wasm.length });
  });

  it('fail with the doc that cannot be read, after the archive has settled (no temp file left behind)', async () => {
    const plugin = await writePluginDir(await newDir());
    const layoutDir = join(plugin.dir, 'oci');
    const layout = await OciLayout.create(layoutDir);
    const missing = join(plugin.dir, 'README_ZH.md');
    const failing = writeHigressLayers(layout, {
      specYaml: 'apiVersion: 1.0.0\n',
      readmes: [{ path: missing, mediaType: PLUGIN_MEDIA_TYPE.readme, title: 'README_ZH.md' }],
      wasmPath: plugin.wasmPath,
      mtimeSeconds: 0,
    });
    await expect(failing).rejects.toMatchObject({ code: 'ENOENT', path: missing });
    const blobs = await readdir(join(layoutDir, 'blobs', 'sha256'));
    // The archive was finished (not cut off half-written) before the error came out.
    expect(blobs.filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(blobs.length).toBeGreaterThanOrEqual(2);
  });
});
