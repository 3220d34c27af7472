/**
 * Hostile artifacts for the pull cases: tar.gz layers whose entries climb out (`../`), are
 * absolute, or are links, and layers whose title is a path. Tar headers are written by hand
 * (ustar, 512-byte blocks) because a well-behaved archiver refuses to make these on purpose.
 */
import { gzipSync } from 'node:zlib';
import { MEDIA_TYPE, bytesBlob, pushArtifact, type BlobSource } from '@hplugin/oci';

type EntryType = 'file' | 'symlink' | 'hardlink';
export interface TarEntry {
  name: string;
  type?: EntryType;
  content?: string | Buffer;
  linkTarget?: string;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(512);
  h.write(entry.name, 0, 100, 'utf8');
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136);
  h.write(' '.repeat(8), 148); // checksum field counts as spaces while summing
  h.write({ file: '0', hardlink: '1', symlink: '2' }[entry.type ?? 'file'], 156);
  if (entry.linkTarget) h.write(entry.linkTarget, 157, 100, 'utf8');
  h.write('ustar\u000000', 257);
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + ' ', 148);
  return h;
}

export function tarGz(entries: TarEntry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = e.type && e.type !== 'file' ? Buffer.alloc(0) : Buffer.from(e.content ?? '');
    blocks.push(header(e, body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A minimal valid proxy-wasm-looking module header (only the pull's refusal matters here). */
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

export interface EvilLayer {
  title: string;
  mediaType?: string;
  content: Buffer | string;
}

/** Push a Higress-shaped artifact (docs first, tar.gz last) made of these layers with the OCI library. */
export async function pushEvil(registryHost: string, repository: string, layers: EvilLayer[]): Promise<void> {
  const config = bytesBlob('{}', 'application/vnd.oci.image.config.v1+json');
  const blobs: BlobSource[] = layers.map((l) =>
    bytesBlob(l.content, l.mediaType ?? MEDIA_TYPE.ociLayerTarGzip, { 'org.opencontainers.image.title': l.title }),
  );
  const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, config: config.descriptor, layers: blobs.map((b) => b.descriptor) };
  await pushArtifact({
    reference: `${registryHost}/${repository}:1.0.0`,
    manifest: { bytes: Buffer.from(JSON.stringify(manifest)), mediaType: MEDIA_TYPE.imageManifest },
    blobs: [config, ...blobs],
    plainHttp: true,
    credentials: async () => undefined,
  });
}

export const pluginTar = (entries: TarEntry[]): EvilLayer => ({ title: 'plugin.tar.gz', content: tarGz(entries) });
export const readme: EvilLayer = { title: 'README.md', mediaType: 'application/vnd.module.wasm.doc.v1+markdown', content: '# fine\n' };
export { WASM };
