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

/** The artifact format when the config names none: the layout the Higress gateway pulls by default. */
export const DEFAULT_PACKAGE_FORMAT = 'higress';
