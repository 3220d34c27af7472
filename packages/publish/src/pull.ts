/**
 * `hplugin pull`: fetch a plugin from a registry, verify every digest, check it against the
 * gateway's rules, and write it out: extracted files (plugin.wasm + docs), an OCI layout, or both.
 * Blobs land in a temp folder first, so a failed pull leaves the target as it was.
 */
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { silentReporter, type Reporter } from '@hplugin/core';
import { parseReference, pullArtifact, RegistryClient, type Descriptor, type ImageManifest, type RegistryClientOptions } from '@hplugin/oci';
import { OciLayout, checkGatewayFormat, type GatewayVerdict } from '@hplugin/artifact';
import { extractArtifact, type ExtractedFile } from './extract.js';
import { layersToExtract, refuseRejected, resolvePullTarget } from './pull-verdict.js';

export interface PullOptions extends RegistryClientOptions {
  reference: string;
  /** Extract plugin.wasm and the docs here. */
  outDir?: string;
  /** Also store the artifact in this OCI layout, under `layoutTag`. */
  layoutDir?: string;
  layoutTag?: string;
  /** Extract even when the gateway would reject the artifact (otherwise nothing is written). */
  force?: boolean;
  reporter?: Reporter;
}

export interface PullResult {
  reference: string;
  digest: string;
  mediaType: string;
  verdict: GatewayVerdict;
  files: ExtractedFile[];
  layers: Descriptor[];
}

export async function pullPlugin(options: PullOptions): Promise<PullResult> {
  const reporter = options.reporter ?? silentReporter();
  // Next to the target, so the final moves are renames on one filesystem.
  const target = options.outDir ?? options.layoutDir;
  const base = target ? dirname(target) : tmpdir();
  await mkdir(base, { recursive: true });
  const work = await mkdtemp(join(base, '.hplugin-pull-'));
  try {
    // The image the gateway would load: for an index, its linux/amd64 child (one client for both steps).
    const client = new RegistryClient(parseReference(options.reference).registry, { ...options, reporter });
    const pulled = await reporter
      .task(`Pulling ${options.reference}`, async () => {
        const target = await resolvePullTarget(options.reference, client);
        const artifact = await pullArtifact({ ...options, reporter, client, reference: target.reference, blobDir: join(work, 'blobs') });
        return { ...artifact, target };
      })
      .finally(() => client.close());
    const manifest = pulled.manifest as unknown as ImageManifest;
    const pathOf = (d: Descriptor) => pulled.blobs.find((b) => b.descriptor.digest === d.digest)!.path!;
    const { target } = pulled;
    const verdict: GatewayVerdict = target.problem
      ? { ok: false, reason: target.problem, problems: [target.problem], warnings: [] }
      : await checkGatewayFormat(pulled.bytes, target.mediaType ?? pulled.descriptor.mediaType, async (d) => createReadStream(pathOf(d)));
    if (verdict.pinned && target.index) verdict.pinned.index = target.index.digest;
    refuseRejected(verdict, options.reference, options.force, reporter);
    const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
    // Extract into the work folder and move into place only once every layer passed: a layer
    // refused halfway (a link in the tar, after the docs) must not leave the docs behind.
    const files = options.outDir ? await extractArtifact(layersToExtract(layers, verdict), pathOf, join(work, 'files')) : [];
    if (options.outDir) await mkdir(options.outDir, { recursive: true });
    for (const f of files) {
      const path = join(options.outDir!, f.name);
      await rename(f.path, path);
      f.path = path;
    }
    if (options.layoutDir) {
      const layout = await OciLayout.create(options.layoutDir);
      for (const b of pulled.blobs) await layout.putBlob(createReadStream(b.path!), { digest: b.descriptor.digest, size: b.descriptor.size, mediaType: b.descriptor.mediaType });
      await layout.putManifest(pulled.bytes, pulled.descriptor.mediaType, [options.layoutTag ?? 'latest']);
    }
    return { reference: pulled.reference, digest: pulled.descriptor.digest, mediaType: pulled.descriptor.mediaType, verdict, files, layers };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
