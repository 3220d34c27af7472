/** The gateway shapes' bench: a registry, a temp folder and the oracle (useShapeBench), and pushShape. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { pushArtifact, sha256Digest } from '@hplugin/oci';
import { startRegistry, type RegistryHandle } from '../harness/index.js';
import { buildIstioFetcher } from '../oracles/istio-fetcher.js';
import type { ShapeManifest } from './shapes.js';

/** Pushes with our OCI client: an index's children first (by digest), then the shape under `tag` (or its digest). */
export async function pushShape(registry: RegistryHandle, manifest: ShapeManifest, repository: string, tag?: string): Promise<string> {
  for (const child of manifest.children) await pushShape(registry, child, repository);
  const result = await pushArtifact({
    reference: `${registry.host}/${repository}${tag ? `:${tag}` : `@${sha256Digest(manifest.bytes)}`}`,
    manifest: { bytes: manifest.bytes, mediaType: manifest.mediaType },
    blobs: manifest.blobs,
  });
  return result.digest;
}

export interface ShapeBench {
  /** Set once beforeAll has run. */
  registry: RegistryHandle;
  /** A temp folder, removed afterwards. */
  work: string;
}

/**
 * Registers the suite's hooks: a plain-http docker-registry, a temp folder, and the oracle built
 * (its first build downloads and compiles istio's dependencies: about 90 s cold).
 */
export function useShapeBench(): ShapeBench {
  const bench = {} as ShapeBench;
  beforeAll(async () => {
    const [registry, work] = await Promise.all([startRegistry(), mkdtemp(join(tmpdir(), 'hplugin-gateway-shapes-')), buildIstioFetcher()]);
    Object.assign(bench, { registry, work });
  });
  afterAll(async () => {
    await bench.registry?.stop();
    if (bench.work) await rm(bench.work, { recursive: true, force: true });
  });
  return bench;
}
