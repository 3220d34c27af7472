/**
 * The build stage from a resolved config: maps config keys onto @hplugin/build's options. The config
 * fingerprint covers only what can change the module (the build section), so editing a README or the
 * publish target never triggers a recompile.
 */
import { relative } from 'node:path';
import { buildPlugin, type BuildOptions, type BuildResult } from '@hplugin/build';
import type { Reporter } from '@hplugin/core';
import type { ResolvedPluginConfig } from '@hplugin/config';

export interface StageOptions {
  reporter: Reporter;
  force?: boolean;
  signal?: AbortSignal;
  /** Passed to the build: runs once the compiler is running (see BuildOptions.whileCompiling). */
  whileCompiling?: () => void;
}

export function buildOptionsFrom(cfg: ResolvedPluginConfig, options: StageOptions): BuildOptions {
  const b = cfg.build;
  const fingerprint = JSON.stringify({ ...b, output: relative(cfg.pluginDir, b.output) });
  return {
    pluginDir: cfg.pluginDir,
    toolchain: b.toolchain,
    main: b.main,
    output: b.output,
    tags: b.tags,
    ldflags: b.ldflags,
    env: b.env,
    args: b.args,
    prepare: b.prepare,
    optimize: b.optimize,
    ...(b.go ? { goBinary: b.go } : {}),
    ...(b.tinygo ? { tinygoBinary: b.tinygo } : {}),
    force: options.force ?? false,
    configFingerprint: fingerprint,
    reporter: options.reporter,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.whileCompiling ? { whileCompiling: options.whileCompiling } : {}),
  };
}

export function runBuild(cfg: ResolvedPluginConfig, options: StageOptions): Promise<BuildResult> {
  return buildPlugin(buildOptionsFrom(cfg, options));
}
