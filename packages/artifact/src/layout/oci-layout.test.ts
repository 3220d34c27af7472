import { mkdir, readFile, readdir, rmdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MEDIA_TYPE, sha256Digest } from '@hplugin/oci';
import { streamToBuffer, tempDirs } from '../__fixtures__/temp.js';
import { OciLayout } from './oci-layout.js';

const newDir = tempDirs();
const manifest = (n: number): Buffer => Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.imageManifest, n }));

describe('OciLayout', () => {
  it('creates oci-layout and an empty index, and opens what it created', async () => {
    const dir = join(await newDir(), 'oci');
    await OciLayout.create(dir);
    expect(JSON.parse(await readFile(join(dir, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    const layout = await OciLayout.open(dir);
    expect((await layout.index()).manifests).toEqual([]);
    expect(await layout.tags()).toEqual([]);
  });

  it('refuses a folder that is not a layout, and a broken index', async () => {
    const dir = await newDir();
    await expect(OciLayout.open(dir)).rejects.toMatchObject({ code: 'LAYOUT_NOT_FOUND', exitCode: 2 });
    await OciLayout.create(dir);
    await writeFile(join(dir, 'index.json'), '{ nope');
    await expect(OciLayout.open(dir)).rejects.toMatchObject({ code: 'LAYOUT_INVALID' });
  });

  it('stores buffers and streams under their digest, and checks an expected digest', async () => {
    const layout = await OciLayout.create(await newDir());
    const bytes = Buffer.from('hello blob');
    const a = await layout.putBlob(bytes, { mediaType: 'text/plain' });
    expect(a).toEqual({ mediaType: 'text/plain', digest: sha256Digest(bytes), size: bytes.length });
    const big = Buffer.alloc(3 * 1024 * 1024, 'x');
    const b = await layout.putBlob(Readable.from([big.subarray(0, 1000), big.subarray(1000)]));
    expect(b.digest).toBe(sha256Digest(big));
    expect((await layout.readBlob(b.digest)).equals(big)).toBe(true);
    expect((await streamToBuffer(layout.openBlob(a.digest))).equals(bytes)).toBe(true);
    await expect(layout.putBlob(Readable.from([Buffer.from('other')]), { digest: a.digest, size: a.size })).rejects.toMatchObject({
      code: 'BLOB_DIGEST_MISMATCH',
    });
    expect(await layout.hasBlob(sha256Digest('other'))).toBe(false);
    // No temp files are left behind.
    expect((await readdir(join(layout.dir, 'blobs', 'sha256'))).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('never serves a blob that does not hash to its name, and rewrites it on the next put', async () => {
    const layout = await OciLayout.create(await newDir());
    const bytes = Buffer.from('the real content');
    const { digest } = await layout.putBlob(bytes);
    await writeFile(layout.blobPath(digest), 'tampered content');
    await expect(layout.readBlob(digest)).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
    await expect(streamToBuffer(layout.openBlob(digest))).rejects.toMatchObject({ code: 'BLOB_CORRUPT' });
    await layout.putBlob(bytes);
    expect((await layout.readBlob(digest)).equals(bytes)).toBe(true);
    // The streamed path rewrites too.
    await writeFile(layout.blobPath(digest), 'x');
    await layout.putBlob(Readable.from([bytes]));
    expect((await layout.readBlob(digest)).equals(bytes)).toBe(true);
  });

  it('names a missing blob and a malformed digest', async () => {
    const layout = await OciLayout.create(await newDir());
    const missing = sha256Digest('nothing');
    await expect(layout.readBlob(missing)).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    await expect(streamToBuffer(layout.openBlob(missing))).rejects.toMatchObject({ code: 'BLOB_NOT_FOUND' });
    expect(() => layout.blobPath('sha256:../../etc/passwd')).toThrow(expect.objectContaining({ code: 'DIGEST_INVALID' }));
  });

  it('moves only the tags it is given and keeps every other entry', async () => {
    const layout = await OciLayout.create(await newDir());
    const one = await layout.putManifest(manifest(1), MEDIA_TYPE.imageManifest, ['1.0.0', 'latest']);
    const other = await layout.putManifest(manifest(2), MEDIA_TYPE.imageManifest, ['someone-else']);
    const two = await layout.putManifest(manifest(3), MEDIA_TYPE.imageManifest, ['latest']);
    expect(await layout.tags()).toEqual(['1.0.0', 'latest', 'someone-else']);
    expect((await layout.resolve('1.0.0')).digest).toBe(one.digest);
    expect((await layout.resolve('latest')).digest).toBe(two.digest);
    expect((await layout.resolve('someone-else')).digest).toBe(other.digest);
    expect((await layout.resolve(one.digest)).digest).toBe(one.digest);
    expect((await layout.index()).manifests).toHaveLength(3);
    await expect(layout.resolve('nope')).rejects.toMatchObject({ code: 'LAYOUT_TAG_NOT_FOUND', hint: expect.stringContaining('1.0.0') });
    await expect(layout.putManifest(manifest(4), MEDIA_TYPE.imageManifest, ['-bad'])).rejects.toMatchObject({
      code: 'ARTIFACT_TAG_INVALID',
    });
  });

  it('keeps every tag when many writers update index.json at once', async () => {
    const dir = await newDir();
    await OciLayout.create(dir);
    // Separate instances, as separate processes would have; the lock is a directory on disk.
    const writers = Array.from({ length: 12 }, (_, i) =>
      OciLayout.open(dir).then((l) => l.putManifest(manifest(i), MEDIA_TYPE.imageManifest, [`t${i}`, 'shared'])),
    );
    const results = await Promise.all(writers);
    const layout = await OciLayout.open(dir);
    expect(await layout.tags()).toEqual([...Array.from({ length: 12 }, (_, i) => `t${i}`).sort(), 'shared'].sort());
    expect(results.map((r) => r.digest)).toContain((await layout.resolve('shared')).digest);
    expect((await layout.index()).manifests.filter((d) => d.annotations?.['org.opencontainers.image.ref.name'] === 'shared')).toHaveLength(
      1,
    );
  });

  it('re-putting what index.json already says takes no lock; a change waits for the writer that holds it', async () => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    await layout.putManifest(manifest(1), MEDIA_TYPE.imageManifest, ['1.0.0']);
    const before = await readFile(join(dir, 'index.json'));
    // Another packager, alive, holds the lock (a fresh lock directory is not stale).
    await mkdir(join(dir, 'index.json.lock'));
    await OciLayout.create(dir);
    await layout.putManifest(manifest(1), MEDIA_TYPE.imageManifest, ['1.0.0']);
    let changed = false;
    const change = layout.putManifest(manifest(2), MEDIA_TYPE.imageManifest, ['1.0.0']).then(() => {
      changed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(changed).toBe(false);
    expect(await readFile(join(dir, 'index.json'))).toEqual(before);
    await rmdir(join(dir, 'index.json.lock'));
    await change;
    expect((await layout.resolve('1.0.0')).digest).toBe(sha256Digest(manifest(2)));
  });

  it('takes over a lock left behind by a crashed writer', async () => {
    const dir = await newDir();
    const layout = await OciLayout.create(dir);
    await mkdir(join(dir, 'index.json.lock'));
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, 'index.json.lock'), old, old);
    await layout.putManifest(manifest(1), MEDIA_TYPE.imageManifest, ['after-crash']);
    expect(await layout.tags()).toEqual(['after-crash']);
  });
});
