/**
 * Everything decided before compiling: the module root, the toolchain, the exact command and the
 * inputs hash. Shared by buildPlugin and isBuildStale, so both agree on what "the same build" is.
 */
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { defaultCacheDir, StatIndex, UsageError, silentReporter, type Reporter } from '@hplugin/core';
import { buildCommand, type BuildCommand } from './command.js';
import { readBuildrc, tagsFromBuildrc } from './conventions.js';
import { findModuleRoot, readGoMod } from './gomod.js';
import { FILE_FACTS_SCHEMA, FileFactsReader, type FileFacts } from './inputs/hash-files.js';
import { computeInputsHash } from './inputs/inputs-hash.js';
import { binaryenVersion } from './optimize.js';
import type { BuildOptions, ToolchainInfo } from './options.js';
import { outputPath } from './paths.js';
import { findToolchain } from './toolchain/find.js';

export interface BuildPlan {
  toolchain: ToolchainInfo;
  command: BuildCommand;
  output: string;
  cacheDir: string;
  inputsHash: string;
  inputs: Record<string, unknown>;
  reporter: Reporter;
  /** File contents by stat, kept with the build cache; save() it when the build is done. */
  reader: FileFactsReader;
}

/** One stat index per plugin folder, so a workspace's parallel builds never share (or race on) one file. */
export function statIndexPath(cacheDir: string, pluginDir: string): string {
  return join(cacheDir, 'build', 'v1', 'stat-index', `${createHash('sha256').update(pluginDir).digest('hex').slice(0, 32)}.json`);
}

async function assertPluginDir(options: BuildOptions): Promise<void> {
  if (!isAbsolute(options.pluginDir))
    throw new UsageError('BUILD_BAD_OPTIONS', `pluginDir must be an absolute path, got "${options.pluginDir}".`);
  if (options.output !== undefined && !isAbsolute(options.output))
    throw new UsageError('BUILD_BAD_OPTIONS', `output must be an absolute path, got "${options.output}".`);
  const st = await stat(options.pluginDir).catch(() => undefined);
  if (!st?.isDirectory()) {
    throw new UsageError('PLUGIN_DIR_NOT_FOUND', `The plugin folder ${options.pluginDir} does not exist.`, {
      hint: 'Run hplugin from the plugin folder, or pass --cwd.',
    });
  }
}

export async function planBuild(options: BuildOptions): Promise<BuildPlan> {
  await assertPluginDir(options);
  const reporter = options.reporter ?? silentReporter();
  const name = options.toolchain ?? 'go';
  const mainDir = join(options.pluginDir, options.main ?? '.');
  const moduleRoot = await findModuleRoot(mainDir);
  if (!moduleRoot) {
    throw new UsageError('GO_MOD_NOT_FOUND', `No go.mod in ${mainDir} or any folder above it, so Go cannot build it as a module.`, {
      hint: 'Run `go mod init <module-path>` and `go mod tidy` in the plugin folder.',
    });
  }
  const goMod = await readGoMod(moduleRoot);
  const buildrc = await readBuildrc(options.pluginDir);
  const rcTags = buildrc ? tagsFromBuildrc(buildrc) : [];
  if (rcTags.length) reporter.debug(`.buildrc adds build tags: ${rcTags.join(' ')}`);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const found = await findToolchain(name, { ...options, reporter, cacheDir });
  const toolchain: ToolchainInfo = { name, version: found.version, path: found.path };
  const output = outputPath(options);
  const command = buildCommand({ ...options, tags: [...rcTags, ...(options.tags ?? [])] }, toolchain);
  const bvers = options.optimize ? await binaryenVersion() : undefined;
  const reader = new FileFactsReader(
    await StatIndex.load<FileFacts>(statIndexPath(cacheDir, options.pluginDir), { schema: FILE_FACTS_SCHEMA }),
  );
  const { inputsHash, parts } = await computeInputsHash({
    pluginDir: options.pluginDir,
    moduleRoot,
    goMod,
    toolchain: { ...toolchain, ...(found.localVersion ? { localVersion: found.localVersion } : {}) } as ToolchainInfo,
    command,
    outputPath: output,
    processEnv: process.env,
    ...(options.configFingerprint !== undefined ? { configFingerprint: options.configFingerprint } : {}),
    ...(options.optimize ? { optimize: { binaryenVersion: bvers ?? 'missing' } } : {}),
    prepare: options.prepare !== false,
    excluded: [output, join(options.pluginDir, 'dist'), cacheDir],
    reader,
  });
  reporter.debug(`inputs hash ${inputsHash} (${reader.reads} file${reader.reads === 1 ? '' : 's'} read, the rest known by their stat)`);
  return { toolchain, command, output, cacheDir, inputsHash, inputs: parts, reporter, reader };
}
