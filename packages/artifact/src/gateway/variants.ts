/**
 * The gateway's three ways to find the module (istio pkg/wasm/imagefetcher.go, Higress fork):
 * a tar.gz LAST layer holding plugin.wasm (Docker or OCI layer type), or exactly two layers one of
 * which is the raw module. Each function answers for one way and explains any failure.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sha256Digest, type Descriptor } from '@hplugin/oci';
import { DigestStream } from '../digest-stream.js';
import { GATEWAY_MAX_WASM_BYTES, PLUGIN_MEDIA_TYPE } from '../media-types.js';
import { scanTarGz, TarScanError } from '../tar/scan-tar-gz.js';
import { moduleProblems } from './wasm-bytes.js';

export type BlobReader = (descriptor: Descriptor) => Promise<Buffer | Readable>;

export interface VariantResult {
  problems: string[];
  /** The module the gateway would load. */
  wasm?: { digest: string; size: number };
}

/** The last layer is a tar.gz: the gateway takes its first entry named plugin.wasm. */
export async function checkTarLayer(layer: Descriptor, readBlob: BlobReader): Promise<VariantResult> {
  const tap = new DigestStream();
  const blob = toStream(await readBlob(layer));
  blob.on('error', (err) => tap.destroy(err));
  const source = blob.pipe(tap);
  let scan;
  try {
    scan = await scanTarGz(source, GATEWAY_MAX_WASM_BYTES);
  } catch (err) {
    if (!(err instanceof TarScanError)) throw err;
    return { problems: [`The last layer (${layer.digest}) is not a readable tar.gz: ${err.message}.`] };
  }
  if (scan.tooLarge) {
    return { problems: ['The last layer holds more than 256 MiB once decompressed; the gateway stops reading at 256 MiB.'] };
  }
  const problems = digestProblems(layer, tap.result());
  const wasm = scan.pluginWasm;
  if (!wasm) {
    return { problems: [...problems, `The last layer is a tar.gz without a plugin.wasm entry (it has: ${scan.wasmFiles.join(', ') || 'no .wasm file'}). The gateway looks for the name plugin.wasm.`] };
  }
  if (wasm.type !== 'File' && wasm.type !== 'OldFile' && wasm.type !== 'ContiguousFile') {
    problems.push(`${wasm.path} in the last layer is a ${wasm.type}, not a regular file.`);
  }
  if (scan.wasmFiles.length !== 1) {
    problems.push(`The tar.gz holds ${scan.wasmFiles.length} .wasm files (${scan.wasmFiles.join(', ')}); Higress plugin-server accepts exactly one.`);
  }
  problems.push(...moduleProblems(`${wasm.path} in the last layer`, wasm.size, wasm.head));
  return { problems, wasm: { digest: wasm.digest, size: wasm.size } };
}

/** The "oci" variant: exactly two layers, one the raw module. */
export async function checkRawWasmPair(layers: Descriptor[], readBlob: BlobReader): Promise<VariantResult> {
  const raw = layers.filter((l) => l.mediaType === PLUGIN_MEDIA_TYPE.wasmContent);
  if (raw.length === 0) return { problems: [`No layer has the raw module type ${PLUGIN_MEDIA_TYPE.wasmContent}.`] };
  if (layers.length === 1) {
    return {
      problems: [
        'The manifest has a single raw wasm layer. The gateway accepts raw wasm only as the two-layer variant (runtime config + module); ' +
          'this exact shape was rejected by every gateway in higress#4528. Package with format "higress" (tar.gz) or "wasm-oci" (two layers).',
      ],
    };
  }
  if (layers.length !== 2) {
    return {
      problems: [
        `A raw wasm layer sits among ${layers.length} layers; the gateway fails with "number of layers must be 2 but got ${layers.length}" (higress#4014). ` +
          'Doc layers (spec.yaml, README) need the module inside a plugin.tar.gz LAST layer instead.',
      ],
    };
  }
  if (raw.length !== 1) return { problems: ['Both layers are raw wasm; the variant wants one runtime-config layer and one module.'] };
  const layer = raw[0]!;
  if (layer.size > GATEWAY_MAX_WASM_BYTES) return { problems: moduleProblems('The raw wasm layer', layer.size, Buffer.alloc(0)) };
  // Streamed: only the first bytes are kept, whatever the module's size.
  const { digest, size, head } = await digestAndHead(await readBlob(layer));
  const problems = digestProblems(layer, { digest, size });
  problems.push(...moduleProblems('The raw wasm layer', size, head));
  return { problems, wasm: { digest, size } };
}

function digestProblems(layer: Descriptor, actual: { digest: string; size: number }): string[] {
  if (actual.digest === layer.digest && actual.size === layer.size) return [];
  return [`Layer ${layer.digest} does not match its descriptor (read ${actual.size} bytes hashing to ${actual.digest}); the registry would reject it.`];
}

function toStream(blob: Buffer | Readable): Readable {
  return Buffer.isBuffer(blob) ? Readable.from([blob]) : blob;
}

async function digestAndHead(blob: Buffer | Readable): Promise<{ digest: string; size: number; head: Buffer }> {
  if (Buffer.isBuffer(blob)) return { digest: sha256Digest(blob), size: blob.length, head: blob.subarray(0, 8) };
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  for await (const chunk of blob as AsyncIterable<Buffer>) {
    if (size < 8) head.push(chunk.subarray(0, 8 - size));
    hash.update(chunk);
    size += chunk.length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size, head: Buffer.concat(head) };
}
