/**
 * What packaging already knows about the layout's blobs, kept with the build cache so that an
 * unchanged plugin is not re-checked on every package and publish:
 *
 * - blob files read back whole and found to hash to their digest, by stat (StatIndex): a blob whose
 *   stat is unchanged since then still holds those bytes (any write changes its ctime);
 * - the gateway verdict of each manifest checked, by manifest digest (the manifest names every
 *   blob by digest, so the same digest means the same artifact).
 *
 * A verdict is reused only when every blob of its manifest is still known intact by stat (or, for a
 * caller that hashes every blob as it reads it, still has the stamp it was checked under); anything
 * else (a new stat, a missing entry, an unreadable cache) means checking again, from the bytes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileStamp, nowNs, StatIndex, writeFileAtomic, type FileStamp } from '@hplugin/core';
import type { GatewayVerdict } from '../gateway/check.js';
import type { OciLayout } from '../layout/oci-layout.js';

const SCHEMA = 'hplugin-checked-blobs/1';

export class CheckedBlobs {
  private constructor(
    private readonly dir: string,
    private readonly index: StatIndex<string>,
  ) {}

  /** `dir`: this cache's folder (…/artifact/v1); one blob index per layout folder. */
  static async open(dir: string, layoutDir: string): Promise<CheckedBlobs> {
    const name = createHash('sha256').update(layoutDir).digest('hex').slice(0, 32);
    return new CheckedBlobs(dir, await StatIndex.load<string>(join(dir, 'blob-index', `${name}.json`), { schema: SCHEMA }));
  }

  /** Digests (of `wanted`) whose blob files are known to hold their bytes, by an unchanged stat. */
  async intact(layout: OciLayout, wanted: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const digest of wanted) {
      const path = layout.blobPath(digest);
      const stamp = await fileStamp(path);
      if (stamp && this.index.lookup(path, stamp) === digest) out.add(digest);
    }
    return out;
  }

  private verdictPath(manifestDigest: string): string {
    return join(this.dir, 'verdicts', `${manifestDigest.replace(/^sha256:/, '')}.json`);
  }

  /**
   * The verdict of this manifest when it was checked before, with the blobs still known intact by
   * stat. Without `blobsVerifiedOnRead` every blob it names must be among them. With it (the caller
   * hashes every blob as it reads it: a push), a blob may instead be one this run wrote, or still
   * have exactly the stamp it was checked under but be too young for the racy rule (packaged a
   * moment ago): the manifest names every blob by digest, so the verdict holds for any bytes that
   * pass the caller's check, and a change within the timestamp tick fails that check instead. A
   * blob whose stamp changed since its check is never taken on trust: it is checked again.
   */
  async verdictFor(
    manifestDigest: string,
    layout: OciLayout,
    blobs: string[],
    options: { blobsVerifiedOnRead?: boolean; written?: readonly string[] } = {},
  ): Promise<{ verdict: GatewayVerdict; intact: Set<string> } | undefined> {
    const intact = new Set<string>();
    for (const digest of blobs) {
      const path = layout.blobPath(digest);
      const stamp = await fileStamp(path);
      if (stamp && this.index.lookup(path, stamp) === digest) intact.add(digest);
      else if (!options.blobsVerifiedOnRead) return undefined;
      else if (!options.written?.includes(digest) && !(stamp && this.index.recordedUnder(path, stamp) === digest)) return undefined;
    }
    try {
      const saved = JSON.parse(await readFile(this.verdictPath(manifestDigest), 'utf8')) as { schema: string; verdict: GatewayVerdict };
      return saved.schema === SCHEMA && saved.verdict?.ok === true ? { verdict: saved.verdict, intact } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stamps of the blob files, taken before they are read (with the time, for the racy rule). */
  async stampsBefore(layout: OciLayout, blobs: string[]): Promise<{ readAt: bigint; stamps: Map<string, FileStamp> }> {
    const readAt = nowNs();
    const stamps = new Map<string, FileStamp>();
    for (const digest of blobs) {
      const stamp = await fileStamp(layout.blobPath(digest));
      if (stamp) stamps.set(digest, stamp);
    }
    return { readAt, stamps };
  }

  /**
   * After a check that read `verified` blobs whole and found their digests right: remember them
   * (when their stat did not change meanwhile) and, when the check passed, its verdict.
   */
  async remember(
    layout: OciLayout,
    before: { readAt: bigint; stamps: Map<string, FileStamp> },
    verified: Set<string>,
    manifestDigest: string,
    verdict: GatewayVerdict,
  ): Promise<void> {
    for (const digest of verified) {
      const path = layout.blobPath(digest);
      const then = before.stamps.get(digest);
      const now = await fileStamp(path);
      if (then && now && JSON.stringify(then) === JSON.stringify(now)) this.index.set(path, now, before.readAt, digest);
    }
    try {
      if (verdict.ok) await writeFileAtomic(this.verdictPath(manifestDigest), JSON.stringify({ schema: SCHEMA, verdict }));
      await this.index.save();
    } catch {
      // A cache that cannot be written costs the next package a check, nothing else.
    }
  }

  /** Keep the entries this run looked up (a verdict reused without reading its blobs). */
  async save(): Promise<void> {
    await this.index.save();
  }
}
