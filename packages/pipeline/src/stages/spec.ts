/**
 * spec.yaml from the plugin's Go annotations, with the config's metadata filling the gaps.
 * Used by `hplugin spec` and by the package stage when no spec.yaml is committed.
 */
import { readBuildrc, tagsFromBuildrc } from '@hplugin/build';
import type { GenerateSpecOptions, GenerateSpecResult } from '@hplugin/metadata';
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { Reporter } from '@hplugin/core';

async function buildTags(cfg: ResolvedPluginConfig): Promise<string[]> {
  return [...cfg.build.tags, ...tagsFromBuildrc((await readBuildrc(cfg.pluginDir)) ?? {})];
}

export async function specOptionsFrom(cfg: ResolvedPluginConfig, reporter: Reporter): Promise<GenerateSpecOptions> {
  return {
    pluginDir: cfg.pluginDir,
    main: cfg.build.main,
    metadata: { name: cfg.name, version: cfg.version, ...cfg.metadata },
    metadataSources: cfg.sources,
    buildTags: await buildTags(cfg),
    ...(cfg.build.go ? { goBinary: cfg.build.go } : {}),
    reporter,
  };
}

export async function runGenerateSpec(cfg: ResolvedPluginConfig, reporter: Reporter): Promise<GenerateSpecResult> {
  const { generateSpec } = await import('@hplugin/metadata');
  // generateSpec reports its warnings itself (once).
  return generateSpec(await specOptionsFrom(cfg, reporter));
}

export async function runCheckSpec(cfg: ResolvedPluginConfig, reporter: Reporter, specFile?: string) {
  const { checkSpec } = await import('@hplugin/metadata');
  return checkSpec({ ...(await specOptionsFrom(cfg, reporter)), ...(specFile ? { specFile } : {}) });
}
