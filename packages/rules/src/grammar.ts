/**
 * The grammars of names, versions, tags and repositories. Patterns are exported as strings too,
 * because JSON Schema (the config schema) carries them as strings.
 */

/** semver 2.0.0, as in semver.org's recommended regular expression (no empty or leading-zero pre-release parts). */
export const SEMVER_PATTERN =
  '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$';
const SEMVER = new RegExp(SEMVER_PATTERN);

export function isSemver(value: string): boolean {
  return SEMVER.test(value);
}

/** The plugin name: kebab-case, because it becomes an OCI repository path component and a Kubernetes name. */
export const NAME_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
/** 63 at most so the name also fits a Kubernetes label. */
export const NAME_MAX_LENGTH = 63;
const NAME = new RegExp(NAME_PATTERN);

export function isPluginName(value: string): boolean {
  return NAME.test(value) && value.length <= NAME_MAX_LENGTH;
}

/** One repository path component, in the distribution grammar. */
export const REPOSITORY_COMPONENT_PATTERN = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
/** A repository path: components separated by "/". */
export const REPOSITORY_PATTERN = `^${REPOSITORY_COMPONENT_PATTERN}(?:/${REPOSITORY_COMPONENT_PATTERN})*$`;
const REPOSITORY = new RegExp(REPOSITORY_PATTERN);

export function isRepository(value: string): boolean {
  return REPOSITORY.test(value);
}

/** An OCI tag: letters, digits, "_", "." and "-", at most 128, not starting with "." or "-" ("+" is not allowed). */
export const TAG_MAX_LENGTH = 128;
/** The tag grammar without anchors, to embed in a larger pattern (an oci:// URL). */
export const TAG_BODY = '[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}';
export const TAG_PATTERN = new RegExp(`^${TAG_BODY}$`);

export function isTag(value: string): boolean {
  return TAG_PATTERN.test(value);
}
