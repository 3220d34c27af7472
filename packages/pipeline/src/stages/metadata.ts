/**
 * The metadata stage: the plugin's annotations, its committed spec.yaml and its config merged ONCE
 * (@hplugin/metadata resolvePluginMetadata). The package stage writes the spec layer from this
 * result, and the WasmPlugin and plugins.properties outputs (publish, `hplugin manifest`) read it.
 */
import type { ResolvedPluginConfig } from '@hplugin/config';
import type { Reporter } from '@hplugin/core';
import type { RegistryClient } from '@hplugin/oci';
import type { ConfiguredFailStrategy, PluginSpec, ResolvedPluginMetadata } from '@hplugin/metadata';
import { specOptionsFrom } from './spec.js';

export interface MetadataStageOptions {
  /** Documentation gaps are errors (package.strict / --strict); default the config's value. */
  strict?: boolean;
}

export function configuredFailStrategy(cfg: ResolvedPluginConfig): ConfiguredFailStrategy | undefined {
  const value = cfg.metadata.failStrategy;
  return value ? { value, source: cfg.sources['metadata.failStrategy'] ?? 'the plugin config' } : undefined;
}

export async function runResolveMetadata(
  cfg: ResolvedPluginConfig,
  reporter: Reporter,
  options: MetadataStageOptions = {},
): Promise<ResolvedPluginMetadata> {
  const { resolvePluginMetadata } = await import('@hplugin/metadata');
  const failStrategy = configuredFailStrategy(cfg);
  return resolvePluginMetadata({
    ...(await specOptionsFrom(cfg, reporter)),
    ...(cfg.package.spec ? { specFile: cfg.package.spec } : {}),
    ...(failStrategy ? { failStrategy } : {}),
    strict: options.strict ?? cfg.package.strict,
  });
}

export interface PackagedMetadata {
  /** The manifest digest of the packaged artifact the metadata describes. */
  digest: string;
  metadata: ResolvedPluginMetadata['metadata'];
  /** 'spec layer': read from the artifact's spec.yaml; 'source': resolved again (wasm-oci has no spec layer). */
  from: 'spec layer' | 'source';
}

/**
 * The metadata of the plugin as packaged in its layout: the spec.yaml layer IS the resolved result
 * of the package stage, so `hplugin manifest` reads it there rather than merging again, and the
 * WasmPlugin it prints describes exactly the artifact whose digest it pins. Undefined when the
 * plugin is not packaged at that version.
 */
export async function readPackagedMetadata(cfg: ResolvedPluginConfig, reporter: Reporter): Promise<PackagedMetadata | undefined> {
  const { OciLayout } = await import('@hplugin/artifact');
  const found = await OciLayout.open(cfg.package.output).then(
    (layout) => layout.readManifest(cfg.version).then((m) => ({ layout, ...m })),
    () => undefined,
  );
  if (!found) return undefined;
  const digest = found.descriptor.digest;
  const layer = (found.manifest.layers ?? []).find((l) => l.annotations?.['org.opencontainers.image.title'] === 'spec.yaml');
  if (!layer) return { digest, metadata: (await runResolveMetadata(cfg, reporter)).metadata, from: 'source' };
  const text = (await found.layout.readBlob(layer.digest)).toString('utf8');
  return {
    digest,
    metadata: await metadataFromSpecLayer(text, `spec.yaml in ${cfg.name}:${cfg.version}`, configuredFailStrategy(cfg)),
    from: 'spec layer',
  };
}

/** A packaged spec.yaml layer → the resolved metadata it records (every value from `where`). */
async function metadataFromSpecLayer(
  text: string,
  where: string,
  failStrategy?: ConfiguredFailStrategy,
): Promise<ResolvedPluginMetadata['metadata']> {
  const [{ metadataFromSpec }, { parse }] = await Promise.all([import('@hplugin/metadata'), import('yaml')]);
  const spec = parse(text) as PluginSpec;
  const sources = Object.fromEntries(['info.name', 'info.version', 'info.category', 'spec.phase', 'spec.priority'].map((k) => [k, where]));
  return metadataFromSpec(spec, sources, failStrategy);
}

// A spec.yaml is a few KiB; a larger "spec" layer is not read into memory.
const MAX_SPEC_BYTES = 1024 * 1024;

/**
 * The metadata of a published plugin, from the spec.yaml layer in the registry, so that
 * `hplugin manifest <ref>` states the phase, priority and failStrategy the artifact records.
 * Undefined for an artifact without a spec layer (wasm-oci).
 */
export async function readRemoteMetadata(
  client: RegistryClient,
  repository: string,
  digest: string,
  reference: string,
): Promise<ResolvedPluginMetadata['metadata'] | undefined> {
  const { fetchManifest, fetchBlob } = await import('@hplugin/oci');
  const { manifest } = await fetchManifest(client, repository, digest);
  // fetchManifest parsed it (every layer a checked descriptor); an index has no layers.
  const layer = (manifest.layers ?? []).find((l) => l.annotations?.['org.opencontainers.image.title'] === 'spec.yaml');
  if (!layer || layer.size > MAX_SPEC_BYTES) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of await fetchBlob(client, repository, layer)) chunks.push(chunk as Buffer);
  return metadataFromSpecLayer(Buffer.concat(chunks).toString('utf8'), `spec.yaml in ${reference}`);
}
