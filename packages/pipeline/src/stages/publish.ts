/**
 * The publish stage: package (build first, both cached), then either push the layout's artifact to
 * the configured registry, or, with no registry configured, tag it in the local OCI layout (the
 * embedded default) and say how to push it later. Either way the result carries a ready-to-apply
 * WasmPlugin whose sha256 is the manifest digest, which is what the gateway compares.
 */
import type { PublishResult } from '@hplugin/publish/push';
import type { RegistryClientOptions } from '@hplugin/oci';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { UsageError } from '@hplugin/core';
import { parsePublishTarget, repositoryFor, type PublishTarget } from '../publish-target.js';
import { runPackage, type PackageStageOptions, type PackageStageResult } from './package.js';

export interface PublishStageOptions extends PackageStageOptions {
  /** The --registry (or HPLUGIN_REGISTRY) of this run, parsed at the edge; over publish.registry. */
  target?: PublishTarget;
  /** --repository: the whole path ({name} is the plugin's name). */
  repository?: string;
  tags?: string[];
  dryRun?: boolean;
  concurrency?: number;
  connection?: RegistryClientOptions;
}

export interface PublishStageResult extends PackageStageResult {
  /** 'local': tagged in the OCI layout only, because no registry is configured. */
  target: 'registry' | 'local';
  publish?: PublishResult;
  layoutDir: string;
  tags: string[];
  digest: string;
  url?: string;
  wasmPlugin?: string;
  pluginsProperties?: string;
}

/** This run's target, else publish.registry from the config (parsed by the same rules); the repository with it. */
function destination(cfg: ResolvedPluginConfig, options: PublishStageOptions): { target: PublishTarget; repository: string } | undefined {
  const configTarget = !options.target && cfg.publish.registry ? parsePublishTarget(cfg.publish.registry, 'publish.registry') : undefined;
  const target = options.target ?? configTarget;
  if (!target) return undefined;
  const { repository, from } = repositoryFor(
    cfg,
    { ...(options.target ? { target: options.target } : {}), ...(options.repository ? { repository: options.repository } : {}) },
    configTarget,
  );
  options.reporter.debug(`repository ${repository} (from ${from})`);
  return { target, repository };
}

export async function runPublish(cfg: ResolvedPluginConfig, options: PublishStageOptions): Promise<PublishStageResult> {
  // Code needed after the build loads while go runs, never before it starts (it would hold up go).
  const pushes = Boolean(options.target || cfg.publish.registry);
  const warmUpTransport = () => void import('@hplugin/oci').then((oci) => oci.warmUpTransport()).catch(() => undefined);
  const packaged = await runPackage(cfg, {
    ...options,
    // While go compiles, the publish code and the HTTP client load too; on a cache hit, the client
    // loads once the module is there (while the package stage gzips).
    whileCompiling: () => {
      void import('@hplugin/publish/push').catch(() => undefined);
      if (pushes) warmUpTransport();
    },
    ...(pushes ? { onBuilt: warmUpTransport } : {}),
    // A push hashes every blob it sends that is not known intact: a verdict kept for this manifest
    // holds for blobs packaged a moment ago (a dry run reads no blob, so it keeps the strict rule).
    ...(pushes && !options.dryRun ? { blobsVerifiedOnRead: true } : {}),
  });
  const tags = options.tags?.length ? options.tags : cfg.publish.tags;
  if (tags.length === 0)
    throw new UsageError('PUBLISH_NO_TAGS', 'No tags to publish: publish.tags is empty.', {
      hint: 'Set publish.tags (e.g. ["{version}", "latest"]) or pass --tag.',
    });
  const dest = destination(cfg, options);
  const layoutDir = packaged.package.layoutDir;
  const digest = packaged.package.manifestDigest;
  // The registry client and the renderers load only for a publish.
  const [{ OciLayout }, { publishLayout }, { renderWasmPlugin, renderPluginsProperties }] = await Promise.all([
    import('@hplugin/artifact'),
    // The push alone: pull, extract and remote inspection are not loaded for a publish.
    import('@hplugin/publish/push'),
    import('@hplugin/metadata'),
  ]);
  const layout = await OciLayout.open(layoutDir);
  if (!dest) {
    // The embedded default: the layout already holds the artifact; point the publish tags at it too.
    if (!options.dryRun) await layout.putManifest(await layout.readBlob(digest), packaged.package.mediaType, tags);
    return { ...packaged, target: 'local', layoutDir, tags, digest };
  }
  const { target, repository } = dest;
  const registry = target.host;
  const publish = await publishLayout({
    ...(target.plainHttp !== undefined ? { plainHttp: target.plainHttp } : {}),
    ...options.connection,
    layoutDir,
    sourceTag: cfg.version,
    // The package stage checked this exact manifest against the gateway's rules a moment ago.
    ...(packaged.package.verdict.ok ? { checkedDigest: digest } : {}),
    // …and read back (or found unchanged) these blobs whole: the push need not hash them again.
    intactBlobs: packaged.package.intactBlobs,
    registry,
    repository,
    tags,
    ...(options.force ? { force: true } : {}),
    ...(options.dryRun ? { dryRun: true } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    reporter: options.reporter,
  });
  const url = `oci://${registry}/${repository}:${tags[0]}`;
  // Phase, priority, failStrategy and defaultConfig: the metadata the package stage resolved once.
  const wasmPlugin = renderWasmPlugin({ name: cfg.name, url, manifestDigest: digest, metadata: packaged.metadata });
  return {
    ...packaged,
    target: 'registry',
    publish,
    layoutDir,
    tags,
    digest,
    url,
    wasmPlugin,
    pluginsProperties: renderPluginsProperties({ name: cfg.name, url }),
  };
}
