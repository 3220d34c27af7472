/**
 * The fetcher's two ways of pulling the module bytes out of a layer (istio pkg/wasm/imagefetcher.go,
 * the code the Higress gateway runs): the first plugin.wasm of a tar.gz, or a raw module layer. Each
 * returns the bytes the gateway would extract (digest, size, first bytes) or why it cannot; whether
 * those bytes are a module is decided afterwards, for both alike (wasm-bytes.ts).
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { isHpluginError } from '@hplugin/core';
import type { Descriptor } from '@hplugin/oci/spec';
import { GATEWAY_MAX_WASM_BYTES } from '../media-types.js';

export type BlobReader = (descriptor: Descriptor) => Promise<Buffer | Readable>;

/** What the gateway extracts from a layer. */
export interface ExtractedModule {
  digest: string;
  size: number;
  head: Buffer;
  /** Where it came from, for messages: "plugin.wasm in the last layer", "the raw wasm layer". */
  where: string;
  /** The digest of the layer it came from. */
  layer: string;
  /** The raw layer held more than the fetcher reads: it kept only the first 256 MiB. */
  truncated?: boolean;
}

export type Extraction = { module: ExtractedModule } | { failure: string };

/**
 * Modules known to be what the fetcher extracts from a tar.gz layer, by the layer's digest: the
 * packager's own archives, made a moment ago from the module (one entry, plugin.wasm, hashed while
 * written). For those the scan is not repeated; every other layer is read as the gateway reads it.
 */
export type KnownArchives = ReadonlyMap<string, ExtractedModule>;

/** The last layer as a tar.gz: the module is the first entry named plugin.wasm. */
export async function extractFromTarGz(layer: Descriptor, readBlob: BlobReader, known?: KnownArchives): Promise<Extraction> {
  const made = known?.get(layer.digest);
  if (made) return { module: made };
  // The tar reader (node-tar, fflate) loads only for a layer really scanned: packaging's own are not.
  const { findPluginWasm, TarScanError } = await import('../tar/find-plugin-wasm.js');
  return withBlob(layer, readBlob, async (blob) => {
    try {
      const lookup = await findPluginWasm(blob, GATEWAY_MAX_WASM_BYTES);
      if ('missing' in lookup) {
        return { failure: `the last layer (a tar.gz) has no entry named plugin.wasm in the first 256 MiB the gateway reads` };
      }
      const f = lookup.found;
      const kind = f.type === 'File' || f.type === 'OldFile' || f.type === 'ContiguousFile' ? '' : ` (a ${f.type}, which yields no bytes)`;
      return {
        module: {
          digest: f.digest,
          size: f.size,
          head: f.head,
          layer: layer.digest,
          where: `the first plugin.wasm of the last layer, ${f.path}${kind}`,
        },
      };
    } catch (err) {
      if (err instanceof TarScanError)
        return { failure: `the last layer is not a tar.gz the gateway can read up to plugin.wasm: ${err.message}` };
      throw err;
    }
  });
}

/** The raw module layer: the fetcher reads at most 256 MiB of it and keeps what it read. */
export async function extractRawLayer(layer: Descriptor, readBlob: BlobReader): Promise<Extraction> {
  return withBlob(layer, readBlob, async (blob) => {
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    let size = 0;
    let truncated = false;
    // Read to the end (the reader verifies the digest there), keeping the first 256 MiB.
    for await (const chunk of blob as AsyncIterable<Buffer>) {
      const part = chunk.subarray(0, Math.max(0, GATEWAY_MAX_WASM_BYTES - size));
      if (part.length < chunk.length) truncated = true;
      if (part.length === 0) continue;
      if (size < 8) head.push(part.subarray(0, 8 - size));
      hash.update(part);
      size += part.length;
    }
    return {
      module: {
        digest: `sha256:${hash.digest('hex')}`,
        size,
        head: Buffer.concat(head),
        layer: layer.digest,
        where: 'the raw wasm layer',
        ...(truncated ? { truncated } : {}),
      },
    };
  });
}

/**
 * Runs `use` on the blob's stream, then reads what it left to the end, so the reader's own digest
 * check still runs and no half-read response is left holding the connection (an abandoned body
 * kept the registry client's close() from ever settling). A blob that fails that check is a reason.
 */
async function withBlob(layer: Descriptor, readBlob: BlobReader, use: (blob: Readable) => Promise<Extraction>): Promise<Extraction> {
  try {
    const opened = await readBlob(layer);
    const blob = Buffer.isBuffer(opened) ? Readable.from([opened]) : opened;
    let result: Extraction;
    try {
      result = await use(blob);
    } catch (err) {
      blob.destroy();
      throw err;
    }
    if (!blob.destroyed && !blob.readableEnded) {
      blob.resume();
      for await (const _ of blob) {
        // Drained only for the reader's digest check.
      }
    }
    return result;
  } catch (err) {
    if (isHpluginError(err)) return { failure: `layer ${layer.digest} cannot be read: ${err.message.replace(/\.$/, '')}` };
    throw err;
  }
}
