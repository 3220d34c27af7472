import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPE, sha256Digest } from '@hplugin/oci';
import { writePluginDir } from '../__fixtures__/plugin-dir.js';
import { tempDirs } from '../__fixtures__/temp.js';
import { proxyWasmModule } from '../__fixtures__/wasm.js';
import { inspectLayout } from '../inspect.js';
import { OciLayout } from '../layout/oci-layout.js';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import { silentReporter } from '@hplugin/core';
import { packagePlugin } from './package-plugin.js';
import { minimalReadme } from './readmes.js';

const newDir = tempDirs();
const noEnv = {};

describe('packagePlugin: the higress format', () => {
  it('writes spec, READMEs, icon and plugin.tar.gz LAST, with a real config, under the version tag', async () => {
    const plugin = await writePluginDir(await newDir(), {
      icon: true,
      readmes: { 'README.md': '# d\n', 'README_EN.md': '# en\n', 'README_ZH-CN.md': '# zh\n', 'README_ja.md': '# ja\n' },
    });
    const result = await packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'hello', version: '1.0.0', env: noEnv });
    expect(result.layoutDir).toBe(join(plugin.dir, 'dist', 'oci'));
    expect(result.tags).toEqual(['1.0.0']);
    expect(result.verdict).toMatchObject({ ok: true, variant: 'compat', wasm: { digest: sha256Digest(plugin.wasm) } });
    expect(result.layers.map((l) => [l.title, l.mediaType])).toEqual([
      ['spec.yaml', 'application/vnd.module.wasm.spec.v1+yaml'],
      ['README.md', 'application/vnd.module.wasm.doc.v1+markdown'],
      ['README_EN.md', 'application/vnd.module.wasm.doc.v1.en+markdown'],
      ['README_ja.md', 'application/vnd.module.wasm.doc.v1.ja+markdown'],
      ['README_ZH-CN.md', 'application/vnd.module.wasm.doc.v1.zh-cn+markdown'],
      ['icon.png', 'application/vnd.module.wasm.icon.v1+png'],
      ['plugin.tar.gz', 'application/vnd.oci.image.layer.v1.tar+gzip'],
    ]);
    const layout = await OciLayout.open(result.layoutDir);
    const manifest = JSON.parse((await layout.readBlob(result.manifestDigest)).toString());
    expect(manifest.mediaType).toBe(MEDIA_TYPE.imageManifest);
    expect(manifest.artifactType).toBeUndefined();
    expect(manifest.config).toEqual(result.config);
    expect(result.config.mediaType).toBe(PLUGIN_MEDIA_TYPE.pluginConfig);
    expect(result.config.size).toBeGreaterThan(2);
    expect(JSON.parse((await layout.readBlob(result.config.digest)).toString())).toEqual({
      schemaVersion: 1,
      name: 'hello',
      version: '1.0.0',
      format: 'higress',
      module: { mediaType: 'application/wasm', digest: sha256Digest(plugin.wasm), size: plugin.wasm.length },
    });
    // No clock in the manifest unless a timestamp was chosen.
    expect(manifest.annotations).toEqual({ 'org.opencontainers.image.title': 'hello', 'org.opencontainers.image.version': '1.0.0' });
    const spec = (await layout.readBlob(result.layers[0]!.digest)).toString();
    expect(spec).toMatch(/category: custom[\s\S]*name: hello[\s\S]*version: 1\.0\.0[\s\S]*phase: UNSPECIFIED_PHASE[\s\S]*priority: 0/);
    expect(await layout.tags()).toEqual(['1.0.0']);
  });

  it('uses the given spec.yaml, metadata and annotations, and the SOURCE_DATE_EPOCH timestamp', async () => {
    const spec =
      'apiVersion: 1.0.0\ninfo:\n  category: auth\n  name: hello\nspec:\n  phase: AUTHN\n  priority: 10\n  configSchema:\n    openAPIV3Schema: {type: object}\n';
    const plugin = await writePluginDir(await newDir(), { spec });
    const result = await packagePlugin({
      pluginDir: plugin.dir,
      wasmPath: plugin.wasmPath,
      name: 'hello',
      version: '2.0.0',
      tags: ['2.0.0', 'latest'],
      metadata: { title: 'Hello', description: 'Adds a header' },
      annotations: { 'com.example.team': 'gateway' },
      env: { SOURCE_DATE_EPOCH: '1700000000' },
    });
    const { manifest } = await inspectLayout(result.layoutDir, 'latest');
    expect(manifest.annotations).toEqual({
      'com.example.team': 'gateway',
      'org.opencontainers.image.created': '2023-11-14T22:13:20Z',
      'org.opencontainers.image.description': 'Adds a header',
      'org.opencontainers.image.title': 'Hello',
      'org.opencontainers.image.version': '2.0.0',
    });
    const layout = await OciLayout.open(result.layoutDir);
    expect((await layout.readBlob(result.layers[0]!.digest)).toString()).toBe(spec);
    expect(await layout.tags()).toEqual(['2.0.0', 'latest']);
  });

  it('refuses a missing README.md, with a hint that names the other READMEs', async () => {
    const plugin = await writePluginDir(await newDir(), { readmes: { 'README_EN.md': '# en\n' } });
    await expect(
      packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: noEnv }),
    ).rejects.toMatchObject({
      code: 'PACKAGE_README_MISSING',
      exitCode: 2,
      hint: expect.stringContaining('README_EN.md only cover other languages'),
    });
    const bare = await writePluginDir(await newDir(), { readmes: {} });
    await expect(
      packagePlugin({ pluginDir: bare.dir, wasmPath: bare.wasmPath, name: 'x', version: '1.0.0', env: noEnv }),
    ).rejects.toMatchObject({ code: 'PACKAGE_README_MISSING' });
  });

  it('packages a generated minimal README.md when asked to, and says so', async () => {
    const plugin = await writePluginDir(await newDir(), { readmes: { 'README_EN.md': '# en\n' } });
    const reporter = silentReporter();
    const result = await packagePlugin({
      pluginDir: plugin.dir,
      wasmPath: plugin.wasmPath,
      name: 'x',
      version: '1.0.0',
      env: noEnv,
      missingReadme: 'generate',
      metadata: { title: 'X Gate', description: 'Guards X.' },
      reporter,
    });
    expect(result.generatedReadme).toBe(true);
    expect(result.layers.map((l) => l.title)).toEqual(['spec.yaml', 'README.md', 'README_EN.md', 'plugin.tar.gz']);
    const readme = (await (await OciLayout.open(result.layoutDir)).readBlob(result.layers[1]!.digest)).toString();
    expect(readme).toBe(minimalReadme({ name: 'x', version: '1.0.0', title: 'X Gate', description: 'Guards X.' }));
    expect(readme).toMatch(/^# X Gate\n\nGuards X\.\n[\s\S]*generated by hplugin because the plugin folder has no README\.md/);
    expect(reporter.warnings).toEqual([
      {
        message: expect.stringContaining('x has no README.md: the artifact carries a generated minimal one'),
        code: 'PACKAGE_README_GENERATED',
      },
    ]);
    // A README.md present: nothing generated.
    const full = await writePluginDir(await newDir(), { readmes: { 'README.md': '# x\n' } });
    const normal = await packagePlugin({
      pluginDir: full.dir,
      wasmPath: full.wasmPath,
      name: 'x',
      version: '1.0.0',
      env: noEnv,
      missingReadme: 'generate',
    });
    expect(normal.generatedReadme).toBeUndefined();
  });

  it('refuses an invalid spec.yaml naming file and line, and writes nothing', async () => {
    const plugin = await writePluginDir(await newDir(), {
      spec: 'apiVersion: 1.0.0\ninfo:\n  category: nonsense\nspec:\n  priority: 5000\n',
    });
    const err = await packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: noEnv }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'SPEC_INVALID', exitCode: 2 });
    expect((err as Error).message).toContain(`${join(plugin.dir, 'spec.yaml')}:3:13: info.category is "nonsense"`);
    expect((err as Error).message).toContain(`${join(plugin.dir, 'spec.yaml')}:5:13: spec.priority is 5000`);
    await expect(OciLayout.open(join(plugin.dir, 'dist', 'oci'))).rejects.toMatchObject({ code: 'LAYOUT_NOT_FOUND' });
  });

  it('refuses a module the gateway would reject, and writes no tag for it', async () => {
    const plugin = await writePluginDir(await newDir(), { wasm: Buffer.from('this is not a wasm module') });
    await expect(
      packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: noEnv }),
    ).rejects.toMatchObject({
      code: 'ARTIFACT_REJECTED',
      message: expect.stringMatching(/does not start with "\\0asm"/),
      details: { verdict: { ok: false } },
    });
    expect(await (await OciLayout.open(join(plugin.dir, 'dist', 'oci'))).tags()).toEqual([]);
  });

  it('refuses a component too: the fetcher passes it, Envoy does not load it', async () => {
    const plugin = await writePluginDir(await newDir(), { wasm: Buffer.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 1, 0]) });
    await expect(
      packagePlugin({ pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: noEnv }),
    ).rejects.toMatchObject({
      code: 'ARTIFACT_REJECTED',
      message: expect.stringMatching(/not a core WebAssembly module/),
      details: { verdict: { ok: true, warnings: [{ scope: 'runtime' }] } },
    });
  });

  it('names a missing module, icon, bad tags and bad README languages', async () => {
    const plugin = await writePluginDir(await newDir());
    const base = { pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', version: '1.0.0', env: noEnv };
    await expect(packagePlugin({ ...base, wasmPath: join(plugin.dir, 'nope.wasm') })).rejects.toMatchObject({
      code: 'PACKAGE_WASM_MISSING',
    });
    await expect(packagePlugin({ ...base, icon: join(plugin.dir, 'missing.png') })).rejects.toMatchObject({ code: 'PACKAGE_ICON_MISSING' });
    await expect(packagePlugin({ ...base, icon: join(plugin.dir, 'README.md') })).rejects.toMatchObject({ code: 'PACKAGE_ICON_INVALID' });
    await expect(packagePlugin({ ...base, version: '1.0.0+build' })).rejects.toMatchObject({ code: 'ARTIFACT_TAG_INVALID' });
    await expect(
      packagePlugin({
        ...base,
        readmes: [{ path: join(plugin.dir, 'README.md') }, { path: join(plugin.dir, 'README_EN.md'), lang: 'english!' }],
      }),
    ).rejects.toMatchObject({ code: 'PACKAGE_README_LANG_INVALID' });
    await expect(
      packagePlugin({ ...base, readmes: [{ path: join(plugin.dir, 'README.md') }, { path: join(plugin.dir, 'README_EN.md') }] }),
    ).rejects.toMatchObject({ code: 'PACKAGE_README_DUPLICATE' });
    await expect(packagePlugin({ ...base, env: { SOURCE_DATE_EPOCH: 'yesterday' } })).rejects.toMatchObject({
      code: 'ARTIFACT_EPOCH_INVALID',
    });
  });
});

