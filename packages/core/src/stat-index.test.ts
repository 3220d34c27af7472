import { describe, expect, it } from 'vitest';
import { FINE_RACY_MARGIN_MS, RACY_MARGIN_MS, StatIndex, type FileStamp } from './stat-index.js';

const MS = 1_000_000n;
/** A stamp whose mtime and ctime are both `ns`. */
const stampAt = (ns: bigint): FileStamp => ({ size: 1, mtimeNs: String(ns), ctimeNs: String(ns), ino: '7', dev: '1' });

/** Whether an entry read `afterMs` after the file's last change is trusted. */
function trusted(stamp: FileStamp, afterMs: number): boolean {
  const index = StatIndex.inMemory<string>({ schema: 's' });
  index.set('f', stamp, BigInt(stamp.ctimeNs) + BigInt(afterMs) * MS, 'facts');
  return index.lookup('f', stamp) === 'facts';
}

describe('the racy margin follows the timestamps’ resolution', () => {
  // 2026-12-01T12:00:00.123456789Z: a sub-second part, as ext4, XFS, btrfs, APFS and NTFS record.
  const fine = stampAt(1_796_126_400_123_456_789n);
  // The same second with no sub-second part, as FAT or HFS+ record every time.
  const coarse = stampAt(1_796_126_400_000_000_000n);

  it('fine timestamps: trusted once the read came the short margin after the last change', () => {
    expect(trusted(fine, FINE_RACY_MARGIN_MS + 50)).toBe(true);
    expect(trusted(fine, FINE_RACY_MARGIN_MS - 50)).toBe(false);
    expect(trusted(fine, 0)).toBe(false);
  });

  it('whole-second timestamps keep the long margin', () => {
    expect(trusted(coarse, FINE_RACY_MARGIN_MS + 50)).toBe(false);
    expect(trusted(coarse, RACY_MARGIN_MS - 100)).toBe(false);
    expect(trusted(coarse, RACY_MARGIN_MS + 100)).toBe(true);
  });

  it('a whole-second mtime alone (a file extracted from a tar) is enough for the long margin', () => {
    const extracted: FileStamp = { ...fine, mtimeNs: coarse.mtimeNs };
    expect(trusted(extracted, FINE_RACY_MARGIN_MS + 50)).toBe(false);
    expect(trusted(extracted, RACY_MARGIN_MS + 100)).toBe(true);
  });

  it('a stamp that changed is never trusted, however old the read', () => {
    const index = StatIndex.inMemory<string>({ schema: 's' });
    index.set('f', fine, BigInt(fine.ctimeNs) + 10_000n * MS, 'facts');
    expect(index.lookup('f', { ...fine, ctimeNs: String(BigInt(fine.ctimeNs) + 1n) })).toBeUndefined();
    expect(index.lookup('f', { ...fine, size: 2 })).toBeUndefined();
  });
});
