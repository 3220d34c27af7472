/**
 * `hplugin package`: a built module plus the plugin's docs → a tagged manifest in a local OCI
 * layout, byte-for-byte reproducible, and checked against the gateway's rules before it is tagged.
 */
import { join } from 'node:path';
import { HpluginError, UsageError, formatBytes, silentReporter, type Reporter } from '@hplugin/core';
import { ANNOTATION, MEDIA_TYPE, sha256Digest, type Descriptor } from '@hplugin/oci/spec';
import { DEFAULT_PACKAGE_FORMAT, OUTPUT_DEFAULTS, PACKAGE_FORMATS, isOneOf } from '@hplugin/rules';
import { resolveEpoch } from '../epoch.js';
import { checkGatewayFormat, type GatewayVerdict } from '../gateway/check.js';
import type { KnownArchives } from '../gateway/variants.js';
import { OciLayout, checkTag } from '../layout/oci-layout.js';
import { PLUGIN_MEDIA_TYPE } from '../media-types.js';
import type { PluginMetadata } from '../spec/generate-spec.js';
import { manifestAnnotations } from './annotations.js';
import { CheckedBlobs } from './checked-blobs.js';
import { readGitInfo, type GitInfo } from './git-info.js';
import { writeHigressLayers, writeWasmOciLayers, type HigressLayerInputs } from './layers.js';
import { manifestBytes, pluginConfigBytes, type ArtifactFormat } from './manifest.js';
import { checkWasmFile, resolveIcon, resolveSpecYaml, type SpecSource } from './plugin-files.js';
import { discoverReadmes, planReadmes, type MissingReadme, type ReadmeInput } from './readmes.js';

export interface PackageOptions {
  pluginDir: string;
  wasmPath: string;
  /** Default 'higress'. */
  format?: ArtifactFormat;
  name: string;
  version: string;
  /** Tags to point at the manifest in the layout; default [version]. */
  tags?: string[];
  /** Default: README.md and README_<LANG>.md found in pluginDir. */
  readmes?: ReadmeInput[];
  /**
   * Without README.md: 'error' (default, PACKAGE_README_MISSING), or 'generate' a minimal one from
   * the name, version, title and description, with the warning PACKAGE_README_GENERATED.
   */
  missingReadme?: 'error' | 'generate';
  /** Default: pluginDir/spec.yaml if present, else generated from metadata. */
  spec?: SpecSource;
  /** Default: pluginDir/icon.png if present. */
  icon?: string;
  metadata?: PluginMetadata;
  annotations?: Record<string, string>;
  /** Default <pluginDir>/dist/oci. */
  layoutDir?: string;
  /** Else env SOURCE_DATE_EPOCH, else the time of the newest commit touching inputPaths when gitAnnotations, else 0. */
  sourceDateEpoch?: number;
  /** Add source/revision annotations from git (when the folder is a repository). */
  gitAnnotations?: boolean;
  /**
   * The folders the plugin is built from (its own and local replace targets): the revision and the
   * timestamp come from the newest commit touching them, not HEAD. Default: HEAD.
   */
  inputPaths?: string[];
  reporter?: Reporter;
  /** For tests; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The module's digest ("sha256:…") and size when the caller knows them (the build cache verified
   * or wrote them a moment ago): the module is then not read just to hash it again.
   */
  module?: { digest: string; size: number };
  /**
   * A cache folder for what the check learnt (see checked-blobs.ts): an unchanged artifact whose
   * blobs are still intact by stat keeps its verdict instead of being gunzipped and read again.
   */
  checkCacheDir?: string;
  /**
   * The caller reads every blob through a digest check right after (a push hashes each blob it
   * sends that is not in `intactBlobs`): a kept verdict of the same manifest is then reused even
   * while its blobs are too young to be trusted by stat (packaged a moment ago), as long as each
   * still has the stamp it was checked under (see CheckedBlobs.verdictFor). Not for `hplugin
   * package` alone, which reads nothing after.
   */
  blobsVerifiedOnRead?: boolean;
}

export interface PackagedLayer {
  title?: string;
  mediaType: string;
  digest: string;
  size: number;
}

export interface PackageResult {
  layoutDir: string;
  tags: string[];
  format: ArtifactFormat;
  manifestDigest: string;
  manifestSize: number;
  mediaType: string;
  layers: PackagedLayer[];
  config: Descriptor;
  verdict: GatewayVerdict;
  /** Blobs known to hold their digest's bytes right now (read back by the check, or unchanged since): a push need not hash them again. */
  intactBlobs: string[];
  /** README.md was missing and a minimal one was generated into the artifact. */
  generatedReadme?: boolean;
}

