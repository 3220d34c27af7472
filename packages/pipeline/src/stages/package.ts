/**
 * The package stage from a resolved config: build first (a cache hit when nothing changed), then
 * assemble the artifact into the plugin's OCI layout. Without a committed spec.yaml the spec is
 * generated from the Go annotations; a plugin without an annotated config struct still gets a
 * minimal valid one from its metadata.
 */
import type { PackageResult } from '@hplugin/artifact';
import { moduleInputDirs, type BuildResult } from '@hplugin/build';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { isHpluginError } from '@hplugin/core';
import { runBuild, type StageOptions } from './build.js';
import { runGenerateSpec } from './spec.js';

export interface PackageStageResult {
  build: BuildResult;
  package: PackageResult;
}

async function specSource(cfg: ResolvedPluginConfig, options: StageOptions) {
  if (cfg.package.spec) return { path: cfg.package.spec };
  if (cfg.package.format === 'wasm-oci') return undefined;
  try {
    return { yaml: (await runGenerateSpec(cfg, options.reporter)).yaml };
  } catch (err) {
    if (!isHpluginError(err) || !err.code.startsWith('SPEC_CONFIG_STRUCT')) throw err;
    options.reporter.warn(`No spec.yaml and no annotated config struct (${err.message.split('\n')[0]}); packaging a minimal spec.yaml from the config metadata.`, 'PACKAGE_SPEC_MINIMAL');
    return undefined;
  }
}

export async function runPackage(cfg: ResolvedPluginConfig, options: StageOptions & { gitAnnotations?: boolean }): Promise<PackageStageResult> {
  const build = await runBuild(cfg, { ...options, force: false });
  // Loaded here, not at the top: `hplugin build`/`test`/`run` never pay for the artifact code.
  const { packagePlugin } = await import('@hplugin/artifact');
  const p = cfg.package;
  const readmes = [
    ...(p.readme ? [{ path: p.readme }] : []),
    ...Object.entries(p.readmes).map(([lang, path]) => ({ path, lang })),
  ];
  const spec = await specSource(cfg, options);
  const result = await packagePlugin({
    pluginDir: cfg.pluginDir,
    wasmPath: build.wasmPath,
    format: p.format,
    name: cfg.name,
    version: cfg.version,
    tags: [cfg.version],
    ...(p.format === 'higress' ? { readmes } : {}),
    ...(spec ? { spec } : {}),
    ...(p.icon ? { icon: p.icon } : {}),
    // Unset keys are absent (not undefined) in the resolved config, so it can be passed as it is.
    metadata: cfg.metadata,
    annotations: p.annotations,
    layoutDir: p.output,
    gitAnnotations: options.gitAnnotations ?? true,
    // Per plugin, not per repository: a commit elsewhere in a monorepo must not change this digest.
    inputPaths: await moduleInputDirs(cfg.pluginDir),
    reporter: options.reporter,
  });
  return { build, package: result };
}
