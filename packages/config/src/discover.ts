/**
 * Finding config files: from the plugin folder up to the workspace root (the folder whose config has
 * a `workspace` key), never past the enclosing git repository. The walk is ours so that we can stop
 * at the right place and refuse two configs in one folder. YAML and JSON files are parsed here;
 * cosmiconfig loads JS/TS configs and those with `$import` (imported only then: ~12 ms of start-up).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { cosmiconfig as Cosmiconfig, Loader } from 'cosmiconfig';
import { UsageError } from '@hplugin/core';
import { CONFIG_FILE_NAMES } from '@hplugin/rules';
import { parseConfigText } from './source-file.js';

export const MODULE_NAME = 'hplugin';

/** Searched in this order in each folder (the list lives in @hplugin/rules). */
export const SEARCH_PLACES: string[] = [...CONFIG_FILE_NAMES];

export interface FoundConfig {
  file: string;
  dir: string;
  /** The raw file content, for positions in errors (YAML/JSON only). */
  text?: string;
  value: Record<string, unknown>;
}

const textLoader: Loader = (filepath, content) => parseConfigText(content, filepath);

let explorer: ReturnType<typeof Cosmiconfig> | undefined;
async function getExplorer(): Promise<ReturnType<typeof Cosmiconfig>> {
  const { cosmiconfig } = await import('cosmiconfig');
  explorer ??= cosmiconfig(MODULE_NAME, {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'none',
    cache: false,
    loaders: { '.yaml': textLoader, '.yml': textLoader, '.json': textLoader, noExt: textLoader },
  });
  return explorer;
}

/** The extensions whose files are text configs (`.hpluginrc` has none): the ones our textLoader reads. */
const TEXT_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '']);

/**
 * A text config loaded exactly as cosmiconfig loads it with our loaders: an empty file is no config
 * (undefined), package.json gives its "hplugin" key (null without one). `$import` is cosmiconfig's
 * feature: such a file goes to cosmiconfig instead (NEEDS_COSMICONFIG).
 */
function loadTextConfig(file: string, text: string): unknown {
  if (text.trim() === '') return undefined;
  const loaded = parseConfigText(text, file);
  const value = basename(file) === 'package.json' ? ((loaded as Record<string, unknown> | null)?.[MODULE_NAME] ?? null) : loaded;
  const hasImport = typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, '$import');
  return hasImport ? NEEDS_COSMICONFIG : value;
}
const NEEDS_COSMICONFIG = Symbol('needs cosmiconfig');

function hasHpluginKey(packageJson: string): boolean {
  try {
    return Object.prototype.hasOwnProperty.call(JSON.parse(readFileSync(packageJson, 'utf8')), MODULE_NAME);
  } catch {
    return false;
  }
}

function configFilesIn(dir: string): string[] {
  return SEARCH_PLACES.map((p) => join(dir, p)).filter((f) =>
    f.endsWith('package.json') ? existsSync(f) && hasHpluginKey(f) : existsSync(f),
  );
}

/** The config in exactly this folder, or undefined. Two config files in one folder is an error. */
export async function loadConfigIn(dir: string): Promise<FoundConfig | undefined> {
  const files = configFilesIn(dir);
  if (files.length === 0) return undefined;
  if (files.length > 1) {
    throw new UsageError(
      'CONFIG_CONFLICT',
      `Found ${files.length} config files in ${dir}: ${files.map((f) => relative(dir, f)).join(', ')}. hplugin would not know which one wins.`,
      {
        hint: 'Keep one config file per folder and merge the others into it.',
        details: { files },
      },
    );
  }
  const file = files[0]!;
  const text = TEXT_EXTENSIONS.has(extname(file)) ? readFileSync(file, 'utf8') : undefined;
  let loaded = text === undefined ? NEEDS_COSMICONFIG : loadTextConfig(file, text);
  if (loaded === NEEDS_COSMICONFIG) loaded = (await (await getExplorer()).load(file))?.config;
  const value = (loaded ?? {}) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      'CONFIG_INVALID',
      `${file}: the config must be an object of keys (name, version, build, ...), found ${Array.isArray(value) ? 'an array' : typeof value}.`,
      {
        hint: 'See plugin.config.schema.json for the keys.',
        details: { file },
      },
    );
  }
  const isText = text !== undefined && basename(file) !== 'package.json';
  return { file, dir, value: value as Record<string, unknown>, ...(isText ? { text } : {}) };
}

export interface Discovery {
  /** The nearest config at or above the start folder that is not a workspace root. */
  plugin?: FoundConfig;
  /** The nearest config above (or at) it with a `workspace` key. */
  workspace?: FoundConfig;
}

/** Walk up from `startDir`; stop at a workspace config, a git root, or the filesystem root. */
export async function discoverConfigs(startDir: string): Promise<Discovery> {
  const found: Discovery = {};
  let dir = startDir;
  for (;;) {
    const config = await loadConfigIn(dir);
    if (config) {
      if ('workspace' in config.value) {
        found.workspace = config;
        return found;
      }
      found.plugin ??= config;
    }
    const parent = dirname(dir);
    if (parent === dir || existsSync(join(dir, '.git'))) return found;
    dir = parent;
  }
}
