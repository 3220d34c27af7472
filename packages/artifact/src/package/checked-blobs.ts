/**
 * What packaging already knows about the layout's blobs, kept with the build cache so that an
 * unchanged plugin is not re-checked on every package and publish:
 *
 * - blob files read back whole and found to hash to their digest, by stat (StatIndex): a blob whose
 *   stat is unchanged since then still holds those bytes (any write changes its ctime);
 * - the gateway verdict of each manifest checked, by manifest digest (the manifest names every
 *   blob by digest, so the same digest means the same artifact).
 *
 * A verdict is reused only when every blob of its manifest is still known intact by stat; anything
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

  /** The verdict of this manifest when it was checked before and every blob it names is still intact. */
  async verdictFor(manifestDigest: string, layout: OciLayout, blobs: string[]): Promise<GatewayVerdict | undefined> {
    if ((await this.intact(layout, blobs)).size !== new Set(blobs).size) return undefined;
    try {
      const saved = JSON.parse(await readFile(this.verdictPath(manifestDigest), 'utf8')) as { schema: string; verdict: GatewayVerdict };
      return saved.schema === SCHEMA && saved.verdict?.ok === true ? saved.verdict : undefined;
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

  /** Keep the entries of blobs this run knows intact without reading them (verdict reused). */
  async touch(layout: OciLayout, blobs: string[]): Promise<void> {
    await this.intact(layout, blobs);
    await this.index.save();
  }
}
