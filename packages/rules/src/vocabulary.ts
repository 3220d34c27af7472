/**
 * The words a Higress plugin is described with. Each list is the one definition: the config schema,
 * the scaffold prompts, spec.yaml generation and validation, and the CLI choices all read it.
 */

/** spec.yaml info.category: the values the Higress console and gateway accept (higress-plugin-format.md, section 4). */
export const CATEGORIES = ['auth', 'security', 'protocol', 'flow-control', 'flow-monitor', 'custom'] as const;
export type Category = (typeof CATEGORIES)[number];

/** spec.yaml spec.phase: the filter-chain phase the gateway runs the plugin in. */
export const PHASES = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'] as const;
export type Phase = (typeof PHASES)[number];

/** The highest spec.yaml spec.priority the gateway accepts. */
export const PRIORITY_MAX = 1000;

/** WasmPlugin failStrategy: what the gateway does when the module cannot be fetched or crashes. */
export const FAIL_STRATEGIES = ['FAIL_OPEN', 'FAIL_CLOSE'] as const;
export type FailStrategy = (typeof FAIL_STRATEGIES)[number];

/**
 * Auth plugins fail closed by default: a gateway that skips an authentication filter it could not
 * load lets every request through.
 */
export function isAuthPlugin(category: string | undefined, phase: string | undefined): boolean {
  return category === 'auth' || phase === 'AUTHN' || phase === 'AUTHZ';
}

/** Go compilers `hplugin build` drives. */
export const TOOLCHAINS = ['go', 'tinygo'] as const;
export type Toolchain = (typeof TOOLCHAINS)[number];

/**
 * Artifact layouts `hplugin package` writes. Adding one: add it here, then add its branch where the
 * layers are chosen (packages/artifact/src/package/package-plugin.ts, layers.ts).
 */
export const PACKAGE_FORMATS = ['higress', 'wasm-oci'] as const;
export type PackageFormat = (typeof PACKAGE_FORMATS)[number];

/** SBOM documents `hplugin package` can write (and `publish` attach as referrers). */
export const SBOM_FORMATS = ['spdx', 'cyclonedx'] as const;
export type SbomFormat = (typeof SBOM_FORMATS)[number];
/** The config's package.sbom values: an SBOM format, or none. */
export const SBOM_CHOICES = ['none', ...SBOM_FORMATS] as const;
export type SbomChoice = (typeof SBOM_CHOICES)[number];

/** Narrows a string to one of a list's members. */
export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
