/**
 * The publish stage: package (build first, both cached), then either push the layout's artifact to
 * the configured registry, or, with no registry configured, tag it in the local OCI layout (the
 * embedded default) and say how to push it later. Either way the result carries a ready-to-apply
 * WasmPlugin whose sha256 is the manifest digest, which is what the gateway compares.
 */
import type { PublishResult, RemoteHeadStart } from '@hplugin/publish/push';
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
  const tags = options.tags?.length ? options.tags : cfg.publish.tags;
  // Worked out before the build: a bad publish.registry fails at once, not after a compile.
  const dest = destination(cfg, options);
  const remoteOptions = dest
    ? {
        ...(dest.target.plainHttp !== undefined ? { plainHttp: dest.target.plainHttp } : {}),
        ...options.connection,
        registry: dest.target.host,
        repository: dest.repository,
        tags,
        ...(options.force ? { force: true } : {}),
        ...(options.dryRun ? { dryRun: true } : {}),
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        reporter: options.reporter,
      }
    : undefined;
  // Code needed after the build loads while go runs, never before it starts (it would hold up go);
  // the registry connection and the tag HEADs start then too (prefetchRemote), at the latest once the
  // module is there, so the push finds them done.
  let remote: Promise<RemoteHeadStart | undefined> | undefined;
  const startRemote = () => {
    if (remote || !remoteOptions || tags.length === 0) return;
    remote = import('@hplugin/publish/push').then((p) => p.prefetchRemote(remoteOptions)).catch(() => undefined);
  };
  try {
    const packaged = await runPackage(cfg, {
      ...options,
      // startRemote loads the push code itself; a local publish still preloads it here.
      whileCompiling: () => (remoteOptions ? startRemote() : void import('@hplugin/publish/push').catch(() => undefined)),
      ...(remoteOptions ? { onBuilt: startRemote } : {}),
      // A push hashes every blob it sends that is not known intact: a verdict kept for this manifest
      // holds for blobs packaged a moment ago (a dry run reads no blob, so it keeps the strict rule).
      ...(remoteOptions && !options.dryRun ? { blobsVerifiedOnRead: true } : {}),
    });
    if (tags.length === 0)
      throw new UsageError('PUBLISH_NO_TAGS', 'No tags to publish: publish.tags is empty.', {
        hint: 'Set publish.tags (e.g. ["{version}", "latest"]) or pass --tag.',
      });
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
    if (!remoteOptions) {
      // The embedded default: the layout already holds the artifact; point the publish tags at it too.
      if (!options.dryRun) await layout.putManifest(await layout.readBlob(digest), packaged.package.mediaType, tags);
      return { ...packaged, target: 'local', layoutDir, tags, digest };
    }
    const { registry, repository } = remoteOptions;
    startRemote();
    const prefetched = await remote;
    const publish = await publishLayout({
      ...remoteOptions,
      layoutDir,
      sourceTag: cfg.version,
      // The package stage checked this exact manifest against the gateway's rules a moment ago.
      ...(packaged.package.verdict.ok ? { checkedDigest: digest } : {}),
      // …and read back (or found unchanged) these blobs whole: the push need not hash them again.
      intactBlobs: packaged.package.intactBlobs,
      ...(prefetched ? { remote: prefetched } : {}),
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
  } finally {
    // The prefetched client is the stage's: closed whether or not the push got to use it.
    await (await remote)?.client.close();
  }
}
