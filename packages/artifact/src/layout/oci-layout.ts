/**
 * An OCI image layout on disk (image-spec v1.1 "image-layout"): `oci-layout`, `index.json`, and
 * `blobs/sha256/<hex>`. It is hplugin's local "embedded default registry": `package` writes here,
 * `publish` reads from here, and oras/skopeo read it as `DIR:TAG`. A tag is the index entry's
 * `org.opencontainers.image.ref.name` annotation.
 */
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { HpluginError, UsageError, writeFileAtomic } from '@hplugin/core';
import {
  ANNOTATION,
  MEDIA_TYPE,
  digestHex,
  isDigest,
  parseManifestDocument,
  sha256Digest,
  type Descriptor,
  type ImageIndex,
  type ManifestDocument,
} from '@hplugin/oci/spec';
import { OUTPUT_DEFAULTS, TAG_PATTERN } from '@hplugin/rules';
import { blobFileIsIntact, readVerified, streamVerified, writeBlobFromStream } from './blob-files.js';
import { blobNotFound, layoutInvalid } from './errors.js';
import { INDEX_FILE_NAME, readIndexFile, writeIndexFile } from './index-file.js';
import { withIndexLock } from './index-lock.js';

const LAYOUT_FILE = 'oci-layout';
const LAYOUT_CONTENT = '{"imageLayoutVersion":"1.0.0"}';
/** The distribution-spec tag grammar: the same names a registry would accept. */
export { TAG_PATTERN };
const STALE_TEMP_MS = 60 * 60 * 1000;

export interface PutBlobOptions {
  /** Fail (and keep nothing) unless the content has this digest. */
  digest?: string;
  size?: number;
  /** Copied into the returned descriptor; defaults to application/octet-stream. */
  mediaType?: string;
}

export class OciLayout {
  private constructor(readonly dir: string) {}

