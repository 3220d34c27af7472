/**
 * The publish stage: package (build first, both cached), then either push the layout's artifact to
 * the configured registry, or, with no registry configured, tag it in the local OCI layout (the
 * embedded default) and say how to push it later. Either way the result carries a ready-to-apply
 * WasmPlugin whose sha256 is the manifest digest, which is what the gateway compares.
 */
import { parse as parseYaml } from 'yaml';
import type { PublishResult } from '@hplugin/publish';
import type { OciLayout } from '@hplugin/artifact';
import type { RegistryClientOptions } from '@hplugin/oci';
import type { ResolvedPluginConfig } from '@hplugin/config';
import { UsageError } from '@hplugin/core';
import { runPackage, type PackageStageResult } from './package.js';
import type { StageOptions } from './build.js';

export interface PublishStageOptions extends StageOptions {
  /** Overrides of publish.registry / repository / tags (CLI flags). */
  registry?: string;
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

/**
 * `registry` may carry the repository too (ghcr.io/org/plugins/x), and a scheme (https://host), as
 * users type them. The scheme only picks http or https (the caller's connection options decide
 * that first); left in, it was read as the registry "https:" and the rest as the repository.
 */
function target(cfg: ResolvedPluginConfig, options: PublishStageOptions): { registry?: string; repository: string; plainHttp?: boolean } {
  const input = options.registry ?? cfg.publish.registry;
  const repository = options.repository ?? cfg.publish.repository;
  if (!input) return { repository };
  const scheme = /^(https?):\/\//i.exec(input)?.[1]?.toLowerCase();
  const registry = scheme ? input.slice(scheme.length + 3).replace(/\/+$/, '') : input;
  const parts = split(registry, repository, options);
  return scheme ? { ...parts, plainHttp: scheme === 'http' } : parts;
}

function split(registry: string, repository: string, options: PublishStageOptions): { registry: string; repository: string } {
  const slash = registry.indexOf('/');
  if (slash === -1) return { registry, repository };
  return { registry: registry.slice(0, slash), repository: options.repository ?? registry.slice(slash + 1) };
}

async function defaultConfigFromSpec(layout: OciLayout, digest: string): Promise<Record<string, unknown> | undefined> {
  const { manifest } = await layout.readManifest(digest);
  const layer = manifest.layers.find((l) => l.annotations?.['org.opencontainers.image.title'] === 'spec.yaml');
  if (!layer) return undefined;
  const spec = parseYaml((await layout.readBlob(layer.digest)).toString('utf8')) as { spec?: { configSchema?: { openAPIV3Schema?: { example?: unknown } } } };
  const example = spec?.spec?.configSchema?.openAPIV3Schema?.example;
  return example && typeof example === 'object' && !Array.isArray(example) ? (example as Record<string, unknown>) : undefined;
}

export async function runPublish(cfg: ResolvedPluginConfig, options: PublishStageOptions): Promise<PublishStageResult> {
  const packaged = await runPackage(cfg, options);
  const tags = options.tags?.length ? options.tags : cfg.publish.tags;
  if (tags.length === 0) throw new UsageError('PUBLISH_NO_TAGS', 'No tags to publish: publish.tags is empty.', { hint: 'Set publish.tags (e.g. ["{version}", "latest"]) or pass --tag.' });
  const { registry, repository, plainHttp } = target(cfg, options);
  const layoutDir = packaged.package.layoutDir;
  const digest = packaged.package.manifestDigest;
  // The registry client (undici) and the renderers load only for a publish.
  const [{ OciLayout }, { publishLayout }, { renderWasmPlugin, renderPluginsProperties }] = await Promise.all([
    import('@hplugin/artifact'),
    import('@hplugin/publish'),
    import('@hplugin/metadata'),
  ]);
  const layout = await OciLayout.open(layoutDir);
  if (!registry) {
    // The embedded default: the layout already holds the artifact; point the publish tags at it too.
    if (!options.dryRun) await layout.putManifest(await layout.readBlob(digest), packaged.package.mediaType, tags);
    return { ...packaged, target: 'local', layoutDir, tags, digest };
  }
  const publish = await publishLayout({
    ...(plainHttp !== undefined ? { plainHttp } : {}),
    ...options.connection,
    layoutDir,
    sourceTag: cfg.version,
    // The package stage checked this exact manifest against the gateway's rules a moment ago.
    ...(packaged.package.verdict.ok ? { checkedDigest: digest } : {}),
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
  const defaultConfig = await defaultConfigFromSpec(layout, digest);
  const wasmPlugin = renderWasmPlugin({
    name: cfg.name,
    url,
    manifestDigest: digest,
    phase: cfg.metadata.phase,
    priority: cfg.metadata.priority,
    ...(defaultConfig ? { defaultConfig } : {}),
  });
  return { ...packaged, target: 'registry', publish, layoutDir, tags, digest, url, wasmPlugin, pluginsProperties: renderPluginsProperties({ name: cfg.name, url }) };
}
