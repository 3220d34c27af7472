/**
 * Editors resolve a relative `$schema` from the file's own folder. A lone plugin has hplugin in its
 * own node_modules; inside an npm workspace hplugin is installed once, in the ROOT node_modules, so
 * the default paths must climb from the plugin folder to the root. A lone plugin gets copies of the
 * schemas (writeSchemaCopies) instead.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { builtinTemplatesDir } from './catalog.js';

const SCHEMA_FILES = { schema: 'plugin.config.schema.json', testSchema: 'hplugin.test.schema.json' } as const;

/** Default overrides for the schema parameters; none when the plugin is not inside the workspace. */
export function schemaDefaults(pluginDir: string, workspaceRoot: string | undefined): Record<string, string> | undefined {
  if (workspaceRoot === undefined) return undefined;
  const fromRoot = relative(workspaceRoot, pluginDir);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return undefined;
  const up = relative(pluginDir, join(workspaceRoot, 'node_modules', 'hplugin'))
    .split(sep)
    .join('/');
  return Object.fromEntries(Object.entries(SCHEMA_FILES).map(([param, file]) => [param, `${up}/${file}`]));
}

/** Where a lone plugin's schema copies go (its template defaults point here). */
export const STANDALONE_SCHEMA_DIR = '.hplugin';

/** A JSON Schema shipped with hplugin: beside the templates (published package) or in the repo. */
function shippedSchema(file: string): string | undefined {
  const root = dirname(builtinTemplatesDir());
  return [join(root, file), join(root, 'packages', 'host', file)].find((path) => existsSync(path));
}

/**
 * A lone plugin has no node_modules/hplugin for `$schema` to point into, so its template points at
 * ./.hplugin/, and the schemas are written there: a path that exists wherever the plugin is cloned.
 * Only relative paths inside the plugin that are not there yet are filled; URLs and paths into a
 * workspace's node_modules are left alone. Returns the files written, relative to the plugin.
 */
export async function writeSchemaCopies(targetDir: string, params: Record<string, string | undefined>): Promise<string[]> {
  const written: string[] = [];
  for (const param of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    const value = params[param];
    if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || isAbsolute(value)) continue;
    const target = resolve(targetDir, value);
    const inside = relative(targetDir, target);
    if (inside.startsWith('..') || existsSync(target) || basename(target) !== SCHEMA_FILES[param]) continue;
    const source = shippedSchema(SCHEMA_FILES[param]);
    if (!source) continue;
    await mkdir(dirname(target), { recursive: true });
    await copyFile(source, target);
    written.push(inside.split(sep).join('/'));
  }
  return written;
}
