/**
 * Turning a pulled artifact into files, safely. A registry is not trusted to decide which files are
 * written or where: only the names a Higress plugin is made of are ever written (plugin.wasm,
 * README*.md, spec.yaml, icon.png), every other layer is skipped, two layers that would write the
 * same name refuse the artifact before anything is written, a title that is a path is refused, and
 * plugin.tar.gz is read with the gateway's 256 MiB limit counted on the decompressed stream.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { HpluginError, atomicWriteStream } from '@hplugin/core';
import { ANNOTATION, MEDIA_TYPE, type Descriptor } from '@hplugin/oci';
import { GATEWAY_MAX_WASM_BYTES, PLUGIN_MEDIA_TYPE } from '@hplugin/artifact';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;
/** The files a Higress plugin artifact carries besides its module; nothing else is written. */
const DOC_NAMES = /^(README(?:[._-][A-Za-z0-9-]+)?\.md|spec\.yaml|icon\.png)$/;
export const MODULE_NAME = 'plugin.wasm';

function unsafe(message: string): HpluginError {
  return new HpluginError('PULL_UNSAFE_ARTIFACT', message, {
    hint: 'Nothing was extracted. Ask whoever published it to package it with `hplugin package`, or inspect it with `hplugin inspect`.',
  });
}

/** The file name a doc layer may be written under, or an error if the title tries to be a path. */
export function safeLayerName(layer: Descriptor): string | undefined {
  const title = layer.annotations?.[ANNOTATION.title];
  if (title === undefined) return undefined;
  if (!SAFE_NAME.test(title) || title === '..' || title.includes('..')) {
    throw unsafe(`The layer ${layer.digest} is titled "${title}", which is not a plain file name (a path, "..", or odd characters).`);
  }
  return title;
}

const isModuleTar = (l: Descriptor) => l.mediaType === MEDIA_TYPE.ociLayerTarGzip || l.mediaType === MEDIA_TYPE.dockerLayerTarGzip;

export interface ExtractionPlan {
  /** Layers that will be written, each under a distinct name. */
  files: Array<{ layer: Descriptor; name: string }>;
  /** Titles of layers that are not part of a plugin and are not written. */
  skipped: string[];
}

/**
 * Which layer becomes which file, decided for the whole artifact before any byte is written: a
 * refusal (a path-like title, two layers for one name) leaves nothing behind.
 */
export function planExtraction(layers: Descriptor[]): ExtractionPlan {
  const files: ExtractionPlan['files'] = [];
  const skipped: string[] = [];
  for (const layer of layers) {
    const title = safeLayerName(layer);
    const name =
      isModuleTar(layer) || layer.mediaType === PLUGIN_MEDIA_TYPE.wasmContent
        ? MODULE_NAME
        : title && DOC_NAMES.test(title)
          ? title
          : undefined;
    if (!name) {
      if (title) skipped.push(title);
      continue;
    }
    const clash = files.find((f) => f.name === name);
    if (clash) {
      throw unsafe(
        `Two layers would both be written as ${name} (${clash.layer.digest} and ${layer.digest}); which one wins would be up to the order of the manifest.`,
      );
    }
    files.push({ layer, name });
  }
  return { files, skipped };
}

function tooLarge(limit: number): HpluginError {
  return new HpluginError(
    'PULL_ARTIFACT_TOO_LARGE',
    `plugin.tar.gz expands to more than ${limit} bytes; a Higress gateway stops reading at ${limit} bytes (256 MiB).`,
    {
      hint: 'Nothing was extracted. A layer that small on the wire and that large unpacked is a decompression bomb, or a plugin no gateway will load.',
      details: { limit },
    },
  );
}

/** Counts decompressed bytes and fails the stream as soon as they pass `limit`: nothing beyond it is ever inflated into memory or disk. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge(limit) : null, chunk);
    },
  });
}

/** Find the single plugin.wasm in a tar.gz and stream it to `target`; refuse anything suspicious. */
export async function extractPluginWasm(tarGzPath: string, target: string, limit = GATEWAY_MAX_WASM_BYTES): Promise<void> {
  let found = 0;
  const writing: Promise<void>[] = [];
  let module: ReadEntry | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      const path = entry.path;
      if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').includes('..')) {
        parser.abort(unsafe(`plugin.tar.gz holds the entry "${path}", which points outside the archive.`));
        return;
      }
      if (entry.type !== 'File' && entry.type !== 'Directory' && entry.type !== 'OldFile') {
        parser.abort(unsafe(`plugin.tar.gz holds a ${entry.type} entry "${path}"; only plain files are allowed.`));
        return;
      }
      if (entry.type !== 'Directory' && path.split('/').pop() === MODULE_NAME) {
        found++;
        if (found === 1) {
          module = entry;
          // A ReadEntry is a Minipass stream, so an AsyncIterable<Buffer>: written as it streams.
          writing.push(atomicWriteStream(target, entry));
          return;
        }
      }
      entry.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('abort', reject);
    parser.on('error', reject);
    parser.on('end', resolve);
    pipeline(createReadStream(tarGzPath), createGunzip(), byteLimit(limit), parser).catch(reject);
  }).catch(async (err: unknown) => {
    // Fail the entry being written (its temp file is removed): cut off mid-entry, it would
    // otherwise wait forever for bytes that never come. Then let the write settle.
    module?.emit('error', err);
    await Promise.allSettled(writing);
    // gzip and tar errors are the artifact's fault, not a bug here.
    if (err instanceof HpluginError) throw err;
    throw new HpluginError('PULL_ARTIFACT_INVALID', `plugin.tar.gz is not a readable tar.gz: ${(err as Error).message}.`, {
      hint: 'Nothing was extracted. Ask whoever published it to package it again with `hplugin package`.',
      cause: err,
    });
  });
  await Promise.all(writing);
  if (found !== 1)
    throw unsafe(
      `plugin.tar.gz holds ${found} plugin.wasm entries; pull extracts only an archive with exactly one (the gateway would take the first).`,
    );
}

export interface ExtractedFile {
  name: string;
  path: string;
  mediaType: string;
  size: number;
}

/** Write the planned files of a pulled artifact into `outDir`. `blobPath` maps a descriptor to its downloaded file. */
export async function extractArtifact(plan: ExtractionPlan, blobPath: (d: Descriptor) => string, outDir: string): Promise<ExtractedFile[]> {
  const files: ExtractedFile[] = [];
  for (const { layer, name } of plan.files) {
    const path = join(outDir, name);
    if (isModuleTar(layer)) {
      await extractPluginWasm(blobPath(layer), path);
      files.push({ name, path, mediaType: 'application/wasm', size: (await stat(path)).size });
    } else {
      // Verified against its digest and declared size while it was downloaded.
      await atomicWriteStream(path, createReadStream(blobPath(layer)));
      files.push({ name, path, mediaType: layer.mediaType, size: layer.size });
    }
  }
  return files;
}
