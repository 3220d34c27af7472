/**
 * `hplugin pull`: fetch a plugin from a registry, verify every digest, check it against the
 * gateway's rules, and write it out: extracted files (plugin.wasm + docs), an OCI layout, or both.
 * Blobs land in a temp folder first, so a failed pull leaves the target as it was.
 *
 * The extraction folder must be new or empty unless `force` is set: an artifact never lands among a
 * plugin's sources (a pulled README.md or spec.yaml would replace the plugin's own). Files are moved
 * into it without replacing anything already there, unless `force` is set.
 */
import { link, mkdir, mkdtemp, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { UsageError, silentReporter, type Reporter } from '@hplugin/core';
import { parseReference, pullArtifact, RegistryClient, type Descriptor, type RegistryClientOptions } from '@hplugin/oci';
import { OciLayout, checkGatewayFormat, type GatewayVerdict } from '@hplugin/artifact';
import { extractArtifact, planExtraction, type ExtractedFile } from './extract.js';
import { layersToExtract, refuseRejected, refuseUnresolved, resolvePullTarget } from './pull-verdict.js';

export interface PullOptions extends RegistryClientOptions {
  reference: string;
  /** Extract plugin.wasm and the docs here: a new or empty folder, unless `force`. */
  outDir?: string;
  /**
   * Extract into a folder that already holds files (replacing the pulled names in it), and extract
   * even when the gateway would reject the artifact (otherwise nothing is written).
   */
  force?: boolean;
  /** Also store the artifact in this OCI layout, under `layoutTag`. */
  layoutDir?: string;
  layoutTag?: string;
  /** Refuse blobs that declare more bytes than this (default 256 MiB). */
  maxBlobBytes?: number;
  reporter?: Reporter;
}

export interface PullResult {
  reference: string;
  digest: string;
  mediaType: string;
  verdict: GatewayVerdict;
  files: ExtractedFile[];
  /** Titles of layers that are not part of a plugin and were not written. */
  skipped: string[];
  layers: Descriptor[];
}

/** The extraction folder must not exist, or be an empty folder; with `force`, any folder. Checked before any download. */
async function checkTarget(outDir: string, force: boolean): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) {
    throw new UsageError('PULL_TARGET_NOT_EMPTY', `${outDir} exists and is not a folder.`, {
      hint: 'Pass -o <new-folder> to extract somewhere else.',
      details: { outDir },
    });
  }
  if (force) return;
  const entries = await readdir(outDir);
  if (entries.length > 0) {
    throw new UsageError(
      'PULL_TARGET_NOT_EMPTY',
      `${outDir} already holds ${entries.length} file(s) (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); pull extracts only into a new or empty folder.`,
      {
        hint: 'Pass -o <new-folder>, or --force to write plugin.wasm and the docs into it anyway (files of the same names are replaced).',
        details: { outDir, entries: entries.slice(0, 20) },
      },
    );
  }
}

/** Move one extracted file into place. Without force, link() fails on an existing name instead of replacing it. */
async function place(from: string, to: string, force: boolean): Promise<void> {
  if (force) return rename(from, to);
  const appeared = () =>
    new UsageError('PULL_TARGET_NOT_EMPTY', `${to} appeared while pulling; it was not replaced.`, {
      hint: 'Something else writes to this folder: pull into a new one with -o.',
      details: { path: to },
    });
  try {
    await link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw appeared();
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw err;
    // A filesystem without hard links: check, then rename (the folder was empty moments ago).
    if (
      await stat(to).then(
        () => true,
        () => false,
      )
    )
      throw appeared();
    return rename(from, to);
  }
  await unlink(from);
}

export async function pullPlugin(options: PullOptions): Promise<PullResult> {
  const reporter = options.reporter ?? silentReporter();
  if (options.outDir) await checkTarget(options.outDir, options.force ?? false);
  // Next to the target, so the final moves are renames on one filesystem.
  const target = options.outDir ?? options.layoutDir;
  const base = target ? dirname(target) : tmpdir();
  await mkdir(base, { recursive: true });
  const work = await mkdtemp(join(base, '.hplugin-pull-'));
  try {
    // The image the gateway would load: for an index, its linux/amd64 child (one client for both steps).
    const client = new RegistryClient(parseReference(options.reference).registry, { ...options, reporter });
    const pulled = await reporter
      .task(`Pulling ${options.reference}`, async () => {
        const target = await resolvePullTarget(options.reference, client);
        refuseUnresolved(target, options.reference);
        const artifact = await pullArtifact({
          ...options,
          reporter,
          client,
          reference: target.reference,
          manifest: target.manifest,
          blobDir: join(work, 'blobs'),
        });
        return { ...artifact, target };
      })
      .finally(() => client.close());
    const pathOf = (d: Descriptor) => pulled.blobs.find((b) => b.descriptor.digest === d.digest)!.path!;
    const { target } = pulled;
    const verdict = await checkGatewayFormat(pulled.bytes, target.mediaType ?? pulled.descriptor.mediaType, async (d) =>
      createReadStream(pathOf(d)),
    );
    if (verdict.pinned && target.index) verdict.pinned.index = target.index.digest;
    refuseRejected(verdict, options.reference, options.force, reporter);
    const { layers } = pulled;
    // Extract into the work folder and move into place only once every layer passed: a layer
    // refused halfway (a link in the tar, after the docs) must not leave the docs behind.
    const plan = planExtraction(layersToExtract(layers, verdict));
    for (const title of plan.skipped)
      reporter.warn(
        `Skipped the layer "${title}": a plugin is plugin.wasm, README*.md, spec.yaml and icon.png; nothing else is written.`,
        'PULL_LAYER_SKIPPED',
      );
    const files = options.outDir ? await extractArtifact(plan, pathOf, join(work, 'files')) : [];
    if (options.outDir) await mkdir(options.outDir, { recursive: true });
    for (const f of files) {
      const path = join(options.outDir!, f.name);
      await place(f.path, path, options.force ?? false);
      f.path = path;
    }
    if (options.layoutDir) {
      const layout = await OciLayout.create(options.layoutDir);
      for (const b of pulled.blobs)
        await layout.putBlob(createReadStream(b.path!), {
          digest: b.descriptor.digest,
          size: b.descriptor.size,
          mediaType: b.descriptor.mediaType,
        });
      await layout.putManifest(pulled.bytes, pulled.descriptor.mediaType, [options.layoutTag ?? 'latest']);
    }
    return {
      reference: pulled.reference,
      digest: pulled.descriptor.digest,
      mediaType: pulled.descriptor.mediaType,
      verdict,
      files,
      skipped: plan.skipped,
      layers,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
