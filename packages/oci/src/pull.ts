/**
 * Pull an artifact: its manifest (verified) and, when a folder is given, every blob it references
 * written as `<blobDir>/sha256/<hex>`, the layout of an OCI image layout's blobs folder. Blobs
 * already there with the right content are not downloaded again.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { parseReference, type Reference } from './reference.js';
import { referencedDescriptors } from './push.js';
import { RegistryClient, type RegistryClientOptions } from './registry/client.js';
import { downloadBlob } from './registry/blobs.js';
import { fetchManifest, type FetchedManifest } from './registry/manifests.js';
import { digestHex, type Descriptor } from './spec.js';
import pLimit from 'p-limit';

export interface PullArtifactOptions extends RegistryClientOptions {
  reference: string | Reference;
  /** Write the referenced blobs under `<blobDir>/sha256/`. Without it only the manifest is fetched. */
  blobDir?: string;
  concurrency?: number;
  client?: RegistryClient;
}

export interface PullArtifactResult extends FetchedManifest {
  reference: string;
  blobs: Array<{ descriptor: Descriptor; path?: string; downloaded: boolean }>;
}

async function hasBlob(path: string, d: Descriptor): Promise<boolean> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      size += (chunk as Buffer).length;
      hash.update(chunk as Buffer);
    }
  } catch {
    return false;
  }
  return size === d.size && `sha256:${hash.digest('hex')}` === d.digest;
}

export async function pullArtifact(options: PullArtifactOptions): Promise<PullArtifactResult> {
  const ref = typeof options.reference === 'string' ? parseReference(options.reference) : options.reference;
  const client = options.client ?? new RegistryClient(ref.registry, options);
  try {
    const fetched = await fetchManifest(client, ref.repository, ref.digest ?? ref.tag ?? 'latest');
    const { blobs } = referencedDescriptors(fetched.bytes);
    const limit = pLimit(options.concurrency ?? 3);
    const results = await Promise.all(
      blobs.map((descriptor) =>
        limit(async () => {
          if (!options.blobDir) return { descriptor, downloaded: false };
          const path = join(options.blobDir, 'sha256', digestHex(descriptor.digest));
          if (await hasBlob(path, descriptor)) return { descriptor, path, downloaded: false };
          await downloadBlob(client, ref.repository, descriptor, path);
          return { descriptor, path, downloaded: true };
        }),
      ),
    );
    return { ...fetched, reference: `${ref.registry}/${ref.repository}@${fetched.descriptor.digest}`, blobs: results };
  } finally {
    if (!options.client) await client.close();
  }
}