describe('packagePlugin: the wasm-oci format', () => {
  it('writes exactly a {} runtime-config layer and the raw module', async () => {
    const plugin = await writePluginDir(await newDir(), { readmes: {} });
    const result = await packagePlugin({
      pluginDir: plugin.dir,
      wasmPath: plugin.wasmPath,
      format: 'wasm-oci',
      name: 'hello',
      version: '1.0.0',
      env: noEnv,
    });
    expect(result.verdict).toMatchObject({ ok: true, variant: 'oci' });
    expect(result.layers.map((l) => l.mediaType)).toEqual([PLUGIN_MEDIA_TYPE.runtimeConfig, PLUGIN_MEDIA_TYPE.wasmContent]);
    const layout = await OciLayout.open(result.layoutDir);
    expect((await layout.readBlob(result.layers[0]!.digest)).toString()).toBe('{}');
    expect((await layout.readBlob(result.layers[1]!.digest)).equals(plugin.wasm)).toBe(true);
    expect(result.config.mediaType).toBe(PLUGIN_MEDIA_TYPE.pluginConfig);
  });
});

describe('packagePlugin: the layout it shares', () => {
  it('moves only its own tag when packaging again, and rewrites a corrupt blob', async () => {
    const plugin = await writePluginDir(await newDir());
    const base = { pluginDir: plugin.dir, wasmPath: plugin.wasmPath, name: 'x', env: noEnv };
    const v1 = await packagePlugin({ ...base, version: '1.0.0', tags: ['1.0.0', 'latest'] });
    await writePluginDir(plugin.dir, { wasm: Buffer.concat([plugin.wasm, Buffer.from([0])]) });
    const v2 = await packagePlugin({ ...base, version: '1.1.0', tags: ['1.1.0', 'latest'] });
    const layout = await OciLayout.open(v1.layoutDir);
    expect(await layout.tags()).toEqual(['1.0.0', '1.1.0', 'latest']);
    expect((await layout.resolve('1.0.0')).digest).toBe(v1.manifestDigest);
    expect((await layout.resolve('latest')).digest).toBe(v2.manifestDigest);

    // Damage the archive blob of 1.1.0; packaging it again must not trust it.
    const archive = v2.layers.at(-1)!;
    await writeFile(layout.blobPath(archive.digest), (await readFile(layout.blobPath(archive.digest))).subarray(1));
    expect((await inspectLayout(v1.layoutDir, '1.1.0')).verdict.ok).toBe(false);
    const again = await packagePlugin({ ...base, version: '1.1.0', tags: ['1.1.0'] });
    expect(again.manifestDigest).toBe(v2.manifestDigest);
    expect((await inspectLayout(v1.layoutDir, '1.1.0')).verdict.ok).toBe(true);
  });

  it('lets concurrent packagers of one layout keep all their tags', async () => {
    const shared = join(await newDir(), 'oci');
    const runs = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const plugin = await writePluginDir(await newDir(), { wasm: proxyWasmModule({ seed: i + 1, padTo: 30_000 }) });
        return packagePlugin({
          pluginDir: plugin.dir,
          wasmPath: plugin.wasmPath,
          name: `p${i}`,
          version: `1.0.${i}`,
          tags: [`1.0.${i}`, 'latest'],
          layoutDir: shared,
          env: noEnv,
        });
      }),
    );
    const layout = await OciLayout.open(shared);
    expect(await layout.tags()).toEqual(['1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.4', '1.0.5', 'latest']);
    for (const r of runs) expect((await inspectLayout(shared, r.tags[0])).verdict.ok).toBe(true);
    expect(runs.map((r) => r.manifestDigest)).toContain((await layout.resolve('latest')).digest);
  });
});
