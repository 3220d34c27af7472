/**
 * The guess behind the compiler's head start (see early-compile.ts): from the arguments and a few
 * stats and reads, the go command the build will most likely run, or why no guess is made. Its own
 * module, loading only node built-ins, @hplugin/rules/defaults and the toolchain search list,
 * because every `build`, `package` and `publish` runs it before anything else: when there is
 * nothing to start (an up-to-date output, a config with build settings…) the command pays ~5 ms for
 * it, not the ~20 ms of also loading the code that spawns a compiler.
 */
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { BUILD_DEFAULTS, CONFIG_FILE_NAMES, OUTPUT_DEFAULTS } from '@hplugin/rules/defaults';
import { searchCandidates } from './toolchain/locate.js';

/** Flags whose value is the next word; their values are never mistaken for the plugin folder. */
const VALUE_FLAGS = new Set(['--registry', '--repository', '--tag', '--silence', '--cwd', '-C']);
/**
 * Flags known not to change what is compiled, or (--force) only to skip the cache. Any other flag
 * (--all, --filter, a flag taking a value this list does not know…) means no head start.
 */
const SWITCHES = new Set(['--json', '--quiet', '-q', '--verbose', '-v', '--color', '--no-color', '--plain-http', '--force', '--dry-run']);

export interface EarlyCompileRequest {
  /** The CLI's arguments, the command first: one that builds the plugin before anything else (build, package, publish). */
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The folder, the output and the go binary of the default build. */
export interface EarlyCompileStart {
  pluginDir: string;
  output: string;
  go: string;
}

/** What to start, or why no guess is made. */
export type EarlyCompileGuess = EarlyCompileStart | { skipped: string };

/** The plugin folder the command names, or why it cannot be told without the argument parser. */
function pluginDirOf(argv: string[], cwd: string): string | { skipped: string } {
  let base = cwd;
  let positional: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag] = arg.split('=', 1) as [string];
    if (VALUE_FLAGS.has(flag)) {
      const value = arg.includes('=') ? arg.slice(flag.length + 1) : argv[++i];
      if (value === undefined) return { skipped: `${flag} has no value` };
      if (flag === '--cwd' || flag === '-C') base = resolve(cwd, value);
    } else if (arg.startsWith('-')) {
      if (!SWITCHES.has(arg)) return { skipped: `${arg} is not a flag the head start knows` };
    } else if (i === 1) {
      positional = arg;
    } else {
      return { skipped: `${arg} is not where a plugin folder goes` };
    }
  }
  return positional === undefined ? base : resolve(base, positional);
}

/** A `key: value` line of a YAML build section that sets its default, or a blank or comment line. */
function isDefaultBuildLine(line: string): boolean {
  if (/^\s*(#.*)?$/.test(line)) return true;
  const m = /^\s+([A-Za-z]+)\s*:\s*(.*?)\s*(#.*)?$/.exec(line);
  if (!m) return false;
  const key = m[1]!;
  const value = m[2]!.replace(/^(['"])(.*)\1$/, '$2');
  if (!Object.prototype.hasOwnProperty.call(BUILD_DEFAULTS, key)) return false;
  const def: unknown = BUILD_DEFAULTS[key as keyof typeof BUILD_DEFAULTS];
  if (Array.isArray(def)) return value === '[]';
  if (typeof def === 'object') return value === '{}';
  return value === String(def);
}

/**
 * Whether a YAML config leaves the build as the defaults make it: no `build` key, or one whose
 * every line sets a default (the scaffolded config spells out toolchain, main and output). Line by
 * line, no YAML parser (that parser is part of what the head start runs ahead of): anything it
 * does not recognise counts as "not the defaults", which costs a head start, never a wrong build.
 */
export function yamlBuildIsDefault(text: string): boolean {
  if (text.includes('$import')) return false;
  let inBuild = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!/^\s/.test(line)) {
      inBuild = /^build\s*:/.test(line);
      if (inBuild && !/^build\s*:\s*(#.*)?$/.test(line)) return false;
      continue;
    }
    if (inBuild && !isDefaultBuildLine(line)) return false;
  }
  return true;
}

function jsonBuildIsDefault(build: unknown): boolean {
  if (build === undefined) return true;
  if (typeof build !== 'object' || build === null || Array.isArray(build)) return false;
  return Object.entries(build).every(([key, value]) => {
    if (!Object.prototype.hasOwnProperty.call(BUILD_DEFAULTS, key)) return false;
    return JSON.stringify(value) === JSON.stringify(BUILD_DEFAULTS[key as keyof typeof BUILD_DEFAULTS]);
  });
}

/** Why a config file might set the build differently from the defaults, or undefined when it does not. */
function configSetsBuild(file: string): string | undefined {
  const ext = extname(file);
  if (/^\.(c|m)?(j|t)s$/.test(ext)) return `${file} is code`;
  const text = readFileSync(file, 'utf8');
  const isPackageJson = file.endsWith('package.json');
  if (isPackageJson || ext === '.json' || ext === '') {
    try {
      const value = JSON.parse(text) as Record<string, unknown> | null;
      const config = isPackageJson ? (value?.hplugin as Record<string, unknown> | undefined) : value;
      if (config === undefined || config === null) return undefined;
      if (Object.prototype.hasOwnProperty.call(config, '$import')) return `${file} imports another config`;
      return jsonBuildIsDefault(config.build) ? undefined : `${file} sets build options`;
    } catch {
      if (isPackageJson || ext === '.json') return `${file} is not valid JSON`;
      // .hpluginrc without an extension may be YAML.
    }
  }
  return yamlBuildIsDefault(text) ? undefined : `${file} sets build options`;
}

/** The newest modification time among the plugin folder's own Go sources, go.mod, go.sum and the configs. */
function newestInputMtime(pluginDir: string, configs: string[]): number {
  let newest = 0;
  for (const name of readdirSync(pluginDir)) {
    if (!name.endsWith('.go') && name !== 'go.mod' && name !== 'go.sum') continue;
    newest = Math.max(newest, statSync(join(pluginDir, name)).mtimeMs);
  }
  for (const file of configs) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

/** The first executable `go` where locateToolchain looks (toolchain/locate.ts), checked synchronously. */
function findGo(env: NodeJS.ProcessEnv): string | undefined {
  for (const candidate of searchCandidates('go', env)) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not there: the next candidate.
    }
  }
  return undefined;
}

/**
 * What the build will most likely run, decided from the arguments and a few stats and reads, or why
 * no guess is made. Pure apart from reading the file system: unit-tested on its own.
 */
export function guessEarlyCompile(request: EarlyCompileRequest): EarlyCompileGuess {
  const { argv, cwd, env } = request;
  const dir = pluginDirOf(argv, cwd);
  if (typeof dir !== 'string') return dir;
  if (!existsSync(join(dir, 'go.mod'))) return { skipped: `no go.mod in ${dir}` };
  for (const name of ['prepare.sh', '.buildrc']) if (existsSync(join(dir, name))) return { skipped: `${name} changes the build` };
  const configs: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(d, name);
      if (!existsSync(file)) continue;
      const why = configSetsBuild(file);
      if (why) return { skipped: why };
      configs.push(file);
    }
    if (dirname(d) === d) break;
  }
  const output = join(dir, OUTPUT_DEFAULTS.wasm);
  const built = statSync(output, { throwIfNoEntry: false });
  if (built && built.mtimeMs >= newestInputMtime(dir, configs)) return { skipped: `${output} is newer than its sources` };
  const go = findGo(env);
  if (!go) return { skipped: 'no go on PATH' };
  return { pluginDir: dir, output, go };
}
