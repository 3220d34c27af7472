/**
 * Editors resolve a relative `$schema` from the file's own folder. A lone plugin has hplugin in its
 * own node_modules; inside an npm workspace hplugin is installed once, in the ROOT node_modules, so
 * the default paths must climb from the plugin folder to the root.
 */
import { isAbsolute, join, relative, sep } from 'node:path';

const SCHEMA_FILES = { schema: 'plugin.config.schema.json', testSchema: 'hplugin.test.schema.json' } as const;

/** Default overrides for the schema parameters; none when the plugin is not inside the workspace. */
export function schemaDefaults(pluginDir: string, workspaceRoot: string | undefined): Record<string, string> | undefined {
  if (workspaceRoot === undefined) return undefined;
  const fromRoot = relative(workspaceRoot, pluginDir);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return undefined;
  const up = relative(pluginDir, join(workspaceRoot, 'node_modules', 'hplugin')).split(sep).join('/');
  return Object.fromEntries(Object.entries(SCHEMA_FILES).map(([param, file]) => [param, `${up}/${file}`]));
}
