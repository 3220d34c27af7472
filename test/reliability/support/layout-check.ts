/**
 * Consistency of the things hplugin writes to disk, read the way a strict reader would:
 *   - an OCI layout: oci-layout and index.json parse, every blob file hashes to its name, every
 *     tagged manifest and everything it references is present;
 *   - a build cache: every entry parses and names a blob that hashes to its digest and size.
 * Temp files (".name.<pid>.<rand>.tmp") are listed, not judged: a killed writer may leave them,
 * and what matters is that nothing ever reads them.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface CheckReport {
  problems: string[];
  tempFiles: string[];
  blobs: number;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

export const isTempFile = (name: string): boolean =>
  /(^\.|\.tmp$|\.\d+$)/.test(name.split('/').pop()!) && name.split('/').pop() !== '.gitignore';

function parse<T>(path: string, problems: string[]): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    problems.push(`${path}: ${(err as Error).message}`);
    return undefined;
  }
}

export function checkLayout(dir: string): CheckReport {
  const report: CheckReport = { problems: [], tempFiles: [], blobs: 0 };
  const marker = parse<{ imageLayoutVersion?: string }>(join(dir, 'oci-layout'), report.problems);
  if (marker && marker.imageLayoutVersion !== '1.0.0') report.problems.push('oci-layout: wrong imageLayoutVersion');
  const blobDir = join(dir, 'blobs', 'sha256');
  const present = new Set<string>();
  for (const path of walk(blobDir)) {
    const name = path.slice(blobDir.length + 1);
    if (isTempFile(name)) {
      report.tempFiles.push(path);
      continue;
    }
    report.blobs++;
    present.add(name);
    if (sha256(path) !== name) report.problems.push(`blob ${name} does not hash to its name`);
  }
  for (const path of walk(dir).filter((p) => !p.startsWith(blobDir) && isTempFile(p.slice(dir.length + 1)))) report.tempFiles.push(path);
  const index = parse<{ schemaVersion?: number; manifests?: Array<{ digest: string }> }>(join(dir, 'index.json'), report.problems);
  if (!index) return report;
  if (index.schemaVersion !== 2 || !Array.isArray(index.manifests)) report.problems.push('index.json is not an image index');
  for (const d of index.manifests ?? []) {
    const hex = d.digest.replace(/^sha256:/, '');
    if (!present.has(hex)) {
      report.problems.push(`index.json names ${d.digest}, which is missing`);
      continue;
    }
    const manifest = parse<{ config?: { digest: string }; layers?: Array<{ digest: string }> }>(join(blobDir, hex), report.problems);
    for (const ref of [manifest?.config, ...(manifest?.layers ?? [])]) {
      if (ref && !present.has(ref.digest.replace(/^sha256:/, '')))
        report.problems.push(`manifest ${d.digest} references ${ref.digest}, which is missing`);
    }
  }
  return report;
}

export function checkBuildCache(cacheDir: string): CheckReport & { entries: number } {
  const root = join(cacheDir, 'build', 'v1');
  const report = { problems: [] as string[], tempFiles: [] as string[], blobs: 0, entries: 0 };
  for (const path of walk(join(root, 'blobs', 'sha256'))) {
    const name = path.split('/').pop()!;
    if (isTempFile(name)) report.tempFiles.push(path);
    else {
      report.blobs++;
      if (sha256(path) !== name) report.problems.push(`cache blob ${name} does not hash to its name`);
    }
  }
  for (const path of walk(join(root, 'entries'))) {
    if (isTempFile(path.split('/').pop()!)) {
      report.tempFiles.push(path);
      continue;
    }
    report.entries++;
    const entry = parse<{ wasmDigest?: string; size?: number }>(path, report.problems);
    if (!entry) continue;
    const blob = join(root, 'blobs', 'sha256', entry.wasmDigest ?? '?');
    if (!existsSync(blob)) report.problems.push(`${path} names a missing blob`);
    else if (statSync(blob).size !== entry.size) report.problems.push(`${path}: size differs from its blob`);
  }
  return report;
}

export function sha256File(path: string): string {
  return `sha256:${sha256(path)}`;
}
