/** What hplugin assumes when the plugin says nothing. */

/** spec.yaml values when neither the Go annotations nor the config set them (hgctl's defaults). */
export const METADATA_DEFAULTS = {
  apiVersion: '1.0.0',
  category: 'custom',
  phase: 'UNSPECIFIED_PHASE',
  priority: 0,
  version: '0.1.0',
} as const;

/** Where `build` and `package` write, relative to the plugin folder. */
export const OUTPUT_DEFAULTS = {
  wasm: 'dist/plugin.wasm',
  oci: 'dist/oci',
} as const;

/**
 * The config file names hplugin looks for in each folder, in this order (package.json counts only
 * with an "hplugin" key). Here rather than in @hplugin/config so that code which runs before the
 * config loader (the compiler's head start) can find the same files.
 */
export const CONFIG_FILE_NAMES = [
  'package.json',
  '.hpluginrc',
  '.hpluginrc.json',
  '.hpluginrc.yaml',
  '.hpluginrc.yml',
  'hplugin.config.yaml',
  'hplugin.config.yml',
  'hplugin.config.json',
  'hplugin.config.js',
  'hplugin.config.mjs',
  'hplugin.config.cjs',
  'hplugin.config.ts',
] as const;

/**
 * The build section's defaults (config key → value). A config that sets only these builds exactly
 * like one without a build section.
 */
export const BUILD_DEFAULTS = {
  toolchain: 'go' as const,
  main: '.',
  output: OUTPUT_DEFAULTS.wasm,
  tags: [] as string[],
  ldflags: '',
  env: {} as Record<string, string>,
  args: [] as string[],
  prepare: true,
  optimize: false,
};

/** The artifact format when the config names none: the layout the Higress gateway pulls by default. */
export const DEFAULT_PACKAGE_FORMAT = 'higress';
