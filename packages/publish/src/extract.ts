/**
 * Turning a pulled artifact into files, safely. Only two kinds of file are ever written: the module
 * as `plugin.wasm`, and each doc/spec/icon layer under the base name its title annotation gives.
 * A title that is a path, or a plugin.tar.gz holding links, absolute paths or `..`, is refused
 * outright: a registry is not trusted to decide where files land.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { HpluginError, atomicWriteStream } from '@hplugin/core';
import { ANNOTATION, MEDIA_TYPE, type Descriptor } from '@hplugin/oci';
import { PLUGIN_MEDIA_TYPE } from '@hplugin/artifact';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

function unsafe(message: string): HpluginError {
  return new HpluginError('PULL_UNSAFE_ARTIFACT', message, { hint: 'Nothing was extracted. Ask whoever published it to package it with `hplugin package`, or inspect it with `hplugin inspect`.' });
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

/** Find the single plugin.wasm in a tar.gz and stream it to `target`; refuse anything suspicious. */
export async function extractPluginWasm(tarGzPath: string, target: string): Promise<void> {
  let found = 0;
  const writing: Promise<void>[] = [];
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
      if (entry.type !== 'Directory' && path.split('/').pop() === 'plugin.wasm') {
        found++;
        if (found === 1) {
          writing.push(atomicWriteStream(target, entry as unknown as AsyncIterable<Uint8Array>));
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
    pipeline(createReadStream(tarGzPath), createGunzip(), parser).catch(reject);
  }).catch(async (err: unknown) => {
    // Let a write already under way settle, so it cannot fail later with nobody listening.
    await Promise.allSettled(writing);
    // gzip and tar errors are the artifact's fault, not a bug here.
    if (err instanceof HpluginError) throw err;
    throw new HpluginError('PULL_ARTIFACT_INVALID', `plugin.tar.gz is not a readable tar.gz: ${(err as Error).message}.`, { hint: 'Nothing was extracted. Ask whoever published it to package it again with `hplugin package`.', cause: err });
  });
  await Promise.all(writing);
  if (found !== 1) throw unsafe(`plugin.tar.gz holds ${found} plugin.wasm entries; pull extracts only an archive with exactly one (the gateway would take the first).`);
}

export interface ExtractedFile {
  name: string;
  path: string;
  mediaType: string;
  size: number;
}

/** Write the module and the docs of a pulled artifact into `outDir`. `blobPath` maps a digest to its file. */
export async function extractArtifact(layers: Descriptor[], blobPath: (d: Descriptor) => string, outDir: string): Promise<ExtractedFile[]> {
  // Validate every name before writing anything, so a bad artifact leaves nothing behind.
  const names = layers.map((l) => ({ layer: l, name: safeLayerName(l) }));
  const files: ExtractedFile[] = [];
  for (const { layer, name } of names) {
    if (layer.mediaType === MEDIA_TYPE.ociLayerTarGzip || layer.mediaType === MEDIA_TYPE.dockerLayerTarGzip) {
      const path = join(outDir, 'plugin.wasm');
      await extractPluginWasm(blobPath(layer), path);
      files.push({ name: 'plugin.wasm', path, mediaType: 'application/wasm', size: (await stat(path)).size });
    } else if (layer.mediaType === PLUGIN_MEDIA_TYPE.wasmContent) {
      const path = join(outDir, 'plugin.wasm');
      await atomicWriteStream(path, createReadStream(blobPath(layer)));
      files.push({ name: 'plugin.wasm', path, mediaType: layer.mediaType, size: layer.size });
    } else if (name) {
      const path = join(outDir, name);
      await atomicWriteStream(path, createReadStream(blobPath(layer)));
      files.push({ name, path, mediaType: layer.mediaType, size: layer.size });
    }
  }
  return files;
}
