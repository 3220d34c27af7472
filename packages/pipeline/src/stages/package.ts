/**
 * The package stage from a resolved config: build first (a cache hit when nothing changed), resolve
 * the plugin's metadata once (annotations + spec.yaml + config, see metadata.ts), then assemble the
 * artifact into the plugin's OCI layout. The spec layer is that resolved spec; without README.md a
 * minimal one is generated (a warning), unless strict.
 */
import { join } from 'node:path';
import type { PackageResult } from '@hplugin/artifact';
import { defaultCacheDir, preloadAtomicWrites } from '@hplugin/core';
import { moduleInputDirs, type BuildResult } from '@hplugin/build';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { ResolvedPluginMetadata } from '@hplugin/metadata';
import { runBuild, type StageOptions } from './build.js';
import { runResolveMetadata } from './metadata.js';

export interface PackageStageResult {
  build: BuildResult;
  package: PackageResult;
  /** The one resolved metadata: what the spec layer says, and what WasmPlugin outputs read. */
  metadata: ResolvedPluginMetadata['metadata'];
}

export interface PackageStageOptions extends StageOptions {
  gitAnnotations?: boolean;
  /** --strict: documentation gaps are errors. Default: package.strict from the config. */
  strict?: boolean;
  /** Called once the module is built, before packaging (publish starts loading its HTTP client there). */
  onBuilt?: () => void;
  /** The caller pushes every blob through a digest check next (see PackageOptions.blobsVerifiedOnRead). */
  blobsVerifiedOnRead?: boolean;
}

export async function runPackage(cfg: ResolvedPluginConfig, options: PackageStageOptions): Promise<PackageStageResult> {
  // While go compiles, the packaging code loads (it is not needed before).
  const loadPackaging = () => {
    void import('@hplugin/artifact').then((artifact) => artifact.preloadPackagingLibraries()).catch(() => undefined);
    void import('@hplugin/metadata').catch(() => undefined);
    preloadAtomicWrites();
    options.whileCompiling?.();
  };
  const build = await runBuild(cfg, { ...options, force: false, whileCompiling: loadPackaging });
  options.onBuilt?.();
  // Loaded here, not at the top: `hplugin build`/`test`/`run` never pay for the artifact code.
  const { packagePlugin } = await import('@hplugin/artifact');
  const strict = options.strict ?? cfg.package.strict;
  const resolved = await runResolveMetadata(cfg, options.reporter, { strict });
  const m = resolved.metadata;
  const p = cfg.package;
  const readmes = [...(p.readme ? [{ path: p.readme }] : []), ...Object.entries(p.readmes).map(([lang, path]) => ({ path, lang }))];
  const result = await packagePlugin({
    pluginDir: cfg.pluginDir,
    wasmPath: build.wasmPath,
    format: p.format,
    name: cfg.name,
    version: cfg.version,
    tags: [cfg.version],
    ...(p.format === 'higress' ? { readmes, spec: { yaml: resolved.spec.yaml }, missingReadme: strict ? 'error' : 'generate' } : {}),
    ...(p.icon ? { icon: p.icon } : {}),
    // Title and description as resolved (annotations included), for the manifest annotations too.
    metadata: {
      ...cfg.metadata,
      ...(m.title !== undefined ? { title: m.title } : {}),
      ...(m.description !== undefined ? { description: m.description } : {}),
    },
    annotations: p.annotations,
    layoutDir: p.output,
    gitAnnotations: options.gitAnnotations ?? true,
    // Per plugin, not per repository: a commit elsewhere in a monorepo must not change this digest.
    inputPaths: await moduleInputDirs(cfg.pluginDir),
    reporter: options.reporter,
    // The build cache verified (or wrote) these bytes a moment ago: no second hash of the module.
    module: { digest: `sha256:${build.wasmDigest}`, size: build.size },
    // What the gateway check learnt stays with the build cache (see @hplugin/artifact checked-blobs).
    checkCacheDir: join(defaultCacheDir(), 'artifact', 'v1'),
    ...(options.blobsVerifiedOnRead ? { blobsVerifiedOnRead: true } : {}),
  });
  return { build, package: result, metadata: m };
}