  /** Open an existing layout; fails when `dir` is not one. */
  static async open(dir: string): Promise<OciLayout> {
    let marker: string;
    try {
      marker = await readFile(join(dir, LAYOUT_FILE), 'utf8');
    } catch {
      throw new UsageError('LAYOUT_NOT_FOUND', `${dir} is not an OCI image layout (it has no ${LAYOUT_FILE} file).`, {
        hint: `Run \`hplugin package\` first, or pass the folder it wrote (default: <plugin>/${OUTPUT_DEFAULTS.oci}).`,
      });
    }
    let version: unknown;
    try {
      version = (JSON.parse(marker) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
    } catch (err) {
      throw layoutInvalid(dir, `${LAYOUT_FILE} is not JSON`, err);
    }
    if (version !== '1.0.0') throw layoutInvalid(dir, `imageLayoutVersion is ${JSON.stringify(version)}, not "1.0.0"`);
    const layout = new OciLayout(dir);
    await layout.index();
    return layout;
  }

  /** Open the layout at `dir`, creating an empty one first when there is none. */
  static async create(dir: string): Promise<OciLayout> {
    const layout = new OciLayout(dir);
    await mkdir(layout.blobDir, { recursive: true });
    // Both files are only ever created whole (by rename): a layout that has them needs no lock here.
    if (!(await exists(join(dir, LAYOUT_FILE))) || !(await exists(join(dir, INDEX_FILE_NAME)))) {
      await withIndexLock(dir, async () => {
        if (!(await exists(join(dir, LAYOUT_FILE)))) await writeFileAtomic(join(dir, LAYOUT_FILE), LAYOUT_CONTENT);
        if (!(await exists(join(dir, INDEX_FILE_NAME)))) await layout.writeIndex([]);
      });
    }
    await layout.removeStaleTemps();
    return OciLayout.open(dir);
  }

  private get blobDir(): string {
    return join(this.dir, 'blobs', 'sha256');
  }

  blobPath(digest: string): string {
    // digestHex refuses anything but sha256:<64 hex>: the one check shared with the registry client.
    return join(this.blobDir, digestHex(digest));
  }

  async putBlob(content: Uint8Array | Readable, options: PutBlobOptions = {}): Promise<Descriptor> {
    const mediaType = options.mediaType ?? 'application/octet-stream';
    if (content instanceof Uint8Array) {
      const digest = sha256Digest(content);
      checkExpected(options, digest, content.length);
      // Small blobs (manifests, configs, docs): skip the write only when the file on disk is intact.
      if (!(await blobFileIsIntact(this.blobPath(digest), digest, content.length))) {
        await writeFileAtomic(this.blobPath(digest), content);
      }
      return { mediaType, digest, size: content.length };
    }
    await mkdir(this.blobDir, { recursive: true });
    const written = await writeBlobFromStream((d) => this.blobPath(d), this.blobDir, content);
    try {
      checkExpected(options, written.digest, written.size);
    } catch (err) {
      // The bytes are valid under their own digest, but nobody asked for them.
      await rm(this.blobPath(written.digest), { force: true });
      throw err;
    }
    return { mediaType, ...written };
  }

  async hasBlob(digest: string): Promise<boolean> {
    return exists(this.blobPath(digest));
  }

  /** The blob's bytes as a stream that fails with BLOB_CORRUPT at the end if they do not match. */
  openBlob(digest: string): Readable {
    return streamVerified(this.blobPath(digest), digest, () => blobNotFound(digest, this.dir));
  }

  async readBlob(digest: string): Promise<Buffer> {
    try {
      return await readVerified(this.blobPath(digest), digest);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw blobNotFound(digest, this.dir);
      throw err;
    }
  }

  /** Store a manifest and point each tag at it; entries for other tags are kept as they are. */
  async putManifest(bytes: Uint8Array, mediaType: string, tags: string[]): Promise<Descriptor> {
    for (const tag of tags) checkTag(tag);
    const blob = await this.putBlob(bytes, { mediaType });
    const descriptor: Descriptor = { mediaType, digest: blob.digest, size: blob.size };
    const withManifest = (current: Descriptor[]): Descriptor[] => {
      const kept = current.filter((d) => !tags.includes(d.annotations?.[ANNOTATION.refName] ?? '\0'));
      const added = tags.map((tag) => ({ ...descriptor, annotations: { [ANNOTATION.refName]: tag } }));
      const untagged = tags.length === 0 && !kept.some((d) => d.digest === descriptor.digest) ? [descriptor] : [];
      return [...kept, ...added, ...untagged];
    };
    const unchanged = (current: Descriptor[]): boolean => JSON.stringify(withManifest(current)) === JSON.stringify(current);
    // Re-packaging unchanged content is the common case: an index that already says this needs no
    // lock and no write (index.json is replaced by rename, so this read sees one whole version).
    if (unchanged((await this.index()).manifests)) return descriptor;
    await withIndexLock(this.dir, async () => {
      const current = (await this.index()).manifests;
      if (!unchanged(current)) await this.writeIndex(withManifest(current));
    });
    return descriptor;
  }

  /** The manifest under a tag or digest: its descriptor, its verified bytes, and the manifest parsed once (checked). */
  async readManifest(tagOrDigest: string): Promise<{ descriptor: Descriptor; bytes: Buffer; manifest: ManifestDocument }> {
    const descriptor = await this.resolve(tagOrDigest);
    const bytes = await this.readBlob(descriptor.digest);
    return { descriptor, bytes, manifest: this.parseManifest(descriptor.digest, bytes) };
  }

  private parseManifest(digest: string, bytes: Buffer): ManifestDocument {
    const parsed = parseManifestDocument(bytes);
    if (parsed.problem === undefined) return parsed.document;
    throw new UsageError('MANIFEST_INVALID', `The manifest ${digest} in ${this.dir} ${parsed.json ? parsed.problem : 'is not JSON'}.`, {
      hint: 'Package the plugin again.',
      details: { digest, layoutDir: this.dir },
    });
  }

  /** A tag, or a manifest digest, to the manifest's descriptor (without the tag annotation). */

  async resolve(tagOrDigest: string): Promise<Descriptor> {
    const manifests = (await this.index()).manifests;
    const found = isDigest(tagOrDigest)
      ? manifests.find((d) => d.digest === tagOrDigest)
      : manifests.find((d) => d.annotations?.[ANNOTATION.refName] === tagOrDigest);
    if (found) return { mediaType: found.mediaType, digest: found.digest, size: found.size };
    if (isDigest(tagOrDigest) && (await this.hasBlob(tagOrDigest))) {
      const bytes = await this.readBlob(tagOrDigest);
      const mediaType = this.parseManifest(tagOrDigest, bytes).mediaType ?? MEDIA_TYPE.imageManifest;
      return { mediaType, digest: tagOrDigest, size: bytes.length };
    }
    const tags = await this.tags();
    throw new UsageError('LAYOUT_TAG_NOT_FOUND', `The OCI layout ${this.dir} has no tag or manifest "${tagOrDigest}".`, {
      hint: tags.length ? `Tags in this layout: ${tags.join(', ')}.` : 'The layout is empty: run `hplugin package` first.',
    });
  }

  async tags(): Promise<string[]> {
    const names = (await this.index()).manifests.map((d) => d.annotations?.[ANNOTATION.refName]).filter((t): t is string => !!t);
    return [...new Set(names)].sort();
  }

  async index(): Promise<ImageIndex> {
    return readIndexFile(this.dir);
  }

  private async writeIndex(manifests: Descriptor[]): Promise<void> {
    await writeIndexFile(this.dir, manifests);
  }

  /** Temp files left by a crashed writer; recent ones may belong to a packager running now. */
  private async removeStaleTemps(): Promise<void> {
    const names = await readdir(this.blobDir).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names.filter((n) => n.startsWith('.') && n.endsWith('.tmp'))) {
      const path = join(this.blobDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, { force: true });
    }
  }
}

export function checkTag(tag: string): void {
  if (!TAG_PATTERN.test(tag)) {
    throw new UsageError('ARTIFACT_TAG_INVALID', `"${tag}" is not a valid tag.`, {
      hint: 'A tag is up to 128 letters, digits, "_", "." and "-", and does not start with "." or "-" (e.g. 1.0.0).',
    });
  }
}

function checkExpected(expected: PutBlobOptions, digest: string, size: number): void {
  if ((expected.digest && expected.digest !== digest) || (expected.size !== undefined && expected.size !== size)) {
    throw new HpluginError(
      'BLOB_DIGEST_MISMATCH',
      `The content is ${digest} (${size} bytes), not the expected ${expected.digest ?? '?'} (${expected.size ?? '?'} bytes).`,
      {
        hint: 'The source changed or was damaged on the way; fetch or build it again.',
      },
    );
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