export async function packagePlugin(options: PackageOptions): Promise<PackageResult> {
  const reporter = options.reporter ?? silentReporter();
  const format: unknown = options.format ?? DEFAULT_PACKAGE_FORMAT;
  if (!isOneOf(PACKAGE_FORMATS, format)) {
    throw new UsageError('PACKAGE_FORMAT_INVALID', `"${String(format)}" is not an artifact format.`, {
      hint: `Use one of: ${PACKAGE_FORMATS.join(', ')} (default ${DEFAULT_PACKAGE_FORMAT}).`,
    });
  }
  if (!options.name.trim() || !options.version.trim()) {
    throw new UsageError('PACKAGE_NAME_MISSING', 'A plugin name and version are needed to package.', {
      hint: 'Set name and version in the hplugin config, or a VERSION file.',
    });
  }
  const tags = options.tags ?? [options.version];
  tags.forEach(checkTag);
  const layoutDir = options.layoutDir ?? join(options.pluginDir, OUTPUT_DEFAULTS.oci);
  await checkWasmFile(options.wasmPath);

  return reporter.task(
    `Packaging ${options.name}:${tags.join(',')} (${format})`,
    async () => {
      const git: GitInfo = options.gitAnnotations ? await readGitInfo(options.pluginDir, options.inputPaths) : {};
      const epoch = resolveEpoch(options.sourceDateEpoch, options.env ?? process.env, git.commitSeconds);
      reporter.debug(`timestamp ${epoch.seconds} (from ${epoch.source})`);
      // Every input is read and checked before the layout is touched.
      const files = format === 'higress' ? await higressFiles(options, reporter) : undefined;
      const generatedReadme = files?.readmes.some((r) => r.content !== undefined) ?? false;
      if (!files && (options.spec || options.readmes?.length || options.icon)) {
        reporter.warn('The wasm-oci format carries only the module: spec.yaml, READMEs and the icon are left out.', 'PACKAGE_DOCS_IGNORED');
      }
      const layout = await OciLayout.create(layoutDir);
      const assemble = async (keepArchive: boolean) => {
        const built = files
          ? await writeHigressLayers(layout, {
              ...files,
              wasmPath: options.wasmPath,
              mtimeSeconds: epoch.seconds,
              keepArchive,
              ...(options.module ? { module: options.module } : {}),
            })
          : await writeWasmOciLayers(layout, options.wasmPath);
        const configBytes = pluginConfigBytes({ name: options.name, version: options.version, format, module: built.module });
        const config = await layout.putBlob(configBytes, { mediaType: PLUGIN_MEDIA_TYPE.pluginConfig });
        const annotations = manifestAnnotations({
          name: options.name,
          version: options.version,
          ...(options.metadata?.title ? { title: options.metadata.title } : {}),
          ...(options.metadata?.description ? { description: options.metadata.description } : {}),
          git,
          epoch,
          ...(options.annotations ? { extra: options.annotations } : {}),
        });
        const bytes = manifestBytes(config, built.layers, annotations);
        const blobs = [config.digest, ...built.layers.map((l) => l.digest)];
        const checked = await checkOrReuse(layout, bytes, mediaType, blobs, {
          // Written (hashed on the way) or confirmed intact by putBlob in this run: all but a kept archive.
          written: blobs.filter((d) => d !== built.kept),
          ...(built.made ? { known: new Map([[built.made.layer, built.made]]) } : {}),
          ...(options.checkCacheDir ? { cacheDir: options.checkCacheDir } : {}),
          ...(options.blobsVerifiedOnRead ? { blobsVerifiedOnRead: true } : {}),
          reporter,
        });
        return { built, config, bytes, ...checked };
      };
      const mediaType = MEDIA_TYPE.imageManifest;
      let assembled = await assemble(true);
      if (!assembled.verdict.ok && assembled.built.kept) {
        // A kept archive is only read by the check: damaged since it was made, it fails there, and a
        // fresh one (written over it) settles whether the artifact itself is at fault.
        reporter.debug(`the archive kept from an earlier package failed the check (${assembled.verdict.reason}): making it again`);
        assembled = await assemble(false);
      }
      const { built, config, bytes, verdict, intactBlobs } = assembled;
      // What we package must also load: a module the fetcher passes but Envoy's runtime refuses
      // (a component, one cut at 256 MiB) is refused here too, though the fetcher's verdict is ok.
      const unloadable = verdict.warnings.find((w) => w.scope === 'runtime');
      if (!verdict.ok || unloadable) {
        const reason = verdict.ok ? unloadable!.message : verdict.reason;
        throw new HpluginError('ARTIFACT_REJECTED', `The packaged artifact would be rejected: ${reason}`, {
          hint:
            verdict.problems.length > 1
              ? `All problems:\n  - ${verdict.problems.join('\n  - ')}`
              : 'Fix the input named above and package again.',
          details: { verdict },
        });
      }
      const descriptor = await layout.putManifest(bytes, mediaType, tags);
      return {
        layoutDir,
        tags,
        format,
        manifestDigest: descriptor.digest,
        manifestSize: descriptor.size,
        mediaType,
        layers: built.layers.map((l) => ({
          ...(l.annotations?.[ANNOTATION.title] ? { title: l.annotations[ANNOTATION.title] } : {}),
          mediaType: l.mediaType,
          digest: l.digest,
          size: l.size,
        })),
        config,
        verdict,
        intactBlobs,
        ...(generatedReadme ? { generatedReadme } : {}),
      };
    },
    (r) => `Packaged ${options.name}:${r.tags.join(',')} ${r.manifestDigest} (${formatBytes(r.layers.reduce((n, l) => n + l.size, 0))})`,
  );
}

