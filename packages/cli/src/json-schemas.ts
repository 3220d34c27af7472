/**
 * The `--json` output contract: one JSON Schema (draft 2020-12) per command. docs/json.md is rendered
 * from this file (scripts/json-docs.mjs) and test/e2e/json-output.test.ts validates real outputs
 * against it, so the two cannot drift from what the CLI prints.
 *
 * Versioning: every document carries `schemaVersion`. Adding a field is not a change of version;
 * removing or renaming a field, or changing its type or meaning, is, and is listed in docs/json.md.
 * Schemas list what a script may rely on; documents may carry more fields than listed.
 */

import { JSON_SCHEMA_VERSION } from './json-version.js';

export { JSON_SCHEMA_VERSION };

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const digest: Schema = { type: 'string', pattern: '^sha256:[a-f0-9]{64}$' };
const obj = (properties: Record<string, Schema>, required = Object.keys(properties)): Schema => ({ type: 'object', properties, required });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const nullable = (schema: Schema): Schema => ({ anyOf: [schema, { type: 'null' }] });
/** Where the error code is documented: docs/error-codes.md#<code in lower case>. */
const errorDocs: Schema = { type: 'string', pattern: '^docs/error-codes\\.md#[a-z][a-z0-9_]+$' };

const warning = obj({ message: str, code: str }, ['message']);
const descriptor = obj({ mediaType: str, digest, size: int, annotations: { type: 'object' } }, ['mediaType', 'digest', 'size']);
const verdict = obj({ ok: bool, reason: str, problems: arrayOf(str) });
const wasmItem = obj({ module: str, name: str, kind: str }, ['name', 'kind']);
const check = obj({
  ok: bool,
  kind: str,
  abiVersions: arrayOf(str),
  exports: arrayOf(wasmItem),
  imports: arrayOf(wasmItem),
  warnings: arrayOf(obj({ code: str, message: str })),
  errors: arrayOf(obj({ code: str, message: str })),
  size: int,
});
const build = obj(
  {
    wasmPath: str,
    size: int,
    cached: bool,
    inputsHash: str,
    toolchain: { type: 'object' },
    command: arrayOf(str),
    check,
    durationMs: { type: 'number' },
  },
  ['wasmPath', 'size', 'cached', 'inputsHash', 'check'],
);
const layer = obj({ title: str, mediaType: str, digest, size: int }, ['mediaType', 'digest', 'size']);
const packaged = obj(
  {
    layoutDir: str,
    tags: arrayOf(str),
    format: { enum: ['higress', 'wasm-oci'] },
    manifestDigest: digest,
    manifestSize: int,
    mediaType: str,
    layers: arrayOf(layer),
    verdict,
  },
  ['layoutDir', 'tags', 'format', 'manifestDigest', 'layers', 'verdict'],
);
const pushed = obj({
  status: { enum: ['pushed', 'unchanged', 'dry-run'] },
  registry: str,
  repository: str,
  reference: str,
  digest,
  tags: arrayOf(str),
  tagStates: { type: 'object', additionalProperties: { type: 'string' } },
  pushed: arrayOf(descriptor),
  skipped: arrayOf(descriptor),
  mounted: arrayOf(descriptor),
  bytesUploaded: int,
});
/** The SBOM `package` wrote beside the layout (dist/sbom/ by default). */
const sbomFile = obj({ format: { enum: ['spdx', 'cyclonedx'] }, path: str, mediaType: str, components: int, fileName: str });
/** Signatures are cosign's: layers of the `sha256-<hex>.sig` manifest beside the signed one. */
const signatureTag = { type: 'string', pattern: '^sha256-[a-f0-9]{64}\\.sig$' };
/** After a registry publish: the SBOM attached as a referrer, and the signature. Each only when asked for. */
const supplyChain = obj(
  {
    sbom: obj(
      {
        format: { enum: ['spdx', 'cyclonedx'] },
        path: str,
        components: int,
        subject: digest,
        digest,
        mode: { enum: ['api', 'tag-schema'] },
        tag: str,
        added: bool,
      },
      ['format', 'path', 'components', 'subject', 'digest', 'mode', 'added'],
    ),
    signature: obj({ tag: signatureTag, signatures: int, signatureManifest: digest }),
  },
  [],
);
const signaturePayload = obj({
  critical: obj({ identity: obj({ 'docker-reference': str }), image: obj({ 'docker-manifest-digest': digest }), type: str }),
  optional: nullable({ type: 'object' }),
});
const testRun = obj({ file: str, ok: bool, cases: arrayOf(obj({ name: str, ok: bool }, ['name', 'ok'])), durationMs: { type: 'number' } }, [
  'file',
  'ok',
  'cases',
]);

