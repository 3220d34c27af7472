/** Enums and patterns of the plugin config, shared by the schema source and the resolver. */
export const CATEGORIES = ['auth', 'security', 'protocol', 'flow-control', 'flow-monitor', 'custom'] as const;
export const PHASES = ['UNSPECIFIED_PHASE', 'AUTHN', 'AUTHZ', 'STATS'] as const;
export const TOOLCHAINS = ['go', 'tinygo'] as const;
export const FORMATS = ['higress', 'wasm-oci'] as const;
export const FAIL_STRATEGIES = ['FAIL_OPEN', 'FAIL_CLOSE'] as const;
/** SBOM formats `hplugin package` can write (and `publish` attach); none: no SBOM. */
export const SBOM_FORMATS = ['none', 'spdx', 'cyclonedx'] as const;

/** An OCI repository path component, and the plugin name, which becomes one. */
export const NAME_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
export const REPOSITORY_PATTERN = '^[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*$';
/** semver 2.0.0, as in semver.org's recommended regular expression. */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
