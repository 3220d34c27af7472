/**
 * The inputs hash: one sha256 over everything that can change the compiled bytes. Two builds with
 * the same hash produce the same module (Go builds are reproducible with -trimpath and
 * -buildvcs=false), so the hash names the cache entry.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { BuildCommand } from '../command.js';
import type { GoModInfo } from '../gomod.js';
import type { ToolchainInfo } from '../options.js';
import { FileFactsReader, hashFiles } from './hash-files.js';
import { listModuleFiles } from './module-files.js';

/** Environment that changes what Go or TinyGo emit. GOPROXY & co. do not: go.sum pins the bytes. */
export const BUILD_AFFECTING_ENV = [
  'GOFLAGS',
  'GOEXPERIMENT',
  'GOTOOLCHAIN',
  'GOWORK',
  'GOWASM',
  'GODEBUG',
  'CGO_ENABLED',
  'GOROOT',
  'TINYGOROOT',
  'GOARCH',
  'GOOS',
];

export interface InputsSpec {
  pluginDir: string;
  moduleRoot: string;
  goMod: GoModInfo;
  toolchain: ToolchainInfo;
  command: BuildCommand;
  /** The output path inside `command`, replaced by a placeholder so the hash does not depend on it. */
  outputPath: string;
  processEnv: NodeJS.ProcessEnv;
  configFingerprint?: string;
  optimize?: { binaryenVersion: string };
  prepare: boolean;
  /** Folders and files hplugin writes: never inputs. */
  excluded: string[];
  /** The build cache's stat index of file contents (default: read every file). */
  reader?: FileFactsReader;
}

async function findGoWork(start: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (env.GOWORK === 'off') return undefined;
  if (env.GOWORK) return resolve(env.GOWORK);
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'go.work');
    if (
      await access(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

async function hashModule(root: string, excluded: string[], reader: FileFactsReader) {
  const listed = await listModuleFiles(root, { excluded, reader });
  const { digest, entries } = await hashFiles(root, listed.files, reader);
  return { digest, usesEmbed: listed.usesEmbed, files: entries };
}

export interface InputsHash {
  inputsHash: string;
  /** What went in, for --verbose and for tests that explain a miss. */
  parts: Record<string, unknown>;
}

export async function computeInputsHash(spec: InputsSpec): Promise<InputsHash> {
  const env = { ...spec.processEnv, ...spec.command.env };
  const reader = spec.reader ?? new FileFactsReader();
  const main = await hashModule(spec.moduleRoot, spec.excluded, reader);
  const replaces = [];
  for (const r of spec.goMod.replaces.filter((x) => x.local)) {
    const target = resolve(spec.moduleRoot, r.to);
    replaces.push({ from: r.from, to: r.to, ...(await hashModule(target, spec.excluded, reader)) });
  }
  const goWork = spec.toolchain.name === 'go' ? await findGoWork(spec.pluginDir, env) : undefined;
  const parts = {
    schema: 'hplugin-build/1',
    toolchain: spec.toolchain,
    args: spec.command.args.map((a) => (a === spec.outputPath ? '<output>' : a)),
    env: Object.fromEntries(
      Object.entries(env)
        .filter(([k]) => BUILD_AFFECTING_ENV.includes(k) || k in spec.command.env)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    // Where the main package sits inside its module matters; where the module sits on disk does not.
    pluginDir: relative(spec.moduleRoot, spec.pluginDir).split(sep).join('/'),
    module: main,
    replaces,
    goWork: goWork
      ? {
          path: goWork,
          sha256: createHash('sha256')
            .update(await readFile(goWork))
            .digest('hex'),
        }
      : null,
    configFingerprint: spec.configFingerprint ?? null,
    optimize: spec.optimize ?? null,
    prepare: spec.prepare,
  };
  const inputsHash = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
  return { inputsHash, parts };
}