/**
 * The gateway check of the manifest about to be tagged. A kept archive is read back from disk, as
 * the gateway would read it; one made in this run is known from its making (`known`: one entry,
 * plugin.wasm, hashed while written), so it is not gunzipped again. With a cache, the verdict of
 * the very same manifest is reused while every blob it names is unchanged by stat since it was
 * last read or written whole.
 */
async function checkOrReuse(
  layout: OciLayout,
  bytes: Uint8Array,
  mediaType: string,
  blobs: string[],
  options: { written: string[]; known?: KnownArchives; cacheDir?: string; blobsVerifiedOnRead?: boolean; reporter: Reporter },
): Promise<{ verdict: GatewayVerdict; intactBlobs: string[] }> {
  const manifestDigest = sha256Digest(bytes);
  const checked = options.cacheDir ? await CheckedBlobs.open(options.cacheDir, layout.dir) : undefined;
  const reused = await checked?.verdictFor(manifestDigest, layout, blobs, {
    blobsVerifiedOnRead: options.blobsVerifiedOnRead ?? false,
    written: options.written,
  });
  if (checked && reused) {
    await checked.save();
    // Written in this run (hashed on the way) or unchanged by stat; the push hashes any other.
    const intactBlobs = blobs.filter((d) => reused.intact.has(d) || options.written.includes(d));
    const unproven = blobs.length - intactBlobs.length;
    options.reporter.debug(
      `gateway verdict of ${manifestDigest.slice(0, 19)} reused: ${
        unproven === 0
          ? 'its blobs are unchanged since they were checked'
          : `${unproven} blob(s) too young to trust by stat are hashed as they are pushed`
      }`,
    );
    return { verdict: reused.verdict, intactBlobs };
  }
  const before = checked ? await checked.stampsBefore(layout, blobs) : undefined;
  // A blob stream ends only after its digest was confirmed (streamVerified fails it otherwise).
  const verified = new Set<string>(options.written);
  const verdict = await checkGatewayFormat(
    bytes,
    mediaType,
    async (d) => layout.openBlob(d.digest).on('end', () => verified.add(d.digest)),
    options.known,
  );
  if (checked && before) {
    // Anything neither written nor read whole above (a few KB at most) is read here, so the next
    // run can trust every blob of this manifest.
    for (const digest of blobs.filter((b) => !verified.has(b))) {
      await layout.readBlob(digest).then(
        () => verified.add(digest),
        () => undefined,
      );
    }
    await checked.remember(layout, before, verified, manifestDigest, verdict);
  }
  return { verdict, intactBlobs: [...verified] };
}

async function higressFiles(options: PackageOptions, reporter: Reporter): Promise<Omit<HigressLayerInputs, 'wasmPath' | 'mtimeSeconds'>> {
  const plugin = { name: options.name, version: options.version, ...(options.metadata ? { metadata: options.metadata } : {}) };
  const spec = await resolveSpecYaml(options.pluginDir, options.spec, plugin, reporter);
  const missing: MissingReadme =
    options.missingReadme === 'generate'
      ? { generate: { name: options.name, version: options.version, ...pick(options.metadata, 'title', 'description') } }
      : 'error';
  const readmes = planReadmes(options.readmes ?? (await discoverReadmes(options.pluginDir)), options.pluginDir, missing);
  if (readmes.some((r) => r.content !== undefined)) {
    reporter.warn(
      `${options.name} has no README.md: the artifact carries a generated minimal one (the console shows it as the plugin's page). Write a README.md, or package with --strict to make this an error.`,
      'PACKAGE_README_GENERATED',
    );
  }
  const iconPath = await resolveIcon(options.pluginDir, options.icon);
  return { specYaml: spec.yaml, readmes, ...(iconPath ? { iconPath } : {}) };
}

function pick(meta: PluginMetadata | undefined, ...keys: Array<'title' | 'description'>): { title?: string; description?: string } {
  return Object.fromEntries(keys.filter((k) => meta?.[k] !== undefined).map((k) => [k, meta![k]]));
}
