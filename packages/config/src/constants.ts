/**
 * Enums and patterns of the plugin config, shared by the schema source and the resolver. The
 * definitions live in @hplugin/rules; these are the names the config package has always exported.
 */
export {
  CATEGORIES,
  PHASES,
  TOOLCHAINS,
  PACKAGE_FORMATS as FORMATS,
  FAIL_STRATEGIES,
  /** SBOM formats `hplugin package` can write (and `publish` attach); none: no SBOM. */
  SBOM_CHOICES as SBOM_FORMATS,
  NAME_PATTERN,
  REPOSITORY_PATTERN,
  SEMVER_PATTERN,
} from '@hplugin/rules';