/** `--all`, `--filter`, `--changed-since`: one entry per plugin instead of the single-plugin fields. */
const workspaceRun = (result: Schema): Schema =>
  obj(
    {
      root: str,
      plugins: arrayOf(
        obj(
          {
            name: str,
            path: str,
            status: { enum: ['ok', 'failed', 'not-run'] },
            durationMs: int,
            result,
            error: obj({ code: str, message: str, hint: str, docs: errorDocs, details: { type: 'object' } }, ['code', 'message', 'docs']),
          },
          ['name', 'path', 'status', 'durationMs'],
        ),
      ),
    },
    ['plugins'],
  );

/** One command's document: its own fields, plus `schemaVersion`, `ok` and `warnings` on every one. */
export interface CommandSchema {
  /** What is documented about it in docs/json.md. */
  describe: string;
  schema: Schema;
}

const singleOrMany = (single: Schema, result: Schema): Schema => ({ anyOf: [single, workspaceRun(result)] });

export const COMMAND_SCHEMAS: Record<string, CommandSchema> = {
  new: {
    describe:
      '`hplugin new <name>`: the plugin made. `new --workspace` and `new --list` have their own fields (targetDir, files, ci / templates).',
    schema: {
      anyOf: [
        obj({ template: str, targetDir: str, params: { type: 'object' }, files: arrayOf(str), tidied: bool }),
        obj({ template: str, targetDir: str, files: arrayOf(str), ci: str }),
        obj({ templates: arrayOf(obj({ id: str, description: str, kind: { enum: ['plugin', 'workspace'] } })) }),
      ],
    },
  },
  build: { describe: 'The built module and its check.', schema: singleOrMany(obj({ plugin: str, version: str, build }), build) },
  package: {
    describe:
      'The build and the OCI artifact written to the local layout. `sbom`: the SBOM written with `--sbom` or `package.sbom`, else null (in a workspace run, absent).',
    schema: singleOrMany(
      obj({ plugin: str, version: str, build, package: packaged, sbom: nullable(sbomFile) }),
      obj({ build, package: packaged, sbom: sbomFile }, ['package']),
    ),
  },
  publish: {
    describe:
      'Where it went: `target` is "registry" (then `publish` and `wasmPlugin` are set) or "local" (the OCI layout; both null). `supplyChain`: after a registry publish with `--sbom`, `--sign` or `package.sbom`, the SBOM referrer (`mode` "api", or "tag-schema" with its fallback `tag`; `added` false when it was already there) and the signature (`signatures`: how many the `.sig` tag now holds); each key only when done; null otherwise (in a workspace run, absent). The manifest `digest` is the same with or without them.',
    schema: singleOrMany(
      obj({
        plugin: str,
        version: str,
        target: { enum: ['registry', 'local'] },
        layoutDir: str,
        digest,
        tags: arrayOf(str),
        url: nullable(str),
        publish: nullable(pushed),
        wasmPlugin: nullable(str),
        supplyChain: nullable(supplyChain),
      }),
      obj({ target: { enum: ['registry', 'local'] }, digest, supplyChain }, ['target', 'digest']),
    ),
  },
  test: {
    describe: 'Each case of hplugin.test.yaml and whether it passed (exit 1 when one failed).',
    schema: singleOrMany(obj({ plugin: str, test: testRun }), testRun),
  },
  run: {
    describe: 'What the plugin did with one request.',
    schema: obj({
      plugin: str,
      wasm: str,
      result: obj({
        requestHeaders: arrayOf({}),
        responseHeaders: arrayOf({}),
        actions: { type: 'object' },
        logs: arrayOf({}),
        stubbedCalls: arrayOf(str),
      }),
    }),
  },
  inspect: {
    describe: 'The artifact in a layout or registry and the gateway verdict (exit 1 when the gateway would reject it).',
    schema: obj({ target: str, descriptor, layers: arrayOf(layer), verdict, manifest: { type: 'object' } }),
  },
  pull: {
    describe:
      'What was verified and extracted, and where (`outDir`). `verified`: with `--verify --key`, the signature tag checked and how many of its signatures match the key (the pull then fetched exactly that digest), else null.',
    schema: obj({
      reference: str,
      digest,
      mediaType: str,
      verdict,
      files: arrayOf({ type: 'object' }),
      layers: arrayOf(descriptor),
      outDir: str,
      verified: nullable(obj({ tag: signatureTag, signatures: { type: 'integer', minimum: 1 } })),
    }),
  },
  login: { describe: 'Where the credentials were stored (never the credentials).', schema: obj({ registry: str, storedIn: str }) },
  logout: { describe: 'Whether anything was removed, and from where.', schema: obj({ registry: str, removed: bool, storedIn: str }) },
  spec: {
    describe:
      '`spec`: the generated spec.yaml; `spec --check`: whether the committed one is current (exit 1 when stale); `spec --stdout`: spec and sources only.',
    schema: {
      anyOf: [
        obj({ specPath: str, spec: { type: 'object' }, sources: { type: 'object' } }),
        obj({ upToDate: bool, exists: bool, specPath: str }),
        obj({ spec: { type: 'object' }, sources: { type: 'object' } }),
      ],
    },
  },
  manifest: {
    describe:
      'A WasmPlugin resource and the console line for a reference or a packaged plugin. `--verify --key` adds no field: it fails (no document but the error) unless the signature is valid, and pins the digest verified.',
    schema: obj({ name: str, url: str, digest, wasmPlugin: str, pluginsProperties: str }),
  },
  check: { describe: 'The module check of any .wasm file (exit 1 when it fails).', schema: obj({ file: str, check }) },
  config: {
    describe: '`config` (= `config show`): the resolved config with the source of each value; `config validate`: the files checked.',
    schema: {
      anyOf: [
        obj({
          pluginDir: str,
          configFile: nullable(str),
          workspaceConfigFile: nullable(str),
          config: { type: 'object' },
          sources: { type: 'object' },
        }),
        obj({ valid: { const: true }, pluginDir: str, files: arrayOf(str) }),
      ],
    },
  },
  doctor: {
    describe: 'The toolchains found (exit 1 without a usable Go).',
    schema: obj({
      hplugin: str,
      node: str,
      go: obj({ name: str, found: bool, path: str, version: str }, ['found']),
      tinygo: obj({ found: bool }),
      binaryen: obj({ available: bool, version: str }, ['available']),
    }),
  },
  key: {
    describe:
      "`key generate`: the key pair written; `encrypted` is true when $COSIGN_PASSWORD was set (cosign's encrypted format), else the private key is plain PEM (with a KEY_UNENCRYPTED warning).",
    schema: obj({ privateKeyPath: str, publicKeyPath: str, encrypted: bool }),
  },
  sign: {
    describe:
      '`sign <ref>`: the manifest signed (`pinned` = registry/repository@digest), its cosign signature tag, the digest of the signature manifest written, and how many signatures the tag now holds (earlier ones are kept).',
    schema: obj({ pinned: str, digest, tag: signatureTag, signatureManifest: digest, signatures: { type: 'integer', minimum: 1 } }),
  },
  verify: {
    describe:
      '`verify <ref>`: the signatures valid for the key (each signed payload), the other layers of the signature tag and why they do not count, and the SBOM referrers of the manifest. No valid signature is an error (SIGNATURE_NOT_FOUND / SIGNATURE_INVALID, exit 1).',
    schema: obj({
      reference: str,
      pinned: str,
      digest,
      tag: signatureTag,
      verified: { ...arrayOf(obj({ payload: signaturePayload, layerDigest: digest })), minItems: 1 },
      rejected: arrayOf(obj({ layerDigest: str, reason: str })),
      sboms: arrayOf(
        obj({ mediaType: str, digest, size: int, artifactType: { enum: ['application/spdx+json', 'application/vnd.cyclonedx+json'] } }, [
          'mediaType',
          'digest',
          'size',
          'artifactType',
        ]),
      ),
    }),
  },
  completion: { describe: 'The completion script and its shell.', schema: obj({ shell: { enum: ['bash', 'zsh', 'fish'] }, script: str }) },
};

/** Every successful document: the command's schema and the envelope. */
export function successSchema(command: string): Schema {
  const own = COMMAND_SCHEMAS[command];
  if (!own) throw new Error(`No --json schema for ${command}`);
  return { allOf: [obj({ schemaVersion: { const: JSON_SCHEMA_VERSION }, ok: bool, warnings: arrayOf(warning) }), own.schema] };
}

/** Every failure, of any command: `ok` false and the error with its permanent code. */
export const ERROR_SCHEMA: Schema = obj(
  {
    schemaVersion: { const: JSON_SCHEMA_VERSION },
    ok: { const: false },
    error: obj(
      { code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]+$' }, message: str, hint: str, docs: errorDocs, details: { type: 'object' } },
      ['code', 'message', 'docs'],
    ),
    warnings: arrayOf(warning),
  },
  ['schemaVersion', 'ok', 'error'],
);
