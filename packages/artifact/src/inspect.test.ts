import { describe, expect, it } from 'vitest';
import { writePluginDir } from './__fixtures__/plugin-dir.js';
import { tempDirs } from './__fixtures__/temp.js';
import { inspectLayout } from './inspect.js';
import { OciLayout } from './layout/oci-layout.js';
import { packagePlugin } from './package/package-plugin.js';

const newDir = tempDirs();

describe('inspectLayout', () => {
  it('describes the only tag when none is named, and each layer by its title', async () => {
    const plugin = await writePluginDir(await newDir());
    const result = await packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '0.1.0', env: {} });
    const seen = await inspectLayout(result.layoutDir);
    expect(seen.tag).toBe('0.1.0');
    expect(seen.descriptor).toEqual({ mediaType: result.mediaType, digest: result.manifestDigest, size: result.manifestSize });
    expect(seen.layers).toEqual(result.layers);
    expect(seen.verdict).toEqual(result.verdict);
    expect((await inspectLayout(result.layoutDir, result.manifestDigest)).layers).toEqual(result.layers);
  });

  it('asks for a tag when there are several, or none', async () => {
    const plugin = await writePluginDir(await newDir());
    const empty = await OciLayout.create(await newDir());
    await expect(inspectLayout(empty.dir)).rejects.toMatchObject({
      code: 'LAYOUT_TAG_REQUIRED',
      hint: expect.stringMatching(/hplugin package/),
    });
    const result = await packagePlugin({
      pluginDir: plugin.dir,
      wasmPath: plugin.wasmPath,
      name: 'x',
      version: '0.1.0',
      tags: ['0.1.0', 'latest'],
      env: {},
    });
    await expect(inspectLayout(result.layoutDir)).rejects.toMatchObject({
      code: 'LAYOUT_TAG_REQUIRED',
      message: expect.stringContaining('0.1.0, latest'),
    });
    await expect(inspectLayout(result.layoutDir, 'nope')).rejects.toMatchObject({ code: 'LAYOUT_TAG_NOT_FOUND' });
    await expect(inspectLayout(await newDir())).rejects.toMatchObject({ code: 'LAYOUT_NOT_FOUND' });
  });
});
