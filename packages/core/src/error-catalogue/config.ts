/** Reading and validating hplugin config files (@hplugin/config). */
import type { CatalogueEntry } from './entry.js';

export const CONFIG_ERRORS = {
  CONFIG_CONFLICT: {
    exit: 2,
    message: 'Found <count> config files in <dir>: <files>. hplugin would not know which one wins.',
    hint: 'Keep one config file per folder and merge the others into it.',
  },
  CONFIG_DIR_NOT_FOUND: {
    exit: 2,
    message: 'The folder <start> does not exist.',
    hint: 'Pass an existing plugin folder (or --cwd).',
  },
  CONFIG_FILE_MISSING: {
    exit: 2,
    message: '<key> in <from> names <file>, which does not exist in <plugin-dir>.',
    hint: 'Create the file, or fix the path in the config.',
  },
  CONFIG_INVALID: {
    exit: 2,
    message: '<file>: <what is wrong with the config>.',
    hint: 'See plugin.config.schema.json for the keys.',
  },
  CONFIG_MISSING_VERSION: {
    exit: 2,
    message:
      'No version for plugin "<name>": no --version, no "version" in its config, no VERSION file in <plugin-dir>, and no git tag wasm-go-<name>-vX.Y.Z reachable from HEAD.',
    hint: "Create a VERSION file holding e.g. 1.0.0 (the Higress convention), tag a release (git tag wasm-go-<name>-v1.0.0), set version in the plugin's hplugin.config.yaml, or pass --version.",
  },
  CONFIG_SYNTAX: {
    exit: 2,
    message: '<file>:<line>:<col>: the file is not valid <kind>: <what>',
    hint: 'Fix the syntax at that line and column.',
  },
  CONFIG_WORKSPACE_VERSION: {
    exit: 2,
    message:
      '<file> sets "version", but it is a workspace root config: one version for every plugin would override each plugin\'s own VERSION file.',
    hint: 'Remove "version" from the workspace config. Version each plugin by its VERSION file, its own config, or a wasm-go-<name>-vX.Y.Z git tag (or pass --version for one plugin).',
  },
  WORKSPACE_EMPTY: {
    exit: 2,
    message: 'No plugins found under <root> (with workspace.plugins <globs>, when set).',
    hint: 'Run from the workspace root, set workspace.plugins globs in its hplugin.config.yaml, or create a plugin with `hplugin new`.',
  },
} as const satisfies Record<string, CatalogueEntry>;
