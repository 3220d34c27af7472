/**
 * The single source of truth for the plugin config: TypeBox gives both the JSON Schema (written to
 * plugin.config.schema.json for editors, and used by ajv to validate) and the TypeScript types.
 * A test keeps the committed schema files equal to what this module generates.
 *
 * Build-time only: at run time the config is validated against the generated JSON file
 * (schema/plugin.config.schema.json), so that no command pays for loading TypeBox.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';

import {
  CATEGORIES,
  FAIL_STRATEGIES,
  FORMATS,
  NAME_PATTERN,
  PHASES,
  REPOSITORY_PATTERN,
  SBOM_FORMATS,
  SEMVER_PATTERN,
  TOOLCHAINS,
} from './constants.js';
import { DEFAULT_PACKAGE_FORMAT, METADATA_DEFAULTS, OUTPUT_DEFAULTS, PRIORITY_MAX } from '@hplugin/rules';

export { CATEGORIES, FAIL_STRATEGIES, FORMATS, SBOM_FORMATS, NAME_PATTERN, PHASES, REPOSITORY_PATTERN, SEMVER_PATTERN, TOOLCHAINS };

const enumOf = <T extends readonly string[]>(values: T, options: Record<string, unknown>) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });
const I18n = (description: string) =>
  Type.Record(Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$' }), Type.String(), {
    description: `${description} Keys are language tags such as zh-CN or en-US.`,
  });

const strict = { additionalProperties: false } as const;

export const MetadataSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ description: 'Display title in the Higress console.' })),
    titleI18n: Type.Optional(I18n('Translated titles (spec.yaml x-title-i18n).')),
    description: Type.Optional(Type.String({ description: 'One-paragraph description of what the plugin does.' })),
    descriptionI18n: Type.Optional(I18n('Translated descriptions (spec.yaml x-description-i18n).')),
    category: Type.Optional(enumOf(CATEGORIES, { description: 'Console category.', default: METADATA_DEFAULTS.category })),
    phase: Type.Optional(
      enumOf(PHASES, { description: 'Filter-chain phase the gateway runs the plugin in.', default: METADATA_DEFAULTS.phase }),
    ),
    priority: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: PRIORITY_MAX,
        default: METADATA_DEFAULTS.priority,
        description: 'Order within the phase: higher runs first.',
      }),
    ),
    failStrategy: Type.Optional(
      enumOf(FAIL_STRATEGIES, {
        description:
          'WasmPlugin failStrategy: what the gateway does when the module cannot be fetched or crashes. Default FAIL_OPEN, but FAIL_CLOSE for auth plugins (category auth or phase AUTHN/AUTHZ); set it here to choose explicitly.',
      }),
    ),
    iconUrl: Type.Optional(Type.String({ description: 'Icon URL shown by the console.' })),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String()),
          url: Type.Optional(Type.String()),
          email: Type.Optional(Type.String()),
        },
        { ...strict, description: 'Who maintains the plugin.' },
      ),
    ),
  },
  { ...strict, description: 'Plugin metadata: goes into spec.yaml and OCI annotations.' },
);

export const BuildSchema = Type.Object(
  {
    toolchain: Type.Optional(enumOf(TOOLCHAINS, { default: 'go', description: 'go (>= 1.24, wasip1 c-shared) or tinygo (legacy SDK).' })),
    main: Type.Optional(Type.String({ default: '.', description: 'Main package, relative to the plugin folder.' })),
    output: Type.Optional(Type.String({ default: OUTPUT_DEFAULTS.wasm, description: 'Where the built module is written.' })),
    tags: Type.Optional(Type.Array(Type.String(), { default: [], description: 'Extra Go build tags (added to .buildrc EXTRA_TAGS).' })),
    ldflags: Type.Optional(Type.String({ default: '', description: 'Passed as -ldflags.' })),
    env: Type.Optional(StringMap('Extra environment for the compiler.')),
    args: Type.Optional(Type.Array(Type.String(), { default: [], description: 'Extra compiler arguments.' })),
    prepare: Type.Optional(Type.Boolean({ default: true, description: 'Run prepare.sh before building when it exists.' })),
    optimize: Type.Optional(Type.Boolean({ default: false, description: 'Shrink the module with Binaryen wasm-opt.' })),
    go: Type.Optional(Type.String({ description: 'Path of the go binary to use instead of the one on PATH.' })),
    tinygo: Type.Optional(Type.String({ description: 'Path of the tinygo binary to use instead of the one on PATH.' })),
  },
  { ...strict, description: 'How the plugin is compiled.' },
);

export const PackageSchema = Type.Object(
  {
    format: Type.Optional(
      enumOf(FORMATS, {
        default: DEFAULT_PACKAGE_FORMAT,
        description: 'higress: docs + spec + plugin.tar.gz (the gateway default). wasm-oci: two layers, config + raw module.',
      }),
    ),
    readme: Type.Optional(Type.String({ default: 'README.md', description: 'Default-language README.' })),
    readmes: Type.Optional(StringMap('README per language, e.g. {en: README_EN.md}. Default: README_<LANG>.md files in the folder.')),
    spec: Type.Optional(Type.String({ description: 'spec.yaml path. Default: spec.yaml if present, else generated.' })),
    icon: Type.Optional(Type.String({ description: 'icon.png path. Default: icon.png if present.' })),
    annotations: Type.Optional(StringMap('Extra OCI manifest annotations.')),
    output: Type.Optional(
      Type.String({ default: OUTPUT_DEFAULTS.oci, description: 'The local OCI image layout the artifact is written to.' }),
    ),
    strict: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'Treat documentation gaps (a missing README.md, an annotation with no text, an invalid @Example) as errors instead of warnings. `--strict` sets it; CI templates use it.',
      }),
    ),
    sbom: Type.Optional(
      enumOf(SBOM_FORMATS, {
        default: 'none',
        description:
          'Write an SBOM of the module (spdx: SPDX 2.3 JSON, cyclonedx: CycloneDX 1.5 JSON) beside the layout, and attach it to the artifact as an OCI referrer on publish. The plugin manifest digest does not change.',
      }),
    ),
  },
  { ...strict, description: 'How the OCI artifact is assembled.' },
);

export const PublishSchema = Type.Object(
  {
    registry: Type.Optional(
      Type.String({ description: 'Registry host, e.g. ghcr.io or localhost:5000. Unset: the local OCI layout only.' }),
    ),
    repository: Type.Optional(Type.String({ pattern: REPOSITORY_PATTERN, description: 'Repository path. Default: plugins/<name>.' })),
    tags: Type.Optional(
      Type.Array(Type.String(), { default: ['{version}'], description: 'Tags to push; "{version}" is replaced by the plugin version.' }),
    ),
    plainHttp: Type.Optional(
      Type.Boolean({ default: false, description: 'Use http instead of https (on by default only for localhost).' }),
    ),
    insecure: Type.Optional(Type.Boolean({ default: false, description: 'Skip TLS certificate verification.' })),
    caFile: Type.Optional(Type.String({ description: 'PEM file with extra CA certificates to trust.' })),
  },
  { ...strict, description: 'Where the artifact is pushed.' },
);

export const WorkspaceSchema = Type.Object(
  {
    plugins: Type.Optional(Type.Array(Type.String(), { description: 'Globs of plugin folders, relative to this file.' })),
  },
  { ...strict, description: 'Only in a workspace root config: where the plugins are.' },
);

export const PluginConfigSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'The JSON Schema of this file, for editors.' })),
    name: Type.Optional(
      Type.String({ pattern: NAME_PATTERN, description: 'Plugin name, lowercase kebab-case. Default: the folder name.' }),
    ),
    version: Type.Optional(
      Type.String({
        pattern: SEMVER_PATTERN,
        description:
          "Semantic version. Precedence: --version, this key (in the plugin's own config; refused in a workspace root config), the VERSION file, then the newest wasm-go-<name>-vX.Y.Z git tag reachable from HEAD.",
      }),
    ),
    silenceWarnings: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$' }), {
        uniqueItems: true,
        description:
          'Warning codes not to print for this plugin (e.g. WASM_WASI_NOT_ON_OLD_GATEWAYS, the sched_yield warning); they still appear in --json. In a workspace root config, for every plugin.',
      }),
    ),
    metadata: Type.Optional(MetadataSchema),
    build: Type.Optional(BuildSchema),
    package: Type.Optional(PackageSchema),
    publish: Type.Optional(PublishSchema),
    workspace: Type.Optional(WorkspaceSchema),
  },
  {
    ...strict,
    $id: 'https://hplugin.dev/plugin.config.schema.json',
    title: 'hplugin plugin config',
    description: 'Config for hplugin (build, package and publish Higress Wasm plugins).',
  },
);

/** What a config file may contain (everything optional). */
export type PluginConfigInput = Static<typeof PluginConfigSchema>;
export type Metadata = Static<typeof MetadataSchema>;

/** The JSON Schema document, as written to plugin.config.schema.json. */
export function jsonSchemaDocument(): TSchema & Record<string, unknown> {
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(PluginConfigSchema)) };
}
